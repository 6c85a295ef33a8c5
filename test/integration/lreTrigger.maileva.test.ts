/**
 * The LRE Trigger on Maileva against the sandbox: activation subscribes the node's URL (with its secret) to
 * notification_center, the sandbox's callbacks reach the trigger's webhook (served on a real port as n8n would),
 * each event is read back from Maileva and starts the workflow once with the AR24 path's item shape and proof,
 * callbacks without the secret are refused (401), resources that are not this account's letters start nothing and
 * are answered 201 (Maileva stops retrying), and deactivation deletes the subscriptions.
 */
import { createHash } from 'node:crypto';
import { LreTrigger } from '../../nodes/LreTrigger/LreTrigger.node';
import { subscriptionsFor } from '../../nodes/LreTrigger/mailevaTrigger';
import { DAY, HOUR } from '../../sandbox/maileva/lifecycle';
import type { RunningSandbox } from '../../sandbox/server';
import { maileva, mailevaCredentials, mailevaToken } from '../helpers/maileva';
import {
	hookContext,
	notificationsOf,
	postLetter,
	subscriptionsOf,
	triggerServer,
	TRIGGER_WEBHOOK_ID,
	webhookContext,
} from '../helpers/mailevaTrigger';
import { control, sandbox } from '../helpers/sandbox';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;
let token: string;
let workflow = 0;

beforeAll(async () => {
	sbx = await sandbox();
	credentials = mailevaCredentials(sbx);
	token = await mailevaToken(mailevaCredentials(sbx));
});
afterAll(async () => {
	await sbx.close();
});

const methods = new LreTrigger().webhookMethods.default;
const advance = (duration: string) => control(sbx.url(), 'POST', '/clock', { advance: duration });

