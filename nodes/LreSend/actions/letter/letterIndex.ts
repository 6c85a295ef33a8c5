/**
 * Finds the sender's letters by case reference (`ref_dossier`) with the only listing AR24 offers, `GET /user/mail`,
 * read newest first, page by page, and only as far as needed. Once every page was read, lookups cost nothing; new
 * letters sent in this execution are added as they are sent. Newest-first offset paging never skips a letter
 * when letters are added meanwhile (they push older ones down: at worst one is read twice). A page made only of
 * letters already read ends the scan, so an API that ignored `start` could not loop forever.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { ar24Request } from '../../../shared/transport';

export const PAGE_SIZE = 100;

export class LetterIndex {
	private readonly byReference = new Map<string, Ar24Mail>();
	private readonly seen = new Set<string>();
	private start = 0;
	private complete = false;
	private reading?: Promise<void>;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly senderId: string,
		private readonly pageSize = PAGE_SIZE,
	) {}

	/** The newest letter with this case reference, or undefined once every page has been read. */
	async find(reference: string, itemIndex: number): Promise<Ar24Mail | undefined> {
		while (!this.byReference.has(reference) && !this.complete) {
			this.reading ??= this.readPage(itemIndex).finally(() => {
				this.reading = undefined;
			});
			await this.reading;
		}
		return this.byReference.get(reference);
	}

	/** Reads the newest page again (after a write whose answer was lost) and looks for the reference there. */
	async findRecent(reference: string, itemIndex: number): Promise<Ar24Mail | undefined> {
		const page = await this.fetch(0, itemIndex);
		for (const mail of page) this.remember(mail);
		return page.find((mail) => mail.ref_dossier === reference);
	}

	remember(mail: Ar24Mail): void {
		const id = String(mail.id);
		const reference = typeof mail.ref_dossier === 'string' ? mail.ref_dossier : '';
		this.seen.add(id);
		if (!reference) return;
		const known = this.byReference.get(reference);
		if (!known || Number(known.id) < Number(mail.id)) this.byReference.set(reference, mail);
	}

	private async fetch(start: number, itemIndex: number): Promise<Ar24Mail[]> {
		const result = await ar24Request.call(this.context, {
			method: 'GET',
			path: '/user/mail',
			params: { id_user: this.senderId, max: this.pageSize, start, sort: 'DESC' },
			itemIndex,
		});
		return Array.isArray(result) ? (result as Ar24Mail[]) : [];
	}

	private async readPage(itemIndex: number): Promise<void> {
		const page = await this.fetch(this.start, itemIndex);
		const fresh = page.filter((mail) => !this.seen.has(String(mail.id)));
		for (const mail of page) this.remember(mail);
		this.start += page.length;
		if (page.length < this.pageSize || fresh.length === 0) this.complete = true;
	}
}
