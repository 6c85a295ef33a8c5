/**
 * What one execution of LRE Send shares across its items: the sender account (read once), the index of the
 * sender's letters by case reference (read lazily, page by page), n8n's send record, and a lock per canonical
 * reference so two items with the same reference in one batch cannot both send.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { KeyedLock } from '../../../lib/letter/sendOnce';
import { getSender, type SenderInfo } from '../../shared/sender';
import { LetterIndex } from './letter/letterIndex';
import { N8nSendRecord } from './letter/sendRecord';

export class RunState {
	private sender?: Promise<SenderInfo>;
	private index?: LetterIndex;
	private sendRecord?: N8nSendRecord;
	readonly lock = new KeyedLock();

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

	async record(itemIndex: number): Promise<N8nSendRecord> {
		const sender = await this.senderInfo(itemIndex);
		this.sendRecord ??= new N8nSendRecord(this.context.helpers ?? {}, sender.senderId);
		return this.sendRecord;
	}
}
