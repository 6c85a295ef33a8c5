/**
 * "At most one letter per case reference", without n8n: the lock, the lookup, the send record, the upload, the send
 * and the recovery after a lost answer, for any provider (`M` is its letter object, read through `identify`).
 * LRE Send (nodes/LreSend/actions/letter/send.operation.ts) gives it the ports below; tests give it fakes.
 * The text below says AR24, the first provider; the same holds for any provider's listing.
 *
 * Two independent sources say whether a reference was sent:
 *   - AR24's listing (`LetterLookup`): it proves absence only when it read in full and behaved as paged;
 *   - n8n's send record (`SendRecord`, n8n's de-duplication table in its database): an "attempt" entry written
 *     before the upload (removed again when AR24 certainly created nothing) and the letter id written after the send.
 *
 * Decision for a reference that the listing does not show:
 *   - the record holds the letter of an earlier attempt: it is read back (GET /mail), checked and returned;
 *   - the listing is complete (read in full, paged): send — AR24 lists every letter, so an earlier attempt without a
 *     letter there created none;
 *   - the listing is unreliable and the record holds an attempt without a letter: fail closed ("an earlier run may
 *     have sent it"), unless the user confirmed;
 *   - the listing is unreliable and the record holds nothing: fail closed, unless the user chose to trust the send
 *     record; without a send record (old n8n) always fail closed.
 */
import type { LetterIdentity } from '../provider/types';
import { canonicalReference } from './reference';

export interface ListingLookup<M> {
	mail?: M;
	/** Whether the listing read every letter and behaved as paged, so an absent reference was never sent. */
	complete: boolean;
	reason?: string;
}

export interface LetterLookup<M> {
	find(key: string, itemIndex: number): Promise<ListingLookup<M>>;
	/** The newest letters only (after a lost answer). */
	findRecent(key: string, itemIndex: number): Promise<M | undefined>;
	remember(mail: M): void;
}

export interface SendRecord {
	readonly available: boolean;
	/** Records an attempt; true when one was recorded already (by an earlier run). */
	markAttempt(key: string): Promise<boolean>;
	/** Whether an attempt was recorded, without recording one. */
	wasAttempted(key: string): Promise<boolean>;
	/** Forgets an attempt that certainly created no letter. */
	clearAttempt(key: string): Promise<void>;
	recordLetter(key: string, letterId: string): Promise<void>;
	/** The letter id recorded for this reference, if any. */
	letterId(key: string): Promise<string | undefined>;
}

export interface SendPorts<M> {
	lookup: LetterLookup<M>;
	record: SendRecord;
	/** The letter's id and case reference, read from the provider's object. */
	identify(mail: M): Pick<LetterIdentity, 'letterId' | 'reference'>;
	/** One letter by id (AR24: `GET /mail?id=`). */
	getLetter(letterId: string): Promise<M>;
	/** Uploads the attachments; returns the provider's file ids and the SHA-256 of each uploaded file by id. */
	upload(): Promise<{ ids: string[]; sha256ById: Record<string, string> }>;
	/** Sends the letter with these attachment ids (AR24: `POST /mail`). */
	deposit(attachmentIds: string[]): Promise<M>;
	/** Whether a failed deposit may nevertheless have created the letter (timeout, 5xx, unreadable answer). */
	mayHaveActed(error: unknown): boolean;
}

export interface SendPolicy {
	/** When AR24's listing cannot prove absence: `fail` (default) or trust n8n's send record. */
	incompleteListing: 'fail' | 'trustRecord';
	/** When an earlier attempt left no letter: `fail` (default) or send again (the user checked AR24). */
	unconfirmedAttempt: 'fail' | 'sendAgain';
}

export const DEFAULT_POLICY: SendPolicy = { incompleteListing: 'fail', unconfirmedAttempt: 'fail' };

export type FoundBy = 'listing' | 'sendRecord';

export interface SendResult<M> {
	mail: M;
	uploaded: Record<string, string>;
	alreadySent: boolean;
	recoveredAfterError: boolean;
	/** How an earlier letter was found (null for a new letter). */
	foundBy: FoundBy | null;
	/** Whether n8n's send record holds this letter. */
	recorded: boolean;
}

/** A refusal to send, for the item: which field, what is wrong, what to do. Nothing was sent. */
export class SendRefused extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`"${field}" ${problem}`);
		this.name = 'SendRefused';
	}
}

const FIELD = 'Case Reference';

/** Per-key mutual exclusion within one run: two items with one reference never run `sendOnce` at the same time. */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const next = previous.then(work, work);
		this.tails.set(
			key,
			next.catch(() => undefined),
		);
		return await next;
	}
}