/** One LRE Trigger on Maileva (its own workflow and static data), served on a port, and its hooks. */
async function trigger(parameters: Record<string, unknown> = {}) {
	const workflowId = `wf-maileva-trigger-${++workflow}`;
	const staticData: Record<string, unknown> = {};
	const params = {
		provider: 'maileva',
		events: ['presented', 'accepted', 'refused', 'negligence', 'bounced', 'failed'],
		downloadProof: true,
		...parameters,
	};
	const faults = { proofDownloads: 0 };
	const served = await triggerServer(({ query, body }) => {
		const context = webhookContext({
			credentials: { ...credentials },
			parameters: params,
			staticData,
			workflowId,
			query,
			body,
		});
		// A proof download that fails (`faults.proofDownloads` times): Maileva's proof server unavailable.
		const request = context.helpers.httpRequestWithAuthentication;
		context.helpers.httpRequestWithAuthentication = (async (type: string, options: { url: string }) => {
			if (options.url.includes('/download_') && faults.proofDownloads > 0) {
				faults.proofDownloads--;
				throw Object.assign(new Error('Request failed with status code 502'), { response: { status: 502, data: '' } });
			}
			return await request.call(context, type, options as never);
		}) as typeof request;
		return context;
	});
	const webhookUrl = `${served.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
	const hooks = (extra: Record<string, unknown> = {}) =>
		hookContext({
			credentials: { ...credentials },
			parameters: { ...params, ...extra },
			staticData,
			workflowId,
			webhookUrl,
		});
	const deliver = async (body: Record<string, unknown>, query: Record<string, unknown>) => {
		const context = webhookContext({
			credentials: { ...credentials },
			parameters: params,
			staticData,
			workflowId,
			query,
			body,
		});
		const result = await new LreTrigger().webhook.call(context);
		return { result, answered: context.answered, sent: context.sent };
	};
	const mine = async () =>
		(await subscriptionsOf(sbx, token)).filter((s) => s.callback_url.startsWith(`${webhookUrl}?`));
	return { served, webhookUrl, hooks, staticData, deliver, mine, faults };
}

describe('LRE Trigger on Maileva: activation', () => {
	it('subscribes once per Maileva event needed with the secret URL; "exists" only while all are there; deactivation deletes them', async () => {
		const t = await trigger({ events: ['accepted', 'refused'] });
		const other = await trigger({ events: ['accepted'] });
		try {
			expect(await methods.checkExists.call(t.hooks())).toBe(false);
			expect(await methods.create.call(t.hooks())).toBe(true);
			await methods.create.call(other.hooks());
			const secret = String(t.staticData.mailevaSecret);
			expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
			expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
			const subscriptions = await t.mine();
			expect(
				subscriptions
					.map((s) => ({ event_type: s.event_type, resource_type: s.resource_type }))
					.sort((a, b) => `${a.resource_type}${a.event_type}`.localeCompare(`${b.resource_type}${b.event_type}`)),
			).toEqual(subscriptionsFor(['accepted', 'refused']));
			expect(subscriptions.map((s) => s.event_type).sort()).toEqual([
				'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
				'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
				'ON_UNDELIVERED_MAIL_RECEIVED',
			]);
			for (const s of subscriptions) expect(s.callback_url).toBe(`${t.webhookUrl}?lre_secret=${secret}`);
			expect(await methods.checkExists.call(t.hooks())).toBe(true);
			// Another event chosen, or a subscription gone: not "exists" any more.
			expect(await methods.checkExists.call(t.hooks({ events: ['accepted', 'refused', 'sent'] }))).toBe(false);
			await maileva(sbx, token, 'DELETE', `/notification_center/v2/subscriptions/${subscriptions[0].id}`);
			expect(await methods.checkExists.call(t.hooks())).toBe(false);
			// Creating again replaces this URL's subscriptions (a new secret), leaves the other trigger's alone.
			await methods.create.call(t.hooks());
			expect(t.staticData.mailevaSecret).not.toBe(secret);
			expect(await t.mine()).toHaveLength(3);
			expect(await methods.checkExists.call(t.hooks())).toBe(true);
			t.staticData.emitted = { 'x:accepted': 1 };
			expect(await methods.delete.call(t.hooks())).toBe(true);
			expect(await t.mine()).toEqual([]);
			expect(t.staticData.mailevaSecret).toBeUndefined();
			expect(t.staticData.emitted).toEqual({ 'x:accepted': 1 });
			expect(await methods.checkExists.call(t.hooks())).toBe(false);
			expect(await other.mine()).toHaveLength(1);
		} finally {
			await methods.delete.call(other.hooks());
			await t.served.close();
			await other.served.close();
		}
	});

	it('refuses to activate without an event, and without a webhook URL', async () => {
		const t = await trigger({ events: [] });
		try {
			await expect(methods.create.call(t.hooks())).rejects.toThrow('Choose at least one event in "Events"');
			const noUrl = hookContext({
				credentials: { ...credentials },
				parameters: { provider: 'maileva', events: ['accepted'] },
				webhookUrl: '',
			});
			await expect(methods.create.call(noUrl)).rejects.toThrow(/no webhook URL/);
			expect(await t.mine()).toEqual([]);
		} finally {
			await t.served.close();
		}
	});
});

describe('LRE Trigger on Maileva: callbacks', () => {
	it('a delivered letter starts one execution with its first presentation and its acknowledgement of receipt; every callback answered 201', async () => {
		const t = await trigger();
		try {
			await methods.create.call(t.hooks());
			const { sendingId } = await postLetter(sbx, token, 'MLV-ACCEPT');
			await advance('3d');
			expect(t.served.executions).toHaveLength(1);
			const [presented, accepted] = t.served.executions[0];
			expect(presented.json).toMatchObject({
				event: 'presented',
				eventKey: `${sendingId}:presented`,
				letterId: sendingId,
				state: 'accepted',
				reference: 'MLV-ACCEPT',
				proof: null,
				postal: { lastStatus: { code: 'LP18' } },
			});
			expect(presented.json.eventDate).toBe((presented.json.postal as { firstPresentedAt: string }).firstPresentedAt);
			expect(presented.binary).toBeUndefined();
			expect(accepted.json).toMatchObject({
				event: 'accepted',
				eventKey: `${sendingId}:accepted`,
				letterId: sendingId,
				reference: 'MLV-ACCEPT',
				proof: { type: 'acceptance' },
				postal: { registeredNumber: expect.stringMatching(/^1A/), undelivered: null },
			});
			const pdf = Buffer.from(String(accepted.binary?.proof.data), 'base64');
			expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
			expect((accepted.json.proof as { sha256: string }).sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
			expect(accepted.binary?.proof).toMatchObject({ mimeType: 'application/pdf' });
			// Every callback of this letter was answered 201, the later ones without a second execution.
			expect(t.served.answers.length).toBeGreaterThanOrEqual(2);
			expect(t.served.answers.map((a) => a.status)).toEqual(t.served.answers.map(() => 201));
			const notified = (await notificationsOf(sbx, token)).filter((n) => n.resource_custom_id === 'MLV-ACCEPT');
			expect(notified.length).toBe(t.served.answers.length);
			expect(notified.map((n) => n.status)).toEqual(notified.map(() => 'SENT'));
			// Maileva replays one: 201, nothing new.
			await maileva(sbx, token, 'POST', `/notification_center/v2/notifications/${notified[0].id}/retry`);
			for (let i = 0; i < 50 && t.served.answers.length === notified.length; i++)
				await new Promise((r) => setTimeout(r, 100));
			expect(t.served.answers.at(-1)).toMatchObject({ status: 201, body: { started: false, duplicate: true } });
			expect(t.served.executions).toHaveLength(1);
		} finally {
			await methods.delete.call(t.hooks());
			await t.served.close();
		}
	});

	it.each([
		['+refuse', 'refused', 'refusal', 'N05', '0d'],
		['+bounce', 'bounced', 'bounce', 'N07', '0d'],
		['+ignore', 'negligence', 'negligence', 'N03', '16d'],
	])(
		'an undelivered letter (%s) is reported %s with its %s proof and reason %s',
		async (tag, state, proof, reason, more) => {
			const t = await trigger({ events: [state] });
			try {
				await methods.create.call(t.hooks());
				const reference = `MLV-${state.toUpperCase()}`;
				const { sendingId } = await postLetter(sbx, token, reference, [
					`SAS Durand ${tag}`,
					'',
					'',
					'1 rue Haute',
					'',
					'75001 Paris',
				]);
				await advance('3d');
				if (more !== '0d') await advance(more);
				expect(t.served.executions).toHaveLength(1);
				expect(t.served.executions[0]).toHaveLength(1);
				expect(t.served.executions[0][0].json).toMatchObject({
					event: state,
					letterId: sendingId,
					reference,
					proof: { type: proof },
					postal: { undelivered: { reason } },
				});
			} finally {
				await methods.delete.call(t.hooks());
				await t.served.close();
			}
		},
	);

	it("503 when the proof cannot be fetched; Maileva's retry 10 minutes later starts the workflow, once", async () => {
		const t = await trigger({ events: ['accepted'] });
		try {
			await methods.create.call(t.hooks());
			const { sendingId } = await postLetter(sbx, token, 'MLV-RETRY');
			t.faults.proofDownloads = 1;
			await advance('3d');
			expect(t.served.executions).toHaveLength(0);
			expect(t.served.answers.map((a) => a.status)).toEqual([503]);
			const [notification] = (await notificationsOf(sbx, token)).filter((n) => n.resource_custom_id === 'MLV-RETRY');
			expect(notification).toMatchObject({ status: 'PENDING', attempt_count: 1, last_response_code: 503 });
			await advance('10m');
			expect(t.served.executions).toHaveLength(1);
			expect(t.served.executions[0][0].json).toMatchObject({
				event: 'accepted',
				letterId: sendingId,
				proof: { type: 'acceptance' },
			});
			expect((await notificationsOf(sbx, token)).find((n) => n.id === notification.id)).toMatchObject({
				status: 'SENT',
				attempt_count: 2,
			});
		} finally {
			await methods.delete.call(t.hooks());
			await t.served.close();
		}
	});

	it('401 without the secret or with another one: Maileva is not asked and nothing starts', async () => {
		const t = await trigger();
		try {
			await methods.create.call(t.hooks());
			const body = {
				resource_type: 'registered_mail/v4/sendings',
				resource_id: 'a1b2c3d4-0000-4000-8000-000000000000',
				event_type: 'ON_STATUS_ACCEPTED',
			};
			for (const query of [{}, { lre_secret: 'forged' }, { lre_secret: '' }, { lre_secret: ['a', 'b'] }]) {
				const { result, answered, sent } = await t.deliver(body, query);
				expect(answered).toEqual({
					status: 401,
					body: { error: 'This URL needs the secret the LRE Trigger gave Maileva when it subscribed.' },
				});
				expect(result).toEqual({ noWebhookResponse: true });
				expect(sent).toEqual([]);
			}
			expect(t.staticData.emitted).toBeUndefined();
			// After deactivation even the old secret is refused.
			const secret = String(t.staticData.mailevaSecret);
			await methods.delete.call(t.hooks());
			expect((await t.deliver(body, { lre_secret: secret })).answered.status).toBe(401);
		} finally {
			await t.served.close();
		}
	});

	it("answers 201 and starts nothing for what is not this account's letter, saying why; 400 for an unreadable callback", async () => {
		const t = await trigger();
		try {
			await methods.create.call(t.hooks());
			const query = { lre_secret: String(t.staticData.mailevaSecret) };
			const { sendingId, recipientId } = await postLetter(sbx, token, 'MLV-OWN');
			const location = `${sbx.url()}/maileva/registered_mail/v4/sendings/${sendingId}/recipients/${recipientId}`;
			const recipientCall = {
				resource_type: 'registered_mail/v4/recipients',
				resource_id: recipientId,
				resource_location: location,
				event_type: 'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
			};
			const cases: Array<[Record<string, unknown>, RegExp]> = [
				[
					{
						...recipientCall,
						resource_id: 'b0b0b0b0-0000-4000-8000-000000000000',
						resource_location: location
							.replace(sendingId, 'b0b0b0b0-0000-4000-8000-000000000000')
							.replace(recipientId, 'b0b0b0b0-0000-4000-8000-000000000000'),
					},
					/does not know this sending/,
				],
				[{ ...recipientCall, resource_custom_id: 'MLV-OTHER' }, /case reference is not the letter's/],
				[{ ...recipientCall, resource_type: 'mail/v2/recipients' }, /not a registered_mail\/v4/],
			];
			for (const [body, why] of cases) {
				const { answered, result } = await t.deliver(body, query);
				expect(answered.status).toBe(201);
				expect(answered.body).toMatchObject({ received: true, started: false, reason: expect.stringMatching(why) });
				expect(result.workflowData).toBeUndefined();
			}
			const unreadable = await t.deliver(
				{ ...recipientCall, resource_location: 'https://api.maileva.com/elsewhere' },
				query,
			);
			expect(unreadable.answered.status).toBe(400);
			expect(unreadable.answered.body).toEqual({
				error: 'The notification does not say which sending the recipient belongs to (resource_location).',
			});
			// The letter itself, not yet presented: nothing to report, still 201.
			const early = await t.deliver({ ...recipientCall, resource_custom_id: 'MLV-OWN' }, query);
			expect(early.answered).toMatchObject({ status: 201, body: { started: false, state: 'pending' } });
			expect(t.staticData.emitted).toEqual({});
		} finally {
			await methods.delete.call(t.hooks());
			await t.served.close();
		}
	});

	it('a rejected letter is reported "failed" from its sending notification', async () => {
		const t = await trigger({ events: ['failed'] });
		try {
			await methods.create.call(t.hooks());
			const { sendingId } = await postLetter(sbx, token, 'MLV-FAIL', [
				'SARL Rejet +fail',
				'',
				'',
				'1 rue Basse',
				'',
				'69001 Lyon',
			]);
			await advance(`${HOUR / 1000}s`);
			expect(t.served.executions).toHaveLength(1);
			expect(t.served.executions[0][0].json).toMatchObject({ event: 'failed', letterId: sendingId, proof: null });
			await advance(`${DAY / 1000}s`);
			expect(t.served.executions).toHaveLength(1);
		} finally {
			await methods.delete.call(t.hooks());
			await t.served.close();
		}
	});
});
