/**
 * Maileva's `notification_center/v2` in the sandbox (OpenAPI `api-notification_center-v2-8.yaml`): subscriptions
 * (`POST/GET /subscriptions`, `GET/PATCH/DELETE /subscriptions/{id}`), the notifications sent (`GET /notifications`,
 * last 30 days; `GET /notifications/{id}[/content]`; `POST /notifications/{id}/retry`) and their delivery.
 *
 * Delivery: when a postal letter (`registered_mail/v4`, its life computed by ./lifecycle.ts on the sandbox clock)
 * crosses an event — sending ACCEPTED / PROCESSED / REJECTED, global deposit proof, recipient deposit proof, content
 * proof, acknowledgement of receipt, undelivered mail (PND), main delivery status FIRST_PRESENTATION / DELIVERED /
 * UNDELIVERED — Maileva's payload (`notification_content_creation`: the resource only, no status, no proof) is POSTed
 * as JSON to each subscription of that event and resource type that existed at the event's date. Only HTTP 201 counts
 * as received (Maileva: "votre URL de callback devra retourner une erreur 201"); otherwise the attempt is made again
 * on Maileva's schedule, on the sandbox clock: +10, +10, +20, +30, +50, +80, +130, +210, +340 minutes — 10 attempts
 * in all — then the notification is MAX_RETRY. Maileva's text says "jusqu'à 10 autres tentatives" and lists 9: the
 * sandbox makes the 10 attempts it lists (1 + 9 retries).
 *
 * State: one plain JSON-serialisable object per sandbox (`stateOf`), for the persistence of sandbox/maileva/state.ts.
 * The letters are read through the `SendingsSource` the Maileva router hands in with each request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sandbox } from '../context';
import { ApiError, json } from './answer';
import { mailevaState } from './state';
import { reply } from '../http';
import { postalState, MINUTE, DAY } from './lifecycle';

/** `event_type` of the OpenAPI file (all of them, whatever the resource). */
export const EVENT_TYPES = [
	'ON_STATUS_ACCEPTED',
	'ON_STATUS_REJECTED',
	'ON_STATUS_PROCESSED',
	'ON_STATUS_PROCESSED_WITH_ERRORS',
	'ON_DEPOSIT_PROOF_RECEIVED',
	'ON_GLOBAL_DEPOSIT_PROOF_RECEIVED',
	'ON_CONTENT_PROOF_RECEIVED',
	'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
	'ON_STATUS_ARCHIVED',
	'ON_DELIVERY_STATUS_MAIL_INVOICE_UNDELIVERED',
	'ON_DELIVERY_STATUS_PORTAL_INVOICE_RECEIVED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_SENT',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_RECEIVED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_RECIPIENT_UNSUBSCRIBED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_BLOCKED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_HARD_BOUNCED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_INVALID_DOMAIN',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_COMPLAINT',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_SOFT_BOUNCED',
	'ON_DELIVERY_STATUS_EMAIL_INVOICE_INVALID_RECIPIENT',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_DEPOSITED',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_RECEIVED',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_INVALID_RECIPIENT',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_REJECTED',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_SUSPENDED',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_ACCOUNTANT_RECEIVED',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_PAYMENT',
	'ON_DELIVERY_STATUS_CHORUS_INVOICE_INCOMPLETE',
	'ON_UNDELIVERED_MAIL_RECEIVED',
	'ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION',
	'ON_MAIN_DELIVERY_STATUS_DELIVERED',
	'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** `resource_type` of the OpenAPI file. */
export const RESOURCE_TYPES = [
	'mail/v2/sendings',
	'mail/v2/recipients',
	'registered_mail/v4/sendings',
	'registered_mail/v4/recipients',
	'registered_mail/v2/sendings',
	'registered_mail/v2/recipients',
	'invoices/v1/sendings',
	'invoices/v1/recipients',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * The events the file's table lists for `registered_mail/v4` (the sandbox refuses other pairs for these two
 * resource types: whether Maileva does is UNCONFIRMED; it serves only these).
 */
export const REGISTERED_MAIL_V4_EVENTS: Record<
	'registered_mail/v4/sendings' | 'registered_mail/v4/recipients',
	readonly EventType[]
> = {
	'registered_mail/v4/sendings': [
		'ON_STATUS_ACCEPTED',
		'ON_STATUS_REJECTED',
		'ON_STATUS_PROCESSED',
		'ON_GLOBAL_DEPOSIT_PROOF_RECEIVED',
	],
	'registered_mail/v4/recipients': [
		'ON_DEPOSIT_PROOF_RECEIVED',
		'ON_CONTENT_PROOF_RECEIVED',
		'ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED',
		'ON_UNDELIVERED_MAIL_RECEIVED',
		'ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION',
		'ON_MAIN_DELIVERY_STATUS_DELIVERED',
		'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
	],
};

/** Minutes between attempt n and n+1 (Maileva's published schedule). */
export const RETRY_DELAYS_MINUTES = [10, 10, 20, 30, 50, 80, 130, 210, 340] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** `GET /notifications` lists the last 30 days. */
export const NOTIFICATIONS_KEPT_MS = 30 * DAY;
/** How long the sandbox waits for a callback to answer (Maileva's own timeout is UNCONFIRMED). */
export const CALLBACK_TIMEOUT_MS = 10_000;
const MAX_PARALLEL = 8;
const TICK_MS = 1000;

/** What the sandbox's Maileva letters must offer (the shape of sandbox/maileva/server.ts's sendings). */
export interface NotifiableSending {
	id: string;
	custom_id?: string;
	custom_data?: string;
	acknowledgement_of_receipt: boolean;
	submitted?: number;
	recipients: ReadonlyArray<{ id: string; custom_id?: string; custom_data?: string; lines: string[] }>;
}
export type SendingsSource = () => readonly NotifiableSending[];

export interface SubscriptionRecord {
	id: string;
	event_type: EventType;
	resource_type: ResourceType;
	callback_url: string;
	authentication?: { basic: { login: string; password: string } };
	/** Sandbox clock, ms. */
	created_at: number;
}

export interface NotificationContent {
	source: string;
	user_id: string;
	client_id: string;
	event_type: EventType;
	resource_type: ResourceType;
	event_date: string;
	event_location: string;
	resource_id: string;
	resource_location: string;
	resource_custom_id?: string;
	resource_custom_data?: string;
}

export interface NotificationRecord {
	id: string;
	subscription_id: string;
	status: 'PENDING' | 'SENT' | 'MAX_RETRY';
	attempt_count: number;
	/** Attempts since the notification was created or last retried on request (the schedule restarts). */
	series_attempts: number;
	first_attempt_date?: string;
	last_attempt_date?: string;
	last_response_code?: number;
	/** Sandbox clock, ms: created, and when the next attempt is due (PENDING only). */
	created_at: number;
	next_at?: number;
	content: NotificationContent;
	history: Array<{ at: string; result: string }>;
}

/** This module's whole state for one sandbox: plain JSON. */
export interface NotificationsState {
	subscriptions: SubscriptionRecord[];
	notifications: NotificationRecord[];
	/** `resource_type:resource_id:event_type` → sandbox ms of the event, for events already notified (or past). */
	occurred: Record<string, number>;
}

/** The sandbox's one Maileva account, as notifications name it (the sandbox login's client). */
export const SANDBOX_USER_ID = '5a4d1c3e-0019-4b7a-9e0f-5a4d1c3e0019';
export const SANDBOX_CLIENT_ID = 'lre-sandbox';

const sources = new WeakMap<Sandbox, SendingsSource>();
const tickers = new WeakMap<Sandbox, ReturnType<typeof setInterval>>();
/** Attempts under way per sandbox, by notification id (started by the background tick or by a control call). */
const inFlight = new WeakMap<Sandbox, Map<string, Promise<void>>>();

/** The module's state, persisted with the sandbox's data dir (`./state.ts`, name `notifications`). */
export function stateOf(sandbox: Sandbox): NotificationsState {
	return mailevaState<NotificationsState>(sandbox, 'notifications', () => ({
		subscriptions: [],
		notifications: [],
		occurred: {},
	}));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One event of one resource, with its date on the sandbox clock. */
interface OccurredEvent {
	resource_type: 'registered_mail/v4/sendings' | 'registered_mail/v4/recipients';
	resource_id: string;
	resource_location: string;
	custom_id?: string;
	custom_data?: string;
	event_type: EventType;
	at: number;
}

/** The events a sending and its recipients have lived through by `now`, from the postal lifecycle. */
export function eventsOf(sending: NotifiableSending, now: number, base: string, sandbox: Sandbox): OccurredEvent[] {
	if (sending.submitted === undefined) return [];
	const submitted = sending.submitted;
	const sendingLocation = `${base}/registered_mail/v4/sendings/${sending.id}`;
	const out: OccurredEvent[] = [];
	const ofSending = (event_type: EventType, at: number) =>
		out.push({
			resource_type: 'registered_mail/v4/sendings',
			resource_id: sending.id,
			resource_location: sendingLocation,
			custom_id: sending.custom_id,
			custom_data: sending.custom_data,
			event_type,
			at,
		});
	const states = sending.recipients.map((r) => postalState(submitted, r.lines, now, sandbox.options.defaultOutcome));
	const first = states[0];
	if (first && first.sendingStatus !== 'PENDING' && first.sendingStatus !== 'DRAFT') {
		if (first.sendingStatus === 'REJECTED') ofSending('ON_STATUS_REJECTED', submitted + MINUTE);
		else {
			ofSending('ON_STATUS_ACCEPTED', submitted + MINUTE);
			// A `+fail` letter is processed at once (its recipient rejected); the others 10 minutes after the submit.
			if (first.sendingStatus === 'PROCESSED')
				ofSending('ON_STATUS_PROCESSED', first.processedAt ?? submitted + MINUTE);
		}
	}
	const deposits = states.map((s) => s.depositProofAt);
	if (deposits.length && deposits.every((at) => at !== undefined))
		ofSending('ON_GLOBAL_DEPOSIT_PROOF_RECEIVED', Math.max(...(deposits as number[])));
	sending.recipients.forEach((recipient, i) => {
		const state = states[i];
		const ofRecipient = (event_type: EventType, at: number) =>
			out.push({
				resource_type: 'registered_mail/v4/recipients',
				resource_id: recipient.id,
				resource_location: `${sendingLocation}/recipients/${recipient.id}`,
				custom_id: recipient.custom_id,
				custom_data: recipient.custom_data,
				event_type,
				at,
			});
		if (state.depositProofAt !== undefined) {
			ofRecipient('ON_DEPOSIT_PROOF_RECEIVED', state.depositProofAt);
			ofRecipient('ON_CONTENT_PROOF_RECEIVED', state.depositProofAt);
		}
		if (state.acknowledgementAt !== undefined && sending.acknowledgement_of_receipt)
			ofRecipient('ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED', state.acknowledgementAt);
		if (state.undelivered) ofRecipient('ON_UNDELIVERED_MAIL_RECEIVED', state.undelivered.at);
		// "Le destinataire est passé au statut de distribution …": once per main status reached.
		const main: Record<string, EventType> = {
			FIRST_PRESENTATION: 'ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION',
			DELIVERED: 'ON_MAIN_DELIVERY_STATUS_DELIVERED',
			UNDELIVERED: 'ON_MAIN_DELIVERY_STATUS_UNDELIVERED',
		};
		const reached = new Set<string>();
		for (const delivery of state.deliveries) {
			const event = main[delivery.category];
			if (!event || reached.has(event)) continue;
			reached.add(event);
			ofRecipient(event, Date.parse(delivery.date));
		}
	});
	return out;
}

/** Turns the letters' new events into notifications for the subscriptions that existed at their date. */
function detect(sandbox: Sandbox, state: NotificationsState, now: number): void {
	const source = sources.get(sandbox);
	if (!source) return;
	const base = `${sandbox.url()}/maileva`;
	const fresh: OccurredEvent[] = [];
	for (const sending of source()) {
		for (const event of eventsOf(sending, now, base, sandbox)) {
			const key = `${event.resource_type}:${event.resource_id}:${event.event_type}`;
			if (state.occurred[key] !== undefined) continue;
			state.occurred[key] = event.at;
			fresh.push(event);
		}
	}
	fresh.sort((a, b) => a.at - b.at);
	for (const event of fresh) {
		for (const subscription of state.subscriptions) {
			if (subscription.event_type !== event.event_type || subscription.resource_type !== event.resource_type) continue;
			if (subscription.created_at > event.at) continue;
			state.notifications.push({
				id: randomUUID(),
				subscription_id: subscription.id,
				status: 'PENDING',
				attempt_count: 0,
				series_attempts: 0,
				created_at: now,
				next_at: now,
				content: {
					source: 'api.maileva.com',
					user_id: SANDBOX_USER_ID,
					client_id: SANDBOX_CLIENT_ID,
					event_type: event.event_type,
					resource_type: event.resource_type,
					event_date: iso(event.at),
					event_location: 'FR',
					resource_id: event.resource_id,
					resource_location: event.resource_location,
					...(event.custom_id !== undefined ? { resource_custom_id: event.custom_id } : {}),
					...(event.custom_data !== undefined ? { resource_custom_data: event.custom_data } : {}),
				},
				history: [],
			});
		}
	}
}

async function attempt(sandbox: Sandbox, state: NotificationsState, notification: NotificationRecord): Promise<void> {
	const subscription = state.subscriptions.find((s) => s.id === notification.subscription_id);
	let code: number | undefined;
	let result: string;
	try {
		if (!subscription) throw new Error('the subscription was deleted');
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': 'lre-sandbox-maileva-notification/1',
		};
		const basic = subscription.authentication?.basic;
		if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.login}:${basic.password}`).toString('base64')}`;
		const response = await fetch(subscription.callback_url, {
			method: 'POST',
			headers,
			body: JSON.stringify(notification.content),
			signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
		});
		await response.arrayBuffer().catch(() => undefined);
		code = response.status;
		result = `HTTP ${response.status}`;
	} catch (error) {
		result = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	}
	const now = sandbox.clock.now();
	notification.attempt_count += 1;
	notification.series_attempts += 1;
	notification.first_attempt_date ??= iso(now);
	notification.last_attempt_date = iso(now);
	if (code !== undefined) notification.last_response_code = code;
	notification.history.push({ at: iso(now), result });
	if (code === 201) {
		notification.status = 'SENT';
		delete notification.next_at;
	} else if (notification.series_attempts >= MAX_ATTEMPTS) {
		notification.status = 'MAX_RETRY';
		delete notification.next_at;
	} else {
		notification.next_at = now + RETRY_DELAYS_MINUTES[notification.series_attempts - 1] * MINUTE;
	}
}

