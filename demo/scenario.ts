/**
 * The 60-day scenario (`examples/data/dunning-60-days.json`): the accounts-receivable export as it looks on each
 * business day — invoices appear, get paid, disputed, promised — written as the CSV the pipeline reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../lib/time';

export interface ScenarioInvoice {
	appears?: string;
	changes?: Array<{ on: string; note?: string } & Record<string, string>>;
	note?: string;
	[column: string]: unknown;
}

export interface Scenario {
	start: string;
	days: number;
	invoices: ScenarioInvoice[];
}

/** The CSV's columns: those of examples/data/invoices.csv plus the promise date. */
export const CSV_COLUMNS = [
	'invoice_number',
	'debtor_id',
	'debtor_name',
	'debtor_type',
	'language',
	'debtor_email',
	'debtor_siren',
	'debtor_address',
	'contact',
	'issue_date',
	'due_date',
	'amount',
	'paid',
	'paid_date',
	'status',
	'promise_until',
	'reminder1_date',
	'reminder2_date',
] as const;

export function loadScenario(root: string): Scenario {
	return JSON.parse(readFileSync(join(root, 'examples', 'data', 'dunning-60-days.json'), 'utf8')) as Scenario;
}

export const dayOf = (scenario: Scenario, index: number) => addDays(scenario.start, index);

/** The export's rows on a given day. */
export function rowsOn(scenario: Scenario, day: string): Array<Record<string, string>> {
	return scenario.invoices
		.filter((invoice) => !invoice.appears || invoice.appears <= day)
		.map((invoice) => {
			const row: Record<string, string> = Object.fromEntries(
				CSV_COLUMNS.map((c) => [c, typeof invoice[c] === 'string' ? (invoice[c] as string) : '']),
			);
			row.status ||= 'open';
			row.paid ||= '0';
			for (const change of (invoice.changes ?? []).filter((c) => c.on <= day)) {
				for (const [key, value] of Object.entries(change)) if (key !== 'on' && key !== 'note') row[key] = value;
			}
			return row;
		});
}

/** What happens in the data on a day (payments, disputes, promises…), for the timeline. */
export function changesOn(
	scenario: Scenario,
	day: string,
): Array<{ debtorId: string; invoice: string; note: string; fields: Record<string, string> }> {
	const out: Array<{ debtorId: string; invoice: string; note: string; fields: Record<string, string> }> = [];
	for (const invoice of scenario.invoices) {
		const id = { debtorId: String(invoice.debtor_id), invoice: String(invoice.invoice_number) };
		if (invoice.appears === day)
			out.push({ ...id, note: invoice.note ?? 'new invoice', fields: { newInvoice: 'true' } });
		for (const change of (invoice.changes ?? []).filter((c) => c.on === day)) {
			const fields = Object.fromEntries(Object.entries(change).filter(([k]) => k !== 'on' && k !== 'note'));
			out.push({ ...id, note: change.note ?? '', fields });
		}
	}
	return out;
}

/** Plain CSV (RFC 4180 quoting), as an accounting export writes it. */
export function csvOf(rows: Array<Record<string, string>>): string {
	const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
	return (
		[CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row[c] ?? '')).join(','))].join('\n') +
		'\n'
	);
}
