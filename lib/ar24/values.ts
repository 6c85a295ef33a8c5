/**
 * AR24 mixes value types: booleans come as `true`/`false`, `1`/`0` or `"1"`/`"0"`, ids as numbers or strings
 * (AR24's API documentation; UNCONFIRMED which where). Everything that reads AR24 goes through these.
 */

const TRUE_TEXT = new Set(['1', 'true', 'yes', 'on']);
const FALSE_TEXT = new Set(['0', 'false', 'no', 'off', '']);

/** `true`, `1`, `"1"`, `"true"` → true; `false`, `0`, `"0"`, `"false"`, `""`, null, undefined → false; else undefined. */
export function ar24Boolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === null || value === undefined) return false;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (TRUE_TEXT.has(text)) return true;
		if (FALSE_TEXT.has(text)) return false;
	}
	return undefined;
}

/** Like `ar24Boolean`, with anything unreadable counted as false. */
export function ar24Flag(value: unknown): boolean {
	return ar24Boolean(value) ?? false;
}

/** An id as text, whether AR24 sent a number or a string; '' when absent. */
export function ar24Id(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string') return value.trim();
	return '';
}
