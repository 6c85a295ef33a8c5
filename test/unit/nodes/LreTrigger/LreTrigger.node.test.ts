/**
 * The LRE Trigger's webhook on a fake n8n webhook context and a fake AR24 (nodes/LreTrigger/LreTrigger.node.ts), in the
 * shape of n8n's own trigger tests (Calendly): call `webhook()`, look at the workflow data it starts or at what it answers.
 */
import { LreTrigger } from '../../../../nodes/LreTrigger/LreTrigger.node';
import { notifiedResource, secretMatches, subscriptionsFor } from '../../../../nodes/LreTrigger/mailevaTrigger';
import { EVENT_OPTIONS } from '../../../../nodes/shared/letterEvents';
import { signWebhookUrl, webhookKey } from '../../../../lib/letter/webhookAuth';
import {
	ar24Letter,
	FAKE_AR24_CREDENTIALS,
	fakeAr24Account,
	tinyPdf,
	triggerContext,
	type TriggerContextOptions,
} from '../../../helpers/n8nContext';

const WEBHOOK_ID = '5c1e7a2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d';
let workflow = 0;

/** The query AR24 calls with: the signed URL LRE Send gave it (optionally bound to a reference). */
function signedQuery(
	reference?: string,
	key = webhookKey(String(FAKE_AR24_CREDENTIALS.privateKey)),
): Record<string, string> {
	const url = new URL(signWebhookUrl(`http://localhost:5678/webhook/${WEBHOOK_ID}/webhook`, key, reference) ?? '');
	return Object.fromEntries(url.searchParams);
}

function account() {
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [
		ar24Letter(100001),
		ar24Letter(100002, { id_sender: 77 }),
		ar24Letter(100003, { view_date: null, proof_ar_url: null }),
	]);
	ar24.files['http://ar24.invalid/proof/100001/ar.pdf'] = tinyPdf('acceptance 100001');
	return ar24;
}

/** One trigger (its own workflow id, so the process memory of another test does not leak in) and its deliveries. */
function trigger(parameters: Record<string, unknown> = {}) {
	const workflowId = `wf-trigger-${++workflow}`;
	const staticData: Record<string, unknown> = {};
	const ar24 = account();
	const deliver = async (request: Pick<TriggerContextOptions, 'query' | 'body'>) => {
		const context = triggerContext({
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: { events: ['accepted', 'refused'], downloadProof: true, ...parameters },
			ar24,
			staticData,
			workflowId,
			node: { webhookId: WEBHOOK_ID },
			...request,
		});
		const result = await new LreTrigger().webhook.call(context);
		return { result, answered: context.answered };
	};
	return { deliver, ar24, staticData };
}

