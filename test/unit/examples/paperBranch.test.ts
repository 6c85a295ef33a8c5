/**
 * Issue #19 item 6: in every dunning example the Dunning Plan's `paper` channel posts the formal notice with LRE Send
 * → Postal Registered Letter on Maileva, and that letter is written to the ledger as *planned* before LRE Send runs
 * and as *sent* / *failed* after it — the same path as the qualified LRE — so a crash or a re-run never posts twice.
 * The demo runs it in a real n8n (test/e2e/demoSuite.ts); Google Sheets and QuickBooks cannot be reached from the
 * tests, so the graphs are checked here.
 */
import { load, parentsOf, pathsUp, type Node } from './graph';

type Lre = Node & { credentials?: Record<string, { id: string }> };

const isRecord = (n: Node, from: string) =>
	n.type === 'n8n-nodes-lre.dunningPlan' && n.parameters.operation === 'record' && n.parameters.recordFrom === from;
const writesLedger = (n: Node) =>
	(n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'insert') ||
	(n.type === 'n8n-nodes-base.googleSheets' && n.parameters.operation === 'append');

describe.each(['demo-pipeline.json', 'google-sheets-dunning.json', 'quickbooks-dunning.json'])('%s', (file) => {
	const workflow = load(file);
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const parents = parentsOf(workflow.connections);
	const senders = workflow.nodes.filter(
		(n) => n.type === 'n8n-nodes-lre.lreSend' && n.parameters.operation === 'send',
	) as Lre[];
	const paper = senders.filter((n) => n.parameters.letterType === 'postal');
	const lre = senders.filter((n) => n.parameters.letterType !== 'postal');

	it('posts paper letters with LRE Send on Maileva: postal registered letter with acknowledgement of receipt, the notice PDF', () => {
		expect(paper).toHaveLength(1);
		expect(lre).toHaveLength(1);
		const [post] = paper;
		expect(post.parameters).toMatchObject({
			provider: 'maileva',
			letterType: 'postal',
			recipientCountryCode: 'FR',
			postalOptions: { acknowledgementOfReceipt: true },
			attachmentProperties: 'data',
		});
		expect(Object.keys(post.credentials ?? {})).toEqual(['mailevaApi']);
		// Once per case reference, the plan's own; the address from the data (debtor_address, " | " between lines).
		expect(post.parameters.reference).toBe("={{ $('Dunning Plan').item.json.reference }}");
		expect(String(post.parameters.postalAddress)).toContain("$('Dunning Plan').item.json.address.split('|')");
		expect(post.onError).toBe('continueErrorOutput');
		// Nobody is asked to post it by hand any more.
		expect(workflow.nodes.map((n) => n.name)).not.toContain('Ask for a paper letter');
	});

	it('gives every node its own id (n8n refuses to import a workflow where two share one)', () => {
		const ids = workflow.nodes.map((n) => (n as Node & { id: string }).id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('reaches it only from the "paper" output of the Channel switch', () => {
		const [post] = paper;
		const channel = byName.get('Channel') as Node;
		const rules = (channel.parameters.rules as { values: Array<{ outputKey: string }> }).values;
		const output = rules.findIndex((r) => r.outputKey === 'paper');
		expect(parents.get(post.name)).toEqual([['Channel', output, 0]]);
	});

	it.each([
		['paper', () => paper[0]],
		['qualified LRE', () => lre[0]],
	])('the %s letter is recorded "planned" in the ledger before LRE Send, and its result after', (_kind, sender) => {
		const node = sender();
		const paths = pathsUp(node.name, parents);
		expect(paths.length).toBeGreaterThan(0);
		for (const path of paths) {
			const planned = path.findIndex((name) => isRecord(byName.get(name) as Node, 'planned'));
			const written = path.findIndex((name, i) => i > planned && writesLedger(byName.get(name) as Node));
			expect({ path, planned: planned >= 0, written: written > planned && written < path.length - 1 }).toEqual({
				path,
				planned: true,
				written: true,
			});
		}
		// Both outputs (the letter, or its error) go to "Record: result", which the ledger gets next.
		const outs = workflow.connections[node.name].main.map((targets) => targets.map((t) => t.node));
		expect(outs).toHaveLength(2);
		for (const targets of outs)
			for (const target of targets) expect(isRecord(byName.get(target) as Node, 'result')).toBe(true);
		const result = outs[0][0];
		expect(workflow.connections[result].main[0].map((t) => byName.get(t.node)).every((n) => n && writesLedger(n))).toBe(
			true,
		);
	});
});

describe("demo-proof-archive.json: the paper letters' acknowledgement of receipt", () => {
	const workflow = load('demo-proof-archive.json');
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const parents = parentsOf(workflow.connections);

	it('reads the posted paper letters from the ledger, asks Maileva, downloads the proof of the outcome, and hands it to the archive through "Once per event"', () => {
		const chain = [
			'Paper letters posted',
			'One per letter',
			'Postal letter status',
			'Outcome known?',
			'Download the proof',
			'As a status event',
			'Once per event',
		];
		for (let i = 1; i < chain.length; i++) expect(parents.get(chain[i])?.map(([p]) => p)).toContain(chain[i - 1]);
		expect(byName.get('Paper letters posted')?.parameters).toMatchObject({
			operation: 'get',
			filters: {
				conditions: [
					{ keyName: 'channel', keyValue: 'paper' },
					{ keyName: 'state', keyValue: 'sent' },
				],
			},
			matchType: 'allConditions',
		});
		for (const name of ['Postal letter status', 'Download the proof']) {
			const node = byName.get(name) as Lre;
			expect(node.parameters.provider).toBe('maileva');
			expect(Object.keys(node.credentials ?? {})).toEqual(['mailevaApi']);
		}
		expect(String(byName.get('Download the proof')?.parameters.proofType)).toContain("accepted: 'acceptance'");
		// The archive writes nothing that did not pass "Once per event" (an outcome already archived is dropped).
		for (const writer of ['Save proof PDF', 'Save metadata', 'Ledger: event']) {
			for (const path of pathsUp(writer, parents))
				if (path[0] === 'Follow up paper letters') expect(path).toContain('Once per event');
		}
	});
});
