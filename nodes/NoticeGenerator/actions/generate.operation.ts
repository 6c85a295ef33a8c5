import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { todayInParis } from '../../../lib/time';
import { generateNotice } from '../../../lib/notice/generate';
import { NoticeInputError, type NoticeInput, type NoticeKind, type PreviousReminder } from '../../../lib/notice/model';
import { updateDisplayOptions } from '../../shared/display';
import { ecbOnline } from './ecb';
import {
	dateParameter,
	noticeDebtorTypeField,
	invoicesField,
	jsonParameter,
	penaltyOptionFields,
	penaltyParameters,
} from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Document',
		name: 'documentType',
		type: 'options',
		options: [
			{
				name: 'First Reminder (Courteous, ~D+5)',
				value: 'firstReminder',
				description: 'Friendly reminder: principal only, no penalties claimed',
			},
			{
				name: 'Second Reminder (Firm, ~D+15)',
				value: 'secondReminder',
				description: 'Claims penalties and the €40 indemnity, recalls the first reminder, announces the formal notice',
			},
			{
				name: 'Formal Notice (Mise en Demeure, ~D+30)',
				value: 'formalNotice',
				description: 'C. civ. art. 1344: the letter to send as a qualified LRE',
			},
		],
		default: 'formalNotice',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'French', value: 'fr' },
			{ name: 'English', value: 'en' },
		],
		default: 'fr',
	},
	{
		displayName: 'Case Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'MED-2026-0042',
		description: 'Unique reference of the case; printed on the letter and used as the LRE reference',
	},
	{
		displayName: 'Creditor Name',
		name: 'creditorName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Atelier Lefèvre & Fils',
		description: 'Your company name as it appears on invoices',
	},
	{
		displayName: 'Creditor Legal Form',
		name: 'creditorLegalForm',
		type: 'string',
		default: '',
		placeholder: 'SARL',
		description: 'Required for a formal notice (e.g. SAS, SARL, EI)',
	},
	{
		displayName: 'Creditor SIREN/SIRET',
		name: 'creditorSiren',
		type: 'string',
		default: '',
		placeholder: '512345678',
		description: "Your company's SIREN (9 digits) or SIRET (14 digits)",
		hint: 'Required unless the creditor is a private person (Options → Creditor Is an Individual)',
	},
	{
		displayName: 'Creditor Address',
		name: 'creditorAddress',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '12, rue de la République\n69002 Lyon',
		description: 'One line per address line',
	},
	{
		displayName: 'Creditor Email',
		name: 'creditorEmail',
		type: 'string',
		default: '',
		placeholder: 'compta@example.fr',
	},
	{ displayName: 'Creditor Phone', name: 'creditorPhone', type: 'string', default: '' },
	{
		displayName: 'Signatory Name',
		name: 'signatoryName',
		type: 'string',
		default: '',
		placeholder: 'Claire Lefèvre',
		description: 'Who signs; required for a formal notice',
	},
	{ displayName: 'Signatory Title', name: 'signatoryTitle', type: 'string', default: '', placeholder: 'Gérante' },
	{
		displayName: 'Place',
		name: 'place',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Lyon',
		description: 'Town where the letter is written ("Lyon, le 20 février 2026")',
	},
	noticeDebtorTypeField,
	{
		displayName: 'Debtor Name',
		name: 'debtorName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Martin SARL',
	},
	{
		displayName: 'Debtor SIREN',
		name: 'debtorSiren',
		type: 'string',
		default: '',
		displayOptions: { show: { debtorType: ['professional'] } },
	},
	{
		displayName: 'Debtor Address',
		name: 'debtorAddress',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '45, avenue des Élysées\n06000 Nice',
	},
	{
		displayName: 'Debtor Contact',
		name: 'debtorContact',
		type: 'string',
		default: '',
		placeholder: 'M. François Régnier',
		description: 'Printed as "À l’attention de …"',
	},
	invoicesField,
	{
		displayName: 'IBAN',
		name: 'iban',
		type: 'string',
		default: '',
		placeholder: 'FR76 3000 6000 0112 3456 7890 189',
		description: 'Account to pay to (give an IBAN, a payment link or both)',
	},
	{ displayName: 'BIC', name: 'bic', type: 'string', default: '' },
	{
		displayName: 'Payment Link',
		name: 'paymentLink',
		type: 'string',
		default: '',
		placeholder: 'https://pay.example.fr/MED-2026-0042',
	},
	{
		displayName: 'Previous Reminders',
		name: 'previousReminders',
		type: 'string',
		default: '',
		placeholder: '2026-01-05, 2026-01-15',
		description:
			'Earlier steps: dates separated by commas, or a list like [{"date": "2026-01-05", "step": "firstReminder"}, {"date": "2026-02-01", "step": "formalNotice", "reference": "MED-1", "receivedAt": "2026-02-03"}] (step, reference, receivedAt optional; e.g. the Dunning Plan\'s previousSteps). Required for a second reminder.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		// Alphabetical, as n8n lists collection options.
		options: (
			[
				...penaltyOptionFields,
				{
					displayName: 'Contract / Order Reference',
					name: 'contractReference',
					type: 'string',
					default: '',
					placeholder: 'Contrat C-2025-17',
					description:
						'Printed under the invoice table. Per-invoice order numbers go in the invoices as "orderReference".',
				},
				{
					displayName: 'Creditor RCS City',
					name: 'rcsCity',
					type: 'string',
					default: '',
					placeholder: 'Lyon',
					description: 'City of the commercial registry, printed "RCS Lyon 512 345 678" (C. com. R123-237)',
				},
				{
					displayName: 'Creditor Share Capital',
					name: 'shareCapital',
					type: 'string',
					default: '',
					placeholder: '10 000 €',
					description: 'Printed "SARL au capital de 10 000 €" when given',
				},
				{
					displayName: 'Dispute Contact',
					name: 'contactName',
					type: 'string',
					default: '',
					placeholder: 'Julie Martin, service comptabilité',
					description:
						'Who the debtor writes to about the claim or a dispute (default: the signatory), with the creditor email and phone',
				},
				{
					displayName: 'Limitation Interrupted On',
					name: 'limitationInterruptedOn',
					type: 'dateTime',
					default: '',
					description:
						'Consumers: the last day the 2-year limitation (C. conso. L218-2) was interrupted (written acknowledgement, payment plan…). Without it a consumer debt older than 2 years gets no second reminder or formal notice.',
				},
				{
					displayName: 'Put Output File in Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					description: 'The output binary field that receives the PDF',
				},
				{
					displayName: 'Custom Body',
					name: 'customBody',
					type: 'string',
					typeOptions: { rows: 8 },
					default: '',
					description:
						'Your own text instead of the built-in one: paragraphs separated by a blank line, placeholders like {{nom_client}}, {{numero_facture}}, {{date_echeance}}, {{total_reclame}}, {{date_limite_paiement}} (or English aliases {{client_name}} …). The invoice table follows the first paragraph.',
				},
				{
					displayName: 'Custom Subject',
					name: 'customSubject',
					type: 'string',
					default: '',
					description: 'Subject line for the custom body (placeholders allowed)',
				},
				{
					displayName: 'Instalments Offered',
					name: 'instalments',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 12 },
					default: 0,
					description: 'Offer to pay in this many monthly instalments (2–12). 0 = no offer.',
				},
				{
					displayName: 'Letter Date',
					name: 'letterDate',
					type: 'dateTime',
					default: '',
					description: 'Date of the letter (penalties are computed to it). Empty = today in France.',
				},
				{
					displayName: 'Payment Deadline (Days)',
					name: 'paymentDeadlineDays',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 90 },
					default: 8,
					description: 'Days given to pay; 8 ("huitaine") is customary',
				},
				{
					displayName: 'PDF/A-2b (Archival)',
					name: 'pdfA',
					type: 'boolean',
					default: true,
					description: 'Whether to write an archival PDF/A-2b file (recommended for letters you must keep for years)',
				},
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { operation: ['generate'] } }, properties);

