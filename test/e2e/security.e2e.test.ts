/**
 * Issue #16 in a real n8n 2.41: six simultaneous answers with one consent token (the shipped consent-page example,
 * as a user imports it) record exactly one answer; the five others are refused as "already answered" and record
 * nothing. A client's own X-Forwarded-For never becomes the evidence's IP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../../devtools/n8nContext';
import { N8n } from '../../devtools/n8n';
import { receiver, type Receiver } from '../helpers/receiver';
import { sandbox, sandboxCredentials } from '../helpers/sandbox';

let sbx: RunningSandbox;
let n8n: N8n;
let inbox: Receiver;
let base: string;
let credentials: Record<string, unknown>;

beforeAll(async () => {
	sbx = await sandbox();
	inbox = await receiver();
	n8n = await N8n.create();
	credentials = sandboxCredentials(sbx);
	await n8n.importSandboxCredential(credentials);
	const example = JSON.parse(readFileSync(join(__dirname, '../../examples/consent-page.json'), 'utf8').replaceAll('REPLACE_ME', 'ar24sandbox')) as {
		nodes: Array<Record<string, unknown>>;
		connections: Record<string, unknown>;
	};
	example.nodes.push({
		id: '7a1c2e30-0001-4b6d-9f10-00000000e216',
		name: 'Report evidence',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [720, 240],
		parameters: { method: 'POST', url: `${inbox.url}/evidence`, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json.consent) }}', options: {} },
	});
	example.connections['Thank you page'] = { main: [[{ node: 'Report evidence', type: 'main', index: 0 }]] };
	// As the README advises: a refused answer goes to Record Response's error output and gets its own page.
	const record = example.nodes.find((node) => node.name === 'Record answer') as Record<string, unknown>;
	record.onError = 'continueErrorOutput';
	example.nodes.push({
		id: '7a1c2e30-0001-4b6d-9f10-00000000e217',
		name: 'Refusal page',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position: [720, 400],
		parameters: { respondWith: 'text', responseBody: '={{ $json.error }}', options: { responseCode: 409 } },
	});
	example.connections['Record answer'] = {
		main: [[{ node: 'Thank you page', type: 'main', index: 0 }], [{ node: 'Refusal page', type: 'main', index: 0 }]],
	};
	await n8n.publish(await n8n.importWorkflow(example));
	base = await n8n.start();
	await n8n.waitForWebhook(base, 'lre-consent', 'PUT');
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
	await inbox?.close();
}, 60_000);

async function token(email: string): Promise<string> {
	const context = fakeContext({
		credentials,
		parameters: {
			operation: 'createInvite',
			debtorName: 'Marie Durand',
			debtorEmail: email,
			debtorType: 'individual',
			senderName: 'ACME Industries SAS',
			pageUrl: `${base}/webhook/lre-consent`,
			language: 'fr',
			validDays: 14,
		},
	});
	const [[item]] = await new DebtorConsentInvite().execute.call(context);
	return String(item.json.token);
}

async function evidenceFor(email: string, waitMs: number): Promise<Array<Record<string, unknown>>> {
	const deadline = Date.now() + waitMs;
	const found = () =>
		inbox.deliveries.filter((d) => d.path === '/evidence').map((d) => JSON.parse(d.body) as Record<string, unknown>).filter((e) => e.email === email);
	while (found().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
	return found();
}

it('six simultaneous answers with one token: exactly one record, the others "already answered"', async () => {
	const email = 'marie.durand+race@example.org';
	const link = await token(email);
	const answers = await Promise.all(
		Array.from({ length: 6 }, (_, i) =>
			fetch(`${base}/webhook/lre-consent`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `203.0.113.${i + 1}` },
				body: new URLSearchParams({ token: link, decision: i % 2 ? 'decline' : 'accept' }).toString(),
			}).then(async (response) => ({ status: response.status, text: await response.text() })),
		),
	);
	const recorded = answers.filter((a) => a.status === 200);
	expect(recorded).toHaveLength(1);
	expect(recorded[0].text).toMatch(/Merci|Réponse enregistrée/);
	const refused = answers.filter((a) => a.status !== 200);
	expect(refused).toHaveLength(5);
	for (const answer of refused) expect(answer).toEqual({ status: 409, text: 'Item 0: "Token" was already answered: each invitation records one answer' });

	// Exactly one evidence record reached the store (wait for stragglers), and its IP is not a client's header.
	await evidenceFor(email, 30_000);
	await new Promise((r) => setTimeout(r, 3_000));
	const records = await evidenceFor(email, 0);
	expect(records).toHaveLength(1);
	expect(records[0]).toMatchObject({ kind: 'lre-consent', email, ipSource: 'not-measured', ip: '' });
}, 300_000);
