/**
 * The sandbox's Maileva `notification_center/v2` over HTTP: subscriptions checked against the OpenAPI enums, the
 * payload POSTed when a postal letter crosses an event on the sandbox clock, only HTTP 201 counting as received,
 * Maileva's retry schedule (+10, +10, +20, +30, +50, +80, +130, +210, +340 min) run by advancing the clock, then
 * MAX_RETRY, `GET /notifications` and `POST /notifications/{id}/retry`.
 */
import { HOUR, MINUTE } from '../../sandbox/maileva/lifecycle';
import { MAX_ATTEMPTS, RETRY_DELAYS_MINUTES, stateOf } from '../../sandbox/maileva/notifications';
import type { RunningSandbox } from '../../sandbox/server';
import { maileva, mailevaCredentials, mailevaToken } from '../helpers/maileva';
import { notificationsOf, postLetter, subscriptionsOf } from '../helpers/mailevaTrigger';
import { receiver, type Receiver } from '../helpers/receiver';
import { control, sandbox, tempDir } from '../helpers/sandbox';

let sbx: RunningSandbox;
let inbox: Receiver;
let token: string;

beforeAll(async () => {
	sbx = await sandbox();
	inbox = await receiver();
	token = await mailevaToken(mailevaCredentials(sbx));
});
afterAll(async () => {
	await sbx.close();
	await inbox.close();
});

const subscribe = (body: Record<string, unknown>) =>
	maileva(sbx, token, 'POST', '/notification_center/v2/subscriptions', body);
const advance = (ms: number) => control(sbx.url(), 'POST', '/clock', { advance: `${ms / 1000}s` });
const at = (path: string) => inbox.deliveries.filter((d) => d.path === path);

describe('Maileva notification_center subscriptions (sandbox)', () => {
	it('creates, lists, reads, changes and deletes a subscription; needs a bearer token', async () => {
		const created = await subscribe({
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			callback_url: `${inbox.url}/crud`,
		});
		expect(created.status).toBe(201);
		const id = String(created.json.id);
		expect(created.headers.get('location')).toBe(`${sbx.url()}/maileva/notification_center/v2/subscriptions/${id}`);
		expect(created.json).toEqual({
			id,
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			callback_url: `${inbox.url}/crud`,
		});
		expect((await subscriptionsOf(sbx, token)).map((s) => s.id)).toContain(id);
		const patched = await maileva(sbx, token, 'PATCH', `/notification_center/v2/subscriptions/${id}`, {
			callback_url: `${inbox.url}/crud2`,
		});
		expect(patched.json.callback_url).toBe(`${inbox.url}/crud2`);
		expect((await maileva(sbx, token, 'GET', `/notification_center/v2/subscriptions/${id}`)).json.callback_url).toBe(
			`${inbox.url}/crud2`,
		);
		expect((await maileva(sbx, token, 'DELETE', `/notification_center/v2/subscriptions/${id}`)).status).toBe(204);
		const gone = await maileva(sbx, token, 'GET', `/notification_center/v2/subscriptions/${id}`);
		expect(gone.status).toBe(404);
		expect(gone.json).toMatchObject({ code: 'NOT_FOUND' });
		expect((await maileva(sbx, 'sbx.forged', 'GET', '/notification_center/v2/subscriptions')).status).toBe(401);
	});

	it.each([
		[{ event_type: 'ON_STATUS_SENT' }, /event_type: must be one of/],
		[{ resource_type: 'electronic_qualified_registered_mail/v1/sendings' }, /resource_type: must be one of/],
		[{ event_type: 'ON_STATUS_ACCEPTED' }, /ON_STATUS_ACCEPTED is not an event of registered_mail\/v4\/recipients/],
		[{ callback_url: 'ftp://example.com/hook' }, /callback_url: must be an http\(s\) URL/],
		[{ callback_url: 'not a url' }, /callback_url: must be an http\(s\) URL/],
		[{ callback_url: '' }, /callback_url: must not be empty/],
	])('refuses %j with 400 naming the field', async (change, message) => {
		const before = (await subscriptionsOf(sbx, token)).length;
		const answer = await subscribe({
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			callback_url: `${inbox.url}/x`,
			...change,
		});
		expect(answer.status).toBe(400);
		const errors = answer.json.errors as Array<{ message: string }>;
		expect(errors[0].message).toMatch(message);
		expect(await subscriptionsOf(sbx, token)).toHaveLength(before);
	});
});

