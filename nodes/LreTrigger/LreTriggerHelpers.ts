/**
 * The LRE Trigger's checks, each a small function: is the request signed for this trigger, which letter does it
 * name, and has this (letter, state) already started a workflow. AR24's payload is only a hint: the state that
 * counts is the one AR24 reports when the letter is read back with the credential.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { SIGNATURE_PARAM, verifyWebhookSignature } from '../../lib/letter/webhookAuth';
import { credentialWebhookKey } from '../shared/webhookKey';

export async function isSignedRequest(this: IWebhookFunctions): Promise<boolean> {
	const query = this.getQueryData() as IDataObject;
	const webhookId = this.getNode().webhookId ?? '';
	const key = await credentialWebhookKey.call(this);
	return webhookId !== '' && verifyWebhookSignature(query[SIGNATURE_PARAM], key, webhookId);
}

/** The letter id from AR24's body (form-encoded or JSON) or, failing that, the query; undefined when unusable. */
export function letterIdOf(body: unknown, query: IDataObject): string | undefined {
	const fromBody = typeof body === 'object' && body !== null ? (body as IDataObject).id_mail : undefined;
	const value = fromBody ?? query.id_mail;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	return /^\d{1,18}$/.test(text) ? text : undefined;
}

export function keyFingerprint(key: string): string {
	return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Deliveries of one event can arrive together (AR24 retries, replays) while static data is saved only after an
 * execution: events handled or emitted by this process are also held here (bounded, oldest forgotten first).
 */
const claimed = new Set<string>();
const CLAIM_LIMIT = 20_000;

export function claim(key: string): boolean {
	if (claimed.has(key)) return false;
	claimed.add(key);
	if (claimed.size > CLAIM_LIMIT) claimed.delete(claimed.values().next().value as string);
	return true;
}

/** Gives an event back when it could not be emitted, so a later delivery can try again. */
export function release(key: string): void {
	claimed.delete(key);
}
