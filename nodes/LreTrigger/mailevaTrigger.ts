/**
 * The LRE Trigger on Maileva: postal registered letters (`registered_mail/v4`) whose status changes Maileva pushes
 * through `notification_center/v2` (OpenAPI `api-notification_center-v2-8.yaml`).
 *
 * Activation subscribes this node's webhook URL to the Maileva events behind the events chosen, one subscription per
 * (event type, resource type), the URL carrying a random secret (`lre_secret`, 32 bytes, base64url) kept in the node's
 * static data; deactivation deletes them. Maileva signs nothing and its payload names a resource only (no status, no
 * proof), so a callback is believed only with the secret (compared in constant time), and only what Maileva answers
 * when the letter is read back with the credential counts. A letter this account cannot read (404), or whose case
 * reference differs from the callback's, starts nothing and is answered 201 so that Maileva stops retrying; a read
 * that fails is answered 503, and Maileva retries on its schedule (+10 min … +340 min, 10 attempts).
 *
 * Events: those of both triggers (sent = La Poste's deposit proof, accepted = acknowledgement of receipt, refused,
 * negligence = not claimed after the 15-day instance, bounced = undelivered for another reason, failed = rejected
 * by Maileva), plus `presented`: La Poste's first presentation of the letter to the recipient (delivered, refused,
 * or a notice left), with its date — the date French law often counts from. Every item carries `postal` (registered
 * number, La Poste's last status, first presentation, undelivered reason), as the LRE Poll Trigger's do.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';
import { eventKey } from '../../lib/letter/eventMemory';
import { normalizeMailevaLetter, postalDetails, type MailevaLetter } from '../../lib/maileva/provider';
import { EventLedger } from '../shared/eventLedger';
import { eventItem, type LetterEvent } from '../shared/letterEvents';
import { mailevaRequest } from '../shared/mailevaTransport';
import { mailevaHandle } from '../shared/provider';

export type MailevaTriggerEvent = LetterEvent | 'presented';

/** The query parameter that carries the secret in the callback URL. */
export const SECRET_PARAM = 'lre_secret';
const NOTIFICATIONS = '/notification_center/v2';
const RECIPIENTS = 'registered_mail/v4/recipients';
const SENDINGS = 'registered_mail/v4/sendings';

/** The Maileva subscriptions (event type, resource type) each event needs. */
export const MAILEVA_SUBSCRIPTIONS: Record<MailevaTriggerEvent, Array<[string, string]>> = {
	sent: [['ON_DEPOSIT_PROOF_RECEIVED', RECIPIENTS]],
	presented: [
		['ON_MAIN_DELIVERY_STATUS_FIRST_PRESENTATION', RECIPIENTS],
		['ON_MAIN_DELIVERY_STATUS_DELIVERED', RECIPIENTS],
		['ON_MAIN_DELIVERY_STATUS_UNDELIVERED', RECIPIENTS],
	],
	accepted: [['ON_ACKNOWLEDGEMENT_OF_RECEIPT_RECEIVED', RECIPIENTS]],
	// The state is read from the undelivered-mail reason (PND): it arrives with the PND, maybe after the status.
	refused: [
		['ON_UNDELIVERED_MAIL_RECEIVED', RECIPIENTS],
		['ON_MAIN_DELIVERY_STATUS_UNDELIVERED', RECIPIENTS],
	],
	negligence: [
		['ON_UNDELIVERED_MAIL_RECEIVED', RECIPIENTS],
		['ON_MAIN_DELIVERY_STATUS_UNDELIVERED', RECIPIENTS],
	],
	bounced: [
		['ON_UNDELIVERED_MAIL_RECEIVED', RECIPIENTS],
		['ON_MAIN_DELIVERY_STATUS_UNDELIVERED', RECIPIENTS],
	],
	// Maileva lists no recipient status event for registered_mail/v4: a rejected recipient shows on its sending.
	failed: [
		['ON_STATUS_REJECTED', SENDINGS],
		['ON_STATUS_PROCESSED', SENDINGS],
	],
};

