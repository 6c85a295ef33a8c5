/**
 * What one execution of LRE Send shares across its items: the sender account (read once) and the index of the
 * sender's letters by case reference (read lazily, page by page), plus a lock per reference so two items with the
 * same reference in one batch cannot both send.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { getSender, type SenderInfo } from '../../shared/sender';
import { LetterIndex } from './letter/letterIndex';

export class RunState {
	private sender?: Promise<SenderInfo>;
	private index?: LetterIndex;
	private readonly locks = new Map<string, Promise<unknown>>();

	constructor(private readonly context: IExecuteFunctions) {}

	/** The sender, read once per execution; a failed read is not kept, so the next item tries again. */
	async senderInfo(itemIndex: number): Promise<SenderInfo> {
		if (!this.sender) {
			const reading = getSender.call(this.context, itemIndex);
			this.sender = reading;
			reading.catch(() => {
				if (this.sender === reading) this.sender = undefined;
			});
		}
		return await this.sender;
	}

	async letters(itemIndex: number): Promise<LetterIndex> {
		const sender = await this.senderInfo(itemIndex);
		this.index ??= new LetterIndex(this.context, sender.senderId);
		return this.index;
	}

	/** Runs `work` after any earlier work on the same key has settled. */
	async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.locks.get(key) ?? Promise.resolve();
		const next = previous.then(work, work);
		this.locks.set(key, next.catch(() => undefined));
		return next;
	}
}
