/**
 * The 60-day report's data (`reportHtml`'s DemoReport60), built from what the run left: the ledger (letters,
 * outcomes, errors), the scenario (payments, disputes, promises, new invoices) and the KPIs.
 */
import type { LedgerRow } from '../lib/dunning/model';
import { addDays } from '../lib/time';
import { kpiText, type Kpis } from './report';
import type { DayStat, DebtorTimeline, DemoReport60, Kpi, StepKind, TimelineEvent } from './reportHtml';
import { changesOn, dayOf, rowsOn, type Scenario } from './scenario';

const STEP_LABEL: Record<string, string> = {
	firstReminder: 'First reminder',
	secondReminder: 'Second reminder',
	formalNotice: 'Formal notice',
};
const CHANNEL_LABEL: Record<string, string> = {
	email: 'by e-mail',
	lre: 'by qualified LRE',
	ere: 'by ERE',
	paper: 'by postal registered letter (Maileva)',
};
const OUTCOMES = ['accepted', 'refused', 'negligence', 'bounced', 'providerFailed'] as const;

const owed = (row: Record<string, string>) =>
	row.status === 'paid' ? 0 : Math.max(0, Math.round((Number(row.amount) - Number(row.paid || 0)) * 100) / 100);

export function report60(
	scenario: Scenario,
	days: number,
	ledger: LedgerRow[],
	kpis: Kpis,
	generatedAt: string,
): DemoReport60 {
	const dates = Array.from({ length: days }, (_, i) => dayOf(scenario, i));
	const debtorOfReference = new Map(ledger.filter((r) => r.debtorId).map((r) => [r.reference, r.debtorId]));
	const stepOfReference = new Map(ledger.filter((r) => r.step).map((r) => [r.reference, r]));
	const isLetter = (r: LedgerRow) =>
		r.step && (r.state === 'sent' || r.state === 'paperNeeded' || r.state === 'failed');
	const stats: DayStat[] = dates.map((day) => {
		const sent: Record<StepKind, number> = {
			firstReminder: 0,
			secondReminder: 0,
			formalNotice: 0,
			paperLetterNeeded: 0,
		};
		for (const r of ledger.filter(
			(row) => row.businessDate === day && row.step && (row.state === 'sent' || row.state === 'paperNeeded'),
		)) {
			sent[r.state === 'paperNeeded' ? 'paperLetterNeeded' : (r.step as StepKind)] += 1;
		}
		const outcomes = { accepted: 0, refused: 0, negligence: 0, bounced: 0, failed: 0 };
		for (const r of ledger.filter(
			(row) => row.businessDate === day && (OUTCOMES as readonly string[]).includes(row.state),
		)) {
			outcomes[r.state === 'providerFailed' ? 'failed' : (r.state as 'accepted')] += 1;
		}
		const errors = ledger.filter(
			(row) => row.businessDate === day && (row.state === 'failed' || row.state === 'dataError'),
		).length;
		const openAmount = Math.round(rowsOn(scenario, day).reduce((sum, row) => sum + owed(row), 0) * 100) / 100;
		return { date: day, sent, outcomes, errors, openAmount };
	});

	const debtors = new Map<string, DebtorTimeline>();
	const last = rowsOn(scenario, dates.at(-1) as string);
	for (const invoice of scenario.invoices) {
		const id = String(invoice.debtor_id);
		if (!debtors.has(id)) {
			debtors.set(id, {
				debtorId: id,
				name: String(invoice.debtor_name),
				type: invoice.debtor_type === 'individual' ? 'individual' : 'professional',
				openAmountAtEnd:
					Math.round(last.filter((r) => r.debtor_id === id).reduce((s, r) => s + owed(r), 0) * 100) / 100,
				events: [],
			});
		}
	}
	const push = (debtorId: string, event: TimelineEvent) => debtors.get(debtorId)?.events.push(event);
	for (const row of ledger) {
		const debtorId = row.debtorId || debtorOfReference.get(row.reference) || '';
		if (isLetter(row)) {
			const failed = row.state === 'failed';
			push(debtorId, {
				date: row.businessDate,
				kind: row.state === 'paperNeeded' ? 'paperLetterNeeded' : (row.step as StepKind),
				channel: row.channel || undefined,
				outcome: failed ? 'failed' : row.state === 'paperNeeded' ? 'paper letter needed' : 'sent',
				reference: row.reference,
				// "paperNeeded": a ledger from before paper letters were posted (handed over to a person to post).
				label: `${STEP_LABEL[row.step]} ${row.state === 'paperNeeded' ? '— paper registered letter needed' : (CHANNEL_LABEL[row.channel] ?? '')}${failed ? ` — FAILED: ${row.error}` : ''} (${row.invoices})`,
				amount: row.amount === '' ? undefined : Number(row.amount),
			});
		} else if ((OUTCOMES as readonly string[]).includes(row.state)) {
			const letter = stepOfReference.get(row.reference);
			// A paper letter's acceptance is La Poste's delivery, with the acknowledgement of receipt.
			const what =
				letter?.channel === 'paper' && row.state === 'accepted' ? 'delivered (acknowledgement of receipt)' : row.state;
			push(debtorId, {
				date: row.businessDate,
				kind: 'outcome',
				channel: letter?.channel || undefined,
				outcome: row.state,
				reference: row.reference,
				label: `${STEP_LABEL[letter?.step ?? ''] ?? 'Letter'} ${what}${row.proofFile ? ` — proof ${row.proofFile}` : ''}`,
			});
		}
	}
	// One error marker per debtor and run of consecutive days, not one a day.
	const errorDays = new Map<string, string[]>();
	for (const row of ledger.filter((r) => r.state === 'dataError'))
		errorDays.set(row.debtorId, [...(errorDays.get(row.debtorId) ?? []), row.businessDate]);
	for (const [debtorId, list] of errorDays) {
		const sorted = [...new Set(list)].sort();
		sorted.forEach((day, i) => {
			if (i > 0 && addDays(sorted[i - 1], 1) === day) return;
			let end = day;
			while (sorted.includes(addDays(end, 1))) end = addDays(end, 1);
			const error =
				ledger.find((r) => r.debtorId === debtorId && r.businessDate === day && r.state === 'dataError')?.error ?? '';
			push(debtorId, {
				date: day,
				kind: 'error',
				outcome: 'data error',
				label: `Data error every run from ${day} to ${end}: nothing planned — ${error}`,
			});
		});
	}
	for (const day of dates) {
		for (const change of changesOn(scenario, day)) {
			const f = change.fields;
			const kind: TimelineEvent['kind'] = f.newInvoice
				? 'newInvoice'
				: f.paid
					? 'payment'
					: f.status === 'disputed'
						? 'dispute'
						: f.status === 'promise_to_pay'
							? 'promise'
							: f.status === 'open'
								? 'disputeResolved'
								: 'newInvoice';
			push(change.debtorId, {
				date: day,
				kind,
				label: `${change.invoice}: ${change.note}`,
				amount: f.paid ? Number(f.paid) : undefined,
			});
			if (f.promise_until && f.promise_until < (dates.at(-1) as string)) {
				push(change.debtorId, {
					date: addDays(f.promise_until, 1),
					kind: 'promiseLapsed',
					label: `${change.invoice}: promise to pay until ${f.promise_until} not kept`,
				});
			}
		}
	}
	const kpiCards: Kpi[] = kpiText(kpis)
		.split('\n')
		.filter((line) => !line.startsWith('ALERT'))
		.map((line) => {
			const [label, rest] = line.split(/: (.*)/s);
			const [value, ...detail] = rest.split(' (');
			return {
				label,
				value,
				detail: detail.length ? `(${detail.join(' (')}` : undefined,
				alert: label.startsWith('Technical failure') && kpis.alert !== null,
			};
		});
	kpiCards.push({
		label: 'Data errors (rows that could not be read)',
		value: String(kpis.dataErrors),
		detail: 'each one is a day a debtor was not planned: fix the source',
		alert: kpis.dataErrors > 0,
	});
	return {
		title: 'LRE demo — 60 days of dunning',
		from: dates[0],
		to: dates.at(-1) as string,
		generatedAt,
		days: stats,
		debtors: [...debtors.values()].map((d) => ({
			...d,
			events: d.events.sort((a, b) => a.date.localeCompare(b.date)),
		})),
		kpis: kpiCards,
	};
}
