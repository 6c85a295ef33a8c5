/** Reading the cells users feed in — dates, amounts, words — strictly: a value that is not clearly one thing is refused. */

export type DateFormat = 'iso' | 'dmy' | 'mdy';

export const DATE_FORMAT_EXAMPLE: Record<DateFormat, string> = { iso: '2026-06-15', dmy: '15/06/2026', mdy: '06/15/2026' };

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A real calendar day (no 2026-02-30, no month 13), as YYYY-MM-DD. */
function validDay(year: number, month: number, day: number): string | undefined {
	if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	if (day > MONTH_DAYS[month - 1] + (month === 2 && leap ? 1 : 0)) return undefined;
	return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Plain code-unit order (ISO dates, references): what sorting needs here, without locale collation's cost. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A cell as a day, YYYY-MM-DD, or undefined when it is not a date in `format`. ISO date-times (as Data Tables and
 * APIs give them) are read as the day they fall on in France; a JavaScript Date likewise.
 */
export function readDate(value: unknown, format: DateFormat): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : PARIS_DAY.format(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
	// A date picker's value (no zone): the day it shows.
	match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(text);
	if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
		const ms = Date.parse(text);
		if (Number.isNaN(ms) || !validDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))) return undefined;
		return PARIS_DAY.format(new Date(ms));
	}
	match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
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

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
export const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** The YYYY-MM-DD of a day number (civil-from-days, proleptic Gregorian): no Date object per call. */
export function isoDay(days: number): string {
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return `${yoe + era * 400 + (month <= 2 ? 1 : 0)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export const plusDays = (iso: string, days: number) => isoDay(dayNumber(iso) + days);

export const daysBetween = (fromIso: string, toIso: string) => dayNumber(toIso) - dayNumber(fromIso);
