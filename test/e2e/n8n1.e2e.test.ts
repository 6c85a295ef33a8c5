/** The package also loads and runs in the last n8n 1.x (many self-hosted instances still run it), on Node 20. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	n8n = await N8n.create(1);
	await n8n.importSandboxCredential(sandboxCredentials(sbx));
}, 900_000);

afterAll(() => sbx?.close());

it('lists every node of the package', async () => {
	const out = await n8n.cli(['export:nodes', `--output=${join(n8n.folder, 'nodes.json')}`]);
	expect(out.code).toBe(0);
	const names = (JSON.parse(readFileSync(join(n8n.folder, 'nodes.json'), 'utf8')) as Array<{ name: string }>).map(
		(node) => node.name,
	);
	// Every node of package.json#n8n, by the name its class declares.
	const declared = (
		JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { n8n: { nodes: string[] } }
	).n8n.nodes.map(
		(file) =>
			/displayName: '[^']+',\s*name: '([^']+)'/.exec(
				readFileSync(join(__dirname, '../..', file.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8'),
			)?.[1],
	);
	expect(declared).toEqual([
		'lreSend',
		'lreTrigger',
		'lrePollTrigger',
		'debtorConsentInvite',
		'debtorConsentTrigger',
		'noticeGenerator',
		'dunningPlan',
	]);
	for (const node of declared) expect(names).toContain(`n8n-nodes-lre.${node}`);
}, 300_000);

it('sends letters with a PDF from the workflow, refusing the individual without consent', async () => {
	const id = await n8n.importWorkflow(
		JSON.parse(readFileSync(join(__dirname, 'workflows', 'send-letters.workflow.json'), 'utf8')),
	);
	const run = await n8n.execute(id);
	expect(run.nodes.Send.map((item) => item.json.reference ?? item.json.error)).toEqual([
		'E2E-ERE-PRO',
		'E2E-LRE-IND',
		expect.stringContaining('Item 2: "Consent Evidence" does not allow a qualified LRE'),
	]);
	expect((await control<unknown[]>(sbx.url(), 'GET', '/letters')).length).toBe(2);
}, 300_000);
