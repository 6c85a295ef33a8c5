/**
 * Invoice rows from any source (a sheet, an accounting API, a CSV, a Data Table) → invoices, column by column.
 * Which column holds what is the user's choice (`Columns`); the defaults are the columns of
 * `examples/data/invoices.csv`. A cell that cannot be read is a RowError naming the item and the column.
 */
import { LIMITS } from '../notice/model';
import { hasUnsafeCharacters } from '../text';
import { RowError, type Invoice, type InvoiceStatus, type Language, type PartyType } from './model';
import { DATE_FORMAT_EXAMPLE, isEmpty, readAmount, readDate, readText, type DateFormat } from './values';

export interface Columns {
	invoiceNumber: string;
	debtorId: string;
	debtorName: string;
	debtorType: string;
	language: string;
	email: string;
	siren: string;
	address: string;
	contact: string;
	issueDate: string;
	dueDate: string;
	amount: string;
	paid: string;
	paidDate: string;
	status: string;
	promiseUntil: string;
	reminder1Date: string;
	reminder2Date: string;
}

export const DEFAULT_COLUMNS: Columns = {
	invoiceNumber: 'invoice_number',
	debtorId: 'debtor_id',
	debtorName: 'debtor_name',
	debtorType: 'debtor_type',
	language: 'language',
	email: 'debtor_email',
	siren: 'debtor_siren',
	address: 'debtor_address',
	contact: 'contact',
	issueDate: 'issue_date',
	dueDate: 'due_date',
	amount: 'amount',
	paid: 'paid',
	paidDate: 'paid_date',
	status: 'status',
	promiseUntil: 'promise_until',
	reminder1Date: 'reminder1_date',
	reminder2Date: 'reminder2_date',
};

/** The words a status cell may hold, per status (compared case- and accent-insensitively). */
export type StatusWords = Record<InvoiceStatus, string[]>;

export const DEFAULT_STATUS_WORDS: StatusWords = {
	open: ['open', 'unpaid', 'overdue', 'due', 'ouverte', 'impayee', 'en retard'],
	paid: ['paid', 'payee', 'reglee', 'soldee'],
	disputed: ['disputed', 'dispute', 'litige', 'en litige', 'contestee'],
	promise: ['promise_to_pay', 'promise', 'promesse', 'promesse de paiement'],
	creditNote: ['credit_note', 'credit note', 'avoir'],
};

const PARTY_WORDS: Record<PartyType, string[]> = {
	professional: ['professional', 'business', 'company', 'b2b', 'pro', 'professionnel', 'entreprise', 'societe'],
	individual: ['individual', 'consumer', 'person', 'b2c', 'particulier', 'consommateur'],
};

export interface RowOptions {
	columns: Columns;
	dateFormat: DateFormat;
	statusWords: StatusWords;
	/** For rows whose debtor type cell is empty (or absent). */
	defaultDebtorType: PartyType;
	defaultLanguage: Language;
}

export const fold = (text: string) =>
	text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase();

