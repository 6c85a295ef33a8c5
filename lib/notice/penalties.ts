/**
 * Statutory late-payment amounts for French invoices.
 *
 * B2B (debtor professional, C. com. L441-10 II + D441-5): interest runs from the day after the due date, at the
 * contractual rate (raised to 3 × the legal interest rate when lower, with a warning) or by default at the ECB main
 * refinancing rate in force on 1 January / 1 July + 10 points, sliced at 30 June / 31 December; €40 recovery
 * indemnity per late invoice.
 * B2C (debtor individual, C. civ. 1231-6 / 1344-1): legal interest rate (column chosen by the creditor's status)
 * from the formal notice date; no €40.
 *
 * Days are counted after the start day up to and including the end day (a payment day still bears interest on the
 * amount paid), over a 365-day year (leap years: UNCONFIRMED, research §1.4). Partial payments reduce the base from
 * the day after they are made. Each slice is rounded to the cent; totals add rounded slices.
 */
import { rateFor, type RateOverrides } from './rates';
import { isoDay } from '../time';

export interface Payment {
	date: string;
	amount: number;
}

export interface InvoiceInput {
	number: string;
	amount: number;
	dueDate: string;
	payments?: Payment[];
}

export interface PenaltyInput {
	debtorType: 'professional' | 'individual';
	creditorType?: 'professional' | 'individual';
	invoices: InvoiceInput[];
	asOf: string;
	formalNoticeDate?: string;
	/** Contractual late-payment rate, percent per year (B2B). */
	contractualRate?: number;
	rates?: RateOverrides;
	/**
	 * Compute no interest at all (a first reminder claims none): no rate is needed, slices are empty; the €40
	 * indemnity is still reported.
	 */
	withoutInterest?: boolean;
}

export interface Slice {
	from: string;
	to: string;
	days: number;
	ratePercent: number;
	base: number;
	interest: number;
}

export interface InvoicePenalty {
	number: string;
	/** Days from the due date to the day it was paid in full, or to `asOf` while something is still owed. */
	daysLate: number;
	/** Sum of the payments up to `asOf`. */
	paid: number;
	/** Day of the payment that settled it, when it is paid in full. */
	paidOn?: string;
	outstanding: number;
	interest: number;
	indemnity: number;
	slices: Slice[];
}

export interface PenaltyResult {
	invoices: InvoicePenalty[];
	totalOutstanding: number;
	totalInterest: number;
	totalIndemnity: number;
	totalDue: number;
	/** Each rate applied, by half-year, with what it rests on. */
	rates: AppliedRate[];
	warnings: string[];
}

export interface AppliedRate {
	halfYear: string;
	percent: number;
	/**
	 * `ecb`: ECB MRO + 10 points (L441-10 default); `contractual`: the rate of the terms of sale; `floor`: 3 × the
	 * legal rate, replacing a lower contractual rate; `legal`: taux de l'intérêt légal (C. civ. 1231-6).
	 */
	basis: 'ecb' | 'contractual' | 'floor' | 'legal';
	/** The contractual rate the floor replaced. */
	contractualPercent?: number;
}

/** Bounds of the rates a letter may print (percent per year); outside them the input is refused. */
export const RATE_BOUNDS = {
	contractual: { min: 0.01, max: 100 },
	ecb: { min: 0, max: 20 },
	legal: { min: 0, max: 30 },
} as const;

export class PenaltyInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PenaltyInputError';
	}
}

const DAY_MS = 86_400_000;
const INDEMNITY_EUR = 40;
const cents = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

function day(text: unknown, field: string): number {
	const m = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
	const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
	if (
		!m ||
		Number.isNaN(ms) ||
		new Date(ms).getUTCDate() !== Number(m[3]) ||
		new Date(ms).getUTCMonth() !== Number(m[2]) - 1
	) {
		throw new PenaltyInputError(`${field} must be a date YYYY-MM-DD, not ${JSON.stringify(text)}`);
	}
	return ms / DAY_MS;
}

const iso = isoDay;

function halfYearOf(dayNumber: number): { key: string; last: number } {
	const date = new Date(dayNumber * DAY_MS);
	const year = date.getUTCFullYear();
	const h1 = date.getUTCMonth() < 6;
	const last = Date.UTC(year, h1 ? 5 : 11, h1 ? 30 : 31) / DAY_MS;
	return { key: `${year}-H${h1 ? 1 : 2}`, last };
}

function amount(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e12) {
		throw new PenaltyInputError(`${field} must be an amount in euros (a number ≥ 0), not ${JSON.stringify(value)}`);
	}
	if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6 * Math.max(1, value)) {
		throw new PenaltyInputError(
			`${field} has more than 2 decimals (${value}): give it in euros and cents, e.g. ${cents(value)}`,
		);
	}
	return value;
}

