/**
 * LRE Send → Postal Registered Letter on the Maileva sandbox inside a real n8n 2.x: the Maileva API credential
 * imported with n8n's CLI (n8n obtains its token through the credential's preAuthentication and renews it on 401),
 * a PDF from the workflow posted once per case reference, an address error naming the item, the field and the line,
 * then Get Many and Download Proof of the acknowledgement of receipt.
 */
import type { RunningSandbox } from '../../sandbox/server';
import { N8n } from '../../devtools/n8n';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import { maileva, mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { control, sandbox } from '../helpers/sandbox';

let sbx: RunningSandbox;
let n8n: N8n;
const credential = { mailevaApi: { id: 'mailevasandbox', name: 'Maileva sandbox' } };

beforeAll(async () => {
	sbx = await sandbox();
	n8n = await N8n.create();
	await n8n.importCredentials([
		{ id: 'mailevasandbox', name: 'Maileva sandbox', type: 'mailevaApi', data: mailevaCredentials(sbx) },
	]);
}, 600_000);

afterAll(async () => {
	await sbx?.close();
});

const node = (
	id: number,
	name: string,
	type: string,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) => ({
	id: `6c1f0000-0019-4e1a-9a51-00000000000${id}`,
	name,
	type,
	typeVersion: type.endsWith('code') ? 2 : 1,
	position: [id * 220, 0],
	parameters,
	...extra,
});

function chain(id: string, name: string, nodes: Array<ReturnType<typeof node>>) {
	const connections = Object.fromEntries(
		nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}

const pdf = tinyPdf().toString('base64');
const debtors = `const pdf = { data: '${pdf}', mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' };
return [
  { json: { reference: 'E2E-PAP-PRO', status: 'professional', company: 'SARL Martin +accept', firstName: '', lastName: '', address: '8 avenue de la Gare\\n69002 Lyon' }, binary: { data: pdf } },
  { json: { reference: 'E2E-PAP-IND', status: 'individual', company: '', firstName: 'Paul', lastName: 'Petit', address: 'Résidence les Tilleuls\\n3 impasse des Lilas\\n13001 Marseille' }, binary: { data: pdf } },
  { json: { reference: 'E2E-PAP-BAD', status: 'professional', company: 'SAS Durand', firstName: '', lastName: '', address: '14 boulevard du Maréchal de Lattre de Tassigny\\n75016 Paris' }, binary: { data: pdf } },
];`;

const sendWorkflow = chain('lreE2eMaileva001', 'e2e: LRE Send postal (Maileva)', [
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
			letterType: 'postal',
			reference: '={{ $json.reference }}',
			debtorType: '={{ $json.status }}',
			recipientCompany: '={{ $json.company }}',
			recipientFirstName: '={{ $json.firstName }}',
			recipientLastName: '={{ $json.lastName }}',
			postalAddress: '={{ $json.address }}',
			recipientCountryCode: 'FR',
			postalOptions: { postageType: 'URGENT', archivingDuration: 6 },
			attachmentProperties: 'data',
			additionalFields: { clientReference: 'C-19' },
			options: {},
		},
		{ credentials: credential, onError: 'continueRegularOutput' },
	),
]);

it('posts each letter once from a real n8n, refuses the too-long line, and renews an expired token', async () => {
	const id = await n8n.importWorkflow(sendWorkflow);
	const first = await n8n.execute(id);
	expect(first.status).toBe('success');
	const [pro, ind, bad] = first.nodes.Send;
	expect(pro.json).toMatchObject({
		provider: 'maileva',
		type: 'postal',
		reference: 'E2E-PAP-PRO',
		alreadySent: false,
		clientReference: 'C-19',
		sendRecord: 'recorded',
	});
	expect(ind.json).toMatchObject({ provider: 'maileva', type: 'postal', reference: 'E2E-PAP-IND', alreadySent: false });
	expect(String(bad.json.error)).toMatch(
		/Item 2: "Postal Address" line 1 \("14 boulevard .*"\) is 46 characters long, more than the 38/,
	);

	const token = await mailevaToken(mailevaCredentials(sbx));
	const recipients = await maileva(
		sbx,
		token,
		'GET',
		`/registered_mail/v4/sendings/${String(ind.json.letterId)}/recipients`,
	);
	expect((recipients.json.recipients as Array<Record<string, unknown>>)[0]).toMatchObject({
		address_line_2: 'Paul Petit',
		address_line_3: 'Résidence les Tilleuls',
		address_line_4: '3 impasse des Lilas',
		address_line_6: '13001 Marseille',
	});
	const sending = await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${String(pro.json.letterId)}`);
	expect(sending.json).toMatchObject({
		postage_type: 'URGENT',
		archiving_duration: 6,
		custom_id: 'E2E-PAP-PRO',
		documents_count: 1,
	});

	// The token n8n keeps in the credential expires: n8n asks the credential for a new one on Maileva's 401.
	await fetch(`${sbx.url()}/maileva/_sandbox/expire_tokens`, { method: 'POST' });
	const second = await n8n.execute(id);
	expect(second.nodes.Send.map((item) => item.json.alreadySent)).toEqual([true, true, undefined]);
	expect(second.nodes.Send[0].json.letterId).toBe(pro.json.letterId);
	// Our own token expired with n8n's: a new one to read the sandbox.
	const listed = await maileva(
		sbx,
		await mailevaToken(mailevaCredentials(sbx)),
		'GET',
		'/registered_mail/v4/sendings?count=500',
	);
	expect((listed.json.sendings as Array<{ custom_id?: string }>).map((s) => s.custom_id).sort()).toEqual([
		'E2E-PAP-IND',
		'E2E-PAP-PRO',
	]);
	const output = JSON.stringify([first, second]);
	expect(output).not.toContain(MAILEVA_SANDBOX_LOGIN.clientSecret);
	expect(output).not.toMatch(/sbx\.[A-Za-z0-9_-]{20,}/);
}, 400_000);

it('lists the delivered letter and downloads its acknowledgement of receipt as binary', async () => {
	await control(sbx.url(), 'POST', '/clock', { advance: '3d' });
	const id = await n8n.importWorkflow(
		chain('lreE2eMaileva002', 'e2e: Maileva proofs', [
			node(1, 'Start', 'n8n-nodes-base.manualTrigger', {}),
			node(
				2,
				'Delivered',
				'n8n-nodes-lre.lreSend',
				{
					provider: 'maileva',
					resource: 'letter',
					operation: 'getMany',
					returnAll: true,
					filters: { states: ['accepted'] },
				},
				{ credentials: credential },
			),
			node(
				3,
				'Download Proof',
				'n8n-nodes-lre.lreSend',
				{
					provider: 'maileva',
					resource: 'letter',
					operation: 'downloadProof',
					letterId: '={{ $json.letterId }}',
					proofType: 'acceptance',
					binaryPropertyName: 'proof',
				},
				{ credentials: credential },
			),
		]),
	);
	const run = await n8n.execute(id);
	expect(run.nodeErrors).toEqual({});
	expect(run.nodes.Delivered.map((item) => item.json.reference).sort()).toEqual(['E2E-PAP-IND', 'E2E-PAP-PRO']);
	for (const item of run.nodes['Download Proof']) {
		expect(item.json.proof).toMatchObject({ type: 'acceptance' });
		expect(item.binary?.proof).toMatchObject({
			mimeType: 'application/pdf',
			fileName: expect.stringMatching(new RegExp(`_${String(item.json.letterId)}\\.pdf$`)),
		});
	}
}, 400_000);
