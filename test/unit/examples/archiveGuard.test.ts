/**
 * Issue #15 item 8: both proof-archive examples write a proof only after looking for its name. Every node that writes
 * or uploads a file is reached only through "Not archived yet" (Merge, Choose Branch: waits for both inputs), whose
 * second input is the "nothing found" branch of the check — so a proof already there (or a check that failed) writes
 * nothing and goes to the credit manager's alert instead. The disk archive runs in a real n8n in
 * test/e2e/archive.e2e.test.ts; Google Drive cannot be reached from the tests, so its graph is checked here.
 */
import { load, parentsOf, pathsUp, type Node } from './graph';

describe.each([
	[
		'demo-proof-archive.json',
		(n: Node) =>
			n.type === 'n8n-nodes-base.readWriteFile' &&
			n.parameters.operation === 'write' &&
			String(n.parameters.fileName).includes('/proofs/'),
	],
	[
		'proof-archive-google-drive.json',
		(n: Node) =>
			n.type === 'n8n-nodes-base.googleDrive' &&
			n.parameters.operation === undefined &&
			n.parameters.resource === undefined,
	],
])('%s', (file, writes) => {
	const workflow = load(file);
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const parents = parentsOf(workflow.connections);
	const writers = workflow.nodes.filter(writes);

	it('writes the proof PDF and its metadata, each only after "Not archived yet"', () => {
		expect(writers.map((n) => n.name).sort()).toEqual(
			file.startsWith('demo') ? ['Save metadata', 'Save proof PDF'] : ['Upload metadata', 'Upload proof PDF'],
		);
		for (const writer of writers)
			for (const path of pathsUp(writer.name, parents)) expect(path).toContain('Not archived yet');
	});

	it('"Not archived yet" waits for both the event and the "nothing found" answer of the check', () => {
		expect(byName.get('Not archived yet')).toMatchObject({
			type: 'n8n-nodes-base.merge',
			parameters: { mode: 'chooseBranch', chooseBranchMode: 'waitForAll', output: 'specifiedInput', useDataOfInput: 1 },
		});
		const inputs = parents.get('Not archived yet') ?? [];
		expect(inputs.filter(([, , input]) => input === 0).map(([p]) => p)).toEqual(['Proof metadata']);
		// Input 2 only from the "true" output of "Nothing there?", which only the check feeds.
		expect(inputs.filter(([, , input]) => input === 1)).toEqual([['Nothing there?', 0, 1]]);
		expect((parents.get('Nothing there?') ?? []).map(([p]) => p)).toEqual(['Already archived?']);
		expect((parents.get('Already archived?') ?? []).map(([p]) => p)).toEqual(['Proof metadata']);
	});

	it('looks for both names of the archive, and alerts the credit manager when one is there', () => {
		const check = byName.get('Already archived?') as Node;
		const selector = String(check.parameters.fileSelector ?? check.parameters.queryString);
		expect(selector).toContain("$json.metadataFile.replace(/\\.json$/, '')");
		expect(selector).toMatch(/pdf/);
		expect(selector).toMatch(/json/);
		const alert = byName.get('Alert: proof already archived') as Node;
		expect(alert.type).toBe('n8n-nodes-base.emailSend');
		expect(String(alert.parameters.subject)).toContain('Proof NOT archived');
		const alertInputs = (parents.get('Alert: proof already archived') ?? [])
			.map(([p, output]) => `${p}#${output}`)
			.sort();
		expect(alertInputs).toEqual(
			file.startsWith('demo') ? ['Already archived?#0', 'Nothing there?#1'] : ['Nothing there?#1'],
		);
	});

	it('an event delivered again later (AR24 retry, a second webhook process) is dropped on its eventKey before anything', () => {
		const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-lre.lreTrigger') as Node;
		expect(workflow.connections[trigger.name].main).toEqual([[{ node: 'Once per event', type: 'main', index: 0 }]]);
		expect(byName.get('Once per event')).toMatchObject({
			type: 'n8n-nodes-base.removeDuplicates',
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.eventKey }}' },
		});
		// Everything the trigger feeds goes through it: the archive and the ledger row.
		for (const node of workflow.nodes.filter(
			(n) => n.name !== trigger.name && n.name !== 'Once per event' && !n.type.endsWith('stickyNote'),
		)) {
			for (const path of pathsUp(node.name, parents))
				if (path[0] === trigger.name) expect(path[1]).toBe('Once per event');
		}
	});

	it('a failing check stops before any write (disk: only "No file(s) found" passes; Drive: no error output)', () => {
		const check = byName.get('Already archived?') as Node;
		if (file.startsWith('demo')) {
			expect(check.onError).toBe('continueErrorOutput');
			expect(JSON.stringify(byName.get('Nothing there?')?.parameters)).toContain('"rightValue":"No file(s) found"');
		} else {
			expect(check.onError).toBeUndefined();
			expect(check.alwaysOutputData).toBe(true);
			expect(check.parameters).toMatchObject({
				resource: 'fileFolder',
				operation: 'search',
				searchMethod: 'query',
				returnAll: true,
			});
		}
	});
});