function checkRates(input: PenaltyInput): void {
	if (input.contractualRate !== undefined) {
		const r = input.contractualRate;
		const { min, max } = RATE_BOUNDS.contractual;
		if (typeof r !== 'number' || !Number.isFinite(r) || r < min || r > max) {
			throw new PenaltyInputError(
				`contractualRate must be a yearly rate in percent from ${min} to ${max}, not ${JSON.stringify(r)}`,
			);
		}
	}
	const overrides = input.rates;
	if (overrides === undefined || overrides === null) return;
	if (typeof overrides !== 'object' || Array.isArray(overrides))
		throw new PenaltyInputError('rates must be an object like {"ecb": {"2026-H2": 2.15}}');
	for (const [table, values] of Object.entries(overrides)) {
		if (!['ecb', 'legalProfessionalCreditor', 'legalIndividualCreditor'].includes(table)) {
			throw new PenaltyInputError(
				`rates.${table} is not a rate table: use ecb, legalProfessionalCreditor or legalIndividualCreditor`,
			);
		}
		if (!values || typeof values !== 'object' || Array.isArray(values))
			throw new PenaltyInputError(`rates.${table} must be an object by half-year, e.g. {"2026-H2": 2.15}`);
		const { min, max } = table === 'ecb' ? RATE_BOUNDS.ecb : RATE_BOUNDS.legal;
		for (const [halfYear, value] of Object.entries(values as Record<string, unknown>)) {
			if (!/^\d{4}-H[12]$/.test(halfYear))
				throw new PenaltyInputError(`rates.${table}['${halfYear}']: the key must be a half-year like 2026-H2`);
			if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
				throw new PenaltyInputError(
					`rates.${table}['${halfYear}'] must be a yearly rate in percent from ${min} to ${max}, not ${JSON.stringify(value)}`,
				);
			}
		}
	}
}

/** Interest of one invoice over days (start, end], sliced at half-years and at partial payments. */
function slicesFor(
	base0: number,
	payments: Array<{ day: number; amount: number }>,
	start: number,
	end: number,
	rateOf: (halfYear: string) => number,
): Slice[] {
	const slices: Slice[] = [];
	let base = base0 - payments.filter((p) => p.day <= start).reduce((sum, p) => sum + p.amount, 0);
	let cursor = start;
	while (cursor < end && base > 0.005) {
		const first = cursor + 1;
		const { key, last } = halfYearOf(first);
		const nextPayment = payments.find((p) => p.day >= first && p.day < end);
		const stop = Math.min(end, last, nextPayment ? nextPayment.day : Infinity);
		const days = stop - cursor;
		const ratePercent = rateOf(key);
		slices.push({
			from: iso(first),
			to: iso(stop),
			days,
			ratePercent,
			base: cents(base),
			interest: cents((base * ratePercent * days) / 100 / 365),
		});
		for (const p of payments) if (p.day === stop) base -= p.amount;
		cursor = stop;
	}
	return slices;
}

