/** Reading the cells users feed in — dates, amounts, words — strictly: a value that is not clearly one thing is refused. */
import { parisDayOf, validDay } from '../time';

export type DateFormat = 'iso' | 'dmy' | 'mdy';

export const DATE_FORMAT_EXAMPLE: Record<DateFormat, string> = {
	iso: '2026-06-15',
	dmy: '15/06/2026',
	mdy: '06/15/2026',
};

/** Plain code-unit order (ISO dates, references): what sorting needs here, without locale collation's cost. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A cell as a day, YYYY-MM-DD, or undefined when it is not a date in `format`. ISO date-times (as Data Tables and
 * APIs give them) are read as the day they fall on in France; a JavaScript Date likewise.
 */
export function readDate(value: unknown, format: DateFormat): string | undefined {
	const day = parisDayOf(value);
	if (day !== undefined || typeof value !== 'string') return day;
	const text = value.trim();
	const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
	if (match && format !== 'iso') {
		const [a, b] = [Number(match[1]), Number(match[2])];
		return format === 'dmy' ? validDay(Number(match[3]), b, a) : validDay(Number(match[3]), a, b);
	}
	return undefined;
}

export function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A cell as euros: a number, or text like `1234.50`, `1 234,50`, `1,234.50 €`. More than two decimals, a second
 * decimal mark or anything else is refused (undefined): a wrong amount must not reach a letter.
 */
export function readAmount(value: unknown): number | undefined {
	let text: string;
	if (typeof value === 'number') {
		// A spreadsheet's float noise (1098.7500000000002) is whole cents; 12.345 is not.
		const cents = value * 100;
		if (!Number.isFinite(value) || Math.abs(cents - Math.round(cents)) > 1e-6) return undefined;
		return Math.round(cents) / 100;
	} else if (typeof value === 'string') {
		text = value.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
	} else return undefined;
	const negative = text.startsWith('-');
	if (negative) text = text.slice(1);
	const comma = text.lastIndexOf(',');
	const dot = text.lastIndexOf('.');
	if (comma >= 0 && dot >= 0) {
		// The later mark is the decimal one; the other groups thousands.
		const [group, decimal] = comma > dot ? [/\./g, ','] : [/,/g, '.'];
		text = text.replace(group, '').replace(decimal, '.');
	} else if (comma >= 0) {
		text = text.replace(',', '.');
	}
	if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
	const amount = Math.round(Number(text) * 100) / 100;
	return negative ? -amount : amount;
}

/** Text of a cell: strings trimmed, numbers as written, anything else refused. */
export function readText(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}