/**
 * Detects the letters' new events and makes every attempt that is due on the sandbox clock; resolves when those
 * attempts have ended. Called by the control API after the clock moves, and every second while subscriptions exist.
 */
export async function deliverNotifications(sandbox: Sandbox): Promise<void> {
	const state = stateOf(sandbox);
	const now = sandbox.clock.now();
	detect(sandbox, state, now);
	let running = inFlight.get(sandbox);
	if (!running) inFlight.set(sandbox, (running = new Map()));
	const flying = running;
	// In batches of MAX_PARALLEL, until none is due: a clock moved by days delivers everything before it answers.
	for (;;) {
		const due = state.notifications
			.filter((n) => n.status === 'PENDING' && (n.next_at ?? Infinity) <= now && !flying.has(n.id))
			.sort((a, b) => (a.next_at ?? 0) - (b.next_at ?? 0))
			.slice(0, MAX_PARALLEL);
		if (due.length === 0) break;
		await Promise.all(
			due.map(async (notification) => {
				const started = attempt(sandbox, state, notification).finally(() => flying.delete(notification.id));
				flying.set(notification.id, started);
				await started;
			}),
		);
	}
	// Attempts the background tick had started end before this returns: a control call that moved the clock answers
	// after the deliveries it made due.
	await Promise.all([...flying.values()]);
}

