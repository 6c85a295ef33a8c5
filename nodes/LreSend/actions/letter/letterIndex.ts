/**
 * Finds the sender's letters by case reference (compared in canonical form, lib/letter/reference.ts) in the
 * provider's listing (AR24: `ref_dossier` in `GET /user/mail`), read page by page (AR24: `max`, `start`,
 * `sort=DESC`) only as far as needed.
 *
 * AR24 does not document paging on that route (README, UNCONFIRMED), so the listing proves that a reference was
 * never sent only when it behaved as paged: read up to an empty page, no page larger than asked, no page made only of
 * letters already read (a server that ignores `start` returns the same page again), letters newest first by deposit
 * date. Anything else makes the index `unreliable`: letters it read still count, but the absence of a reference
 * proves nothing (LRE Send then relies on n8n's send record or fails closed, see lib/letter/sendOnce.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { canonicalReference } from '../../../../lib/letter/reference';
import type { LetterLookup, ListingLookup } from '../../../../lib/letter/sendOnce';
import type { LetterProvider } from '../../../../lib/provider/types';
import { asNodeError } from '../../../shared/errors';
import { PAGE_SIZE } from '../../../shared/letterPages';

export class LetterIndex<M> implements LetterLookup<M> {
	private readonly byReference = new Map<string, M>();
	private readonly seen = new Set<string>();
	private start = 0;
	/** Deposit time of the oldest letter read so far (newest-first order check). */
	private oldest = Infinity;
	private status: 'reading' | 'complete' | 'unreliable' = 'reading';
	private reason = '';
	private reading?: Promise<void>;

	constructor(
		private readonly context: IExecuteFunctions,
		/** The provider, its calls carried for a given item (errors name the item that needed the page). */
		private readonly providerFor: (itemIndex: number) => LetterProvider<M>,
		private readonly senderId: string,
		private readonly pageSize = PAGE_SIZE,
	) {}

	/** The newest letter with this canonical reference, and whether its absence is proven by a complete listing. */
	async find(key: string, itemIndex: number): Promise<ListingLookup<M>> {
		while (!this.byReference.has(key) && this.status === 'reading') {
			this.reading ??= this.readPage(itemIndex).finally(() => {
				this.reading = undefined;
			});
			await this.reading;
		}
		return { mail: this.byReference.get(key), complete: this.status === 'complete', reason: this.reason || undefined };
	}

	/** Reads the newest page again (after a write whose answer was lost) and looks for the reference there. */
	async findRecent(key: string, itemIndex: number): Promise<M | undefined> {
		const page = await this.page(0, itemIndex);
		for (const mail of page) this.remember(mail);
		return page.find((mail) => {
			const reference = this.provider.identify(mail).reference;
			return reference !== undefined && canonicalReference(reference) === key;
		});
	}

	remember(mail: M): void {
		const { reference: shown, letterId } = this.provider.identify(mail);
		const reference = shown !== undefined ? canonicalReference(shown) : '';
		if (!reference) return;
		const known = this.byReference.get(reference);
		if (!known || Number(this.provider.identify(known).letterId) < Number(letterId))
			this.byReference.set(reference, mail);
	}

	private get provider(): LetterProvider<M> {
		return this.providerFor(0);
	}

	private async page(start: number, itemIndex: number): Promise<M[]> {
		return await this.providerFor(itemIndex).listLetters(this.senderId, { start, max: this.pageSize });
	}

	private unreliable(reason: string): void {
		this.status = 'unreliable';
		this.reason = reason;
	}

	/** Reads the next page and checks it; a failed read keeps the position, so the next lookup tries it again. */
	private async readPage(itemIndex: number): Promise<void> {
		let rows: M[];
		try {
			rows = await this.page(this.start, itemIndex);
		} catch (error) {
			throw asNodeError(this.context.getNode(), error, itemIndex);
		}
		if (rows.length === 0) {
			this.status = 'complete';
			return;
		}
		const { label } = this.provider;
		if (rows.length > this.pageSize)
			return this.unreliable(
				`${label} returned ${rows.length} letters for a page of ${this.pageSize} (it ignores "max")`,
			);
		const ids = rows.map((mail) => this.provider.identify(mail));
		const firstFresh = ids.findIndex((mail) => !this.seen.has(mail.letterId));
		if (firstFresh === -1)
			return this.unreliable(`${label} returned the same letters again for start=${this.start} (it ignores "start")`);
		// Letters deposited meanwhile push older ones down: letters already read may open a page, never follow a new one.
		if (ids.slice(firstFresh).some((mail) => this.seen.has(mail.letterId))) {
			return this.unreliable(`${label} returned letters already read in the middle of the page at start=${this.start}`);
		}
		let previous = this.oldest;
		for (const { letterId, depositedAtMs: deposited } of ids.slice(firstFresh)) {
			if (deposited === undefined)
				return this.unreliable(`letter ${letterId} has no readable deposit date, so the order cannot be checked`);
			if (deposited > previous)
				return this.unreliable(`${label} did not list the letters newest first (it ignores "sort")`);
			previous = deposited;
		}
		for (const [i, mail] of rows.entries()) {
			if (i < firstFresh) continue;
			this.seen.add(ids[i].letterId);
			this.remember(mail);
		}
		this.oldest = previous;
		this.start += rows.length;
	}
}