describe('Maileva notifications: delivery and retries on the sandbox clock', () => {
	it("POSTs Maileva's payload at the event; retries a non-201 on Maileva's schedule, then MAX_RETRY; retry on request", async () => {
		inbox.status = 200; // only 201 counts as received
		const subscription = await subscribe({
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			callback_url: `${inbox.url}/retry?k=1`,
		});
		const { sendingId, recipientId } = await postLetter(sbx, token, 'NOTIF-RETRY');
		await advance(HOUR - MINUTE);
		expect(at('/retry?k=1')).toHaveLength(0);
		await advance(MINUTE);
		expect(at('/retry?k=1')).toHaveLength(1);
		const payload = JSON.parse(at('/retry?k=1')[0].body) as Record<string, unknown>;
		expect(payload).toEqual({
			source: 'api.maileva.com',
			user_id: expect.any(String),
			client_id: expect.any(String),
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			event_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			event_location: 'FR',
			resource_id: recipientId,
			resource_location: `${sbx.url()}/maileva/registered_mail/v4/sendings/${sendingId}/recipients/${recipientId}`,
			resource_custom_id: 'NOTIF-RETRY',
		});
		const mine = async () =>
			(await notificationsOf(sbx, token)).find((n) => n.subscription_id === subscription.json.id);
		expect(await mine()).toMatchObject({ status: 'PENDING', attempt_count: 1, last_response_code: 200 });

		for (const [i, minutes] of RETRY_DELAYS_MINUTES.entries()) {
			await advance(minutes * MINUTE - 30_000);
			expect(at('/retry?k=1')).toHaveLength(i + 1);
			await advance(30_000);
			expect(at('/retry?k=1')).toHaveLength(i + 2);
		}
		expect(MAX_ATTEMPTS).toBe(10);
		expect(await mine()).toMatchObject({ status: 'MAX_RETRY', attempt_count: 10, last_response_code: 200 });
		await advance(24 * HOUR);
		expect(at('/retry?k=1')).toHaveLength(10);

		// POST /notifications/{id}/retry: one more attempt now; 201 → SENT.
		inbox.status = 201;
		const id = String((await mine())?.id);
		const retried = await maileva(sbx, token, 'POST', `/notification_center/v2/notifications/${id}/retry`);
		expect(retried.status).toBe(200);
		for (let i = 0; i < 50 && (await mine())?.status !== 'SENT'; i++) await new Promise((r) => setTimeout(r, 100));
		expect(await mine()).toMatchObject({ status: 'SENT', attempt_count: 11, last_response_code: 201 });
		const content = await maileva(sbx, token, 'GET', `/notification_center/v2/notifications/${id}/content`);
		expect(content.json).toEqual(payload);
		await advance(HOUR);
		expect(at('/retry?k=1')).toHaveLength(11);
	});

	it('notifies each main delivery status, the acknowledgement of receipt and the sending statuses once, to the subscriptions of that event', async () => {
		inbox.status = 201;
		const types: Array<[string, string]> = [
			['ON_STATUS_ACCEPTED', 'registered_mail/v4/sendings'],
			['ON_STATUS_PROCESSED', 'registered_mail/v4/sendings'],
			['ON_MAIN_DELIVERY_STATUS_DELIVERED', 'registered_mail/v4/recipients'],
			['ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION', 'registered_mail/v4/recipients'],
			['ON_MAIN_DELIVERY_STATUS_UNDELIVERED', 'registered_mail/v4/recipients'],
			['ON_UNDELIVERED_MAIL_RECEIVED', 'registered_mail/v4/recipients'],
			['ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED', 'registered_mail/v4/recipients'],
		];
		for (const [event_type, resource_type] of types)
			expect((await subscribe({ event_type, resource_type, callback_url: `${inbox.url}/all` })).status).toBe(201);
		const accepted = await postLetter(sbx, token, 'NOTIF-ACCEPT');
		const ignored = await postLetter(sbx, token, 'NOTIF-IGNORE', [
			'Paul Petit +ignore',
			'',
			'',
			'3 rue Neuve',
			'',
			'13001 Marseille',
		]);
		await advance(3 * 24 * HOUR);
		await advance(16 * 24 * HOUR);
		const got = at('/all').map((d) => JSON.parse(d.body) as { event_type: string; resource_id: string });
		const of = (id: string) =>
			got
				.filter((p) => p.resource_id === id)
				.map((p) => p.event_type)
				.sort();
		expect(of(accepted.sendingId)).toEqual(['ON_STATUS_ACCEPTED', 'ON_STATUS_PROCESSED']);
		expect(of(accepted.recipientId)).toEqual([
			'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
			'ON_MAIN_DELIVERY_STATUS_DELIVERED',
		]);
		expect(of(ignored.recipientId)).toEqual([
			'ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION',
			'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
			'ON_UNDELIVERED_MAIL_RECEIVED',
		]);
		// The state is plain JSON (for the sandbox's persistence).
		expect(JSON.parse(JSON.stringify(stateOf(sbx)))).toEqual(stateOf(sbx));
	});

	it('a subscription created after an event is not notified of it', async () => {
		inbox.status = 201;
		const { recipientId } = await postLetter(sbx, token, 'NOTIF-LATE');
		await advance(2 * HOUR);
		await subscribe({
			event_type: 'ON_DEPOSIT_PROOF_RECEIVED',
			resource_type: 'registered_mail/v4/recipients',
			callback_url: `${inbox.url}/late`,
		});
		await advance(HOUR);
		expect(at('/late').filter((d) => d.body.includes(recipientId))).toHaveLength(0);
	});
});

