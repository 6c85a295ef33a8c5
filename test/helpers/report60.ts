/**
 * A realistic 60-day report for `demo/reportHtml.ts`: nine debtors of `examples/data/invoices.csv` through the
 * scenarios of issue 13 (payments on given days, a dispute opened then resolved, a promise to pay kept and one that
 * lapses, a new invoice after a formal notice, an individual without consent, a refused letter, an AR24 error),
 * with the day statistics and the KPIs derived from the events, so the three always agree.
 */
import type { DayStat, DebtorTimeline, DemoReport60, Kpi, StepKind, TimelineEvent } from '../../demo/reportHtml';

export const SAMPLE_FROM = '2026-06-01';
export const SAMPLE_DAYS = 60;

const addDays = (iso: string, n: number) =>
	new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const STEPS: StepKind[] = ['firstReminder', 'secondReminder', 'formalNotice', 'paperLetterNeeded'];

export interface SampleDebtor extends Omit<DebtorTimeline, 'openAmountAtEnd'> {
	/** Owed on the first day, before that day's events. */
	openAtStart: number;
}

/** Open amount of one debtor at the end of `date`: what was owed at the start, plus new invoices, minus payments. */
export function openOn(debtor: SampleDebtor, date: string): number {
	let open = debtor.openAtStart;
	for (const e of debtor.events) {
		if (e.date > date) continue;
		if (e.kind === 'newInvoice') open += e.amount ?? 0;
		if (e.kind === 'payment') open -= e.amount ?? 0;
	}
	return Math.round(open * 100) / 100;
}

/** One DayStat per calendar day from `from`, counted from the debtors' events. */
export function dayStatsFrom(from: string, days: number, debtors: SampleDebtor[]): DayStat[] {
	return Array.from({ length: days }, (_, i) => {
		const date = addDays(from, i);
		const today = debtors.flatMap((d) => d.events.filter((e) => e.date === date));
		const outcome = (o: string) => today.filter((e) => e.kind === 'outcome' && e.outcome === o).length;
		return {
			date,
			sent: Object.fromEntries(STEPS.map((k) => [k, today.filter((e) => e.kind === k).length])) as Record<
				StepKind,
				number
			>,
			outcomes: {
				accepted: outcome('accepted'),
				refused: outcome('refused'),
				negligence: outcome('negligence'),
				bounced: outcome('bounced'),
				failed: outcome('failed'),
			},
			errors: today.filter((e) => e.kind === 'error').length,
			openAmount: Math.round(debtors.reduce((s, d) => s + openOn(d, date), 0) * 100) / 100,
		};
	});
}

const ev = (
	date: string,
	kind: TimelineEvent['kind'],
	label: string,
	extra: Partial<TimelineEvent> = {},
): TimelineEvent => ({ date, kind, label, ...extra });