async function fromRecord<M>(ports: SendPorts<M>, key: string, reference: string): Promise<M | undefined> {
	const id = await ports.record.letterId(key);
	if (!id) return undefined;
	const mail = await ports.getLetter(id);
	const shown = ports.identify(mail).reference;
	if (shown === undefined || canonicalReference(shown) !== key) {
		throw new SendRefused(
			FIELD,
			`"${reference}" is recorded in n8n as sent in letter ${id}, but AR24 shows that letter with the reference "${shown ?? ''}"`,
			"Nothing was sent. Check the letters of this reference in AR24; n8n's record cannot be trusted for it.",
		);
	}
	ports.lookup.remember(mail);
	return mail;
}

/**
 * Sends the letter for `reference` unless one exists. Call it under `KeyedLock.run(canonicalReference(reference))`.
 */
export async function sendOnce<M>(
	ports: SendPorts<M>,
	reference: string,
	itemIndex: number,
	policy: SendPolicy = DEFAULT_POLICY,
): Promise<SendResult<M>> {
	const key = canonicalReference(reference);
	const found = (mail: M, foundBy: FoundBy): SendResult<M> => ({
		mail,
		uploaded: {},
		alreadySent: true,
		recoveredAfterError: false,
		foundBy,
		recorded: foundBy === 'sendRecord',
	});
	const listing = await ports.lookup.find(key, itemIndex);
	if (listing.mail) return found(listing.mail, 'listing');

	const { record } = ports;
	if (!listing.complete) {
		const why = listing.reason ?? 'AR24 did not list every letter';
		if (!record.available) {
			throw new SendRefused(
				FIELD,
				`"${reference}": cannot prove this reference was never sent — ${why}, and this n8n has no de-duplication store to fall back on`,
				"Nothing was sent. Update n8n (LRE Send keeps its send record in n8n's database, available from n8n 1.70), or check in AR24 that no letter has this reference and send it from AR24.",
			);
		}
		if (await record.wasAttempted(key)) {
			const mail = await fromRecord(ports, key, reference);
			if (mail) return found(mail, 'sendRecord');
			if (policy.unconfirmedAttempt !== 'sendAgain') throw unconfirmed(reference);
		} else if (policy.incompleteListing !== 'trustRecord') {
			throw new SendRefused(
				FIELD,
				`"${reference}": cannot prove this reference was never sent — ${why}`,
				'Nothing was sent. Check in AR24 that no letter has this reference; then set Options → "When AR24\'s List Is Incomplete" to "Trust n8n\'s Send Record" (LRE Send then sends references this node has never sent), or send the letter from AR24.',
			);
		}
	}

	let recorded = false;
	if (record.available) {
		const earlier = await record.markAttempt(key);
		// An earlier attempt whose letter a complete listing does not show: AR24 never created it (the lost answer or
		// the crash came before), unless n8n recorded its letter (then that letter is returned).
		if (earlier) {
			const mail = await fromRecord(ports, key, reference);
			if (mail) return found(mail, 'sendRecord');
		}
		recorded = true;
	}

	let upload: { ids: string[]; sha256ById: Record<string, string> };
	try {
		upload = await ports.upload();
	} catch (error) {
		if (recorded) await record.clearAttempt(key);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
		throw error;
	}
	let mail: M;
	try {
		mail = await ports.deposit(upload.ids);
	} catch (error) {
		if (!ports.mayHaveActed(error)) {
			if (recorded) await record.clearAttempt(key);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			throw error;
		}
		// The answer was lost but AR24 may have created the letter: look before reporting a failure. The attempt stays
		// recorded, so a later run that cannot find the letter fails closed instead of sending a second one.
		const created = await ports.lookup.findRecent(key, itemIndex).catch(() => undefined);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
		if (!created) throw error;
		if (recorded) await record.recordLetter(key, ports.identify(created).letterId);
		return {
			mail: created,
			uploaded: upload.sha256ById,
			alreadySent: false,
			recoveredAfterError: true,
			foundBy: null,
			recorded,
		};
	}
	ports.lookup.remember(mail);
	if (recorded) await record.recordLetter(key, ports.identify(mail).letterId);
	return { mail, uploaded: upload.sha256ById, alreadySent: false, recoveredAfterError: false, foundBy: null, recorded };
}

function unconfirmed(reference: string): SendRefused {
	return new SendRefused(
		FIELD,
		`"${reference}": an earlier run started sending this reference and did not record its letter (a crash or a lost answer), and AR24's list, which cannot be read in full, does not show it`,
		'Nothing was sent. Check in AR24 whether a letter with this reference exists. If none does, set Options → "After an Unconfirmed Attempt" to "Send Again" for one run.',
	);
}
