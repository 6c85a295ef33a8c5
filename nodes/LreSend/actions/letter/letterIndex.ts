/**
 * Finds the sender's letters by case reference (`ref_dossier`, compared in canonical form, lib/letter/reference.ts)
 * in AR24's listing `GET /user/mail`, read page by page (`max`, `start`, `sort=DESC`) only as far as needed.
 *
 * AR24 does not document paging on that route (README, UNCONFIRMED), so the listing proves that a reference was
 * never sent only when it behaved as paged: read up to an empty page, no page larger than asked, no page made only of
 * letters already read (a server that ignores `start` returns the same page again), letters newest first by deposit
 * date. Anything else makes the index `unreliable`: letters it read still count, but the absence of a reference
 * proves nothing (LRE Send then relies on n8n's send record or fails closed, see lib/letter/sendOnce.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { parseParisDate } from '../../../../lib/ar24/protocol';
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { canonicalReference } from '../../../../lib/letter/reference';
import type { LetterLookup, ListingLookup } from '../../../../lib/letter/sendOnce';
import { asNodeError } from '../../../shared/errors';
import { PAGE_SIZE } from '../../../shared/letterPages';
import { ar24Request } from '../../../shared/transport';

export class LetterIndex implements LetterLookup {
	private readonly byReference = new Map<string, Ar24Mail>();
	private readonly seen = new Set<string>();
	private start = 0;
	/** Deposit time of the oldest letter read so far (newest-first order check). */
	private oldest = Infinity;
	private status: 'reading' | 'complete' | 'unreliable' = 'reading';
	private reason = '';
	private reading?: Promise<void>;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly senderId: string,
		private readonly pageSize = PAGE_SIZE,
	) {}

	/** The newest letter with this canonical reference, and whether its absence is proven by a complete listing. */
	async find(key: string, itemIndex: number): Promise<ListingLookup> {
		while (!this.byReference.has(key) && this.status === 'reading') {
			this.reading ??= this.readPage(itemIndex).finally(() => {
				this.reading = undefined;
			});
			await this.reading;
		}
		return { mail: this.byReference.get(key), complete: this.status === 'complete', reason: this.reason || undefined };
	}

	/** Reads the newest page again (after a write whose answer was lost) and looks for the reference there. */
	async findRecent(key: string, itemIndex: number): Promise<Ar24Mail | undefined> {
		const page = await this.page(0, itemIndex);
		for (const mail of page) this.remember(mail);
		return page.find((mail) => typeof mail.ref_dossier === 'string' && canonicalReference(mail.ref_dossier) === key);
	}

	remember(mail: Ar24Mail): void {
		const reference = typeof mail.ref_dossier === 'string' ? canonicalReference(mail.ref_dossier) : '';
		if (!reference) return;
		const known = this.byReference.get(reference);
		if (!known || Number(known.id) < Number(mail.id)) this.byReference.set(reference, mail);
	}

	private async page(start: number, itemIndex: number): Promise<Ar24Mail[]> {
		const page = await ar24Request.call(this.context, {
			method: 'GET',
			path: '/user/mail',
			params: { id_user: this.senderId, max: this.pageSize, start, sort: 'DESC' },
			itemIndex,
		});
		return Array.isArray(page) ? (page as Ar24Mail[]) : [];
	}

	private unreliable(reason: string): void {
		this.status = 'unreliable';
		this.reason = reason;
	}

	/** Reads the next page and checks it; a failed read keeps the position, so the next lookup tries it again. */
	private async readPage(itemIndex: number): Promise<void> {
		let rows: Ar24Mail[];
		try {
			rows = await this.page(this.start, itemIndex);
		} catch (error) {
			throw asNodeError(this.context.getNode(), error, itemIndex);
		}
		if (rows.length === 0) {
			this.status = 'complete';
			return;
		}
		if (rows.length > this.pageSize) return this.unreliable(`AR24 returned ${rows.length} letters for a page of ${this.pageSize} (it ignores "max")`);
		const firstFresh = rows.findIndex((mail) => !this.seen.has(String(mail.id)));
		if (firstFresh === -1) return this.unreliable(`AR24 returned the same letters again for start=${this.start} (it ignores "start")`);
		// Letters deposited meanwhile push older ones down: letters already read may open a page, never follow a new one.
		if (rows.slice(firstFresh).some((mail) => this.seen.has(String(mail.id)))) {
			return this.unreliable(`AR24 returned letters already read in the middle of the page at start=${this.start}`);
		}
		let previous = this.oldest;
		for (const mail of rows.slice(firstFresh)) {
			const deposited = typeof mail.date === 'string' ? parseParisDate(mail.date.trim()) : undefined;
			if (deposited === undefined) return this.unreliable(`letter ${String(mail.id)} has no readable deposit date, so the order cannot be checked`);
			if (deposited > previous) return this.unreliable('AR24 did not list the letters newest first (it ignores "sort")');
			previous = deposited;
		}
		for (const mail of rows.slice(firstFresh)) {
			this.seen.add(String(mail.id));
			this.remember(mail);
		}
		this.oldest = previous;
		this.start += rows.length;
	}
}
