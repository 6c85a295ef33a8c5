/**
 * AR24 signs nothing it POSTs to a letter's webhook (AR24's API documentation, webhooks), so the URL itself carries the proof of
 * origin: LRE Send appends `lre_sig` = HMAC-SHA256(key, "lre-webhook:v1:" + the trigger's webhook id) to the LRE
 * Trigger URL it gives AR24, and the trigger accepts only requests carrying the same value. The key lives in the
 * AR24 credential (its "Webhook Secret", or, when empty, one derived from the private key), so it survives
 * restarts and re-activations: a letter's URL is fixed when it is sent, and its last event may come 15+ days later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_PARAM = 'lre_sig';
/** The case reference a URL is bound to (see `signWebhookUrl`). */
export const REFERENCE_PARAM = 'lre_ref';
const UUID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^/?#]+\/?(?:[?#].*)?$/i;

export function webhookKey(privateKey: string, explicitKey?: string): string {
	const explicit = (explicitKey ?? '').trim();
	if (explicit) return explicit;
	return createHmac('sha256', privateKey).update('lre-webhook-key:v1').digest('hex');
}

/**
 * v1 signs the trigger's webhook id; v2 also signs the letter's case reference (`ref_dossier`), so the URL given to
 * AR24 for one letter cannot be used to make the trigger emit another letter (its reference differs).
 */
export function webhookSignature(key: string, webhookId: string, reference?: string): string {
	const message =
		reference === undefined
			? `lre-webhook:v1:${webhookId.toLowerCase()}`
			: `lre-webhook:v2:${webhookId.toLowerCase()}\n${reference}`;
	return createHmac('sha256', key).update(message).digest('base64url');
}

/** The n8n webhook id in an LRE Trigger URL (`…/webhook/<uuid>/webhook`), or undefined. */
export function webhookIdOf(url: string): string | undefined {
	return UUID_IN_PATH.exec(url)?.[1];
}

/**
 * The URL to give AR24: the trigger URL with its signature parameter (replacing any earlier one). With the letter's
 * case reference, the URL is bound to it (`lre_ref` + a v2 signature): the trigger then emits only that letter.
 */
export function signWebhookUrl(url: string, key: string, reference?: string): string | undefined {
	const id = webhookIdOf(url);
	if (!id) return undefined;
	const parsed = new URL(url);
	parsed.searchParams.delete(REFERENCE_PARAM);
	if (reference !== undefined) parsed.searchParams.set(REFERENCE_PARAM, reference);
	parsed.searchParams.set(SIGNATURE_PARAM, webhookSignature(key, id, reference));
	return parsed.toString();
}

/** Whether `signature` is the right one for this trigger (and reference, when the URL names one). Constant time, never throws. */
export function verifyWebhookSignature(
	signature: unknown,
	key: string,
	webhookId: string,
	reference?: string,
): boolean {
	if (typeof signature !== 'string' || signature === '') return false;
	const expected = Buffer.from(webhookSignature(key, webhookId, reference));
	const actual = Buffer.from(signature);
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}
