import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { foldLedger, readLedgerRow, type LetterRecord } from '../../../lib/dunning/ledger';
import {
	DEFAULT_POLICY,
	RowError,
	type Invoice,
	type LedgerRow,
	type PartyType,
	type Policy,
} from '../../../lib/dunning/model';
import { planAll, rememberedLetter, type DebtorPlan, type PlanError } from '../../../lib/dunning/plan';
import { canonicalId } from '../../../lib/dunning/reference';
import {
	DEFAULT_COLUMNS,
	DEFAULT_STATUS_WORDS,
	readInvoiceRow,
	type Columns,
	type StatusWords,
} from '../../../lib/dunning/rows';
import { readDate, type DateFormat } from '../../../lib/dunning/values';
import { todayInParis } from '../../../lib/time';
import { debtorTypeField } from '../../shared/descriptions';
import { updateDisplayOptions } from '../../shared/display';
import { rememberedLetters } from './memory';

const COLUMN_LABELS: Record<keyof Columns, string> = {
	invoiceNumber: 'Invoice Number',
	debtorId: 'Debtor ID',
	debtorName: 'Debtor Name',
	debtorType: 'Debtor Type (Professional / Individual)',
	language: 'Language (Fr / En)',
	email: 'Debtor Email',
	siren: 'Debtor SIREN',
	address: 'Debtor Address',
	contact: 'Debtor Contact',
	issueDate: 'Issue Date',
	dueDate: 'Due Date',
	amount: 'Amount (EUR, Incl. VAT)',
	paid: 'Amount Paid',
	paidDate: 'Paid On',
	status: 'Status',
	promiseUntil: 'Promise to Pay Until',
	reminder1Date: 'First Reminder Sent On (Before the Ledger)',
	reminder2Date: 'Second Reminder Sent On (Before the Ledger)',
};

const STATUS_LABELS: Record<keyof StatusWords, string> = {
	open: 'Open Status Words',
	paid: 'Paid Status Words',
	disputed: 'Disputed Status Words',
	promise: 'Promise to Pay Status Words',
	creditNote: 'Credit Note Status Words',
};

const days = (displayName: string, name: keyof Policy, description: string): INodeProperties => {
	const value = DEFAULT_POLICY[name] as number;
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 365 },
		default: value,
		description,
	};
};