describe('LRE Trigger', () => {
	beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
	afterEach(() => {
		jest.runOnlyPendingTimers();
		jest.useRealTimers();
	});

	it('starts the workflow with the event read back from AR24 and its proof PDF', async () => {
		const { deliver, ar24 } = trigger();
		const { result } = await deliver({ query: signedQuery('MED-100001'), body: { id_mail: '100001' } });
		expect(ar24.calls.map((c) => `${c.method} ${c.path} ${c.params.id ?? ''}`)).toEqual(['GET /mail 100001']);
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			event: 'accepted',
			eventKey: '100001:accepted',
			letterId: '100001',
			reference: 'MED-100001',
			proof: { type: 'acceptance' },
		});
		expect(Buffer.from(items[0].binary?.proof.data as string, 'base64').equals(tinyPdf('acceptance 100001'))).toBe(
			true,
		);
	});

	it('once only: the same event delivered twice (an AR24 retry) starts one execution', async () => {
		const { deliver, staticData } = trigger();
		const first = await deliver({ query: signedQuery(), body: { id_mail: '100001' } });
		const second = await deliver({ query: signedQuery(), body: { id_mail: '00100001' } });
		expect(first.result.workflowData?.[0]).toHaveLength(1);
		expect(second.result.workflowData).toBeUndefined();
		expect(second.answered).toEqual({
			status: 200,
			body: { received: true, started: false, duplicate: true, state: 'accepted' },
		});
		expect(Object.keys(staticData.emitted as object)).toEqual(['100001:accepted']);
	});

	it('once only, in parallel: ten simultaneous deliveries of one event start one execution', async () => {
		const { deliver } = trigger();
		const results = await Promise.all(
			Array.from({ length: 10 }, () => deliver({ query: signedQuery(), body: { id_mail: '100001' } })),
		);
		expect(results.filter((r) => r.result.workflowData).length).toBe(1);
	});

	it('401: an unsigned call is refused, AR24 is not asked and no workflow starts', async () => {
		const { deliver, ar24, staticData } = trigger();
		const { result, answered } = await deliver({ query: {}, body: { id_mail: '100001' } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answered).toEqual({ status: 401, body: { error: 'This URL needs the signature LRE Send adds to it.' } });
		expect(ar24.calls).toEqual([]);
		expect(staticData.emitted).toBeUndefined();
	});

	it('401: a signature made with another key, or for another reference, is refused', async () => {
		const { deliver, ar24 } = trigger();
		const forged = await deliver({ query: signedQuery(undefined, 'not-the-key'), body: { id_mail: '100001' } });
		expect(forged.answered.status).toBe(401);
		const moved = { ...signedQuery('MED-100001'), lre_ref: 'MED-100002' };
		expect((await deliver({ query: moved, body: { id_mail: '100001' } })).answered.status).toBe(401);
		expect(ar24.calls).toEqual([]);
	});

	it("starts nothing for another sender's letter, a URL bound to another letter, or an event not chosen", async () => {
		const { deliver } = trigger({ events: ['refused'] });
		const otherSender = await deliver({ query: signedQuery(), body: { id_mail: '100002' } });
		expect(otherSender.answered).toEqual({ status: 200, body: { received: true, started: false } });
		const boundElsewhere = await deliver({ query: signedQuery('MED-100002'), body: { id_mail: '100001' } });
		expect(boundElsewhere.answered).toEqual({ status: 200, body: { received: true, started: false } });
		const notChosen = await deliver({ query: signedQuery(), body: { id_mail: '100001' } });
		expect(notChosen.answered).toEqual({ status: 200, body: { received: true, started: false, state: 'accepted' } });
		expect(notChosen.result.workflowData).toBeUndefined();
	});

	it('400 without a letter id; 503 (AR24 retries later) when the letter cannot be read back or its proof fetched', async () => {
		const { deliver, ar24 } = trigger();
		expect((await deliver({ query: signedQuery(), body: {} })).answered.status).toBe(400);
		ar24.routes['GET /mail'] = () => ({ error: 'user_unavailable' });
		expect((await deliver({ query: signedQuery(), body: { id_mail: '100001' } })).answered.status).toBe(503);
		const proofless = trigger();
		delete proofless.ar24.files['http://ar24.invalid/proof/100001/ar.pdf'];
		expect((await proofless.deliver({ query: signedQuery(), body: { id_mail: '100001' } })).answered.status).toBe(503);
		// The event was given back: once the proof can be fetched, the next delivery starts the workflow.
		proofless.ar24.files['http://ar24.invalid/proof/100001/ar.pdf'] = tinyPdf('acceptance 100001');
		expect(
			(await proofless.deliver({ query: signedQuery(), body: { id_mail: '100001' } })).result.workflowData?.[0],
		).toHaveLength(1);
	});

	it('activation: "exists" only once created for this webhook id and credential key; deleting keeps the events emitted', async () => {
		const staticData: Record<string, unknown> = { emitted: { '1:accepted': 1 } };
		const hooks = (privateKey: string) =>
			triggerContext({
				credentials: { ...FAKE_AR24_CREDENTIALS, privateKey },
				parameters: {},
				staticData,
				node: { webhookId: WEBHOOK_ID },
			}) as never;
		const methods = new LreTrigger().webhookMethods.default;
		expect(await methods.checkExists.call(hooks('k1'))).toBe(false);
		expect(await methods.create.call(hooks('k1'))).toBe(true);
		expect(await methods.checkExists.call(hooks('k1'))).toBe(true);
		expect(await methods.checkExists.call(hooks('k2'))).toBe(false);
		await methods.delete.call(hooks('k1'));
		expect(await methods.checkExists.call(hooks('k1'))).toBe(false);
		expect(staticData.emitted).toEqual({ '1:accepted': 1 });
	});
});

