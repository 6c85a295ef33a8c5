/**
 * Issue #19: the Google Sheets and QuickBooks dunning examples follow up the paper letters they post, as
 * demo-proof-archive.json does ("Follow up paper letters"): every hour the posted paper letters of the Ledger sheet
 * without a recorded outcome are read back with LRE Send → Get on Maileva; a known outcome's proof is downloaded
 * (LRE Send → Download Proof), goes through "Once per event", is archived to Google Drive only where neither its PDF
 * nor its JSON is already there, and becomes a Ledger row — and, in the QuickBooks example, a note on the customer.
 * Google Sheets, Drive and QuickBooks cannot be reached from the tests, so the graphs are checked here; the real n8n
 * imports both in test/e2e/examples.e2e.test.ts.
 */
import { load, parentsOf, pathsUp, type Node } from './graph';

type Lre = Node & { credentials?: Record<string, { id: string }> };

describe.each([
	['google-sheets-dunning.json', false],
	['quickbooks-dunning.json', true],
])('%s: follow up paper letters', (file, quickbooks) => {
	const workflow = load(file);
	const byName = new Map(workflow.nodes.map((n) => [n.name, n as Lre]));
	const parents = parentsOf(workflow.connections);
	const node = (name: string) => {
		const found = byName.get(name);
		if (!found) throw new Error(`${file} has no node "${name}"`);
		return found;
	};
	const outputs = (name: string) => workflow.connections[name]?.main.map((targets) => targets.map((t) => t.node));

	it('starts every hour from the Ledger sheet: paper letters posted, minus those whose outcome is recorded', () => {
		expect(node('Every hour')).toMatchObject({
			type: 'n8n-nodes-base.scheduleTrigger',
			parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } },
		});
		expect(outputs('Every hour')).toEqual([['Paper letters in the ledger']]);
		expect(node('Paper letters in the ledger')).toMatchObject({
			type: 'n8n-nodes-base.googleSheets',
			parameters: {
				operation: 'read',
				sheetName: { value: 'Ledger' },
				filtersUI: { values: [{ lookupColumn: 'channel', lookupValue: 'paper' }] },
			},
		});
		// The same spreadsheet the pipeline writes its ledger to.
		expect((node('Paper letters in the ledger').parameters.documentId as { value: string }).value).toBe(
			(node('Ledger: result').parameters.documentId as { value: string }).value,
		);
		expect(JSON.stringify(node('Posted').parameters)).toContain('"rightValue":"sent"');
		const recorded = JSON.stringify(node('Outcome recorded').parameters);
		for (const state of ['accepted', 'refused', 'negligence', 'bounced'])
			expect(recorded).toContain(`"rightValue":"${state}"`);
		expect(node('Outcome recorded').alwaysOutputData).toBe(true);
		expect(node('Still in the post')).toMatchObject({
			type: 'n8n-nodes-base.merge',
			parameters: {
				mode: 'combine',
				fieldsToMatchString: 'letterId',
				joinMode: 'keepNonMatches',
				outputDataFrom: 'input1',
			},
		});
		expect(parents.get('Still in the post')).toEqual([
			['Posted', 0, 0],
			['Outcome recorded', 0, 1],
		]);
	});

	it('reads each letter back from Maileva and downloads the proof of a known outcome (acknowledgement of receipt when delivered)', () => {
		const get = node('Postal letter status');
		expect(get).toMatchObject({
			type: 'n8n-nodes-lre.lreSend',
			parameters: { resource: 'letter', operation: 'get', provider: 'maileva', letterId: '={{ $json.letterId }}' },
		});
		expect(Object.keys(get.credentials ?? {})).toEqual(['mailevaApi']);
		expect(parents.get('Postal letter status')).toEqual([['One per letter', 0, 0]]);
		expect(node('One per letter').parameters).toMatchObject({ fieldsToCompare: 'letterId' });
		const known = JSON.stringify(node('Outcome known?').parameters);
		for (const state of ['accepted', 'refused', 'negligence', 'bounced'])
			expect(known).toContain(`"rightValue":"${state}"`);
		expect(outputs('Outcome known?')).toEqual([['Download the proof'], []]);
		const download = node('Download the proof');
		expect(download.parameters).toMatchObject({
			operation: 'downloadProof',
			provider: 'maileva',
			binaryPropertyName: 'proof',
		});
		expect(Object.keys(download.credentials ?? {})).toEqual(['mailevaApi']);
		expect(String(download.parameters.proofType)).toContain("accepted: 'acceptance'");
		expect(String(download.parameters.proofType)).toContain("bounced: 'bounce'");
	});

	it('lets each outcome through "Once per event" (letterId:state) before anything is archived or recorded', () => {
		expect(node('Once per event')).toMatchObject({
			type: 'n8n-nodes-base.removeDuplicates',
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.eventKey }}' },
		});
		const set = JSON.stringify(node('As a status event').parameters);
		expect(set).toContain(`"name":"eventKey","value":"={{ $json.letterId + ':' + $json.state }}"`);
		const writers = workflow.nodes.filter(
			(n) =>
				(n.type === 'n8n-nodes-base.googleDrive' && n.parameters.resource === undefined) ||
				(n.type === 'n8n-nodes-base.googleSheets' && n.name === 'Ledger: outcome') ||
				n.type === 'n8n-nodes-base.httpRequest',
		);
		expect(writers.map((n) => n.name).sort()).toEqual(
			[
				'Ledger: outcome',
				'Upload metadata',
				'Upload proof PDF',
				...(quickbooks ? ['Note on the QuickBooks customer'] : []),
			].sort(),
		);
		for (const writer of writers)
			for (const path of pathsUp(writer.name, parents)) {
				expect(path[0]).toBe('Every hour');
				expect(path).toContain('Once per event');
				expect(path.indexOf('Once per event')).toBeGreaterThan(path.indexOf('Download the proof'));
			}
	});

	it('uploads a proof and its metadata only where neither name is in the archive folder, and alerts when one is', () => {
		const check = node('Already archived?');
		expect(check).toMatchObject({
			type: 'n8n-nodes-base.googleDrive',
			alwaysOutputData: true,
			parameters: { resource: 'fileFolder', operation: 'search', searchMethod: 'query', returnAll: true },
		});
		expect(check.onError).toBeUndefined(); // a failed search stops the run: nothing is uploaded
		expect(String(check.parameters.queryString)).toContain("'{{ $json.archiveName }}.pdf'");
		expect(String(check.parameters.queryString)).toContain("'{{ $json.archiveName }}.json'");
		const folder = (check.parameters.filter as { folderId: { value: string } }).folderId.value;
		for (const name of ['Upload proof PDF', 'Upload metadata']) {
			expect((node(name).parameters.folderId as { value: string }).value).toBe(folder);
			for (const path of pathsUp(name, parents)) expect(path).toContain('Not archived yet');
		}
		expect(node('Upload proof PDF').parameters).toMatchObject({ inputDataFieldName: 'proof' });
		expect(JSON.stringify(node('Proof metadata').parameters)).toContain(
			"$json.proof.fileName.replace(/\\\\.pdf$/, '')",
		);
		// "Not archived yet" keeps the proofs no file found matches; "Already there" the others, for the alert.
		for (const [name, joinMode] of [
			['Not archived yet', 'keepNonMatches'],
			['Already there', 'keepMatches'],
		] as const) {
			expect(node(name)).toMatchObject({
				type: 'n8n-nodes-base.merge',
				parameters: { mode: 'combine', fieldsToMatchString: 'archiveName', joinMode, outputDataFrom: 'input1' },
			});
			expect(parents.get(name)).toEqual([
				['Proof metadata', 0, 0],
				['Names found', 0, 1],
			]);
		}
		expect(parents.get('Names found')).toEqual([['Already archived?', 0, 0]]);
		expect(JSON.stringify(node('Names found').parameters)).toContain('"name":"archiveName"');
		expect(outputs('Already there')).toEqual([['Alert: proof already archived']]);
		expect(node('Alert: proof already archived').type).toBe('n8n-nodes-base.emailSend');
		expect(String(node('Alert: proof already archived').parameters.subject)).toContain('Proof NOT archived');
	});

	it('records the outcome as a Ledger row (delivered / returned), the way the pipeline records its letters', () => {
		expect(node('Record: outcome')).toMatchObject({
			type: 'n8n-nodes-lre.dunningPlan',
			parameters: { operation: 'record', recordFrom: 'event' },
		});
		expect(parents.get('Record: outcome')).toEqual([['Once per event', 0, 0]]);
		expect(outputs('Record: outcome')).toEqual([['Ledger: outcome']]);
		expect(node('Ledger: outcome').parameters).toMatchObject({
			operation: 'append',
			sheetName: { value: 'Ledger' },
			columns: { mappingMode: 'autoMapInputData' },
		});
	});

	it(
		quickbooks
			? 'writes the outcome as a note on the QuickBooks customer the letter went to'
			: 'has no QuickBooks note (the Ledger sheet is where it keeps things)',
		() => {
			if (!quickbooks) {
				expect(
					workflow.nodes.some((n) => n.type === 'n8n-nodes-base.httpRequest' || n.type.includes('quickbooks')),
				).toBe(false);
				return;
			}
			const note = node('Note on the QuickBooks customer');
			expect(note).toMatchObject({
				type: 'n8n-nodes-base.httpRequest',
				parameters: {
					method: 'POST',
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'quickBooksOAuth2Api',
					sendBody: true,
					specifyBody: 'json',
				},
			});
			expect(Object.keys(note.credentials ?? {})).toEqual(['quickBooksOAuth2Api']);
			expect(String(note.parameters.url)).toMatch(
				/^https:\/\/quickbooks\.api\.intuit\.com\/v3\/company\/[^/]+\/attachable/,
			);
			const body = String(note.parameters.jsonBody);
			expect(body).toContain("EntityRef: { type: 'Customer', value: $json.debtorId }");
			expect(body).toContain('$json.proof.fileName');
			for (const state of ['accepted', 'refused', 'negligence', 'bounced']) expect(body).toContain(`${state}: '`);
			expect(JSON.stringify(node('As a status event').parameters)).toContain(
				`"name":"debtorId","value":"={{ $('One per letter').item.json.debtorId }}"`,
			);
		},
	);

	it('explains itself on the canvas', () => {
		const about = node('About paper letters');
		expect(String(about.parameters.content)).toMatch(/acknowledgement of receipt/);
		expect(String(about.parameters.content)).toMatch(/Once per event/);
	});
});
