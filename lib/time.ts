/**
 * Dates in France, in one place: days as `YYYY-MM-DD` and their arithmetic, today in Europe/Paris, the Paris wall
 * clock AR24 speaks (`YYYY-MM-DD HH:mm:ss`) and ISO 8601 with the Paris offset. Pure: no clock is read unless the
 * caller leaves `now` out.
 */

const PARIS = 'Europe/Paris';

const DAY_MS = 86_400_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: PARIS,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
});
const PARIS_WALL = new Intl.DateTimeFormat('en-GB', {
	timeZone: PARIS,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

/** `YYYY-MM-DD HH:mm:ss`, the shape of a Paris wall-clock time (AR24's `date`). */
export const WALL_CLOCK_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** A real calendar day (no 2026-02-30, no month 13), as YYYY-MM-DD; undefined otherwise. */
export function validDay(year: number, month: number, day: number): string | undefined {
	if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	if (day > MONTH_DAYS[month - 1] + (month === 2 && leap ? 1 : 0)) return undefined;
	return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
export const dayNumber = (iso: string) =>
	Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;

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

/** `days` after (or before, when negative) a YYYY-MM-DD day; a RangeError for a day that is not one. */
export function addDays(iso: string, days: number): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m || !Number.isFinite(days) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)))
		throw new RangeError('Invalid time value');
	return isoDay(dayNumber(iso) + Math.trunc(days));
}

/** The same as `addDays` for days known to be valid (the Dunning Plan's hot path: no check). */
export const plusDays = (iso: string, days: number) => isoDay(dayNumber(iso) + days);

export const daysBetween = (fromIso: string, toIso: string) => dayNumber(toIso) - dayNumber(fromIso);

/** Today's date in France, YYYY-MM-DD (a letter is dated where it is written). */
export function todayInParis(now: Date = new Date()): string {
	return PARIS_DAY.format(now);
}

/**
 * A value as the day it is in France, YYYY-MM-DD, or undefined when it is not a date: a plain day; a date picker's
 * value without zone (`2026-02-20T00:00:00`, the day it shows); an ISO date-time with `Z` or an offset (the day it
 * falls on in Paris); a JavaScript Date (likewise).
 */
export function parisDayOf(value: unknown): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : PARIS_DAY.format(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
	match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(text);
	if (match) return validDay(Number(match[1]), Number(match[2]), Number(match[3]));
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
		const ms = Date.parse(text);
		if (Number.isNaN(ms) || !validDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))))
			return undefined;
		return PARIS_DAY.format(new Date(ms));
	}
	return undefined;
}

/** `YYYY-MM-DD HH:mm:ss` on the Europe/Paris wall clock: the `date` every AR24 request carries. */
export function parisDate(at: Date = new Date()): string {
	const p: Record<string, string> = {};
	for (const part of PARIS_WALL.formatToParts(at)) p[part.type] = part.value;
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function parseUtcWall(text: string): number {
	const [y, mo, d, h, mi, s] = (WALL_CLOCK_RE.exec(text) as RegExpExecArray).slice(1).map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The instant a Paris wall-clock `YYYY-MM-DD HH:mm:ss` stands for (epoch ms), or `undefined` when the text is not
 * such a date. In the autumn overlap hour the earlier instant is taken.
 */
export function parseParisDate(text: string): number | undefined {
	const m = WALL_CLOCK_RE.exec(text);
	if (!m) return undefined;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi, s);
	if (new Date(wall).getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
	let instant = wall;
	for (let i = 0; i < 3; i++) {
		const shown = parseUtcWall(parisDate(new Date(instant)));
		instant += wall - shown;
	}
	return instant;
}

/** `2026-03-10 15:00:00` (Paris) → `2026-03-10T15:00:00+01:00`; null for empty or unreadable values. */
export function parisToIso(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const instant = parseParisDate(value.trim());
	if (instant === undefined) return null;
	const wall = Date.UTC(
		...(value
			.trim()
			.split(/[- :]/)
			.map(Number)
			.map((n, i) => (i === 1 ? n - 1 : n)) as [number, number, number, number, number, number]),
	);
	const offsetMinutes = Math.round((wall - instant) / 60_000);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return `${value.trim().replace(' ', 'T')}${offset}`;
}

/** ISO 8601 with the Europe/Paris offset, e.g. 2026-03-10T15:00:00+01:00. */
export function parisIso(ms: number): string {
	return parisToIso(parisDate(new Date(ms))) ?? new Date(ms).toISOString();
}