/** Runs `deliverNotifications` every second (unref'd) from the first notification_center request, until the server closes. */
function keepTicking(sandbox: Sandbox): void {
	if (tickers.has(sandbox)) return;
	let busy = false;
	const ticker = setInterval(() => {
		if (busy || stateOf(sandbox).subscriptions.length === 0) return;
		busy = true;
		deliverNotifications(sandbox)
			.catch(() => undefined)
			.finally(() => {
				busy = false;
			});
	}, TICK_MS);
	ticker.unref();
	tickers.set(sandbox, ticker);
	const server = (sandbox as Sandbox & { server?: { once(event: 'close', listener: () => void): unknown } }).server;
	server?.once('close', () => clearInterval(ticker));
}

/**
 * Tells the module where the sandbox's Maileva letters are, and starts its clock tick. Each notification_center
 * request does it; a sandbox restored with subscriptions (persistence) should do it at start-up.
 */
export function connectNotifications(sandbox: Sandbox, sendings: SendingsSource): void {
	sources.set(sandbox, sendings);
	keepTicking(sandbox);
}

/**
 * At start-up: a sandbox restarted on a data dir that holds subscriptions or notifications still to deliver
 * resumes delivering them at once (not only at the next notification_center request).
 */
export function resumeNotifications(sandbox: Sandbox, sendings: SendingsSource): void {
	const state = stateOf(sandbox);
	if (state.subscriptions.length > 0 || state.notifications.some((n) => n.status === 'PENDING'))
		connectNotifications(sandbox, sendings);
}

