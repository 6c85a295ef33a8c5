/**
 * AR24 signs nothing it POSTs to a letter's webhook (AR24's API documentation, webhooks), so the URL itself carries the proof of
 * origin: LRE Send appends `lre_sig` = HMAC-SHA256(key, "lre-webhook:v1:" + the trigger's webhook id) to the LRE
 * Trigger URL it gives AR24, and the trigger accepts only requests carrying the same value. The key lives in a
 * credential, so it survives restarts and re-activations: a letter's URL is fixed when it is sent, and its last event
 * may come 15+ days later. New set-ups keep it in the LRE Signing Keys API credential (its Webhook Secret); existing
 * workflows in the AR24 credential (its "Webhook Secret", or, when empty, one derived from the private key). The
 * trigger accepts every key its node can build (nodes/shared/webhookKey.ts), so URLs signed before a switch still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_PARAM = 'lre_sig';
/** The case reference a URL is bound to (see `signWebhookUrl`). */
export const REFERENCE_PARAM = 'lre_ref';
const UUID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^/?#]+\/?(?:[?#].*)?$/i;

/** The shortest secret the LRE Signing Keys API credential accepts (`openssl rand -base64 32` gives 44 characters). */
export const MIN_SECRET_LENGTH = 16;

/** What is wrong with a secret typed into the LRE Signing Keys API credential, or undefined; never quotes it. */
export function secretProblem(secret: string): string | undefined {
	const value = secret.trim();
	if (value === '') return 'is empty';
	if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
	return undefined;
}

/** The AR24 credential's key (existing workflows): its Webhook Secret, or one derived from its private key. */
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

/**
 * Whether `signature` is the right one for this trigger (and reference, when the URL names one) under the key, or
 * under any of the keys given (the new credential's and the AR24 credential's, while URLs signed with either are in
 * flight). Constant time per key, never throws.
 */
export function verifyWebhookSignature(
	signature: unknown,
	key: string | readonly string[],
	webhookId: string,
	reference?: string,
): boolean {
	if (typeof signature !== 'string' || signature === '') return false;
	const actual = Buffer.from(signature);
	let valid = false;
	for (const one of typeof key === 'string' ? [key] : key) {
		if (one === '') continue;
		const expected = Buffer.from(webhookSignature(one, webhookId, reference));
		// Every key is tried (no early exit): the time taken does not say which key matched.
		if (expected.length === actual.length && timingSafeEqual(expected, actual)) valid = true;
	}
	return valid;
}