describe('Maileva notifications across a sandbox restart (data dir)', () => {
	it('keeps the subscriptions and the pending notification, retries it, and notifies later events without any new subscription request', async () => {
		const dataDir = tempDir();
		const hook = await receiver();
		hook.status = 500;
		let first: RunningSandbox | undefined = await sandbox({ dataDir });
		let second: RunningSandbox | undefined;
		try {
			const firstToken = await mailevaToken(mailevaCredentials(first));
			for (const event_type of ['ON_DEPOSIT_PROOF_RECEIVED', 'ON_MAIN_DELIVERY_STATUS_DELIVERED'])
				expect(
					(
						await maileva(first, firstToken, 'POST', '/notification_center/v2/subscriptions', {
							event_type,
							resource_type: 'registered_mail/v4/recipients',
							callback_url: `${hook.url}/restart`,
						})
					).status,
				).toBe(201);
			const { recipientId } = await postLetter(first, firstToken, 'RESTART-NOTIF-1');
			await control(first.url(), 'POST', '/clock', { advance: `${(2 * HOUR) / 1000}s` });
			expect(hook.deliveries.filter((d) => d.path === '/restart')).toHaveLength(1);
			await first.close();
			first = undefined;

			hook.status = 201;
			second = await sandbox({ dataDir });
			// No notification_center request before this: the sandbox resumes its deliveries by itself at start.
			// +10 min: the failed deposit-proof notification's retry; +2 days: the letter is delivered.
			await control(second.url(), 'POST', '/clock', { advance: `${(2 * 24 * HOUR) / 1000}s` });
			const token2 = await mailevaToken(mailevaCredentials(second));
			expect((await subscriptionsOf(second, token2)).map((s) => s.event_type).sort()).toEqual([
				'ON_DEPOSIT_PROOF_RECEIVED',
				'ON_MAIN_DELIVERY_STATUS_DELIVERED',
			]);
			const bodies = hook.deliveries
				.filter((d) => d.path === '/restart')
				.map((d) => JSON.parse(d.body) as { event_type: string; resource_id: string });
			expect(bodies.map((b) => b.event_type)).toEqual([
				'ON_DEPOSIT_PROOF_RECEIVED',
				'ON_DEPOSIT_PROOF_RECEIVED',
				'ON_MAIN_DELIVERY_STATUS_DELIVERED',
			]);
			expect(new Set(bodies.map((b) => b.resource_id))).toEqual(new Set([recipientId]));
			const sent = stateOf(second).notifications.filter((n) => n.status === 'SENT');
			expect(sent).toHaveLength(2);
		} finally {
			await first?.close();
			await second?.close();
			await hook.close();
		}
	});
});