/** The subscriptions the chosen events need, each once, in a stable order. */
export function subscriptionsFor(events: readonly string[]): Array<{ event_type: string; resource_type: string }> {
	const pairs = new Map<string, { event_type: string; resource_type: string }>();
	for (const event of events)
		for (const [event_type, resource_type] of MAILEVA_SUBSCRIPTIONS[event as MailevaTriggerEvent] ?? [])
			pairs.set(`${resource_type} ${event_type}`, { event_type, resource_type });
	return [...pairs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, pair]) => pair);
}

export const MAILEVA_EVENT_OPTIONS: Array<{ name: string; value: MailevaTriggerEvent; description: string }> = [
	{
		name: 'Accepted (Acknowledgement of Receipt)',
		value: 'accepted',
		description: 'The acknowledgement of receipt signed by the recipient is back (avis de réception)',
	},
	{
		name: 'Bounced (Undelivered)',
		value: 'bounced',
		description: 'La Poste could not deliver the letter (unknown recipient, faulty address): the reason is in "postal"',
	},
	{
		name: 'Failed (Maileva Could Not Send)',
		value: 'failed',
		description: 'Maileva rejected the letter (address or document): it was not posted',
	},
	{
		name: 'First Presentation',
		value: 'presented',
		description:
			'The postman presented the letter for the first time (delivered, refused, or a notice left): the date the law often counts from',
	},
	{
		name: 'Negligence (Not Claimed in 15 Days)',
		value: 'negligence',
		description: 'The recipient did not collect the letter at the post office within the 15-day instance',
	},
	{ name: 'Refused', value: 'refused', description: 'The recipient refused the letter' },
	{ name: 'Sent (Deposit Proof)', value: 'sent', description: "La Poste's deposit proof is available" },
];

/** The Maileva events field (the AR24 one is `eventProperties`' first). */
export const mailevaEventsField: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: MAILEVA_EVENT_OPTIONS,
	default: ['presented', 'accepted', 'refused', 'negligence', 'bounced', 'failed'],
	required: true,
	description: 'Which status changes of postal registered letters start the workflow',
	displayOptions: { show: { provider: ['maileva'] } },
};

interface MailevaSubscription {
	id?: unknown;
	event_type?: unknown;
	resource_type?: unknown;
	callback_url?: unknown;
}

const withoutQuery = (url: string): string => url.split('?')[0];

