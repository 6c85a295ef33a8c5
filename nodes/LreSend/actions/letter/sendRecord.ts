/**
 * LRE Send's durable send record in n8n's own database, through n8n's de-duplication helpers
 * (`this.helpers.checkProcessedAndRecord`, the store of the "Remove Duplicates" node; scope `node`, mode `entries`).
 * n8n keeps only an MD5 hash of each entry, so the record is a set of facts LRE Send can test, per sender and
 * canonical case reference:
 *
 *   `lre1|<sender>|attempt|<reference>`          written before the upload, removed when AR24 certainly created nothing
 *   `lre1|<sender>|id|<reference>|len=<n>`       the recorded letter id, one entry for its length
 *   `lre1|<sender>|id|<reference>|<i>=<digit>`   … and one per digit
 *
 * The letter id is read back by testing the 10 possible digits of each position in one call (the entries that call
 * adds are removed at once), and the letter it names is then read from AR24 and checked against the reference before
 * it is trusted. n8n reads and rewrites the whole record on each call without a transaction, so calls from one run
 * are queued here; two executions of one workflow at the same moment could still lose an entry (the listing stays
 * the first check).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { SendRecord } from '../../../../lib/letter/sendOnce';

const MAX_ID_LENGTH = 20;
const OPTIONS = { mode: 'entries' } as const;

type Helpers = Partial<Pick<IExecuteFunctions['helpers'], 'checkProcessedAndRecord' | 'removeProcessed'>>;

export class N8nSendRecord implements SendRecord {
	readonly available: boolean;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly helpers: Helpers,
		private readonly senderId: string,
	) {
		this.available =
			typeof helpers.checkProcessedAndRecord === 'function' && typeof helpers.removeProcessed === 'function';
	}

	private entry(kind: string, key: string): string {
		return `lre1|${this.senderId}|${kind}|${key}`;
	}

	/** One call at a time (n8n's read-modify-write of the record is not atomic). */
	private serial<T>(work: () => Promise<T>): Promise<T> {
		const next = this.queue.then(work, work);
		this.queue = next.catch(() => undefined);
		return next;
	}

	private async check(entries: string[]): Promise<{ new: string[]; processed: string[] }> {
		const result = await this.helpers.checkProcessedAndRecord!(entries, 'node', OPTIONS);
		return { new: result.new.map(String), processed: result.processed.map(String) };
	}

	private async remove(entries: string[]): Promise<void> {
		if (entries.length) await this.helpers.removeProcessed!(entries, 'node', OPTIONS);
	}

	async markAttempt(key: string): Promise<boolean> {
		return await this.serial(async () => (await this.check([this.entry('attempt', key)])).processed.length > 0);
	}

	async wasAttempted(key: string): Promise<boolean> {
		return await this.serial(async () => {
			const result = await this.check([this.entry('attempt', key)]);
			await this.remove(result.new);
			return result.processed.length > 0;
		});
	}

	async clearAttempt(key: string): Promise<void> {
		await this.serial(() => this.remove([this.entry('attempt', key)]));
	}

	async recordLetter(key: string, letterId: string): Promise<void> {
		if (!/^\d+$/.test(letterId) || letterId.length > MAX_ID_LENGTH) return;
		const id = this.entry('id', key);
		const entries = [`${id}|len=${letterId.length}`, ...[...letterId].map((digit, i) => `${id}|${i}=${digit}`)];
		await this.serial(() => this.check(entries));
	}

	async letterId(key: string): Promise<string | undefined> {
		const id = this.entry('id', key);
		const candidates: string[] = [];
		for (let n = 1; n <= MAX_ID_LENGTH; n++) candidates.push(`${id}|len=${n}`);
		for (let i = 0; i < MAX_ID_LENGTH; i++) for (let d = 0; d <= 9; d++) candidates.push(`${id}|${i}=${d}`);
		const result = await this.serial(async () => {
			const checked = await this.check(candidates);
			await this.remove(checked.new);
			return new Set(checked.processed);
		});
		const lengths = [...Array(MAX_ID_LENGTH).keys()].map((i) => i + 1).filter((n) => result.has(`${id}|len=${n}`));
		if (lengths.length !== 1) return undefined;
		let letterId = '';
		for (let i = 0; i < lengths[0]; i++) {
			const digits = [...Array(10).keys()].filter((d) => result.has(`${id}|${i}=${d}`));
			if (digits.length !== 1) return undefined;
			letterId += String(digits[0]);
		}
		return letterId;
	}
}