describe('LRE Trigger on Maileva (no network)', () => {
	const mailevaTrigger = (query: Record<string, unknown>, body: Record<string, unknown>, staticData = {}) =>
		triggerContext({
			credentials: { environment: 'custom', apiUrl: 'http://maileva.invalid', username: 'u', password: 'p' },
			parameters: { provider: 'maileva', events: ['accepted'] },
			staticData,
			node: { webhookId: WEBHOOK_ID },
			query,
			body,
		});

	it('offers the provider choice with one credential each; AR24 stays the default; Maileva has its own events', () => {
		const { properties, credentials } = new LreTrigger().description;
		expect(properties[0]).toMatchObject({ name: 'provider', default: 'ar24' });
		expect(credentials).toEqual([
			expect.objectContaining({ name: 'ar24Api', displayOptions: { show: { provider: ['ar24'] } } }),
			expect.objectContaining({ name: 'mailevaApi', displayOptions: { show: { provider: ['maileva'] } } }),
			// AR24's URLs are signed with the LRE Signing Keys API credential when attached (README "Signing keys").
			expect.objectContaining({
				name: 'lreSigningKeysApi',
				required: false,
				displayOptions: { show: { provider: ['ar24'] } },
			}),
		]);
		const events = properties.filter((p) => p.name === 'events');
		expect(events.map((p) => p.displayOptions?.show?.provider)).toEqual([['ar24'], ['maileva']]);
		expect(events[0].options).toEqual(EVENT_OPTIONS);
		expect((events[1].options as Array<{ value: string }>).map((o) => o.value)).toContain('presented');
		expect(properties.find((p) => p.name === 'sentProof')?.displayOptions?.show).toEqual({
			downloadProof: [true],
			provider: ['ar24'],
		});
	});

	it('maps each event to the Maileva subscriptions it needs, each once', () => {
		expect(subscriptionsFor(['sent'])).toEqual([
			{ event_type: 'ON_DEPOSIT_PROOF_RECEIVED', resource_type: 'registered_mail/v4/recipients' },
		]);
		expect(subscriptionsFor(['refused', 'bounced', 'negligence']).map((s) => s.event_type)).toEqual([
			'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
			'ON_UNDELIVERED_MAIL_RECEIVED',
		]);
		expect(subscriptionsFor(['presented']).map((s) => s.event_type)).toEqual([
			'ON_MAIN_DELIVERY_STATUS_DELIVERED',
			'ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION',
			'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
		]);
		expect(subscriptionsFor(['failed'])).toEqual([
			{ event_type: 'ON_STATUS_PROCESSED', resource_type: 'registered_mail/v4/sendings' },
			{ event_type: 'ON_STATUS_REJECTED', resource_type: 'registered_mail/v4/sendings' },
		]);
		expect(subscriptionsFor(['unknown'])).toEqual([]);
	});

	it('compares the secret exactly; none stored means none matches', () => {
		expect(secretMatches('s3cret', 's3cret')).toBe(true);
		expect(secretMatches('s3cret ', 's3cret')).toBe(false);
		expect(secretMatches('', '')).toBe(false);
		expect(secretMatches(undefined, 's3cret')).toBe(false);
		expect(secretMatches(['s3cret'], 's3cret')).toBe(false);
		expect(secretMatches('s3cret', undefined)).toBe(false);
	});

	it("reads the sending and recipient a callback names from Maileva's payload, or says why not", () => {
		const sid = '2c9f1e0a-0000-4000-8000-000000000001';
		const rid = '7d3e2b1c-0000-4000-8000-000000000002';
		expect(
			notifiedResource({
				resource_type: 'registered_mail/v4/recipients',
				resource_id: rid,
				resource_location: `https://api.maileva.com/registered_mail/v4/sendings/${sid}/recipients/${rid}`,
				resource_custom_id: 'REF-1',
				event_type: 'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
			}),
		).toEqual({
			resourceType: 'registered_mail/v4/recipients',
			sendingId: sid,
			recipientId: rid,
			customId: 'REF-1',
			eventType: 'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
		});
		expect(notifiedResource({ resource_type: 'registered_mail/v4/sendings', resource_id: sid })).toMatchObject({
			sendingId: sid,
		});
		expect(notifiedResource({ resource_type: 'mail/v2/sendings', resource_id: sid })).toHaveProperty('notOurs');
		expect(notifiedResource({ resource_type: 'registered_mail/v4/sendings', resource_id: '../x' })).toHaveProperty(
			'unreadable',
		);
		expect(
			notifiedResource({
				resource_type: 'registered_mail/v4/recipients',
				resource_id: rid,
				resource_location: `https://api.maileva.com/registered_mail/v4/sendings/${sid}/recipients/${sid}`,
			}),
		).toHaveProperty('unreadable');
		expect(notifiedResource('text')).toHaveProperty('unreadable');
	});

	it('401 without the secret, 400 for an unreadable callback: no request to Maileva either way', async () => {
		const staticData = { mailevaSecret: 'the-secret' };
		const forged = mailevaTrigger(
			{ lre_secret: 'other' },
			{ resource_type: 'registered_mail/v4/sendings' },
			staticData,
		);
		expect(await new LreTrigger().webhook.call(forged)).toEqual({ noWebhookResponse: true });
		expect(forged.answered.status).toBe(401);
		expect(forged.sent).toEqual([]);
		const unreadable = mailevaTrigger(
			{ lre_secret: 'the-secret' },
			{ resource_type: 'registered_mail/v4/sendings' },
			staticData,
		);
		await new LreTrigger().webhook.call(unreadable);
		expect(unreadable.answered).toEqual({ status: 400, body: { error: 'No valid resource_id in the notification.' } });
		expect(unreadable.sent).toEqual([]);
	});

	it('is not "existing" before a secret was made (Maileva is not asked)', async () => {
		const hooks = mailevaTrigger({}, {});
		expect(await new LreTrigger().webhookMethods.default.checkExists.call(hooks as never)).toBe(false);
		expect(hooks.sent).toEqual([]);
	});
});
