/**
 * LRE Send → Postal Registered Letter on the Maileva sandbox inside a real n8n 2.x: the Maileva API credential
 * imported with n8n's CLI (n8n obtains its token through the credential's preAuthentication and renews it on 401),
 * a PDF from the workflow posted once per case reference, an address error naming the item, the field and the line,
 * then Get Many and Download Proof of the acknowledgement of receipt. Then, with `n8n start`, the LRE Trigger on
 * Maileva (published: its activation subscribes to the sandbox's notification_center; the sandbox's callbacks start
 * executions with the event and the proof PDF; a callback without the secret is refused; deactivation deletes the
 * subscriptions) and the LRE Poll Trigger on Maileva.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { subscriptionsFor } from '../../nodes/LreTrigger/mailevaTrigger';
import { stateOf } from '../../sandbox/maileva/notifications';
import type { RunningSandbox } from '../../sandbox/server';
import { notificationsOf, subscriptionsOf } from '../helpers/mailevaTrigger';
import { fakeContext } from '../helpers/n8nContext';
import { receiver, type Receiver } from '../helpers/receiver';
import { N8n } from '../../devtools/n8n';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import { maileva, mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { control, sandbox } from '../helpers/sandbox';
import { chain, nodeMaker } from '../helpers/workflowJson';

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
	await n8n?.stop();
	await sbx?.close();
	await inbox?.close();
}, 60_000);

const node = nodeMaker('6c1f0000-0019-4e1a-9a51-00000000000');

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

const MAILEVA_WEBHOOK_ID = '3e8a5c2d-0019-4f6b-9c1d-7a2e4b6c8d0f';
let inbox: Receiver;
let base: string;

interface Reported {
	event: string;
	letterId: string;
	state: string;
	reference: string;
	eventDate: string | null;
	proof: { type: string; sha256: string; fileName: string } | null;
	postal: { firstPresentedAt: string | null; undelivered: { reason: string } | null; registeredNumber: string };
	binaryProof: { fileName: string; mimeType: string } | null;
}

const reports = (path: string): Reported[] =>
	inbox.deliveries.filter((d) => d.path === path).map((d) => JSON.parse(d.body) as Reported);

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for ${what}\n${n8n.log().slice(-4000)}\n${notificationState()}`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** The sandbox's subscriptions and notifications (with each attempt's result), for a failure's message. */
function notificationState(): string {
	const { subscriptions, notifications } = stateOf(sbx);
	return JSON.stringify({
		now: new Date(sbx.clock.now()).toISOString(),
		subscriptions: subscriptions.map((s) => `${s.event_type} created ${new Date(s.created_at).toISOString()}`),
		notifications: notifications.map((n) => `${n.content.event_type} ${n.status} ${JSON.stringify(n.history)}`),
	});
}