function callbackUrlOf(webhookUrl: string, secret: string): string {
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${SECRET_PARAM}=${secret}`;
}

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url || !/^https?:\/\//i.test(url))
		throw new NodeOperationError(context.getNode(), 'This n8n has no webhook URL for the LRE Trigger', {
			description: 'Set WEBHOOK_URL (the public address of this n8n) so that Maileva can reach it.',
		});
	return url;
}

/** Every subscription of the credential's account (Maileva pages by 500 at most). */
async function listSubscriptions(context: IHookFunctions): Promise<MailevaSubscription[]> {
	const all: MailevaSubscription[] = [];
	for (let page = 0; page < 40; page++) {
		const answer = (await mailevaRequest.call(context, {
			method: 'GET',
			path: `${NOTIFICATIONS}/subscriptions`,
			params: { start_index: page * 500 + 1, count: 500 },
		})) as { subscriptions?: MailevaSubscription[]; paging?: { total_results?: unknown } };
		const found = Array.isArray(answer.subscriptions) ? answer.subscriptions : [];
		all.push(...found);
		const total = Number(answer.paging?.total_results);
		if (found.length < 500 || (Number.isFinite(total) && all.length >= total)) return all;
	}
	return all;
}

/** n8n's errors as they are (mailevaRequest throws NodeApiError, with no request details); anything else wrapped. */
function hookError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error));
}

async function deleteSubscription(context: IHookFunctions, id: string): Promise<void> {
	try {
		await mailevaRequest.call(context, { method: 'DELETE', path: `${NOTIFICATIONS}/subscriptions/${id}` });
	} catch (error) {
		// Already gone: what deleting it was for.
		if ((error as NodeApiError).httpCode !== '404') throw hookError(context, error);
	}
}

const ours = (subscription: MailevaSubscription, webhookUrl: string): boolean =>
	typeof subscription.callback_url === 'string' && withoutQuery(subscription.callback_url) === withoutQuery(webhookUrl);

function chosenEvents(context: IHookFunctions | IWebhookFunctions): MailevaTriggerEvent[] {
	return (context.getNodeParameter('events', []) as MailevaTriggerEvent[]).filter(
		(event) => MAILEVA_SUBSCRIPTIONS[event] !== undefined,
	);
}

/** n8n's activation hooks for Maileva: the subscriptions of this node's URL. */
export const mailevaWebhookMethods = {
	/** True only when every subscription the events need exists with this node's exact callback URL, and no other. */
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node');
		const secret = typeof data.mailevaSecret === 'string' ? data.mailevaSecret : '';
		if (!secret) return false;
		const webhookUrl = webhookUrlOf(this);
		const expected = callbackUrlOf(webhookUrl, secret);
		const mine = (await listSubscriptions(this)).filter((s) => ours(s, webhookUrl));
		const needed = subscriptionsFor(chosenEvents(this));
		const exact = (s: MailevaSubscription, need: { event_type: string; resource_type: string }) =>
			s.callback_url === expected && s.event_type === need.event_type && s.resource_type === need.resource_type;
		return (
			needed.length > 0 &&
			needed.every((need) => mine.some((s) => exact(s, need))) &&
			mine.every((s) => needed.some((need) => exact(s, need)))
		);
	},

	/** Removes this URL's earlier subscriptions, makes a new secret, subscribes; undoes what it made if one fails. */
	async create(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node');
		const webhookUrl = webhookUrlOf(this);
		const needed = subscriptionsFor(chosenEvents(this));
		if (needed.length === 0)
			throw new NodeOperationError(this.getNode(), 'Choose at least one event in "Events"', {
				description: 'The LRE Trigger subscribes to Maileva for the events chosen.',
			});
		for (const stale of (await listSubscriptions(this)).filter((s) => ours(s, webhookUrl)))
			await deleteSubscription(this, String(stale.id));
		const secret = randomBytes(32).toString('base64url');
		const callback_url = callbackUrlOf(webhookUrl, secret);
		const created: string[] = [];
		try {
			for (const need of needed) {
				const answer = (await mailevaRequest.call(this, {
					method: 'POST',
					path: `${NOTIFICATIONS}/subscriptions`,
					json: { ...need, callback_url },
				})) as MailevaSubscription;
				if (typeof answer.id !== 'string' || !answer.id)
					throw new NodeApiError(this.getNode(), {} as JsonObject, {
						message: `Maileva created no subscription for ${need.event_type} (no id in its answer)`,
						description: 'Activate the workflow again later.',
					});
				created.push(answer.id);
			}
		} catch (error) {
			for (const id of created) await deleteSubscription(this, id).catch(() => undefined);
			throw hookError(this, error);
		}
		data.mailevaSecret = secret;
		data.mailevaSubscriptionIds = created;
		data.activatedAt = new Date().toISOString();
		return true;
	},

	/** Deletes this URL's subscriptions (and forgets the secret); keeps the memory of the events emitted. */
	async delete(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node');
		const ids = new Set(Array.isArray(data.mailevaSubscriptionIds) ? data.mailevaSubscriptionIds.map(String) : []);
		let done = true;
		try {
			const webhookUrl = webhookUrlOf(this);
			for (const subscription of await listSubscriptions(this))
				if (ours(subscription, webhookUrl)) ids.add(String(subscription.id));
			for (const id of ids) await deleteSubscription(this, id);
		} catch (error) {
			// The secret is forgotten anyway: a subscription left behind is refused (401) until Maileva gives up.
			this.logger.warn('LRE Trigger could not delete its Maileva subscriptions', { error: (error as Error).message });
			done = false;
		}
		delete data.mailevaSecret;
		delete data.mailevaSubscriptionIds;
		delete data.activatedAt;
		return done;
	},
};

/** Whether `given` is the stored secret, in constant time (undefined or empty never is). */
export function secretMatches(given: unknown, stored: unknown): boolean {
	if (typeof given !== 'string' || typeof stored !== 'string' || stored === '') return false;
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(stored).digest();
	return timingSafeEqual(a, b);
}

/** The resource a callback names: a sending, or one recipient of a sending. */
export interface NotifiedResource {
	resourceType: typeof SENDINGS | typeof RECIPIENTS;
	sendingId: string;
	recipientId?: string;
	customId?: string;
	eventType: string;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * What a Maileva callback names, or why it cannot be used: `{ notOurs }` for a resource this trigger does not
 * follow (another resource type), `{ unreadable }` for a payload without what a registered_mail/v4 one carries.
 * The recipient's sending is read from `resource_location`'s path (`…/sendings/{id}/recipients/{id}`: the shape
 * of Maileva's example for sendings, UNCONFIRMED for recipients); the URL itself is never called.
 */
export function notifiedResource(body: unknown): NotifiedResource | { notOurs: string } | { unreadable: string } {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { unreadable: 'The body is not a Maileva notification (a JSON object).' };
	const b = body as Record<string, unknown>;
	const type = b.resource_type;
	if (type !== SENDINGS && type !== RECIPIENTS)
		return { notOurs: `resource_type ${JSON.stringify(type)} is not a registered_mail/v4 sending or recipient` };
	const id = typeof b.resource_id === 'string' ? b.resource_id : '';
	if (!ID.test(id)) return { unreadable: 'No valid resource_id in the notification.' };
	const customId = typeof b.resource_custom_id === 'string' ? b.resource_custom_id : undefined;
	const eventType = typeof b.event_type === 'string' ? b.event_type : '';
	if (type === SENDINGS) return { resourceType: SENDINGS, sendingId: id, customId, eventType };
	let path = '';
	try {
		path = new URL(String(b.resource_location ?? '')).pathname;
	} catch {
		// handled below
	}
	const m = /\/registered_mail\/v4\/sendings\/([A-Za-z0-9-]{1,64})\/recipients\/([A-Za-z0-9-]{1,64})\/?$/.exec(path);
	if (!m || m[2] !== id)
		return { unreadable: 'The notification does not say which sending the recipient belongs to (resource_location).' };
	return { resourceType: RECIPIENTS, sendingId: m[1], recipientId: id, customId, eventType };
}

function answer(context: IWebhookFunctions, status: number, body: IDataObject): void {
	context.getResponseObject().status(status).json(body);
}

/**
 * The item of a first presentation: the letter as read back, the presentation's date, no proof (there is none). The
 * LRE Poll Trigger makes the same item.
 */
export async function presentedItem(
	context: IWebhookFunctions | IPollFunctions,
	letter: ReturnType<typeof normalizeMailevaLetter>,
	presentedAt: string,
): Promise<INodeExecutionData> {
	const item = await eventItem.call(context, letter as never, 'sent', false);
	item.json = {
		...item.json,
		event: 'presented',
		eventKey: eventKey(letter.letterId, 'presented'),
		eventDate: presentedAt,
		proof: null,
	};
	return item;
}

/** One Maileva callback: the secret, the resource, read back, this trigger's events not emitted yet — or the answer. */
export async function handleMailevaDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const data = this.getWorkflowStaticData('node');
	const query = this.getQueryData() as IDataObject;
	if (!secretMatches(query[SECRET_PARAM], data.mailevaSecret)) {
		answer(this, 401, { error: 'This URL needs the secret the LRE Trigger gave Maileva when it subscribed.' });
		return { noWebhookResponse: true };
	}
	const ledger = new EventLedger(this);
	ledger.save();
	const named = notifiedResource(this.getBodyData());
	if ('unreadable' in named) {
		this.logger.warn(`LRE Trigger could not read a Maileva notification: ${named.unreadable}`);
		answer(this, 400, { error: named.unreadable });
		return { noWebhookResponse: true };
	}
	const ignore = (why: string, extra: IDataObject = {}): IWebhookResponseData => {
		// 201: Maileva stops retrying a notification this trigger has nothing to do with.
		answer(this, 201, { received: true, started: false, reason: why, ...extra });
		return { noWebhookResponse: true };
	};
	if ('notOurs' in named) return ignore(named.notOurs);

	const { provider } = mailevaHandle.call(this);
	let native: MailevaLetter;
	try {
		native = (await provider.getLetter(named.sendingId)) as MailevaLetter;
	} catch (error) {
		if ((error as NodeApiError).httpCode === '404')
			return ignore("Maileva does not know this sending for the credential's account");
		this.logger.warn(`LRE Trigger could not read Maileva sending ${named.sendingId} back`, {
			error: (error as Error).message,
		});
		// 503: Maileva tries again on its schedule.
		answer(this, 503, { error: 'Could not read the letter back from Maileva; retry later.' });
		return { noWebhookResponse: true };
	}
	const { sending, recipient } = native;
	if (String(sending?.id ?? '') !== named.sendingId) return ignore('Maileva answered with another sending');
	if (named.recipientId !== undefined && String(recipient?.id ?? '') !== named.recipientId)
		return ignore('this recipient is not the one letter of its sending (not a letter LRE Send sent)');
	const reference = typeof sending.custom_id === 'string' ? sending.custom_id : '';
	if (!reference || sending.status === 'DRAFT') return ignore('not a letter LRE Send sent (no case reference)');
	const notifiedCustomId = named.recipientId !== undefined ? recipient?.custom_id : sending.custom_id;
	if (named.customId !== undefined && named.customId !== notifiedCustomId)
		return ignore("the notification's case reference is not the letter's");

	const letter = normalizeMailevaLetter(native);
	const postal = postalDetails(native);
	const events = chosenEvents(this);
	const due: MailevaTriggerEvent[] = [];
	if (events.includes('presented') && postal.firstPresentedAt) due.push('presented');
	if (letter.state !== 'pending' && events.includes(letter.state)) due.push(letter.state);
	const claimed = due.filter((event) => ledger.claim(letter.letterId, event));
	if (claimed.length === 0) {
		if (due.length) return ignore('already reported', { state: letter.state, duplicate: true });
		return ignore(
			letter.state === 'pending'
				? 'nothing to report yet'
				: `the letter is ${letter.state}, which is not an event chosen in this trigger`,
			{ state: letter.state },
		);
	}
	const withProof = this.getNodeParameter('downloadProof', true) as boolean;
	const items: INodeExecutionData[] = [];
	try {
		for (const event of claimed) {
			const item =
				event === 'presented'
					? await presentedItem(this, letter, postal.firstPresentedAt as string)
					: await eventItem.call(
							this,
							letter as never,
							event,
							withProof,
							async (proof, what) => await provider.fetchProof(proof, what),
						);
			item.json.postal = postal as unknown as IDataObject;
			items.push(item);
		}
	} catch (error) {
		for (const event of claimed) ledger.release(letter.letterId, event);
		this.logger.warn(`LRE Trigger could not prepare the events of Maileva letter ${letter.letterId}`, {
			error: (error as Error).message,
		});
		answer(this, 503, { error: 'Could not fetch the proof; retry later.' });
		return { noWebhookResponse: true };
	}
	ledger.save();
	ledger.saveLater();
	// Maileva counts only 201 as received.
	answer(this, 201, { received: true, started: true, events: claimed });
	return { noWebhookResponse: true, workflowData: [items] };
}
