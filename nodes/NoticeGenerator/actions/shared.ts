/** Parameter readers shared by the Notice Generator operations: JSON lists, dates, and errors naming UI fields. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PartyType } from '../../../lib/notice/model';
import type { RateOverrides } from '../../../lib/notice/rates';
import { parisDayOf } from '../../../lib/time';
import { debtorTypeField, readDebtorType } from '../../shared/descriptions';
import { inputError } from '../../shared/validate';

/** A JSON parameter (an expression may already give an object): parsed, or an error naming the field. */
export function jsonParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	fix: string,
): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value);
	} catch {
		throw inputError(ctx.getNode(), itemIndex, label, 'is not valid JSON', fix);
	}
}

/**
 * An optional date parameter: empty → undefined; else the day it is in France (lib/time.ts `parisDayOf`): a plain
 * YYYY-MM-DD, the date picker's value (2026-02-20T00:00:00), an ISO date-time with offset or a Date; else an error
 * naming the field.
 */
export function dateParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return undefined;
	const day = parisDayOf(value);
	if (!day) {
		const shown = value instanceof Date ? 'an invalid date' : `"${String(value).trim()}"`;
		throw inputError(
			ctx.getNode(),
			itemIndex,
			label,
			`must be a date YYYY-MM-DD, not ${shown}`,
			'Pick the date, enter it as 2026-02-20, or map a date field.',
		);
	}
	return day;
}

export const INVOICES_HINT =
	'A list such as [{"number": "F-2025-118", "issueDate": "2025-12-01", "dueDate": "2025-12-31", "amount": 1234.5, "payments": [{"date": "2026-01-10", "amount": 200}]}] (amounts in euros incl. VAT).';

/** The fields both operations compute penalties from (one definition for the editor). */
export const noticeDebtorTypeField: INodeProperties = debtorTypeField({
	optionDescriptions: {
		professional: 'B2B (L441-10): ECB rate + 10 points from the day after the due date, €40 per invoice',
		individual: 'B2C: legal-rate interest from the formal notice, no €40',
	},
});

export const invoicesField: INodeProperties = {
	displayName: 'Invoices',
	name: 'invoices',
	type: 'json',
	default: '={{ $json.invoices }}',
	required: true,
	description: INVOICES_HINT,
};

/** Entries of the "Options" collection that change the penalties. */
export const penaltyOptionFields: INodeProperties[] = [
	{
		displayName: 'Contractual Penalty Rate (%)',
		name: 'contractualRate',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			'Rate of your terms of sale (CGV), percent per year, up to 100. 0 = the legal default (ECB rate + 10 points). A rate below 3 × the legal interest rate is raised to that floor, and the letter says so. Professional debtors only.',
	},
	{
		displayName: 'ECB Data Portal URL',
		name: 'ecbBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV',
		description:
			'Only with ECB Rates Online: another server speaking the same format (a mirror, a test server). Empty = the ECB Data Portal.',
	},
	{
		displayName: 'ECB Rates Online',
		name: 'ecbOnline',
		type: 'boolean',
		default: false,
		description:
			'Whether to fetch an ECB rate missing from the built-in table from the ECB Data Portal (professional debtors; cached per process). Off = such a rate must be given in Rate Overrides.',
	},
	{
		displayName: 'Creditor Is an Individual',
		name: 'creditorIndividual',
		type: 'boolean',
		default: false,
		description: 'Whether the creditor is a private person (changes the legal interest rate column; no SIREN needed)',
	},
	{
		displayName: 'Formal Notice Received On',
		name: 'formalNoticeDate',
		type: 'dateTime',
		default: '',
		description: 'Consumers only: the day an earlier formal notice was received; legal interest runs from it',
	},
	{
		displayName: 'Rate Overrides (JSON)',
		name: 'rates',
		type: 'json',
		default: '',
		description:
			'Rates missing from the built-in table, e.g. {"ecb": {"2026-H2": 2.15}}. Percent per year, by half-year.',
	},
];

/** What the penalty fields say for an item, read the same way by both operations. */
export function penaltyParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
): {
	debtorType: PartyType;
	creditorType: PartyType;
	invoices: unknown;
	contractualRate?: number;
	formalNoticeDate?: string;
	rates?: RateOverrides;
	ecbOnline: boolean;
	ecbBaseUrl?: string;
} {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as {
		contractualRate?: number;
		creditorIndividual?: boolean;
		ecbOnline?: boolean;
		ecbBaseUrl?: string;
	};
	return {
		debtorType: readDebtorType(ctx, itemIndex, 'professional'),
		creditorType: options.creditorIndividual ? 'individual' : 'professional',
		invoices: jsonParameter(ctx, itemIndex, 'invoices', 'Invoices', INVOICES_HINT),
		contractualRate: options.contractualRate ? options.contractualRate : undefined,
		formalNoticeDate: dateParameter(ctx, itemIndex, 'options.formalNoticeDate', 'Formal Notice Received On'),
		rates: jsonParameter(
			ctx,
			itemIndex,
			'options.rates',
			'Rate Overrides (JSON)',
			'Use {"ecb": {"2026-H2": 2.15}} (percent per year).',
		) as RateOverrides | undefined,
		ecbOnline: options.ecbOnline === true,
		ecbBaseUrl:
			typeof options.ecbBaseUrl === 'string' && options.ecbBaseUrl.trim() ? options.ecbBaseUrl.trim() : undefined,
	};
}