function wordOf<T extends string>(words: Record<T, string[]>, cell: string): T | undefined {
	const folded = fold(cell);
	return (Object.keys(words) as T[]).find((key) => words[key].some((word) => fold(word) === folded));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads one row; throws the first problem as a RowError. */
export function readInvoiceRow(json: Record<string, unknown>, row: number, options: RowOptions): Invoice {
	const { columns } = options;
	const who: { debtorId?: string } = {};
	const fail = (field: keyof Columns, problem: string): never => {
		throw new RowError('invoice', row, columns[field], problem, who.debtorId);
	};
	const cell = (field: keyof Columns) => json[columns[field]];
	const text = (field: keyof Columns, required = false, max = 500): string => {
		const value = readText(cell(field));
		if (value === undefined)
			return fail(field, `must be text, not ${Array.isArray(cell(field)) ? 'a list' : typeof cell(field)}`);
		if (required && !value)
			return fail(
				field,
				columns[field] in json ? 'is empty' : 'is missing from the row (check the column names under "Columns")',
			);
		if (value.length > max) return fail(field, `is longer than ${max} characters`);
		if (hasUnsafeCharacters(value)) return fail(field, 'contains control or text-direction characters');
		return value;
	};
	const date = (field: keyof Columns, required: boolean): string => {
		const value = cell(field);
		if (isEmpty(value))
			return required
				? fail(
						field,
						columns[field] in json
							? 'is empty: a date is required'
							: 'is missing from the row (check the column names under "Columns")',
					)
				: '';
		const day = readDate(value, options.dateFormat);
		if (!day)
			return fail(
				field,
				`is "${String(value)}", not a date like ${DATE_FORMAT_EXAMPLE[options.dateFormat]} (see "Date Format")`,
			);
		return day;
	};
	const amount = (field: keyof Columns, required: boolean): number => {
		const value = cell(field);
		if (isEmpty(value))
			return required
				? fail(
						field,
						columns[field] in json
							? 'is empty: an amount is required'
							: 'is missing from the row (check the column names under "Columns")',
					)
				: 0;
		const euros = readAmount(value);
		if (euros === undefined)
			return fail(field, `is "${String(value)}", not an amount in euros with at most 2 decimals (e.g. 1234.50)`);
		return euros;
	};

	const id = text('debtorId', true, 100);
	who.debtorId = id;
	const number = text('invoiceNumber', true, LIMITS.invoiceNumber);
	const name = text('debtorName', true, 200);

	const typeCell = text('debtorType');
	const debtorType = typeCell ? wordOf(PARTY_WORDS, typeCell) : options.defaultDebtorType;
	if (!debtorType) fail('debtorType', `is "${typeCell}": use professional or individual`);

	const languageCell = fold(text('language'));
	const language: Language | undefined = !languageCell
		? options.defaultLanguage
		: languageCell.startsWith('fr')
			? 'fr'
			: languageCell.startsWith('en')
				? 'en'
				: undefined;
	if (!language) fail('language', `is "${languageCell}": use fr or en`);

	const email = text('email', false, 254);
	if (email && !EMAIL.test(email)) fail('email', `is "${email}", not an e-mail address`);

	const statusCell = text('status');
	const status = statusCell ? wordOf(options.statusWords, statusCell) : 'open';
	if (!status) {
		const known = (Object.keys(options.statusWords) as InvoiceStatus[])
			.map((key) => options.statusWords[key][0])
			.join(', ');
		fail(
			'status',
			`is "${statusCell}", which is not a known status (${known}; see "Status Words"). A status the node cannot read could be a dispute or a payment: nothing is planned for this debtor`,
		);
	}

	const issueDate = date('issueDate', false);
	const dueDate = date('dueDate', true);
	if (issueDate && issueDate > dueDate) fail('issueDate', `(${issueDate}) is after the due date (${dueDate})`);
	const total = amount('amount', true);
	if (total < 0)
		fail(
			'amount',
			`is negative (${total}): record a credit note with the status "${options.statusWords.creditNote[0]}" and a positive amount`,
		);
	if (total === 0) fail('amount', 'is 0: an invoice to chase must have an amount');
	const paid = amount('paid', false);
	if (paid < 0) fail('paid', `is negative (${paid})`);
	const paidDate = date('paidDate', false);
	if (paid > 0 && !paidDate && status !== 'paid')
		fail('paidDate', `is empty while ${paid} € was paid: the date of the payment is needed for the penalties`);
	const promiseUntil = date('promiseUntil', false);

	return {
		row,
		number,
		debtorId: id,
		debtorName: name,
		debtorType: debtorType as PartyType,
		language: language as Language,
		email,
		siren: text('siren', false, 20),
		address: text('address', false, 500)
			.split('|')
			.map((line) => line.trim())
			.filter(Boolean)
			.join('\n'),
		contact: text('contact', false, 200),
		issueDate,
		dueDate,
		amount: total,
		paid,
		paidDate,
		status: status as InvoiceStatus,
		promiseUntil,
		reminder1Date: date('reminder1Date', false),
		reminder2Date: date('reminder2Date', false),
	};
}