export function sampleDebtors(): SampleDebtor[] {
	return [
		{
			debtorId: 'D02',
			name: 'Garage Petit SAS',
			type: 'professional',
			openAtStart: 1540,
			events: [
				ev('2026-06-14', 'firstReminder', 'First reminder by e-mail — delivered', {
					channel: 'email',
					outcome: 'delivered',
					reference: 'REL1-D02-7f3a9c',
					amount: 1540,
				}),
				ev('2026-06-24', 'secondReminder', 'Second reminder by e-mail — delivered', {
					channel: 'email',
					outcome: 'delivered',
					reference: 'REL2-D02-7f3a9c',
					amount: 1540,
				}),
				ev('2026-06-29', 'payment', 'Paid in full (F-2026-0102)', { amount: 1540 }),
			],
		},
		{
			debtorId: 'D04',
			name: 'Transports Bernard SA',
			type: 'professional',
			openAtStart: 4860,
			events: [
				ev('2026-06-01', 'formalNotice', 'Formal notice by LRE — accepted after 2 days', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D04-2b81e0',
					amount: 4900.55,
				}),
				ev('2026-06-03', 'outcome', 'LRE accepted by the debtor (proof archived)', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D04-2b81e0',
				}),
				ev('2026-06-20', 'payment', 'Part payment by transfer', { amount: 2000 }),
				ev('2026-06-22', 'promise', 'Promise to pay the balance by 2026-07-06'),
				ev('2026-07-07', 'promiseLapsed', 'Promise lapsed: balance not received on 2026-07-06'),
			],
		},
		{
			debtorId: 'D05',
			name: 'Menuiserie Roux SARL',
			type: 'professional',
			openAtStart: 4054.15,
			events: [
				ev('2026-06-01', 'formalNotice', 'Formal notice by LRE for 3 invoices — refused', {
					channel: 'lre',
					outcome: 'refused',
					reference: 'MED-D05-91c4d2',
					amount: 4123.8,
				}),
				ev('2026-06-05', 'outcome', 'LRE refused by the debtor (refusal proof archived)', {
					channel: 'lre',
					outcome: 'refused',
					reference: 'MED-D05-91c4d2',
				}),
				ev('2026-06-25', 'newInvoice', 'New invoice F-2026-0140, due 2026-07-05', { amount: 1200 }),
				ev('2026-07-10', 'firstReminder', 'First reminder by e-mail for F-2026-0140 — delivered', {
					channel: 'email',
					outcome: 'delivered',
					reference: 'REL1-D05-0c55aa',
					amount: 1200,
				}),
				ev('2026-07-20', 'secondReminder', 'Second reminder by e-mail for F-2026-0140 — delivered', {
					channel: 'email',
					outcome: 'delivered',
					reference: 'REL2-D05-0c55aa',
					amount: 1200,
				}),
			],
		},
		{
			debtorId: 'D06',
			name: 'Cabinet Fournier',
			type: 'professional',
			openAtStart: 1980,
			events: [
				ev('2026-06-10', 'formalNotice', 'Formal notice by LRE — not collected within 15 days', {
					channel: 'lre',
					outcome: 'negligence',
					reference: 'MED-D06-44e8b7',
					amount: 2031.9,
				}),
				ev('2026-06-25', 'outcome', 'LRE not collected within 15 days (negligence proof archived)', {
					channel: 'lre',
					outcome: 'negligence',
					reference: 'MED-D06-44e8b7',
				}),
			],
		},
		{
			debtorId: 'D07',
			name: 'Hôtel Girard SAS',
			type: 'professional',
			openAtStart: 3250,
			events: [
				ev('2026-06-02', 'dispute', 'Dispute opened: “room block not as ordered”'),
				ev('2026-06-19', 'disputeResolved', 'Dispute resolved: invoice confirmed'),
				ev('2026-06-22', 'formalNotice', 'Formal notice by LRE (English) — accepted after 1 day', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D07-c0ffee',
					amount: 3311.2,
				}),
				ev('2026-06-23', 'outcome', 'LRE accepted by the debtor (proof archived)', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D07-c0ffee',
				}),
				ev('2026-07-03', 'payment', 'Paid in full (F-2026-0109)', { amount: 3250 }),
			],
		},
		{
			debtorId: 'D08',
			name: 'Marie Durand',
			type: 'individual',
			openAtStart: 480,
			events: [
				ev(
					'2026-06-13',
					'paperLetterNeeded',
					'Formal notice: paper letter needed — no consent to electronic registered letters',
					{
						channel: 'paper',
						outcome: 'blocked: no consent',
						reference: 'MED-D08-5d2e19',
						amount: 480,
					},
				),
				ev('2026-07-15', 'payment', 'Paid in full by cheque', { amount: 480 }),
			],
		},
		{
			debtorId: 'D12',
			name: 'Œuvre & Cie — Zoë',
			type: 'professional',
			openAtStart: 2590,
			events: [
				ev(
					'2026-06-14',
					'error',
					'Formal notice not sent: no legal interest rate for 2026-H2 — add it in Notice Generator › Rates',
					{
						channel: 'lre',
						outcome: 'failed',
						reference: 'MED-D12-e3a0f1',
					},
				),
				ev('2026-06-15', 'formalNotice', 'Formal notice by LRE for 2 invoices — notification bounced', {
					channel: 'lre',
					outcome: 'bounced',
					reference: 'MED-D12-e3a0f1',
					amount: 2641.35,
				}),
				ev('2026-06-15', 'outcome', 'LRE notification e-mail bounced: check the debtor’s address', {
					channel: 'lre',
					outcome: 'bounced',
					reference: 'MED-D12-e3a0f1',
				}),
			],
		},
		{
			debtorId: 'D13',
			name: 'Bâtiments Côte d’Azur SAS',
			type: 'professional',
			openAtStart: 5400,
			events: [
				ev('2026-06-03', 'promise', 'Promise to pay by 2026-06-30 (phone call with the accountant)'),
				ev('2026-06-26', 'payment', 'Paid in full (F-2026-0116), promise kept', { amount: 5400 }),
			],
		},
		{
			debtorId: 'D16',
			name: 'Pharmacie Chevalier',
			type: 'professional',
			openAtStart: 410,
			events: [
				ev('2026-06-17', 'firstReminder', 'First reminder by e-mail — bounced', {
					channel: 'email',
					outcome: 'bounced',
					reference: 'REL1-D16-a7710b',
					amount: 410,
				}),
				ev('2026-06-17', 'outcome', 'Reminder e-mail bounced (mailbox full)', {
					channel: 'email',
					outcome: 'bounced',
					reference: 'REL1-D16-a7710b',
				}),
				ev('2026-06-27', 'secondReminder', 'Second reminder by e-mail — delivered', {
					channel: 'email',
					outcome: 'delivered',
					reference: 'REL2-D16-a7710b',
					amount: 410,
				}),
				ev('2026-07-12', 'formalNotice', 'Formal notice by LRE — accepted after 2 days', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D16-19bd3c',
					amount: 420.65,
				}),
				ev('2026-07-14', 'outcome', 'LRE accepted by the debtor (proof archived)', {
					channel: 'lre',
					outcome: 'accepted',
					reference: 'MED-D16-19bd3c',
				}),
				ev('2026-07-20', 'payment', 'Paid in full (F-2026-0119)', { amount: 410 }),
			],
		},
	];
}

