/**
 * The LRE Trigger's checks, each a small function: is the request signed for this trigger, which letter does it
 * name, and does the letter belong to it (the once-only ledger is nodes/shared/eventLedger.ts). AR24's payload is only a hint: the state that
 * counts is the one AR24 reports when the letter is read back with the credential.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import type { Ar24Mail } from '../../lib/ar24/wire';
import { canonicalLetterId } from '../../lib/letter/eventMemory';
import { FINAL_STATES, stateOfAr24Mail } from '../../lib/letter/lifecycle';
import { sameReference } from '../../lib/letter/reference';
import { REFERENCE_PARAM, SIGNATURE_PARAM, verifyWebhookSignature, webhookIdOf } from '../../lib/letter/webhookAuth';
import { credentialWebhookKeys } from '../shared/webhookKey';

/**
 * The signed URL's verdict: not signed for this trigger (undefined), signed for the trigger (`{}`), or signed for the
 * trigger and one letter's case reference (`{ reference }`, URLs LRE Send binds to a letter).
 */
export async function signedFor(this: IWebhookFunctions): Promise<{ reference?: string } | undefined> {
	const query = this.getQueryData() as IDataObject;
	const webhookId = this.getNode().webhookId ?? '';
	if (webhookId === '') return undefined;
	const key = await credentialWebhookKeys.call(this);
	const reference = query[REFERENCE_PARAM];
	if (reference !== undefined) {
		return typeof reference === 'string' && verifyWebhookSignature(query[SIGNATURE_PARAM], key, webhookId, reference)
			? { reference }
			: undefined;
	}
	return verifyWebhookSignature(query[SIGNATURE_PARAM], key, webhookId) ? {} : undefined;
}

/** The letter id from AR24's body (form-encoded or JSON) or, failing that, the query, canonical; undefined when unusable. */
export function letterIdOf(body: unknown, query: IDataObject): string | undefined {
	const fromBody = typeof body === 'object' && body !== null ? (body as IDataObject).id_mail : undefined;
	return canonicalLetterId(fromBody ?? query.id_mail);
}

/**
 * Whether a letter read back from AR24 belongs to this trigger: sent by the credential's sender (AR24's `id_sender`,
 * or `from_email` when the credential names the sender by e-mail), with this trigger's URL when AR24 reports the
 * letter's webhook (field `webhook`, UNCONFIRMED) and with the case reference the URL is bound to, when it is.
 * Returns why not, for the log; undefined when it does belong.
 */
export function notOwnedBecause(
	mail: Ar24Mail,
	sender: { id_user?: string; email?: string },
	webhookId: string,
	boundReference: string | undefined,
): string | undefined {
	const raw = mail as Ar24Mail & Record<string, unknown>;
	if (sender.id_user !== undefined) {
		if (
			canonicalLetterId(raw.id_sender) === undefined ||
			canonicalLetterId(raw.id_sender) !== canonicalLetterId(sender.id_user)
		) {
			return 'it was not sent by the sender of this credential';
		}
	} else if (
		typeof raw.from_email !== 'string' ||
		raw.from_email.trim().toLowerCase() !==
			String(sender.email ?? '')
				.trim()
				.toLowerCase()
	) {
		return 'it was not sent by the sender of this credential';
	}
	const reported = typeof raw.webhook === 'string' && raw.webhook !== '' ? raw.webhook : undefined;
	if (reported !== undefined && (webhookIdOf(reported) ?? '').toLowerCase() !== webhookId.toLowerCase()) {
		return "it was sent with another trigger's URL";
	}
	if (boundReference !== undefined && !sameReference(String(raw.ref_dossier ?? ''), boundReference)) {
		return 'this URL was given for another letter';
	}
	return undefined;
}

export function keyFingerprint(key: string): string {
	return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** How long a trigger reuses the credential it read (an edited credential applies to deliveries after that). */
export const CREDENTIAL_REUSE_MS = 10_000;
const credentialCache = new Map<string, { until: number; data: ReturnType<IWebhookFunctions['getCredentials']> }>();

/**
 * The webhook context with its credential read at most once per CREDENTIAL_REUSE_MS by this n8n process, per
 * (workflow, node, credential). n8n reads and decrypts a credential from its database at every `getCredentials()`
 * — measured as the largest part of a delivery's cost (bench/trigger.js: a refused unsigned call cost 4× a whole
 * plain Webhook execution) — and the signature check, the letter's read-back and the sender check each asked for it.
 * A failed read is not kept. The data stays in this process's memory, as n8n's own copies do; it is never logged.
 */
export function withCachedCredentials(context: IWebhookFunctions): IWebhookFunctions {
	const node = context.getNode();
	const once = Object.create(context) as IWebhookFunctions;
	once.getCredentials = (async (type: string) => {
		const key = `${context.getWorkflow().id ?? ''}:${node.id}:${type}:${node.credentials?.[type]?.id ?? ''}`;
		const now = Date.now();
		let entry = credentialCache.get(key);
		if (!entry || entry.until <= now) {
			const data = context.getCredentials(type);
			entry = { until: now + CREDENTIAL_REUSE_MS, data };
			credentialCache.set(key, entry);
			data.catch(() => {
				if (credentialCache.get(key)?.data === data) credentialCache.delete(key);
			});
		}
		return await entry.data;
	}) as IWebhookFunctions['getCredentials'];
	return once;
}

const readsInFlight = new Map<string, Promise<Ar24Mail>>();

/**
 * The letter read back from AR24 (`read`), shared by the deliveries of one letter to one trigger that arrive while a
 * read of it is under way in this process — AR24's duplicates come back to back. A delivery that waited uses that read
 * only when it shows the letter in a final state (accepted, refused, …: it no longer changes, so a read of its own
 * would say the same); otherwise, or when that read failed, it reads the letter itself. Each delivery still checks
 * the signature, the owner and the ledger on its own; only the AR24 call is saved.
 */
export async function readBackShared(
	context: IWebhookFunctions,
	letterId: string,
	read: () => Promise<Ar24Mail>,
): Promise<Ar24Mail> {
	const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${letterId}`;
	const running = readsInFlight.get(key);
	if (running) {
		const mail = await running.catch(() => undefined);
		if (mail !== undefined && canonicalLetterId(mail?.id) === letterId && FINAL_STATES.includes(stateOfAr24Mail(mail)))
			return mail;
		return await read();
	}
	const mine = read();
	readsInFlight.set(key, mine);
	try {
		return await mine;
	} finally {
		if (readsInFlight.get(key) === mine) readsInFlight.delete(key);
	}
}