/** Posts postal letters with LRE Send (in-process, on the Maileva sandbox). */
async function postLetters(letters: Array<{ reference: string; company: string }>): Promise<Record<string, string>> {
	const items: INodeExecutionData[] = letters.map(() => ({
		json: {},
		binary: { data: { data: pdf, mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' } },
	}));
	const context = fakeContext({
		credentials: mailevaCredentials(sbx),
		items,
		parameters: {
			provider: 'maileva',
			resource: 'letter',
			operation: 'send',
			letterType: 'postal',
			reference: (i: number) => letters[i].reference,
			debtorType: 'professional',
			recipientCompany: (i: number) => letters[i].company,
			recipientFirstName: '',
			recipientLastName: '',
			postalAddress: '8 avenue de la Gare\n69002 Lyon',
			recipientCountryCode: 'FR',
			postalOptions: {},
			attachmentProperties: 'data',
			additionalFields: {},
			options: {},
		},
	});
	const [out] = await new LreSend().execute.call(context);
	return Object.fromEntries(out.map((item) => [String(item.json.reference), String(item.json.letterId)]));
}

describe('LRE Trigger and LRE Poll Trigger on Maileva in a running n8n', () => {
	let hookWorkflow: string;
	let token: string;
	let ids: Record<string, string>;
	const callbackBase = () => `${base}/webhook/${MAILEVA_WEBHOOK_ID}/webhook`;
	const ours = async () =>
		(await subscriptionsOf(sbx, token)).filter((s) => s.callback_url.startsWith(`${callbackBase()}?`));

	beforeAll(async () => {
		inbox = await receiver();
		const load = (name: string) =>
			JSON.parse(readFileSync(join(__dirname, 'workflows', name), 'utf8').replaceAll('=RECEIVER', inbox.url)) as Record<
				string,
				unknown
			>;
		const [hook, poll] = await n8n.importWorkflows([
			load('maileva-trigger.workflow.json'),
			load('maileva-trigger-poll.workflow.json'),
		]);
		hookWorkflow = hook;
		await n8n.publish(hook);
		await n8n.publish(poll);
		base = await n8n.start();
		await n8n.waitForWebhook(base, `${MAILEVA_WEBHOOK_ID}/webhook`);
		token = await mailevaToken(mailevaCredentials(sbx));
	}, 600_000);

	it('activation subscribed the published URL, with its secret, to the Maileva events behind the events chosen', async () => {
		// n8n serves the webhook path before the activation hook (the subscriptions) has ended.
		let subscriptions = await ours();
		for (let i = 0; i < 100 && subscriptions.length < 5; i++) {
			await new Promise((r) => setTimeout(r, 300));
			subscriptions = await ours();
		}
		expect(subscriptions.map((s) => s.event_type).sort()).toEqual(
			subscriptionsFor(['presented', 'accepted', 'refused'])
				.map((s) => s.event_type)
				.sort(),
		);
		const secrets = new Set(subscriptions.map((s) => new URL(s.callback_url).searchParams.get('lre_secret')));
		expect(secrets.size).toBe(1);
		expect([...secrets][0]).toMatch(/^[A-Za-z0-9_-]{43,}$/);
	});

	it("a posted letter's events start executions with the event and the acknowledgement of receipt PDF", async () => {
		ids = await postLetters([
			{ reference: 'E2E-MLV-ACCEPT', company: 'SARL Martin' },
			{ reference: 'E2E-MLV-REFUSE', company: 'SAS Durand +refuse' },
		]);
		expect(Object.values(ids).every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
		await control(sbx.url(), 'POST', '/clock', { advance: '3d' });
		const mine = () => reports('/maileva-hook').filter((r) => r.reference.startsWith('E2E-MLV-'));
		const got = await until('four trigger items', () => mine().length >= 4 && mine());
		const key = (r: Reported) => `${r.reference} ${r.event}`;
		expect(got.map(key).sort()).toEqual([
			'E2E-MLV-ACCEPT accepted',
			'E2E-MLV-ACCEPT presented',
			'E2E-MLV-REFUSE presented',
			'E2E-MLV-REFUSE refused',
		]);
		const accepted = got.find((r) => key(r) === 'E2E-MLV-ACCEPT accepted') as Reported;
		expect(accepted).toMatchObject({
			letterId: ids['E2E-MLV-ACCEPT'],
			state: 'accepted',
			proof: { type: 'acceptance' },
		});
		expect(accepted.binaryProof).toMatchObject({ mimeType: 'application/pdf', fileName: accepted.proof?.fileName });
		const refused = got.find((r) => key(r) === 'E2E-MLV-REFUSE refused') as Reported;
		expect(refused).toMatchObject({ proof: { type: 'refusal' }, postal: { undelivered: { reason: 'N05' } } });
		const presented = got.find((r) => key(r) === 'E2E-MLV-ACCEPT presented') as Reported;
		expect(presented.eventDate).toBe(presented.postal.firstPresentedAt);
		// n8n answered every callback 201 (Maileva's "received"): none is retried.
		const notified = (await notificationsOf(sbx, token)).filter((n) => n.resource_custom_id?.startsWith('E2E-MLV-'));
		expect(notified.length).toBeGreaterThanOrEqual(4);
		expect(new Set(notified.map((n) => `${n.status} ${n.last_response_code}`))).toEqual(new Set(['SENT 201']));
		await new Promise((r) => setTimeout(r, 1500));
		expect(mine()).toHaveLength(4);
	}, 180_000);

	it('a forged callback without the secret, or with another, is refused (401) and starts nothing', async () => {
		const before = reports('/maileva-hook').length;
		const body = JSON.stringify({
			event_type: 'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
			resource_type: 'registered_mail/v4/sendings',
			resource_id: ids['E2E-MLV-REFUSE'],
		});
		const headers = { 'content-type': 'application/json' };
		for (const url of [callbackBase(), `${callbackBase()}?lre_secret=forged`]) {
			const answer = await fetch(url, { method: 'POST', headers, body });
			expect(answer.status).toBe(401);
		}
		await new Promise((r) => setTimeout(r, 1500));
		expect(reports('/maileva-hook')).toHaveLength(before);
	});

	it('the LRE Poll Trigger on Maileva reports the same events, each once: the first presentations, and the outcomes with their proof', async () => {
		const mine = () => reports('/maileva-poll').filter((r) => r.reference.startsWith('E2E-MLV-'));
		const got = await until('the poll trigger', () => mine().length >= 4 && mine(), 150_000);
		expect(got.map((r) => `${r.reference} ${r.event} ${r.proof?.type ?? 'no proof'}`).sort()).toEqual([
			'E2E-MLV-ACCEPT accepted acceptance',
			'E2E-MLV-ACCEPT presented no proof',
			'E2E-MLV-REFUSE presented no proof',
			'E2E-MLV-REFUSE refused refusal',
		]);
		for (const report of got.filter((r) => r.event !== 'presented'))
			expect(report.binaryProof).toMatchObject({ mimeType: 'application/pdf' });
		// Later polls find nothing new: the AR24 poll suite (lreTrigger.e2e) checks it across an n8n restart, with the
		// same ledger; waiting a minute for Maileva's next poll here would prove nothing more.
		await new Promise((r) => setTimeout(r, 1500));
		expect(mine()).toHaveLength(4);
	}, 200_000);

	it('deactivating the workflow deletes its subscriptions', async () => {
		expect((await ours()).length).toBeGreaterThan(0);
		await n8n.signIn(base);
		const answer = await n8n.rest(base, 'POST', `/workflows/${hookWorkflow}/deactivate`, {});
		expect(answer.status).toBe(200);
		// n8n 2.x unpublishes through its outbox: the webhook's delete hook runs shortly after the answer.
		let left = await ours();
		for (let i = 0; i < 100 && left.length; i++) {
			await new Promise((r) => setTimeout(r, 300));
			left = await ours();
		}
		if (left.length) throw new Error(`subscriptions left: ${left.length}\n${n8n.log().slice(-4000)}`);
		// The old URL (and its secret) is refused now.
		const answerAfter = await fetch(callbackBase(), { method: 'POST', body: '{}' });
		expect(answerAfter.status).toBe(404);
	}, 60_000);
});