/** An optional text option: trimmed, empty → undefined; anything else is handed on so that the check names it. */
const text = (value: unknown): string | undefined =>
	typeof value === 'string' ? value.trim() || undefined : ((value ?? undefined) as string | undefined);

/** UI names of the engine's fields, so that an error says which box to fix. */
const FIELD_LABELS: Array<[RegExp, string]> = [
	[/^creditor\.name/, 'Creditor Name'],
	[/^creditor\.legalForm/, 'Creditor Legal Form'],
	[/^creditor\.siren/, 'Creditor SIREN/SIRET'],
	[/^creditor\.address/, 'Creditor Address'],
	[/^creditor\.signatoryName/, 'Signatory Name'],
	[/^debtor\.name/, 'Debtor Name'],
	[/^debtor\.contactName/, 'Debtor Contact'],
	[/^debtor\.siren/, 'Debtor SIREN'],
	[/^creditor\.email/, 'Creditor Email'],
	[/^creditor\.phone/, 'Creditor Phone'],
	[/^creditor\.signatoryTitle/, 'Signatory Title'],
	[/^kind/, 'Document'],
	[/^language/, 'Language'],
	[/^debtor\.address/, 'Debtor Address'],
	[/^debtor\.type/, 'Debtor Type'],
	[/^reference/, 'Case Reference'],
	[/^place/, 'Place'],
	[/^date /, 'Letter Date'],
	[/^invoices/, 'Invoices'],
	[/^payment\.bic/, 'BIC'],
	[/^payment\./, 'IBAN / Payment Link'],
	[/^paymentDeadlineDays/, 'Payment Deadline (Days)'],
	[/^instalments/, 'Instalments Offered'],
	[/^previousReminders/, 'Previous Reminders'],
	[/^template/i, 'Custom Subject / Custom Body'],
	[/^contractReference/, 'Contract / Order Reference'],
	[/^creditor\.rcsCity/, 'Creditor RCS City'],
	[/^creditor\.shareCapital/, 'Creditor Share Capital'],
	[/^creditor\.contactName/, 'Dispute Contact'],
	[/^limitationInterruptedOn/, 'Limitation Interrupted On'],
	[/^contractualRate/, 'Contractual Penalty Rate (%)'],
	[/^formalNoticeDate/, 'Formal Notice Received On'],
	[/rates\.|^rates|^asOf|No (ECB|taux)/, 'Rate Overrides (JSON)'],
];