const properties: INodeProperties[] = [
	{
		displayName:
			'Connect the invoice rows to the first input, the ledger rows (written by this node\'s Record operation, e.g. read from a Data Table) to the second, and the consent records to the third. Each debtor comes out once, with the step due today or "none" and the reason.',
		name: 'inputsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'As Of',
		name: 'asOf',
		type: 'dateTime',
		default: '',
		description:
			'The business day to plan for. Empty = today in France. Steps are computed from the due dates to this day.',
	},
	days(
		'First Reminder After (Days)',
		'firstReminderDays',
		'Days after the due date from which the courteous first reminder is due (by email)',
	),
	days(
		'Second Reminder After (Days)',
		'secondReminderDays',
		'Days after the due date from which the firm second reminder is due (by email)',
	),
	days(
		'Formal Notice After (Days)',
		'formalNoticeDays',
		'Days after the due date from which the formal notice (mise en demeure) is due',
	),
	days(
		'Minimum Days Between Letters',
		'minDaysBetweenSteps',
		'At least this many days between two letters to the same debtor (and between two steps of one invoice)',
	),
	{
		displayName: 'Formal Notice Channel',
		name: 'formalNoticeChannel',
		type: 'options',
		options: [
			{
				name: 'Qualified LRE (eIDAS)',
				value: 'lre',
				description:
					'Qualified electronic registered letter: legal equivalent of a paper registered letter (CPCE L100)',
			},
			{
				name: 'Simple Registered Email (ERE)',
				value: 'ere',
				description: 'Cheaper, no qualified identity check: weaker proof',
			},
		],
		default: 'lre',
		description:
			'How formal notices go out. An individual without recorded consent, or a debtor without an email address, gets "paper" (a paper registered letter is needed).',
	},
	{
		displayName: 'Date Format',
		name: 'dateFormat',
		type: 'options',
		options: [
			{ name: 'YYYY-MM-DD (ISO)', value: 'iso' },
			{ name: 'DD/MM/YYYY (French)', value: 'dmy' },
			{ name: 'MM/DD/YYYY (US)', value: 'mdy' },
		],
		default: 'iso',
		description:
			'How dates are written in the invoice rows. ISO date-times (from Data Tables and APIs) are always read. A date in another format is an error for that row.',
	},
	{
		displayName: 'Column Names',
		name: 'columns',
		type: 'collection',
		placeholder: 'Change a Column Name',
		default: {},
		description:
			'Which column of the invoice rows holds what. The defaults are the columns of the example invoices.csv.',
		options: (Object.keys(DEFAULT_COLUMNS) as Array<keyof Columns>)
			.map((key) => ({
				displayName: COLUMN_LABELS[key],
				name: key,
				type: 'string' as const,
				default: DEFAULT_COLUMNS[key],
			}))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: (
			[
				days(
					'Grace Days',
					'graceDays',
					'Days added to every due date before the sequence starts (e.g. a usual payment delay)',
				),
				{
					displayName: 'Minimum Amount (EUR)',
					name: 'minimumAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 0,
					description: 'No letter when the amount it would claim is below this',
				},
				debtorTypeField({
					displayName: 'Default Debtor Type',
					name: 'defaultDebtorType',
					description: 'For rows whose debtor type column is empty',
				}),
				{
					displayName: 'Default Language',
					name: 'defaultLanguage',
					type: 'options',
					options: [
						{ name: 'French', value: 'fr' },
						{ name: 'English', value: 'en' },
					],
					default: 'fr',
					description: 'For rows whose language column is empty',
				},
				{
					displayName: 'Check Memory of Sent Letters',
					name: 'checkMemory',
					type: 'boolean',
					default: true,
					description:
						"Whether to skip any letter that n8n's own database remembers as sent by this workflow's Record operation, even if the ledger lost it. Reset it with the Forget Sent Letters operation.",
				},
				{
					displayName: 'Only Debtors With a Step Due',
					name: 'onlyDue',
					type: 'boolean',
					default: false,
					description:
						'Whether to output only the debtors who are due a letter today (by default every debtor comes out, with "none" and the reason)',
				},
				...(Object.keys(DEFAULT_STATUS_WORDS) as Array<keyof StatusWords>).map((key) => ({
					displayName: STATUS_LABELS[key],
					name: `status_${key}`,
					type: 'string' as const,
					default: DEFAULT_STATUS_WORDS[key].join(', '),
					description: `Values of the status column that mean "${key === 'creditNote' ? 'credit note' : key === 'promise' ? 'promise to pay' : key}", separated by commas (case and accents ignored). A value in no list is an error for that debtor.`,
				})),
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { operation: ['plan'] } }, properties);

interface Settings {
	asOf: string;
	policy: Policy;
	columns: Columns;
	dateFormat: DateFormat;
	statusWords: StatusWords;
	defaultDebtorType: PartyType;
	defaultLanguage: 'fr' | 'en';
	checkMemory: boolean;
	onlyDue: boolean;
}

function settings(ctx: IExecuteFunctions): Settings {
	const param = <T>(name: string, fallback: T) => ctx.getNodeParameter(name, 0, fallback) as T;
	const options = param<IDataObject>('options', {});
	const asOfValue = param<unknown>('asOf', '');
	const asOf = asOfValue === '' || asOfValue === null ? todayInParis() : readDate(asOfValue, 'iso');
	if (!asOf)
		throw new NodeOperationError(ctx.getNode(), `"As Of" is "${String(asOfValue)}", not a date`, {
			description: 'Pick a day, map a date like 2026-06-15, or leave it empty for today.',
		});
	const number = (value: unknown, label: string, fallback: number) => {
		const n = value === undefined || value === '' ? fallback : Number(value);
		if (!Number.isFinite(n) || n < 0)
			throw new NodeOperationError(ctx.getNode(), `"${label}" must be a number of 0 or more, not "${String(value)}"`);
		return n;
	};
	const policy: Policy = {
		firstReminderDays: number(
			param('firstReminderDays', DEFAULT_POLICY.firstReminderDays),
			'First Reminder After (Days)',
			DEFAULT_POLICY.firstReminderDays,
		),
		secondReminderDays: number(
			param('secondReminderDays', DEFAULT_POLICY.secondReminderDays),
			'Second Reminder After (Days)',
			DEFAULT_POLICY.secondReminderDays,
		),
		formalNoticeDays: number(
			param('formalNoticeDays', DEFAULT_POLICY.formalNoticeDays),
			'Formal Notice After (Days)',
			DEFAULT_POLICY.formalNoticeDays,
		),
		minDaysBetweenSteps: number(
			param('minDaysBetweenSteps', DEFAULT_POLICY.minDaysBetweenSteps),
			'Minimum Days Between Letters',
			DEFAULT_POLICY.minDaysBetweenSteps,
		),
		graceDays: number(options.graceDays, 'Grace Days', DEFAULT_POLICY.graceDays),
		minimumAmount: number(options.minimumAmount, 'Minimum Amount (EUR)', DEFAULT_POLICY.minimumAmount),
		formalNoticeChannel: param<'lre' | 'ere'>('formalNoticeChannel', 'lre') === 'ere' ? 'ere' : 'lre',
	};
	if (!(policy.firstReminderDays < policy.secondReminderDays && policy.secondReminderDays < policy.formalNoticeDays)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The steps must come in order: first reminder (D+${policy.firstReminderDays}) < second reminder (D+${policy.secondReminderDays}) < formal notice (D+${policy.formalNoticeDays})`,
			{
				description:
					'Fix "First Reminder After (Days)", "Second Reminder After (Days)" and "Formal Notice After (Days)".',
			},
		);
	}
	const columnParams = param<IDataObject>('columns', {});
	const columns = { ...DEFAULT_COLUMNS };
	for (const key of Object.keys(DEFAULT_COLUMNS) as Array<keyof Columns>) {
		const value = columnParams[key];
		if (typeof value === 'string' && value.trim()) columns[key] = value.trim();
	}
	const statusWords = { ...DEFAULT_STATUS_WORDS };
	for (const key of Object.keys(DEFAULT_STATUS_WORDS) as Array<keyof StatusWords>) {
		const value = options[`status_${key}`];
		if (typeof value === 'string')
			statusWords[key] = value
				.split(',')
				.map((w) => w.trim())
				.filter(Boolean);
	}
	return {
		asOf,
		policy,
		columns,
		dateFormat: param<DateFormat>('dateFormat', 'iso'),
		statusWords,
		defaultDebtorType: (options.defaultDebtorType as PartyType) ?? 'professional',
		defaultLanguage: (options.defaultLanguage as 'fr' | 'en') ?? 'fr',
		checkMemory: options.checkMemory !== false,
		onlyDue: options.onlyDue === true,
	};
}

/** Ledger rows → letters; a row that cannot be read fails its debtor (or the whole plan when no debtor can be told). */
function readLedger(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): { letters: Map<string, LetterRecord>; errors: RowError[] } {
	const rows: LedgerRow[] = [];
	const errors: RowError[] = [];
	items.forEach((item, index) => {
		try {
			const row = readLedgerRow(item.json, index);
			if (row) rows.push(row);
		} catch (error) {
			if (!(error instanceof RowError)) throw new NodeOperationError(ctx.getNode(), error as Error);
			if (!error.debtorId) {
				throw new NodeOperationError(ctx.getNode(), error.message, {
					description:
						'This ledger row names no debtor, so no debtor can be planned safely. Fix or remove the row in the ledger (Data Table or sheet), then run again.',
				});
			}
			errors.push(error);
		}
	});
	return { letters: foldLedger(rows), errors };
}

/** The items of an input that may be left unconnected (n8n throws for an input that received nothing). */
function optionalInput(ctx: IExecuteFunctions, index: number): INodeExecutionData[] {
	try {
		return ctx.getInputData(index) ?? [];
	} catch {
		return [];
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const s = settings(this);
	const invoiceItems = this.getInputData(0);
	const ledgerItems = optionalInput(this, 1);
	const consentItems = optionalInput(this, 2);

	const invoices: Invoice[] = [];
	const errors: RowError[] = [];
	const options = {
		columns: s.columns,
		dateFormat: s.dateFormat,
		statusWords: s.statusWords,
		defaultDebtorType: s.defaultDebtorType,
		defaultLanguage: s.defaultLanguage,
	};
	invoiceItems.forEach((item, index) => {
		try {
			invoices.push(readInvoiceRow(item.json, index, options));
		} catch (error) {
			if (!(error instanceof RowError))
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
			if (!error.debtorId) {
				// A row without a debtor cannot be set aside with "its" debtor: stop rather than plan without it.
				throw new NodeOperationError(this.getNode(), error.message, {
					itemIndex: index,
					description: `Map the column that holds the debtor under "Column Names" → "${'Debtor ID'}".`,
				});
			}
			errors.push(error);
		}
	});
	const ledger = readLedger(this, ledgerItems);
	const consents = consentItems.map((item) => item.json).filter((json) => Object.keys(json).length > 0);
	const input = { asOf: s.asOf, policy: s.policy, invoices, letters: ledger.letters, consents };

	let results = planAll(input, [...errors, ...ledger.errors], s.columns);
	if (s.checkMemory) {
		// A letter n8n remembers as sent, unknown to the ledger, is taken: plan those debtors again, up to the last step.
		for (let pass = 0; pass < 4; pass++) {
			const planned = results.flatMap((r) => ('plan' in r && r.plan.reference && !r.plan.replanned ? [r.plan] : []));
			const remembered = await rememberedLetters(
				this,
				planned.map((p) => p.reference),
				s.asOf,
			);
			if (!remembered.size) break;
			for (const plan of planned) {
				const day = remembered.get(canonicalId(plan.reference));
				if (day !== undefined) input.letters.set(canonicalId(plan.reference), rememberedLetter(plan, day));
			}
			results = planAll(input, [...errors, ...ledger.errors], s.columns);
		}
	}

	const out: INodeExecutionData[] = [];
	for (const result of results) {
		const pairedItem = result.rows.map((item) => ({ item, input: 0 }));
		if ('error' in result) {
			out.push(errorItem(this, result.error, s.asOf, pairedItem));
			continue;
		}
		if (s.onlyDue && result.plan.step === 'none') continue;
		out.push({ json: result.plan as unknown as IDataObject, pairedItem });
	}
	return [out];
}

function errorItem(
	ctx: IExecuteFunctions,
	error: PlanError,
	asOf: string,
	pairedItem: Array<{ item: number; input: number }>,
): INodeExecutionData {
	const [first, ...more] = error.errors;
	const message = `Debtor ${error.debtorId}: nothing planned — ${first.message}${more.length ? ` (and ${more.length} more)` : ''}`;
	const description = `${error.errors.map((e) => e.message).join('\n')}\nFix the row(s) in the source, then run again; the other debtors were planned.`;
	const nodeError = new NodeOperationError(ctx.getNode(), message, { description, itemIndex: pairedItem[0]?.item });
	if (!ctx.continueOnFail()) throw nodeError;
	// Only `error` and `details` keys, and no `item.error`: n8n routes such an item to the error output
	// ("Continue (using error output)") and keeps its json — with `item.error` set it would replace the json by
	// `{ error }` and the debtor and the day a Record needs would be lost (seen in n8n 2.41).
	return {
		json: {
			error: message,
			details: {
				description,
				debtorId: error.debtorId,
				asOf,
				rows: error.errors.map((e) => ({ item: e.row, column: e.column, problem: e.message })),
			},
		},
		pairedItem,
	};
}

export type { DebtorPlan };
