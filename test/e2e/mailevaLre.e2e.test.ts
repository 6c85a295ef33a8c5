/**
 * LRE Send → Qualified LRE on the Maileva sandbox inside a real n8n 2.x: the Maileva API credential (with its Sender
 * ID and Sender OTP Key) imported with n8n's CLI, the OTP session opened by n8n from the credential's key
 * (`authenticate_by_otp` with a real TOTP), a PDF from the workflow sent once per case reference, the individual
 * without consent refused before any call (the sandbox holds no sending for it), then Get of the accepted letter.
 */
import type { RunningSandbox } from '../../sandbox/server';
import { N8n } from '../../devtools/n8n';
import { stateOf } from '../../sandbox/maileva/electronic';
import { mailevaElectronicCredentials, tinyPdf } from '../helpers/maileva';
import { control, sandbox } from '../helpers/sandbox';
import { chain, nodeMaker } from '../helpers/workflowJson';

let sbx: RunningSandbox;
let n8n: N8n;
const credential = { mailevaApi: { id: 'mailevalresbx', name: 'Maileva sandbox (LRE)' } };

beforeAll(async () => {
	sbx = await sandbox();
	n8n = await N8n.create();
	await n8n.importCredentials([
		{ id: 'mailevalresbx', name: 'Maileva sandbox (LRE)', type: 'mailevaApi', data: mailevaElectronicCredentials(sbx) },
	]);
}, 600_000);

afterAll(async () => {
	await sbx?.close();
});

const node = nodeMaker('6c1f0000-0019-4e1a-9a52-00000000000');

const pdf = tinyPdf().toString('base64');
const debtors = `const pdf = { data: '${pdf}', mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' };
return [
  { json: { reference: 'E2E-LREQ-PRO', status: 'professional', email: 'compta+accept@martin-sarl.example', company: 'Martin SARL', firstName: 'Paul', lastName: 'Martin', consent: [] }, binary: { data: pdf } },
  { json: { reference: 'E2E-LREQ-IND', status: 'individual', email: 'jean.dupont@example.com', company: '', firstName: 'Jean', lastName: 'Dupont', consent: [] }, binary: { data: pdf } },
];`;

const sendWorkflow = chain('lreE2eMailevaLre01', 'e2e: LRE Send qualified LRE (Maileva)', [
	node(1, 'Start', 'n8n-nodes-base.manualTrigger', {}),
	node(2, 'Debtors', 'n8n-nodes-base.code', { jsCode: debtors }),
	node(
		3,
		'Send',
		'n8n-nodes-lre.lreSend',
		{
			provider: 'maileva',
			resource: 'letter',
			operation: 'send',
			letterType: 'lre',
			reference: '={{ $json.reference }}',
			recipientEmail: '={{ $json.email }}',
			debtorType: '={{ $json.status }}',
			recipientCompany: '={{ $json.company }}',
			recipientFirstName: '={{ $json.firstName }}',
			recipientLastName: '={{ $json.lastName }}',
			consentEvidence: '={{ $json.consent }}',
			content: 'Mise en demeure de payer',
			attachmentProperties: 'data',
			eidasAuthentication: 'otpKey',
			additionalFields: {},
			options: {},
		},
		{ credentials: credential, onError: 'continueRegularOutput' },
	),
]);

it('sends the qualified LRE once from a real n8n, with the OTP session from the credential, and refuses the individual without consent', async () => {
	const id = await n8n.importWorkflow(sendWorkflow);
	const first = await n8n.execute(id);
	expect(first.status).toBe('success');
	const [pro, ind] = first.nodes.Send;
	expect(pro.json).toMatchObject({
		provider: 'maileva',
		type: 'lre',
		reference: 'E2E-LREQ-PRO',
		alreadySent: false,
		sendRecord: 'recorded',
		recipient: { email: 'compta+accept@martin-sarl.example', company: 'Martin SARL' },
	});
	expect(String(pro.json.letterId)).toMatch(/^LRE-[0-9a-f-]{36}$/);
	expect(String(ind.json.error)).toMatch(/Item 1: "Consent Evidence" does not allow a qualified LRE/);
	const lre = () => stateOf(sbx).sendings.filter((s) => s.api === 'lre');
	expect(lre().map((s) => s.custom_id)).toEqual(['E2E-LREQ-PRO']);
	expect(stateOf(sbx).senders[0].otpUntil).toBeGreaterThan(sbx.clock.now());

	const second = await n8n.execute(id);
	expect(second.nodes.Send[0].json).toMatchObject({ alreadySent: true, letterId: pro.json.letterId });
	expect(lre()).toHaveLength(1);
	const output = JSON.stringify([first, second]);
	expect(output).not.toContain(sbx.options.otpKey);
}, 400_000);

it('reads the accepted letter back (Get)', async () => {
	await control(sbx.url(), 'POST', '/clock', { advance: '1d' });
	const [sending] = stateOf(sbx).sendings.filter((s) => s.api === 'lre');
	const id = await n8n.importWorkflow(
		chain('lreE2eMailevaLre02', 'e2e: Maileva LRE get', [
			node(1, 'Start', 'n8n-nodes-base.manualTrigger', {}),
			node(
				2,
				'Get',
				'n8n-nodes-lre.lreSend',
				{ provider: 'maileva', resource: 'letter', operation: 'get', letterId: `LRE-${sending.id}` },
				{ credentials: credential },
			),
		]),
	);
	const run = await n8n.execute(id);
	expect(run.nodeErrors).toEqual({});
	expect(run.nodes.Get[0].json).toMatchObject({ type: 'lre', state: 'accepted', reference: 'E2E-LREQ-PRO' });
}, 400_000);
