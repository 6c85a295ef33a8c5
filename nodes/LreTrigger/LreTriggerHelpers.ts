/**
 * The LRE Trigger's checks, each a small function: is the request signed for this trigger, which letter does it
 * name, and has this (letter, state) already started a workflow. AR24's payload is only a hint: the state that
 * counts is the one AR24 reports when the letter is read back with the credential.
 */
import { createHash } from 'node:crypto';
import { sleep, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';
import { EventMemory, type EventRecord } from '../../lib/letter/eventMemory';
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