const pct = (part: number, whole: number) =>
	whole ? `${(Math.round((part / whole) * 1000) / 10).toString().replace('.', ',')} %` : 'n/a';

/** The KPIs of the demo, computed from the events (technical failure rate above 1 % raises the alert). */
export function kpisFrom(debtors: SampleDebtor[], days: DayStat[]): Kpi[] {
	const all = debtors.flatMap((d) => d.events);
	const lre = all.filter((e) => e.kind === 'formalNotice' && e.channel === 'lre');
	const emails = all.filter(
		(e) => (e.kind === 'firstReminder' || e.kind === 'secondReminder') && e.channel === 'email',
	);
	const outcomes = all.filter((e) => e.kind === 'outcome');
	const lreOutcome = (o: string) => outcomes.filter((e) => e.channel === 'lre' && e.outcome === o).length;
	const failures = all.filter((e) => e.kind === 'error').length;
	const attempts = lre.length + emails.length + failures;
	const start = days[0]?.openAmount ?? 0;
	const end = days[days.length - 1]?.openAmount ?? 0;
	const recovered = all.filter((e) => e.kind === 'payment').reduce((s, e) => s + (e.amount ?? 0), 0);
	const delays = outcomes
		.filter((o) => o.channel === 'lre' && o.outcome === 'accepted')
		.flatMap((o) => {
			const sent = lre.find((e) => e.reference === o.reference);
			return sent ? [(Date.parse(o.date) - Date.parse(sent.date)) / 86_400_000] : [];
		});
	const meanDelay = delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null;
	const money = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
	return [
		{
			label: 'Recovered',
			value: money.format(recovered),
			detail: `${all.filter((e) => e.kind === 'payment').length} payments; open ${money.format(start)} → ${money.format(end)}`,
		},
		{
			label: 'Formal notices (LRE)',
			value: String(lre.length),
			detail: `${lreOutcome('accepted')} accepted, ${lreOutcome('refused')} refused, ${lreOutcome('negligence')} not collected`,
		},
		{
			label: 'Reminder e-mails',
			value: String(emails.length),
			detail: `${emails.filter((e) => e.outcome === 'delivered').length} delivered, ${emails.filter((e) => e.outcome === 'bounced').length} bounced`,
		},
		{
			label: 'LRE deliverability',
			value: pct(lre.length - lreOutcome('bounced'), lre.length),
			detail: `${lreOutcome('bounced')} notification bounced`,
		},
		{
			label: 'Mean acceptance delay',
			value: meanDelay === null ? 'n/a' : `${meanDelay.toFixed(1).replace('.', ',')} days`,
			detail: `${lreOutcome('accepted')} letters accepted`,
		},
		{
			label: 'Refusal / negligence rate',
			value: pct(lreOutcome('refused') + lreOutcome('negligence'), lre.length),
			detail: 'of the qualified letters sent',
		},
		{
			label: 'Technical failure rate',
			value: pct(failures, attempts),
			detail: `${failures} of ${attempts} sends failed — above the 1 % alert threshold: tell the technical team`,
			alert: attempts > 0 && failures / attempts > 0.01,
		},
		{
			label: 'Paper letters needed',
			value: String(all.filter((e) => e.kind === 'paperLetterNeeded').length),
			detail: 'individuals without consent to electronic registered letters',
		},
	];
}

/** The full sample report over SAMPLE_DAYS days from SAMPLE_FROM. */
export function sampleReport60(): DemoReport60 {
	const debtors = sampleDebtors();
	const days = dayStatsFrom(SAMPLE_FROM, SAMPLE_DAYS, debtors);
	const to = addDays(SAMPLE_FROM, SAMPLE_DAYS - 1);
	return {
		title: 'Dunning demo — 60 days',
		from: SAMPLE_FROM,
		to,
		generatedAt: '2026-07-30 18:05 UTC',
		days,
		debtors: debtors.map(({ openAtStart: _openAtStart, ...d }) => ({
			...d,
			openAmountAtEnd: openOn({ ...d, openAtStart: _openAtStart }, to),
		})),
		kpis: kpisFrom(debtors, days),
	};
}
