import { writeFileSync } from 'node:fs';

import { reportHtml, type DayStat, type DemoReport60, type StepKind } from '../../../demo/reportHtml';
import { money } from '../../../lib/notice/format';
import { SAMPLE_DAYS, sampleReport60 } from '../../helpers/report60';

const attrs = (tag: string): Record<string, string> =>
	Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
/** Every opening tag `<name …>` whose attributes contain `marker`, as attribute maps. */
const tags = (html: string, name: string, marker: string) =>
	[...html.matchAll(new RegExp(`<${name}\\b[^>]*${marker}[^>]*>`, 'g'))].map((m) => attrs(m[0]));
const zeroSent = (): Record<StepKind, number> => ({
	firstReminder: 0,
	secondReminder: 0,
	formalNotice: 0,
	paperLetterNeeded: 0,
});
const day = (date: string, patch: Partial<DayStat> = {}): DayStat => ({
	date,
	sent: zeroSent(),
	outcomes: { accepted: 0, refused: 0, negligence: 0, bounced: 0, failed: 0 },
	errors: 0,
	openAmount: 0,
	...patch,
});
const base = (patch: Partial<DemoReport60> = {}): DemoReport60 => ({
	title: 'Report',
	from: '2026-06-01',
	to: '2026-06-05',
	generatedAt: '2026-06-05 18:00 UTC',
	days: [],
	debtors: [],
	kpis: [],
	...patch,
});
/** The part of the page inside the debtor's card. */
const debtorCard = (html: string, id: string) => {
	const start = html.indexOf(`data-debtor="${id}"`);
	expect(start).toBeGreaterThan(0);
	const end = html.indexOf('<section class="card debtor', start);
	return html.slice(start, end < 0 ? html.indexOf('<footer', start) : end);
};