export function computePenalties(input: PenaltyInput): PenaltyResult {
	if (!input || typeof input !== 'object') throw new PenaltyInputError('input must be an object');
	if (input.debtorType !== 'professional' && input.debtorType !== 'individual') {
		throw new PenaltyInputError('debtorType must be "professional" or "individual"');
	}
	const creditorType = input.creditorType ?? 'professional';
	if (creditorType !== 'professional' && creditorType !== 'individual') {
		throw new PenaltyInputError('creditorType must be "professional" or "individual"');
	}
	if (!Array.isArray(input.invoices) || input.invoices.length === 0)
		throw new PenaltyInputError('invoices must be a non-empty list');
	const asOf = day(input.asOf, 'asOf');
	const warnings: string[] = [];
	const overrides = input.rates ?? {};
	const legalTable = creditorType === 'individual' ? 'legalIndividualCreditor' : 'legalProfessionalCreditor';
	const b2b = input.debtorType === 'professional';
	checkRates(input);
	if (!b2b && input.contractualRate !== undefined) {
		warnings.push(
			`The contractual rate ${input.contractualRate} % is not applied: a consumer owes interest at the legal rate (C. civ. 1231-6); L441-10 rates apply between professionals only.`,
		);
	}

	const applied = new Map<string, AppliedRate>();
	const use = (rate: AppliedRate) => {
		if (!applied.has(rate.halfYear)) applied.set(rate.halfYear, rate);
		return rate.percent;
	};
	let rateOf: (halfYear: string) => number;
	if (b2b && input.contractualRate !== undefined) {
		const contractual = input.contractualRate;
		rateOf = (halfYear) => {
			const floor = cents(3 * rateFor('legalProfessionalCreditor', halfYear, overrides));
			if (contractual >= floor) return use({ halfYear, percent: contractual, basis: 'contractual' });
			if (!applied.has(halfYear)) {
				warnings.push(
					`The contractual rate ${contractual} % is below the legal floor of 3 × the legal interest rate for ${halfYear} (${floor} %, C. com. L441-10): ${floor} % applied.`,
				);
			}
			return use({ halfYear, percent: floor, basis: 'floor', contractualPercent: contractual });
		};
	} else if (b2b) {
		rateOf = (halfYear) => use({ halfYear, percent: cents(rateFor('ecb', halfYear, overrides) + 10), basis: 'ecb' });
	} else {
		rateOf = (halfYear) => use({ halfYear, percent: rateFor(legalTable, halfYear, overrides), basis: 'legal' });
	}

	let noticeDay: number | undefined;
	if (!b2b) {
		if (input.formalNoticeDate === undefined) {
			warnings.push(
				'No formal notice date: for a consumer, legal interest only runs from the receipt of the mise en demeure (C. civ. 1231-6).',
			);
		} else noticeDay = day(input.formalNoticeDate, 'formalNoticeDate');
	}

	const numbers = new Map<string, number>();
	const invoices = input.invoices.map((invoice, index): InvoicePenalty => {
		const label = `invoices[${index}]`;
		if (!invoice || typeof invoice !== 'object') throw new PenaltyInputError(`${label} must be an object`);
		const number = String(invoice.number ?? '').trim();
		if (!number) throw new PenaltyInputError(`${label}.number is missing`);
		const key = number.toUpperCase();
		if (numbers.has(key))
			throw new PenaltyInputError(
				`${label}.number ${JSON.stringify(number)} is the same invoice as invoices[${numbers.get(key)}]: each invoice may be claimed once`,
			);
		numbers.set(key, index);
		const total = amount(invoice.amount, `${label}.amount`);
		const due = day(invoice.dueDate, `${label}.dueDate`);
		const payments = (invoice.payments ?? [])
			.map((p, i) => ({
				day: day(p?.date, `${label}.payments[${i}].date`),
				amount: amount(p?.amount, `${label}.payments[${i}].amount`),
			}))
			.filter((p) => p.day <= asOf)
			.sort((a, b) => a.day - b.day);
		const paid = payments.reduce((sum, p) => sum + p.amount, 0);
		if (paid > total + 0.005) {
			throw new PenaltyInputError(
				`${label}.payments add up to ${cents(paid).toFixed(2)} €, more than the invoice's ${cents(total).toFixed(2)} € (overpaid by ${cents(paid - total).toFixed(2)} €): record the surplus as a credit, nothing is netted silently`,
			);
		}
		const outstanding = cents(Math.max(0, total - paid));
		// Paid in full: lateness stops on the day of the payment that settled it.
		let settledDay: number | undefined;
		if (outstanding === 0 && payments.length) {
			let sum = 0;
			settledDay = payments.find((p) => (sum += p.amount) >= total - 0.005)?.day;
		}
		const endDay = settledDay ?? asOf;
		const daysLate = Math.max(0, endDay - due);
		const start = b2b ? due : noticeDay === undefined ? asOf : Math.max(due, noticeDay);
		const slices = daysLate > 0 && !input.withoutInterest ? slicesFor(total, payments, start, asOf, rateOf) : [];
		const late = daysLate > 0 && (outstanding > 0 || payments.some((p) => p.day > due));
		return {
			number,
			daysLate,
			paid: cents(paid),
			...(settledDay !== undefined ? { paidOn: iso(settledDay) } : {}),
			outstanding,
			interest: cents(slices.reduce((sum, s) => sum + s.interest, 0)),
			indemnity: b2b && late ? INDEMNITY_EUR : 0,
			slices,
		};
	});
	const totalOutstanding = cents(invoices.reduce((sum, i) => sum + i.outstanding, 0));
	const totalInterest = cents(invoices.reduce((sum, i) => sum + i.interest, 0));
	const totalIndemnity = cents(invoices.reduce((sum, i) => sum + i.indemnity, 0));
	const rates = [...applied.values()].sort((a, b) => a.halfYear.localeCompare(b.halfYear));
	return {
		invoices,
		totalOutstanding,
		totalInterest,
		totalIndemnity,
		totalDue: cents(totalOutstanding + totalInterest + totalIndemnity),
		rates,
		warnings,
	};
}
