/**
 * The package also loads and runs in the last n8n 1.x (many self-hosted instances still run it), on Node 20: on AR24,
 * and on Maileva (a postal registered letter, and a qualified LRE with the OTP session from the credential's key).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { stateOf } from '../../sandbox/maileva/electronic';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { maileva, mailevaElectronicCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { chain, nodeMaker } from '../helpers/workflowJson';
import { N8n } from '../../devtools/n8n';

let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	n8n = await N8n.create(1);
	await n8n.importSandboxCredential(sandboxCredentials(sbx));
	await n8n.importCredentials([
		{ id: 'mailevan1sbx0001', name: 'Maileva sandbox', type: 'mailevaApi', data: mailevaElectronicCredentials(sbx) },
	]);
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

const node = nodeMaker('6c1f0000-0001-4e1a-9a52-00000000000');
const pdf = tinyPdf().toString('base64');

/** Start → Code (one item with the letter PDF) → LRE Send on Maileva with `parameters`. */
const mailevaWorkflow = (id: string, reference: string, parameters: Record<string, unknown>) =>
	chain(id, `e2e n8n 1.x: ${reference}`, [
		node(1, 'Start', 'n8n-nodes-base.manualTrigger', {}),
		node(2, 'Letter', 'n8n-nodes-base.code', {
			jsCode: `return [{ json: { reference: '${reference}' }, binary: { data: { data: '${pdf}', mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' } } }];`,
		}),
		node(
			3,
			'Send',
			'n8n-nodes-lre.lreSend',
			{
				provider: 'maileva',
				resource: 'letter',
				operation: 'send',
				reference: '={{ $json.reference }}',
				debtorType: 'professional',
				attachmentProperties: 'data',
				additionalFields: {},
				options: {},
				...parameters,
			},
			{ credentials: { mailevaApi: { id: 'mailevan1sbx0001', name: 'Maileva sandbox' } } },
		),
	]);

it('sends a postal registered letter and a qualified LRE on Maileva, each once per case reference', async () => {
	const postal = await n8n.importWorkflow(
		mailevaWorkflow('lreE2eN8n1Postal1', 'E2E-N8N1-LRAR', {
			letterType: 'postal',
			recipientCompany: 'SARL Martin +accept',
			postalAddress: '8 avenue de la Gare\n69002 Lyon',
			recipientCountryCode: 'FR',
			postalOptions: {},
		}),
	);
	const lre = await n8n.importWorkflow(
		mailevaWorkflow('lreE2eN8n1Lreq01', 'E2E-N8N1-LREQ', {
			letterType: 'lre',
			recipientEmail: 'compta+accept@martin-sarl.example',
			recipientCompany: 'Martin SARL',
			recipientFirstName: 'Paul',
			recipientLastName: 'Martin',
			content: 'Mise en demeure de payer',
			eidasAuthentication: 'otpKey',
		}),
	);
	for (const [id, type, reference] of [
		[postal, 'postal', 'E2E-N8N1-LRAR'],
		[lre, 'lre', 'E2E-N8N1-LREQ'],
	] as const) {
		const first = await n8n.execute(id);
		expect({ reference, status: first.status }).toEqual({ reference, status: 'success' });
		expect(first.nodes.Send[0].json).toMatchObject({ provider: 'maileva', type, reference, alreadySent: false });
		const again = await n8n.execute(id);
		expect(again.nodes.Send[0].json).toMatchObject({
			reference,
			alreadySent: true,
			letterId: first.nodes.Send[0].json.letterId,
		});
	}
	expect(stateOf(sbx).sendings.filter((sending) => sending.custom_id === 'E2E-N8N1-LREQ')).toHaveLength(1);
	const token = await mailevaToken(mailevaElectronicCredentials(sbx));
	const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings');
	const sendings = (listed.json.sendings ?? []) as Array<{ custom_id?: string }>;
	expect(sendings.filter((sending) => sending.custom_id === 'E2E-N8N1-LRAR')).toHaveLength(1);
}, 600_000);
