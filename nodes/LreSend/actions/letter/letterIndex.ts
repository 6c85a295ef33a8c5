/**
 * Finds the sender's letters by case reference (`ref_dossier`), reading the listing (shared/letterPages.ts) only as
 * far as needed. Once every page was read, lookups cost nothing; letters sent in this execution are added as they
 * are sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { asNodeError } from '../../../shared/errors';
import { letterPages, PAGE_SIZE } from '../../../shared/letterPages';

export class LetterIndex {
	private readonly byReference = new Map<string, Ar24Mail>();
	private pages?: AsyncGenerator<Ar24Mail[]>;
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
		const first = await letterPages.call(this.context, this.senderId, itemIndex, this.pageSize).next();
		const page = first.done ? [] : first.value;
		for (const mail of page) this.remember(mail);
		return page.find((mail) => mail.ref_dossier === reference);
	}

	remember(mail: Ar24Mail): void {
		const reference = typeof mail.ref_dossier === 'string' ? mail.ref_dossier : '';
		if (!reference) return;
		const known = this.byReference.get(reference);
		if (!known || Number(known.id) < Number(mail.id)) this.byReference.set(reference, mail);
	}

	/**
	 * A failed read ends the generator: the next lookup starts the listing again rather than taking the letters not
	 * read yet for absent (which would send a second letter).
	 */
	private async readPage(itemIndex: number): Promise<void> {
		this.pages ??= letterPages.call(this.context, this.senderId, itemIndex, this.pageSize);
		let next: IteratorResult<Ar24Mail[]>;
		try {
			next = await this.pages.next();
		} catch (error) {
			this.pages = undefined;
			throw asNodeError(this.context.getNode(), error, itemIndex);
		}
		if (next.done) this.complete = true;
		else for (const mail of next.value) this.remember(mail);
	}
}
