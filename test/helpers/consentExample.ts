/**
 * The shipped consent-page example (examples/consent-page.json) as a user imports it, plus one HTTP Request node
 * that hands each stored evidence record to the test's receiver — between storing and the thank-you page, so the
 * page stays the last node (the Debtor Consent Answer Trigger answers with the last node's html).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExampleWorkflow {
	nodes: Array<Record<string, unknown> & { name: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
}

export function consentPageWithEvidenceReport(
	evidenceUrl: string,
	reporter: { id: string; position: [number, number] },
): ExampleWorkflow {
	const workflow = JSON.parse(
		readFileSync(join(__dirname, '../../examples/consent-page.json'), 'utf8').replaceAll('REPLACE_ME', 'ar24sandbox'),
	) as ExampleWorkflow;
	workflow.nodes.push({
		id: reporter.id,
		name: 'Report evidence',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: reporter.position,
		parameters: {
			method: 'POST',
			url: evidenceUrl,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: "={{ JSON.stringify($('Record answer').item.json.consent) }}",
			options: {},
		},
	});
	workflow.connections['Store the evidence'] = { main: [[{ node: 'Report evidence', type: 'main', index: 0 }]] };
	workflow.connections['Report evidence'] = { main: [[{ node: 'Thank you page', type: 'main', index: 0 }]] };
	return workflow;
}