describe('reportHtml', () => {
	it('is one self-contained document: inline CSS and SVG, no script, no external URL, A4 landscape print rules', () => {
		const html = reportHtml(sampleReport60());
		expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
		expect(html).toContain('<meta charset="utf-8">');
		expect(html).not.toMatch(/<script|https?:|src=|<link|@import|url\(/i);
		expect(html).toContain('@page{size:A4 landscape');
		expect(html).toMatch(/<svg class="chart"/);
	});

	it('escapes every text taken from the data and prints hostile names literally', () => {
		const hostile = '<script>alert("x")</script> Œuvre & Cie — Zoë \'quoted\'';
		const html = reportHtml(
			base({
				title: '<b>Title</b> & co',
				generatedAt: '<i>now</i>',
				debtors: [
					{
						debtorId: 'D"1',
						name: hostile,
						type: 'professional',
						openAmountAtEnd: 10,
						events: [
							{
								date: '2026-06-02',
								kind: 'formalNotice',
								channel: 'lre',
								outcome: '<img onerror=x>',
								reference: 'MED-<1>',
								label: 'Label <b>bold</b> & "quoted"',
							},
						],
					},
				],
				kpis: [{ label: '<KPI>', value: '1 & 2', detail: '<u>d</u>', alert: true }],
			}),
		);
		expect(html).not.toContain('<script>');
		for (const raw of ['<b>Title', '<i>now', '<b>bold', '<u>d', '<img onerror', 'D"1"', '"quoted"'])
			expect(html).not.toContain(raw);
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Œuvre &amp; Cie — Zoë &#39;quoted&#39;');
		expect(html).toContain('&lt;b&gt;Title&lt;/b&gt; &amp; co');
		expect(html).toContain('Label &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
		expect(html).toContain('MED-&lt;1&gt;');
		expect(html).toContain('&lt;img onerror=x&gt;');
		expect(html).toContain('data-debtor="D&quot;1"');
		expect(html).toContain('&lt;KPI&gt;');
	});

	it('draws one marker per event on its debtor row, each with its label as tooltip, in the day column of its date', () => {
		const report = sampleReport60();
		const html = reportHtml(report);
		for (const debtor of report.debtors) {
			const card = debtorCard(html, debtor.debtorId);
			const markers = [
				...card.matchAll(/<g class="ev" data-kind="([^"]+)" data-date="([^"]+)"><title>([^<]*)<\/title>/g),
			];
			expect(markers).toHaveLength(debtor.events.length);
			const escape = (s: string) =>
				s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
			const expected = debtor.events.map((e) => `${e.kind} ${e.date} ${e.date} — ${escape(e.label)}`).sort();
			expect(markers.map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort()).toEqual(expected);
			// One table row per event too.
			expect(card.match(/<tr class="[^"]*"><td class="date">/g)).toHaveLength(debtor.events.length);
		}
		// A marker sits at the x of its day: the same day's bar in the steps chart has the same centre.
		const firstOfD02 = debtorCard(html, 'D02').match(
			/<g class="ev" data-kind="firstReminder" data-date="2026-06-14"><title>[^<]*<\/title><circle cx="([\d.]+)"/,
		);
		const bar = tags(html, 'rect', 'data-series="steps"').find((b) => b['data-date'] === '2026-06-14');
		expect(firstOfD02).not.toBeNull();
		expect(Number(bar!.x) + Number(bar!.width) / 2).toBeCloseTo(Number(firstOfD02![1]), 1);
	});

	it('stacks the steps of a day in bars whose heights are proportional to the counts', () => {
		const days = [
			day('2026-06-01', { sent: { ...zeroSent(), firstReminder: 3, formalNotice: 1 } }),
			day('2026-06-02', { sent: { ...zeroSent(), secondReminder: 2, paperLetterNeeded: 1 } }),
			day('2026-06-03'),
			day('2026-06-04', { sent: { ...zeroSent(), firstReminder: 7 } }),
		];
		const html = reportHtml(base({ days }));
		const bars = tags(html, 'rect', 'data-series="steps"');
		expect(bars.map((b) => `${b['data-date']} ${b['data-kind']} ${b['data-count']}`)).toEqual([
			'2026-06-01 firstReminder 3',
			'2026-06-01 formalNotice 1',
			'2026-06-02 secondReminder 2',
			'2026-06-02 paperLetterNeeded 1',
			'2026-06-04 firstReminder 7',
		]);
		const unit = Number(bars[0].height) / 3;
		expect(unit).toBeGreaterThan(5);
		for (const b of bars) expect(Number(b.height)).toBeCloseTo(unit * Number(b['data-count']), 1);
		// Stacked: each segment starts where the one below it ends, and every bar stands on the same baseline.
		expect(Number(bars[1].y) + Number(bars[1].height)).toBeCloseTo(Number(bars[0].y), 1);
		const baseline = Number(bars[0].y) + Number(bars[0].height);
		expect(Number(bars[4].y) + Number(bars[4].height)).toBeCloseTo(baseline, 1);
		// One column per day, in date order.
		const x = (date: string) => Number(bars.find((b) => b['data-date'] === date)!.x);
		expect(x('2026-06-02') - x('2026-06-01')).toBeCloseTo((x('2026-06-04') - x('2026-06-01')) / 3, 1);
		// Outcomes get the same treatment in their own chart.
		const outcomeBars = tags(
			reportHtml(
				base({
					days: [day('2026-06-01', { outcomes: { accepted: 4, refused: 2, negligence: 0, bounced: 0, failed: 1 } })],
				}),
			),
			'rect',
			'data-series="outcomes"',
		);
		expect(outcomeBars.map((b) => b['data-kind'])).toEqual(['accepted', 'refused', 'failed']);
		expect(Number(outcomeBars[0].height) / Number(outcomeBars[1].height)).toBeCloseTo(2, 2);
	});

	it('draws the open amount as a line whose points follow the data, day by day', () => {
		const amounts = [12000, 9000, 9000, 4500, 0, 1500];
		const days = amounts.map((openAmount, i) => day(`2026-06-0${i + 1}`, { openAmount }));
		const html = reportHtml(base({ to: '2026-06-06', days }));
		const [line] = tags(html, 'polyline', 'class="open-line"');
		const points = line.points.split(' ').map((p) => p.split(',').map(Number));
		expect(points).toHaveLength(amounts.length);
		const baseline = Number(line['data-baseline']);
		expect(points[4][1]).toBeCloseTo(baseline, 2); // 0 € sits on the axis
		const perEuro = (baseline - points[0][1]) / amounts[0];
		expect(perEuro).toBeGreaterThan(0);
		points.forEach(([, y], i) => expect(baseline - y).toBeCloseTo(amounts[i] * perEuro, 1));
		const dx = points[1][0] - points[0][0];
		points.forEach(([x], i) => expect(x - points[0][0]).toBeCloseTo(i * dx, 1));
		// The last value is printed in French format.
		expect(html).toContain(`>${money('fr', 1500)}</text>`);
		expect(money('fr', 1234.5)).toBe('1\u202f234,50\u00a0€');
	});

	it('highlights the KPIs in alert, with their detail, and names them in a banner', () => {
		const html = reportHtml(
			base({
				kpis: [
					{ label: 'Deliverability', value: '98 %', detail: '1 bounced' },
					{ label: 'Technical failure rate', value: '2,5 %', detail: 'above the 1 % alert threshold', alert: true },
				],
			}),
		);
		const cards = [...html.matchAll(/<div class="kpi([^"]*)" data-alert="(true|false)">(.*?)<\/div><\/div>/g)];
		expect(cards.map((c) => [c[1], c[2]])).toEqual([
			['', 'false'],
			[' alert', 'true'],
		]);
		expect(cards[1][3]).toContain('Alert');
		expect(cards[1][3]).toContain('above the 1 % alert threshold');
		expect(cards[0][3]).not.toContain('Alert');
		expect(html).toMatch(/<div class="alert-banner" role="alert"><b>1 alert<\/b><div>⚠ Technical failure rate: 2,5 %/);
		expect(reportHtml(base({ kpis: [{ label: 'Deliverability', value: '98 %' }] }))).not.toContain(
			'class="alert-banner"',
		);
	});

	it('gives the same bytes for the same input', () => {
		expect(reportHtml(sampleReport60())).toBe(reportHtml(sampleReport60()));
	});

	it('renders a 0-day, a 1-day and an empty report, a debtor without events and bad dates without crashing', () => {
		const empty = reportHtml(base({ from: '', to: '', days: [], debtors: [], kpis: [] }));
		expect(empty).toContain('No debtor in this report.');
		expect(empty).toContain('No step taken in this period');
		expect(empty).not.toContain('NaN');

		const oneDay = reportHtml(
			base({
				from: '2026-06-01',
				to: '2026-06-01',
				days: [day('2026-06-01', { sent: { ...zeroSent(), formalNotice: 2 }, openAmount: 500 })],
				debtors: [{ debtorId: 'D1', name: 'Quiet SARL', type: 'professional', openAmountAtEnd: 0, events: [] }],
			}),
		);
		expect(oneDay).toContain('2026-06-01 → 2026-06-01 · 1 day');
		expect(tags(oneDay, 'rect', 'data-series="steps"')).toHaveLength(1);
		expect(tags(oneDay, 'polyline', 'class="open-line"')[0].points.split(' ')).toHaveLength(1);
		expect(debtorCard(oneDay, 'D1')).toContain('No event in this period.');
		expect(oneDay).not.toContain('NaN');

		const odd = reportHtml(
			base({
				from: '2026-06-05',
				to: '2026-06-01', // reversed
				days: [day('2026-02-31'), day('2026-06-05', { openAmount: Number.NaN, errors: 2 })],
				debtors: [
					{
						debtorId: 'D2',
						name: 'Odd',
						type: 'individual',
						openAmountAtEnd: Number.NaN,
						events: [
							{ date: '15/06/2026', kind: 'payment', label: 'bad date', amount: 10 },
							{ date: '2025-01-01', kind: 'newInvoice', label: 'before the period' },
						],
					},
				],
			}),
		);
		expect(odd).not.toContain('NaN');
		expect(odd).toContain('(date not recognised)');
		expect(odd).toContain('before the period (outside the period)');
		expect(tags(odd, 'g', 'class="error-flag"')).toEqual([
			expect.objectContaining({ 'data-date': '2026-06-05', 'data-count': '2' }),
		]);
	});

	it('renders the realistic 60-day sample (REPORT_SAMPLE=<file> writes it for a look)', () => {
		const report = sampleReport60();
		const html = reportHtml(report);
		expect(report.days).toHaveLength(SAMPLE_DAYS);
		const bars = tags(html, 'rect', 'data-series="steps"');
		const sent = report.days.reduce((s, d) => s + Object.values(d.sent).reduce((a, b) => a + b, 0), 0);
		expect(bars.reduce((s, b) => s + Number(b['data-count']), 0)).toBe(sent);
		// Date labels about once a week under each chart.
		expect(
			html.match(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="middle">2026-06-08<\/text>/g),
		).toHaveLength(3);
		if (process.env.REPORT_SAMPLE) writeFileSync(process.env.REPORT_SAMPLE, html);
	});
});
