/** lib/time.ts: one home for Paris days. The old per-module implementations are the reference (no behaviour change). */
import {
	addDays,
	daysBetween,
	parisDate,
	parisDayOf,
	parisIso,
	parisToIso,
	parseParisDate,
	plusDays,
	todayInParis,
} from '../../../lib/time';

/** What lib/notice/format.ts#addDays did before lib/time.ts. */
const formerAddDays = (iso: string, days: number) => {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};
/** What lib/notice/format.ts#todayInParis did. */
const formerToday = (now: Date) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Paris',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(now);

describe('lib/time', () => {
	it('addDays and plusDays agree with the former Date arithmetic over 30 years, leap days included', () => {
		const start = Date.UTC(2010, 0, 1);
		for (let day = 0; day < 11_000; day += 7) {
			const iso = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
			for (const n of [-400, -31, -1, 0, 1, 15, 29, 366]) {
				expect(addDays(iso, n)).toBe(formerAddDays(iso, n));
				expect(plusDays(iso, n)).toBe(formerAddDays(iso, n));
			}
		}
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(daysBetween('2026-02-20', '2026-03-20')).toBe(28);
	});

	it("addDays answers odd input as the former one did: a RangeError, or V8's roll-over (2026-02-30 = 2026-03-02)", () => {
		const outcome = (fn: () => string) => {
			try {
				return fn();
			} catch (error) {
				return (error as Error).constructor.name;
			}
		};
		for (const odd of ['2026-02-30', '2026-02-31', '20/02/2026', '', '2026-13-01', '2026-2-1']) {
			expect(outcome(() => addDays(odd, 1))).toBe(outcome(() => formerAddDays(odd, 1)));
		}
		expect(outcome(() => addDays('', 1))).toBe('RangeError');
	});

	it('todayInParis is the French day around midnight and the clock changes', () => {
		for (const at of [
			'2026-03-28T22:59:59Z',
			'2026-03-28T23:00:00Z',
			'2026-03-29T00:30:00Z',
			'2026-10-24T21:59:59Z',
			'2026-10-24T22:00:00Z',
			'2026-12-31T23:30:00Z',
		]) {
			expect(todayInParis(new Date(at))).toBe(formerToday(new Date(at)));
		}
		expect(todayInParis(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
	});

	it("parisDayOf reads the date picker's value, ISO date-times, Dates and plain days", () => {
		expect(parisDayOf('2026-02-20')).toBe('2026-02-20');
		expect(parisDayOf('2026-02-20T00:00:00')).toBe('2026-02-20');
		expect(parisDayOf(' 2026-02-20T13:45 ')).toBe('2026-02-20');
		expect(parisDayOf('2026-02-19T23:30:00.000Z')).toBe('2026-02-20');
		expect(parisDayOf('2026-02-20T00:00:00.000+01:00')).toBe('2026-02-20');
		expect(parisDayOf(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
		for (const bad of [
			'2026-02-30',
			'2026-02-30T00:00:00',
			'20/02/2026',
			'soon',
			'',
			20260220,
			null,
			new Date(Number.NaN),
		]) {
			expect(parisDayOf(bad)).toBeUndefined();
		}
	});

	it('the Paris wall clock and ISO with the Paris offset', () => {
		expect(parisDate(new Date('2026-03-10T14:00:00Z'))).toBe('2026-03-10 15:00:00');
		expect(parseParisDate('2026-07-10 15:00:00')).toBe(Date.parse('2026-07-10T13:00:00Z'));
		expect(parisToIso('2026-03-10 15:00:00')).toBe('2026-03-10T15:00:00+01:00');
		expect(parisToIso('2026-07-10 15:00:00')).toBe('2026-07-10T15:00:00+02:00');
		expect(parisToIso('not a date')).toBeNull();
		expect(parisIso(Date.parse('2026-07-10T13:00:00Z'))).toBe('2026-07-10T15:00:00+02:00');
	});
});