function parseBody(body: Buffer): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(body.toString('utf8') || '{}');
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw new ApiError(400, 'BAD_REQUEST', 'The body must be a JSON object');
}

function callbackUrl(value: unknown): string {
	if (typeof value !== 'string' || !value.trim())
		throw new ApiError(400, 'BAD_REQUEST', 'callback_url: must not be empty');
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ApiError(400, 'BAD_REQUEST', 'callback_url: must be an http(s) URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw new ApiError(400, 'BAD_REQUEST', 'callback_url: must be an http(s) URL');
	if (value.length > 2048) throw new ApiError(400, 'BAD_REQUEST', 'callback_url: at most 2048 characters');
	return value;
}

function authentication(value: unknown): SubscriptionRecord['authentication'] | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value))
		throw new ApiError(400, 'BAD_REQUEST', 'authentication: must be an object');
	const { basic, oauth2 } = value as { basic?: unknown; oauth2?: unknown };
	if (oauth2 !== undefined)
		throw new ApiError(400, 'BAD_REQUEST', 'authentication.oauth2: not simulated by the sandbox (use basic)');
	if (basic === undefined) return undefined;
	const { login, password } = (basic ?? {}) as { login?: unknown; password?: unknown };
	if (typeof login !== 'string' || typeof password !== 'string')
		throw new ApiError(400, 'BAD_REQUEST', 'authentication.basic: login and password must be strings');
	return { basic: { login, password } };
}