const labelled = (problem: string) => {
	const label = FIELD_LABELS.find(([re]) => re.test(problem))?.[1];
	return label ? `"${label}": ${problem}` : problem;
};

function reminders(ctx: IExecuteFunctions, itemIndex: number): PreviousReminder[] | undefined {
	const value = ctx.getNodeParameter('previousReminders', itemIndex, '') as unknown;
	if (Array.isArray(value)) return value.map((r) => (typeof r === 'string' ? { date: r } : (r as PreviousReminder)));
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (text.startsWith('[')) {
		const parsed = jsonParameter(
			ctx,
			itemIndex,
			'previousReminders',
			'Previous Reminders',
			'Use dates separated by commas, or a JSON list of {"date", "channel"}.',
		) as unknown[];
		return parsed.map((r) => (typeof r === 'string' ? { date: r } : (r as PreviousReminder)));
	}
	return text
		.split(/[,;\s]+/)
		.filter(Boolean)
		.map((date) => ({ date }));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	// Text as text (numbers too); anything else is handed on as is so that the check says "must be text".
	const p = (name: string): string | undefined => {
		const value = this.getNodeParameter(name, itemIndex, '') as unknown;
		if (typeof value === 'number') return String(value);
		if (typeof value === 'string') return value.trim() || undefined;
		return (value ?? undefined) as string | undefined;
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		binaryPropertyName?: string;
		customBody?: string;
		customSubject?: string;
		contractReference?: string;
		rcsCity?: string;
		shareCapital?: string | number;
		contactName?: string;
		instalments?: number;
		paymentDeadlineDays?: number;
		pdfA?: boolean;
	};
	const penalty = penaltyParameters(this, itemIndex);
	const customBody = options.customBody?.trim();
	const customSubject = options.customSubject?.trim();
	const input: NoticeInput = {
		kind: this.getNodeParameter('documentType', itemIndex) as NoticeKind,
		language: this.getNodeParameter('language', itemIndex) as 'fr' | 'en',
		reference: p('reference') as string,
		place: p('place') as string,
		date: dateParameter(this, itemIndex, 'options.letterDate', 'Letter Date') ?? todayInParis(),
		creditor: {
			type: penalty.creditorType,
			name: p('creditorName') as string,
			legalForm: p('creditorLegalForm'),
			siren: p('creditorSiren'),
			address: p('creditorAddress') as string,
			email: p('creditorEmail'),
			phone: p('creditorPhone'),
			signatoryName: p('signatoryName'),
			signatoryTitle: p('signatoryTitle'),
			rcsCity: text(options.rcsCity),
			shareCapital:
				typeof options.shareCapital === 'number' ? options.shareCapital || undefined : text(options.shareCapital),
			contactName: text(options.contactName),
		},
		debtor: {
			type: penalty.debtorType,
			name: p('debtorName') as string,
			siren: p('debtorSiren'),
			address: p('debtorAddress') as string,
			contactName: p('debtorContact'),
		},
		invoices: penalty.invoices as NoticeInput['invoices'],
		previousReminders: reminders(this, itemIndex),
		payment: { iban: p('iban'), bic: p('bic'), link: p('paymentLink') },
		paymentDeadlineDays: options.paymentDeadlineDays ?? 8,
		instalments: options.instalments ? options.instalments : undefined,
		contractualRate: penalty.contractualRate,
		formalNoticeDate: penalty.formalNoticeDate,
		rates: penalty.rates,
		template: customBody || customSubject ? { subject: customSubject ?? '', body: customBody ?? '' } : undefined,
		contractReference: text(options.contractReference),
		limitationInterruptedOn: dateParameter(
			this,
			itemIndex,
			'options.limitationInterruptedOn',
			'Limitation Interrupted On',
		),
	};
	const outcome = await generateNotice(input, {
		pdfA: options.pdfA ?? true,
		ecbOnline: penalty.ecbOnline ? ecbOnline(this, penalty.ecbBaseUrl) : undefined,
	}).then(
		(notice) => ({ notice }),
		(error: unknown) => ({ error }),
	);
	if ('error' in outcome) {
		if (!(outcome.error instanceof NoticeInputError))
			throw new NodeOperationError(this.getNode(), outcome.error as Error, { itemIndex });
		const problems = outcome.error.problems.map(labelled);
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the ${input.kind === 'formalNotice' ? 'formal notice' : 'reminder'} cannot be written – ${problems.length === 1 ? problems[0] : `${problems.length} problems`}`,
			{ itemIndex, description: `Fix these fields, nothing was generated:\n- ${problems.join('\n- ')}` },
		);
	}
	const { notice } = outcome;
	const binaryPropertyName = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(notice.pdf, notice.fileName, 'application/pdf');
	return [
		{
			json: {
				reference: input.reference,
				documentType: input.kind,
				language: input.language,
				letterDate: input.date,
				debtorName: input.debtor.name,
				debtorType: input.debtor.type,
				fileName: notice.fileName,
				sha256: notice.sha256,
				pages: notice.pages,
				pdfA: options.pdfA ?? true,
				subject: notice.subject,
				text: notice.text,
				amounts: notice.amounts,
				penalties: notice.penalties,
				check: notice.check,
				enclosures: notice.enclosures,
			},
			binary: { [binaryPropertyName]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
