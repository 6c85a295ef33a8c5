import { dateList, days, longDate, money } from '../../../../lib/notice/format';
import { ecbRatesOnline, halfYearStart, parseEcbCsv, clearEcbCache } from '../../../../lib/notice/ecb';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('letter formats', () => {
	it('writes "1er" for the first of the month in French only, never split', () => {
		expect(longDate('fr', '2026-03-01')).toBe('1er\u00a0mars\u00a02026');
		expect(plain(longDate('fr', '2026-03-11'))).toBe('11 mars 2026');
		expect(plain(longDate('en', '2026-03-01'))).toBe('1 March 2026');
	});

	it('groups dates by month and year', () => {
		expect(plain(dateList('fr', ['2026-02-15', '2026-02-05']))).toBe('5 et 15 février 2026');
		expect(plain(dateList('fr', ['2025-06-15', '2025-12-01']))).toBe('15 juin et 1er décembre 2025');
		expect(plain(dateList('fr', ['2025-12-15', '2026-01-05']))).toBe('15 décembre 2025 et 5 janvier 2026');
		expect(plain(dateList('en', ['2026-02-05', '2026-02-15', '2026-02-05']))).toBe('5 and 15 February 2026');
		expect(plain(dateList('en', ['2026-02-05']))).toBe('5 February 2026');
	});

	it('agrees "jour(s)" / "day(s)" with the count and keeps amounts on one line', () => {
		expect(plain(days('fr', 1))).toBe('1 jour');
		expect(plain(days('fr', 2))).toBe('2 jours');
		expect(plain(days('en', 1))).toBe('1 day');
		expect(money('fr', 40)).toBe('40,00\u00a0€');
		expect(money('fr', 1234.5)).toBe('1\u202f234,50\u00a0€');
	});
});

describe('ECB Data Portal source', () => {
	const csv =
		'KEY,FREQ,REF_AREA,CURRENCY,PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,B,U2,EUR,4F,KR,MRR_FR,LEV,2024-06-12,4.25\n';

	it('reads TIME_PERIOD / OBS_VALUE by column name and refuses another format', () => {
		expect(parseEcbCsv(csv)).toEqual([{ date: '2024-06-12', percent: 4.25 }]);
		expect(() => parseEcbCsv('DATE,VALUE\n2024-06-12,4.25')).toThrow('no TIME_PERIOD / OBS_VALUE columns');
		expect(halfYearStart('2024-H2')).toBe('2024-07-01');
		expect(() => halfYearStart('2024-07')).toThrow('not a half-year');
	});

	it('takes the rate in force on the first day, caches it, and refuses implausible or future rates', async () => {
		clearEcbCache();
		const asked: string[] = [];
		const get = async (url: string) => (asked.push(url), csv);
		expect(await ecbRatesOnline(['2024-H2'], get, { baseUrl: 'http://x/s', today: '2026-12-01' })).toEqual({
			'2024-H2': 4.25,
		});
		expect(await ecbRatesOnline(['2024-H2'], get, { baseUrl: 'http://x/s', today: '2026-12-01' })).toEqual({
			'2024-H2': 4.25,
		});
		expect(asked).toEqual(['http://x/s?format=csvdata&detail=dataonly&endPeriod=2024-07-01&lastNObservations=1']);
		await expect(ecbRatesOnline(['2024-H1'], get, { baseUrl: 'http://x/s', today: '2026-12-01' })).rejects.toThrow(
			'no MRO observation on or before 2024-01-01',
		);
		await expect(ecbRatesOnline(['2027-H1'], get, { today: '2026-12-01' })).rejects.toThrow('not fixed yet');
		await expect(
			ecbRatesOnline(['2025-H1'], async () => csv.replace('4.25', '425'), { baseUrl: 'http://y', today: '2026-12-01' }),
		).rejects.toThrow('implausible');
	});
});
