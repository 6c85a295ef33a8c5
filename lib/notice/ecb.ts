/**
 * The ECB main refinancing operations (MRO) rate from the ECB Data Portal's public API, for half-years the built-in
 * table does not have (opt-in, B2B only: the legal interest rate stays a table + override).
 *
 * Series `FM/B.U2.EUR.4F.KR.MRR_FR.LEV` (key ECB interest rates, MRO fixed rate, level), CSV format
 * (`format=csvdata`): one header line, then one line per observation with `TIME_PERIOD` (YYYY-MM-DD, the day a rate
 * took effect) and `OBS_VALUE` (percent). The rate of a half-year is the one in force on 1 January / 1 July: the last
 * observation on or before that day. Pure: the HTTP GET is given by the caller (the node uses n8n's helper).
 */
export const ECB_DATA_PORTAL = 'https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV';

export type HttpGet = (url: string) => Promise<string>;

export class EcbRateError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EcbRateError';
	}
}

/** First day of a half-year ("2026-H2" → "2026-07-01"). */
export function halfYearStart(halfYear: string): string {
	const m = /^(\d{4})-H([12])$/.exec(halfYear);
	if (!m) throw new EcbRateError(`${JSON.stringify(halfYear)} is not a half-year like 2026-H2`);
	return `${m[1]}-${m[2] === '1' ? '01' : '07'}-01`;
}

/** The observations of an ECB Data Portal CSV answer, by column name (robust to extra columns). */
export function parseEcbCsv(csv: string): Array<{ date: string; percent: number }> {
	const lines = csv.split(/\r?\n/).filter((l) => l.trim());
	if (!lines.length) return [];
	const header = lines[0].split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
	const dateAt = header.indexOf('TIME_PERIOD');
	const valueAt = header.indexOf('OBS_VALUE');
	if (dateAt < 0 || valueAt < 0)
		throw new EcbRateError(
			'the ECB Data Portal answer has no TIME_PERIOD / OBS_VALUE columns (not the csvdata format)',
		);
	const rows: Array<{ date: string; percent: number }> = [];
	for (const line of lines.slice(1)) {
		const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
		const date = cells[dateAt];
		const percent = Number(cells[valueAt]);
		if (/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') && cells[valueAt] !== '' && Number.isFinite(percent))
			rows.push({ date, percent });
	}
	return rows;
}

const cache = new Map<string, number>();

/** Forgets the cached rates (tests). */
export function clearEcbCache(): void {
	cache.clear();
}

/**
 * The MRO in force on the first day of each half-year asked for, fetched once per process and base URL (a rate
 * of the past never changes); a half-year that has not started yet is refused (its rate is not fixed).
 */
export async function ecbRatesOnline(
	halfYears: string[],
	get: HttpGet,
	options: { baseUrl?: string; today: string },
): Promise<Record<string, number>> {
	const base = (options.baseUrl ?? ECB_DATA_PORTAL).replace(/\/+$/, '');
	const out: Record<string, number> = {};
	for (const halfYear of [...new Set(halfYears)]) {
		const start = halfYearStart(halfYear);
		if (start > options.today)
			throw new EcbRateError(`the ECB rate for ${halfYear} is not fixed yet (it is the rate in force on ${start})`);
		const key = `${base}|${halfYear}`;
		const known = cache.get(key);
		if (known !== undefined) {
			out[halfYear] = known;
			continue;
		}
		const url = `${base}?format=csvdata&detail=dataonly&endPeriod=${start}&lastNObservations=1`;
		const body = await get(url).then(
			(text) => text,
			(error: unknown) =>
				new EcbRateError(
					`the ECB Data Portal could not be read for ${halfYear} (${(error as Error)?.message ?? String(error)})`,
				),
		);
		if (body instanceof EcbRateError) throw body;
		const rows = parseEcbCsv(String(body ?? ''))
			.filter((r) => r.date <= start)
			.sort((a, b) => a.date.localeCompare(b.date));
		const last = rows[rows.length - 1];
		if (!last)
			throw new EcbRateError(`the ECB Data Portal gave no MRO observation on or before ${start} (${halfYear})`);
		if (last.percent < 0 || last.percent > 20)
			throw new EcbRateError(`the ECB Data Portal gave an implausible MRO of ${last.percent} % for ${halfYear}`);
		cache.set(key, last.percent);
		out[halfYear] = last.percent;
	}
	return out;
}
