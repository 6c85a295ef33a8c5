/**
 * The LRE Trigger's checks, each a small function: is the request signed for this trigger, which letter does it
 * name, and has this (letter, state) already started a workflow. AR24's payload is only a hint: the state that
 * counts is the one AR24 reports when the letter is read back with the credential.
 */
import { createHash } from 'node:crypto';
import { sleep, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';
import type { Ar24Mail } from '../../lib/ar24/wire';
import { canonicalLetterId, EventMemory, type EventRecord } from '../../lib/letter/eventMemory';
import { sameReference } from '../../lib/letter/reference';
import { REFERENCE_PARAM, SIGNATURE_PARAM, verifyWebhookSignature, webhookIdOf } from '../../lib/letter/webhookAuth';
import { credentialWebhookKey } from '../shared/webhookKey';

/**
 * The signed URL's verdict: not signed for this trigger (undefined), signed for the trigger (`{}`), or signed for the
 * trigger and one letter's case reference (`{ reference }`, URLs LRE Send binds to a letter).
 */
export async function signedFor(this: IWebhookFunctions): Promise<{ reference?: string } | undefined> {
	const query = this.getQueryData() as IDataObject;
	const webhookId = this.getNode().webhookId ?? '';
	if (webhookId === '') return undefined;
	const key = await credentialWebhookKey.call(this);
	const reference = query[REFERENCE_PARAM];
	if (reference !== undefined) {
		return typeof reference === 'string' && verifyWebhookSignature(query[SIGNATURE_PARAM], key, webhookId, reference) ? { reference } : undefined;
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
		if (canonicalLetterId(raw.id_sender) === undefined || canonicalLetterId(raw.id_sender) !== canonicalLetterId(sender.id_user)) {
			return 'it was not sent by the sender of this credential';
		}
	} else if (typeof raw.from_email !== 'string' || raw.from_email.trim().toLowerCase() !== String(sender.email ?? '').trim().toLowerCase()) {
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

/**
 * Once-only memory of a webhook trigger, kept in the node's static data. Two n8n behaviours make a plain write
 * unreliable: several deliveries can be handled at once, each saving the static data it loaded (the last save
 * drops the others' events); and when a webhook starts an execution, n8n 2.x resets the "changed" flag of the
 * static data as it creates that execution, so the write made by the trigger is not saved. Hence:
 *  - every process remembers what it emitted, and every write stores the union of it and what was saved;
 *  - every signed request writes that union (requests that start no execution are saved reliably, so AR24's
 *    next delivery of anything persists the memory);
 *  - after an emission the union is written again a few times while the execution runs, so its end saves it.
 * After a restart, the saved union is the memory. (Several n8n webhook processes: see README.)
 */
const emittedByTrigger = new Map<string, EventMemory>();
const REWRITE_AFTER_MS = [50, 250, 1000, 3000];

function processMemory(triggerId: string): EventMemory {
	let memory = emittedByTrigger.get(triggerId);
	if (!memory) {
		memory = new EventMemory({});
		emittedByTrigger.set(triggerId, memory);
	}
	return memory;
}

function storedMemory(staticData: IDataObject): EventMemory {
	return new EventMemory({ ...((staticData.emitted as EventRecord | undefined) ?? {}) });
}

/** Writes what was saved plus what this process emitted, as a new object so n8n sees the change. */
export function writeMemory(staticData: IDataObject, triggerId: string): void {
	const union = new EventMemory({ ...storedMemory(staticData).record, ...processMemory(triggerId).record });
	union.prune();
	staticData.emitted = { ...union.record };
}

/** Claims an event for emission; false when it was emitted (or is being emitted) already. */
export function claimEvent(staticData: IDataObject, triggerId: string, letterId: string, state: string): boolean {
	if (storedMemory(staticData).has(letterId, state) || !processMemory(triggerId).add(letterId, state)) return false;
	writeMemory(staticData, triggerId);
	return true;
}

/** Writes the memory again while the execution the emission started is running (see above). */
export function rewriteMemoryLater(staticData: IDataObject, triggerId: string): void {
	for (const ms of REWRITE_AFTER_MS) void sleep(ms).then(() => writeMemory(staticData, triggerId));
}

/** Gives an event back when it could not be emitted, so a later delivery tries again. */
export function releaseEvent(staticData: IDataObject, triggerId: string, letterId: string, state: string): void {
	processMemory(triggerId).remove(letterId, state);
	const stored = storedMemory(staticData);
	stored.remove(letterId, state);
	staticData.emitted = { ...stored.record };
}
