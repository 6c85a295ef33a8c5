/**
 * The Dunning Plan's vocabulary: which step a debtor is due, through which channel, and what the ledger remembers.
 * Pure data, no n8n: `plan.ts` decides, `rows.ts` and `ledger.ts` read what users feed in, `record.ts` writes rows.
 */

export type Step = 'firstReminder' | 'secondReminder' | 'formalNotice';
export type PartyType = 'professional' | 'individual';
export type Language = 'fr' | 'en';
/** `paper` = a paper letter is needed (an individual without consent, no e-mail address, a bounced LRE). */
export type Channel = 'email' | 'lre' | 'ere' | 'paper';

export const STEPS: readonly Step[] = ['firstReminder', 'secondReminder', 'formalNotice'];

export const STEP_LABEL: Record<Step, string> = {
	firstReminder: 'first reminder',
	secondReminder: 'second reminder',
	formalNotice: 'formal notice',
};

export interface Policy {
	/** Days after the due date (plus grace) from which each step is due. */
	firstReminderDays: number;
	secondReminderDays: number;
	formalNoticeDays: number;
	/** At least this many days between two letters to the same debtor, and between two steps of one invoice. */
	minDaysBetweenSteps: number;
	/** Days added to every due date before the sequence starts (e.g. a debtor's usual payment delay). */
	graceDays: number;
	/** No letter when the amount it would claim is below this (euros). */
	minimumAmount: number;
	/** How a formal notice goes to a debtor who may receive one electronically. */
	formalNoticeChannel: 'lre' | 'ere';
}

export const DEFAULT_POLICY: Policy = {
	firstReminderDays: 5,
	secondReminderDays: 15,
	formalNoticeDays: 30,
	minDaysBetweenSteps: 7,
	graceDays: 0,
	minimumAmount: 0,
	formalNoticeChannel: 'lre',
};

export type InvoiceStatus = 'open' | 'paid' | 'disputed' | 'promise' | 'creditNote';

/** One invoice as read from a row (amounts in euros, dates YYYY-MM-DD). */
export interface Invoice {
	/** Index of the input item it came from. */
	row: number;
	number: string;
	debtorId: string;
	debtorName: string;
	debtorType: PartyType;
	language: Language;
	email: string;
	siren: string;
	address: string;
	contact: string;
	issueDate: string;
	dueDate: string;
	amount: number;
	paid: number;
	paidDate: string;
	status: InvoiceStatus;
	promiseUntil: string;
	/** Reminders sent before this package kept a ledger (optional columns). */
	reminder1Date: string;
	reminder2Date: string;
}

/** What a ledger row says happened to a letter. */
export type LedgerState =
	| 'planned'
	| 'sent'
	| 'delivered'
	| 'accepted'
	| 'refused'
	| 'negligence'
	| 'bounced'
	| 'providerFailed'
	| 'paperNeeded'
	| 'failed'
	| 'dataError';

/** States after which the step counts as taken (a letter went out, or was handed over to paper). */
export const TAKEN: ReadonlySet<LedgerState> = new Set([
	'sent',
	'delivered',
	'accepted',
	'refused',
	'negligence',
	'bounced',
	'providerFailed',
	'paperNeeded',
]);

/** A formal notice in these states did not reach the debtor electronically: a paper letter is needed. */
export const UNDELIVERED: ReadonlySet<LedgerState> = new Set(['bounced', 'providerFailed']);

export const LEDGER_STATES: readonly LedgerState[] = [
	'planned',
	'sent',
	'delivered',
	'accepted',
	'refused',
	'negligence',
	'bounced',
	'providerFailed',
	'paperNeeded',
	'failed',
	'dataError',
];

/** One row of the ledger (flat, so that a Data Table or a sheet holds it as is). */
export interface LedgerRow {
	reference: string;
	debtorId: string;
	step: Step | '';
	channel: Channel | '';
	state: LedgerState;
	/** Invoice numbers the letter covers, comma-separated. */
	invoices: string;
	/** The business day of the run that planned or sent it (YYYY-MM-DD). */
	businessDate: string;
	/** When the row was written (ISO 8601). */
	recordedAt: string;
	letterId: string;
	amount: number | '';
	noticeSha256: string;
	proofFile: string;
	error: string;
}

/** An error that names the row (input item) and the column to fix. */
export class RowError extends Error {
	constructor(
		readonly source: 'invoice' | 'ledger',
		readonly row: number,
		readonly column: string,
		problem: string,
		readonly debtorId?: string,
	) {
		super(
			`${source === 'invoice' ? 'Invoice' : 'Ledger'} item ${row}${debtorId ? ` (debtor ${debtorId})` : ''}: column "${column}" ${problem}`,
		);
		this.name = 'RowError';
	}
}