function subscriptionResponse(subscription: SubscriptionRecord): Record<string, unknown> {
	return {
		id: subscription.id,
		event_type: subscription.event_type,
		resource_type: subscription.resource_type,
		callback_url: subscription.callback_url,
		// The password is not shown back.
		...(subscription.authentication
			? { authentication: { basic: { login: subscription.authentication.basic.login } } }
			: {}),
	};
}

function notificationResponse(notification: NotificationRecord): Record<string, unknown> {
	const { content } = notification;
	return {
		id: notification.id,
		subscription_id: notification.subscription_id,
		status: notification.status,
		attempt_count: notification.attempt_count,
		...(notification.first_attempt_date ? { first_attempt_date: notification.first_attempt_date } : {}),
		...(notification.last_attempt_date ? { last_attempt_date: notification.last_attempt_date } : {}),
		...(notification.last_response_code !== undefined ? { last_response_code: notification.last_response_code } : {}),
		resource_type: content.resource_type,
		resource_id: content.resource_id,
		...(content.resource_custom_id !== undefined ? { resource_custom_id: content.resource_custom_id } : {}),
		...(content.resource_custom_data !== undefined ? { resource_custom_data: content.resource_custom_data } : {}),
	};
}

function paging(url: URL): { start: number; count: number } {
	const start = Number(url.searchParams.get('start_index') ?? 1);
	const count = Number(url.searchParams.get('count') ?? 50);
	if (!Number.isInteger(start) || start < 1) throw new ApiError(400, 'BAD_REQUEST', 'start_index: must be at least 1');
	if (!Number.isInteger(count) || count < 1 || count > 500)
		throw new ApiError(400, 'BAD_REQUEST', 'count: must be between 1 and 500');
	return { start, count };
}

/**
 * Answers one request under `/maileva/notification_center/v2/` (after the Maileva router's bearer-token check).
 * `sub` is the path after `/maileva`, `body` the request body already read, `sendings` how to read the letters.
 */
