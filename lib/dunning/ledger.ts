/**
 * The ledger: one row per thing that happened to a letter (planned, sent, accepted, bounced…), appended by the
 * Record operation to a Data Table or a sheet. Reading it folds the rows per case reference into letters.
 */
import {
	LEDGER_STATES,
	RowError,
	STEPS,
	TAKEN,
	UNDELIVERED,
	type Channel,
	type LedgerRow,
	type LedgerState,
	type Step,
} from './model';
import { canonicalId } from './reference';
import { byText, isEmpty, readDate } from './values';

/** The ledger's columns, in the order a sheet shows them. */
export const LEDGER_COLUMNS: ReadonlyArray<keyof LedgerRow> = [
	'reference',
	'debtorId',
	'step',
	'channel',
	'state',
	'invoices',
	'businessDate',
	'recordedAt',
	'letterId',
	'amount',
	'noticeSha256',
	'proofFile',
	'error',
];

const CHANNELS: ReadonlyArray<Channel> = ['email', 'lre', 'ere', 'paper'];

/** How far along a letter a state is: a row of a lower rank never replaces a higher one. */
const RANK: Record<LedgerState, number> = {
	dataError: 0,
	planned: 0,
	failed: 0,
	sent: 1,
	delivered: 1,
	paperNeeded: 1,
	accepted: 2,
	refused: 2,
	negligence: 2,
	bounced: 2,
	providerFailed: 2,
};

export interface LetterRecord {
	reference: string;
	debtorId: string;
	step: Step | '';
	channel: Channel | '';
	invoices: string[];
	/** The business day the letter went out (first row in a "taken" state), or '' if it has not. */
	takenOn: string;
	/** The latest state recorded for it. */
	state: LedgerState;
	letterId: string;
	proofFile: string;
	error: string;
	/** The day of the latest row. */
	lastDate: string;
}

/** Reads one ledger row; undefined for a row with none of the ledger's columns (an empty read). */
export function readLedgerRow(json: Record<string, unknown>, row: number): LedgerRow | undefined {
	if (LEDGER_COLUMNS.every((column) => isEmpty(json[column]))) return undefined;
	const debtorId =
		typeof json.debtorId === 'string' || typeof json.debtorId === 'number' ? String(json.debtorId).trim() : '';
	const fail = (column: keyof LedgerRow, problem: string): never => {
		throw new RowError('ledger', row, column, problem, debtorId || undefined);
	};
	const text = (column: keyof LedgerRow): string => {
		const value = json[column];
		if (isEmpty(value)) return '';
		if (typeof value !== 'string' && typeof value !== 'number')
			return fail(column, `must be text, not ${typeof value}`);
		return String(value).trim();
	};
	const reference = text('reference');
	if (!reference) fail('reference', 'is empty: every ledger row names the case reference of its letter');
	const state = text('state') as LedgerState;
	if (!LEDGER_STATES.includes(state)) fail('state', `is "${state}", not one of ${LEDGER_STATES.join(', ')}`);
	const step = text('step') as Step | '';
	if (step && !STEPS.includes(step)) fail('step', `is "${step}", not one of ${STEPS.join(', ')}`);
	const channel = text('channel') as Channel | '';
	if (channel && !CHANNELS.includes(channel)) fail('channel', `is "${channel}", not one of ${CHANNELS.join(', ')}`);
	const businessDate = readDate(json.businessDate, 'iso');
	if (!businessDate) fail('businessDate', `is "${String(json.businessDate ?? '')}", not a date like 2026-06-15`);
	const recordedAt = text('recordedAt');
	if (recordedAt && Number.isNaN(Date.parse(recordedAt)))
		fail('recordedAt', `is "${recordedAt}", not an ISO date-time`);
	const invoicesCell = json.invoices;
	const invoices = Array.isArray(invoicesCell) ? invoicesCell.map(String).join(', ') : text('invoices');
	const amountCell = json.amount;
	const amount = isEmpty(amountCell) ? '' : Number(amountCell);
	if (amount !== '' && !Number.isFinite(amount)) fail('amount', `is "${String(amountCell)}", not a number`);
	return {
		reference,
		debtorId,
		step,
		channel,
		state,
		invoices,
		businessDate: businessDate as string,
		recordedAt,
		letterId: text('letterId'),
		amount,
		noticeSha256: text('noticeSha256'),
		proofFile: text('proofFile'),
		error: text('error'),
	};
}

export const invoiceList = (text: string) =>
	text
		.split(/[,;\n]/)
		.map((n) => n.trim())
		.filter(Boolean);

/** Folds rows (in the order they were written) into one record per case reference. */
export function foldLedger(rows: LedgerRow[]): Map<string, LetterRecord> {
	const letters = new Map<string, LetterRecord>();
	const ordered = rows
		.map((row, index) => ({ row, index }))
		.sort(
			(a, b) =>
				byText(a.row.businessDate, b.row.businessDate) ||
				byText(a.row.recordedAt || '', b.row.recordedAt || '') ||
				a.index - b.index,
		);
	for (const { row } of ordered) {
		const key = canonicalId(row.reference);
		const letter = letters.get(key) ?? {
			reference: row.reference,
			debtorId: '',
			step: '',
			channel: '',
			invoices: [],
			takenOn: '',
			state: row.state,
			letterId: '',
			proofFile: '',
			error: '',
			lastDate: row.businessDate,
		};
		letter.debtorId ||= row.debtorId;
		letter.step ||= row.step;
		letter.channel ||= row.channel;
		if (!letter.invoices.length) letter.invoices = invoiceList(row.invoices);
		// Rows are in business-day order: the first "taken" row is the day the letter went out.
		if (TAKEN.has(row.state) && !letter.takenOn) letter.takenOn = row.businessDate;
		// A later row never lowers the state: once sent, a re-run's "planned" or "failed" does not make it unsent, and
		// an outcome (accepted, bounced…) recorded before the "sent" row (the trigger can be that fast) stays.
		if (RANK[row.state] >= RANK[letter.state]) letter.state = row.state;
		letter.letterId = row.letterId || letter.letterId;
		letter.proofFile = row.proofFile || letter.proofFile;
		letter.error = row.error;
		letter.lastDate = row.businessDate;
		letters.set(key, letter);
	}
	return letters;
}

export const undelivered = (letter: LetterRecord) => UNDELIVERED.has(letter.state);
