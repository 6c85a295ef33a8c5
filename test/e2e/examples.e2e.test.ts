/** Every example workflow imports into a real n8n 2.x and all its node types resolve. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { N8n } from '../../devtools/n8n';

const EXAMPLES = join(__dirname, '../../examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

it('has examples to check', () => {
	expect(files.length).toBeGreaterThan(0);
});

it('imports every example and knows every node type it uses', async () => {
	const n8n = await N8n.create();
	const out = await n8n.cli(['export:nodes', `--output=${join(n8n.folder, 'nodes.json')}`]);
	expect(out.code).toBe(0);
	const exported = JSON.parse(readFileSync(join(n8n.folder, 'nodes.json'), 'utf8')) as Array<{
		name: string;
		version: number | number[];
	}>;
	const known = new Set(
		exported.flatMap((node) =>
			(Array.isArray(node.version) ? node.version : [node.version]).map((v) => `${node.name}@${v}`),
		),
	);
	// The newest version n8n has of each node type: examples use current typeVersions.
	const newest = new Map<string, number>();
	for (const node of exported)
		for (const v of Array.isArray(node.version) ? node.version : [node.version])
			newest.set(node.name, Math.max(newest.get(node.name) ?? 0, v));
	for (const file of files) {
		const workflow = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as {
			nodes: Array<{ name: string; type: string; typeVersion: number }>;
			connections: Record<string, unknown>;
		};
		for (const node of workflow.nodes) {
			expect(`${file}: ${node.type}@${node.typeVersion} ${known.has(`${node.type}@${node.typeVersion}`)}`).toBe(
				`${file}: ${node.type}@${node.typeVersion} true`,
			);
			expect(`${file}: ${node.name} ${node.type}@${node.typeVersion}`).toBe(
				`${file}: ${node.name} ${node.type}@${newest.get(node.type)}`,
			);
			// Our nodes as an installed community package names them.
			if (/lre|notice|consent/i.test(node.type)) expect(node.type).toMatch(/^n8n-nodes-lre\./);
		}
		for (const source of Object.keys(workflow.connections)) expect(workflow.nodes.map((n) => n.name)).toContain(source);
		await n8n.importWorkflow(workflow as unknown as Record<string, unknown>);
	}
}, 300_000);

/** What a credit manager must be able to read and change sits in node fields: no Code node decides who gets a letter. */
it('no Code node sits in the policy path of a dunning example', () => {
	const dunning = files.filter(
		(file) =>
			readFileSync(join(EXAMPLES, file), 'utf8').includes('n8n-nodes-lre.lreSend') &&
			readFileSync(join(EXAMPLES, file), 'utf8').includes('n8n-nodes-lre.noticeGenerator'),
	);
	expect(dunning.sort()).toEqual(['demo-pipeline.json', 'google-sheets-dunning.json', 'quickbooks-dunning.json']);
	for (const file of dunning) {
		const workflow = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as {
			nodes: Array<{ name: string; type: string }>;
			connections: Record<string, { main: Array<Array<{ node: string }>> }>;
		};
		const type = new Map(workflow.nodes.map((n) => [n.name, n.type]));
		const parents = new Map<string, string[]>();
		for (const [source, { main }] of Object.entries(workflow.connections))
			for (const outs of main) for (const c of outs) parents.set(c.node, [...(parents.get(c.node) ?? []), source]);
		const ancestors = (name: string, seen = new Set<string>()): Set<string> => {
			for (const p of parents.get(name) ?? []) if (!seen.has(p)) ancestors(p, seen.add(p));
			return seen;
		};
		const policyPath = new Set([
			...workflow.nodes
				.filter((n) => /lreSend|noticeGenerator|emailSend/.test(n.type))
				.flatMap((n) => [...ancestors(n.name)]),
		]);
		expect(
			[...policyPath].filter((name) => type.get(name) === 'n8n-nodes-base.code').map((name) => `${file}: ${name}`),
		).toEqual([]);
		expect([...policyPath].map((name) => type.get(name))).toContain('n8n-nodes-lre.dunningPlan');
	}
});