export async function handleNotifications(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	sub: string,
	body: Buffer,
	sendings: SendingsSource,
): Promise<void> {
	connectNotifications(sandbox, sendings);
	const state = stateOf(sandbox);
	const method = (req.method ?? 'GET').toUpperCase();
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const path = sub.slice('/notification_center/v2'.length).replace(/\/+$/, '');
	const base = `${sandbox.url()}/maileva/notification_center/v2`;
	let m: RegExpExecArray | null;
	try {
		if (path === '/subscriptions' && method === 'POST') {
			const input = parseBody(body);
			const eventType = input.event_type;
			const resourceType = input.resource_type;
			if (!EVENT_TYPES.includes(eventType as EventType))
				throw new ApiError(400, 'BAD_REQUEST', `event_type: must be one of ${EVENT_TYPES.join(', ')}`);
			if (!RESOURCE_TYPES.includes(resourceType as ResourceType))
				throw new ApiError(400, 'BAD_REQUEST', `resource_type: must be one of ${RESOURCE_TYPES.join(', ')}`);
			const v4 = REGISTERED_MAIL_V4_EVENTS[resourceType as keyof typeof REGISTERED_MAIL_V4_EVENTS];
			if (v4 && !v4.includes(eventType as EventType))
				throw new ApiError(
					400,
					'BAD_REQUEST',
					`event_type: ${String(eventType)} is not an event of ${String(resourceType)} (${v4.join(', ')})`,
				);
			const subscription: SubscriptionRecord = {
				id: randomUUID(),
				event_type: eventType as EventType,
				resource_type: resourceType as ResourceType,
				callback_url: callbackUrl(input.callback_url),
				...(authentication(input.authentication) ? { authentication: authentication(input.authentication) } : {}),
				created_at: sandbox.clock.now(),
			};
			// Events already lived through are not notified to a new subscription: mark them before it exists.
			detect(sandbox, state, sandbox.clock.now());
			state.subscriptions.push(subscription);
			return json(res, 201, subscriptionResponse(subscription), {
				location: `${base}/subscriptions/${subscription.id}`,
			});
		}
		if (path === '/subscriptions' && method === 'GET') {
			const { start, count } = paging(url);
			return json(res, 200, {
				subscriptions: state.subscriptions.slice(start - 1, start - 1 + count).map(subscriptionResponse),
				paging: { total_results: state.subscriptions.length },
			});
		}
		if ((m = /^\/subscriptions\/([^/]{1,40})$/.exec(path))) {
			const subscription = state.subscriptions.find((s) => s.id === m?.[1]);
			if (!subscription) throw new ApiError(404, 'NOT_FOUND', `Subscription ${m[1]} not found`);
			if (method === 'GET') return json(res, 200, subscriptionResponse(subscription));
			if (method === 'DELETE') {
				state.subscriptions.splice(state.subscriptions.indexOf(subscription), 1);
				return reply(res, 204, '', 'application/json; charset=utf-8');
			}
			if (method === 'PATCH') {
				const input = parseBody(body);
				for (const name of Object.keys(input))
					if (name !== 'callback_url' && name !== 'authentication')
						throw new ApiError(400, 'BAD_REQUEST', `${name}: only callback_url and authentication can be changed`);
				if (input.callback_url !== undefined) subscription.callback_url = callbackUrl(input.callback_url);
				if (input.authentication === null) delete subscription.authentication;
				else if (input.authentication !== undefined) {
					const auth = authentication(input.authentication);
					if (auth) subscription.authentication = auth;
					else delete subscription.authentication;
				}
				return json(res, 200, subscriptionResponse(subscription), {
					location: `${base}/subscriptions/${subscription.id}`,
				});
			}
			throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${sub}`);
		}
		if (path === '/notifications' && method === 'GET') {
			const { start, count } = paging(url);
			const since = sandbox.clock.now() - NOTIFICATIONS_KEPT_MS;
			const recent = state.notifications.filter((n) => n.created_at >= since);
			return json(res, 200, {
				notifications: recent.slice(start - 1, start - 1 + count).map(notificationResponse),
				paging: { total_results: recent.length },
			});
		}
		if ((m = /^\/notifications\/([^/]{1,40})(\/content|\/retry)?$/.exec(path))) {
			const notification = state.notifications.find((n) => n.id === m?.[1]);
			if (!notification) throw new ApiError(404, 'NOT_FOUND', `Notification ${m[1]} not found`);
			if (!m[2] && method === 'GET') return json(res, 200, notificationResponse(notification));
			if (m[2] === '/content' && method === 'GET') return json(res, 200, notification.content);
			if (m[2] === '/retry' && method === 'POST') {
				notification.status = 'PENDING';
				notification.series_attempts = 0;
				notification.next_at = sandbox.clock.now();
				void deliverNotifications(sandbox).catch(() => undefined);
				return json(res, 200, notificationResponse(notification), {
					location: `${base}/notifications/${notification.id}`,
				});
			}
			throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${sub}`);
		}
		throw new ApiError(404, 'NOT_FOUND', `No route ${method} ${sub}`);
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		// 400: `errors_response`; 404 / 405: `error_response` (as the OpenAPI file describes them).
		if (error.status === 400) return json(res, 400, { errors: [{ code: error.code, message: error.message }] });
		json(res, error.status, { code: error.code, message: error.message });
	}
}
