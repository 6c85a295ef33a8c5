/**
 * Which (letter, state) events a trigger already emitted: a bounded record (oldest forgotten first) kept in the
 * node's static data, so duplicates — AR24 retries every 15 minutes up to 48 times — start one execution, also
 * across n8n restarts. Plain JSON in, plain JSON out.
 */
export const DEFAULT_MEMORY_SIZE = 10_000;

export type EventRecord = Record<string, number>;

/**
 * The one spelling of an AR24 letter id: digits without leading zeros ("00100001" → "100001"). Every memory key
 * uses it, so the same letter written differently is the same event. Anything that is not a positive whole number
 * of at most 18 digits (after the zeros) is no letter id: undefined.
 */
export function canonicalLetterId(value: unknown): string | undefined {
	const text =
		typeof value === 'number' && Number.isSafeInteger(value)
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: '';
	if (!/^\d{1,64}$/.test(text)) return undefined;
	const digits = text.replace(/^0+/, '');
	return digits !== '' && digits.length <= 18 ? digits : undefined;
}

export const eventKey = (letterId: string, state: string): string =>
	`${canonicalLetterId(letterId) ?? letterId}:${state}`;

export class EventMemory {
	constructor(
		readonly record: EventRecord,
		private readonly size = DEFAULT_MEMORY_SIZE,
	) {}

	has(letterId: string, state: string): boolean {
		return this.record[eventKey(letterId, state)] !== undefined;
	}

	/** Remembers the event; returns false when it was already known. */
	add(letterId: string, state: string, at: number = Date.now()): boolean {
		const key = eventKey(letterId, state);
		if (this.record[key] !== undefined) return false;
		this.record[key] = at;
		this.prune();
		return true;
	}

	/** Forgets the oldest events in batches (down to `size` once 10 % over it), so most calls cost no sort. */
	prune(): void {
		const keys = Object.keys(this.record);
		if (keys.length <= this.size + Math.ceil(this.size / 10)) return;
		keys
			.sort((a, b) => this.record[a] - this.record[b])
			.slice(0, keys.length - this.size)
			.forEach((old) => delete this.record[old]);
	}

	/** Forgets an event (it could not be emitted after all). */
	remove(letterId: string, state: string): void {
		delete this.record[eventKey(letterId, state)];
	}

	count(): number {
		return Object.keys(this.record).length;
	}

	/** The record itself (plain JSON), e.g. to store it back. */
	toJSON(): EventRecord {
		return this.record;
	}
}
