/**
 * What a dunning letter is made of: the input of the Notice Generator (with or without n8n) and its checks.
 * Field names are English; the French template placeholders map onto them (`placeholders.ts`).
 */
import type { Payment } from './penalties';
import type { RateOverrides } from './rates';
import { hasUnsafeCharacters } from '../text';

export type NoticeKind = 'firstReminder' | 'secondReminder' | 'formalNotice';
export type Language = 'fr' | 'en';
export type PartyType = 'professional' | 'individual';

export interface Creditor {
	type?: PartyType;
	name: string;
	legalForm?: string;
	siren?: string;
	/** Postal address, one line per line ("\n"). */
	address: string;
	email?: string;
	phone?: string;
	signatoryName?: string;
	signatoryTitle?: string;
	/** City of the RCS registry ("RCS Lyon"), printed with the SIREN (C. com. R123-237). */
	rcsCity?: string;
	/** Share capital in euros, or as text ("10 000 €"), printed "au capital de …". */
	shareCapital?: number | string;
	/** Who handles questions and disputes (default: the signatory). */
	contactName?: string;
}

export interface Debtor {
	type: PartyType;
	name: string;
	siren?: string;
	address: string;
	/** "À l'attention de …" line. */
	contactName?: string;
	email?: string;
}

export interface NoticeInvoice {
	number: string;
	issueDate: string;
	dueDate: string;
	/** Amount including VAT, euros. */
	amount: number;
	payments?: Payment[];
	/** Order or contract reference of the invoice. */
	orderReference?: string;
}

export interface PreviousReminder {
	date: string;
	/** e.g. "e-mail", "courrier". */
	channel?: string;
	/** What that step was (the Dunning Plan's `previousSteps`); without it, a reminder. */
	step?: NoticeKind;
	/** Its reference (e.g. the LRE reference of an earlier formal notice). */
	reference?: string;
	/** The day the debtor received it (an LRE's acceptance day). */
	receivedAt?: string;
}

export interface CustomTemplate {
	subject: string;
	/** Paragraphs separated by a blank line; placeholders `{{nom_client}}` / `{{client_name}}` … */
	body: string;
}

export interface NoticeInput {
	kind: NoticeKind;
	language: Language;
	creditor: Creditor;
	debtor: Debtor;
	/** Unique reference of the case (also the LRE reference). */
	reference: string;
	place: string;
	/** Letter date, YYYY-MM-DD; penalties are computed as of this day. */
	date: string;
	invoices: NoticeInvoice[];
	previousReminders?: PreviousReminder[];
	paymentDeadlineDays?: number;
	payment: { iban?: string; bic?: string; link?: string };
	/** Offer to pay in this many monthly instalments (2–12). */
	instalments?: number;
	contractualRate?: number;
	rates?: RateOverrides;
	/** B2C: day the formal notice was received (legal interest runs from it). */
	formalNoticeDate?: string;
	template?: CustomTemplate;
	/** Order or contract the invoices belong to, printed under the reference. */
	contractReference?: string;
	/**
	 * Consumer debts (C. conso. L218-2, 2 years): the last day the limitation period was interrupted (acknowledgement,
	 * payment plan, court claim…). A consumer debt whose last due date or payment is older than 2 years is refused
	 * without it.
	 */
	limitationInterruptedOn?: string;
}

export const KIND_WORD: Record<NoticeKind, string> = {
	firstReminder: 'Relance1',
	secondReminder: 'Relance2',
	formalNotice: 'MiseEnDemeure',
};

/** A notice that cannot be written: every problem at once, each naming its field. */
export class NoticeInputError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join('; ')}`);
		this.name = 'NoticeInputError';
	}
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is string {
	const m = typeof value === 'string' ? DATE.exec(value) : null;
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * What one letter may contain (issue #16 item 9): beyond these a letter is refused with the field named, so that
 * one notice stays under ~100 ms of CPU and 50 MB (measured at these bounds, README "Notice Generator").
 */
export const LIMITS = {
	/** Names, places, contacts, titles, legal form, e-mail, phone, BIC. */
	text: 300,
	/** A postal address (all lines). */
	address: 500,
	addressLines: 8,
	reference: 100,
	invoiceNumber: 40,
	invoices: 60,
	paymentsPerInvoice: 20,
	paymentsPerLetter: 120,
	previousReminders: 20,
	templateBody: 20_000,
	templateSubject: 300,
} as const;
const MAX_TEXT = LIMITS.text;

/** At most 2 decimals (cents), as a letter prints it: anything finer would make rows that do not add up. */
export const isCents = (value: number) =>
	Math.abs(value * 100 - Math.round(value * 100)) < 1e-6 * Math.max(1, Math.abs(value));

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
/** The same day two years later (29 February → 1 March). */
export const twoYearsAfter = (iso: string) => {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCFullYear(d.getUTCFullYear() + 2);
	return d.toISOString().slice(0, 10);
};

/**
 * The mandatory content (the README's "What every letter contains"): what must be known before any letter is
 * written. Returns every missing or invalid field, never stops at the first.
 */
export function problemsOf(input: NoticeInput): string[] {
	const problems: string[] = [];
	const need = (value: unknown, field: string, label: string, max: number = MAX_TEXT) => {
		if (value !== undefined && value !== null && typeof value !== 'string')
			problems.push(`${field} must be text (${label}), not ${Array.isArray(value) ? 'a list' : typeof value}`);
		else if (!text(value)) problems.push(`${field} is missing (${label})`);
		else if ((value as string).length > max)
			problems.push(`${field} is longer than ${max} characters (${(value as string).length})`);
		else if (hasUnsafeCharacters(value as string))
			problems.push(`${field} contains control or bidirectional-override characters`);
	};
	const optional = (value: unknown, field: string, max: number = MAX_TEXT) => {
		if (value === undefined || value === null || value === '') return;
		if (typeof value !== 'string')
			problems.push(`${field} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
		else if (value.length > max) problems.push(`${field} is longer than ${max} characters (${value.length})`);
		else if (hasUnsafeCharacters(value))
			problems.push(`${field} contains control or bidirectional-override characters`);
	};
	const address = (value: unknown, field: string, label: string) => {
		need(value, field, label, LIMITS.address);
		if (typeof value === 'string' && value.split('\n').filter((l) => l.trim()).length > LIMITS.addressLines) {
			problems.push(`${field} has more than ${LIMITS.addressLines} lines`);
		}
	};
	const needDate = (value: unknown, field: string) => {
		if (!isIsoDate(value)) problems.push(`${field} must be a date YYYY-MM-DD, not ${JSON.stringify(value ?? null)}`);
	};
	const euros = (value: unknown, field: string) => {
		if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1e9) {
			problems.push(
				`${field} must be an amount in euros above 0 and at most 1,000,000,000, not ${JSON.stringify(value ?? null)}`,
			);
		} else if (!isCents(value)) {
			problems.push(
				`${field} has more than 2 decimals (${value}): give it in euros and cents, e.g. ${Math.round(value * 100) / 100}`,
			);
		}
	};
	if (!['firstReminder', 'secondReminder', 'formalNotice'].includes(input.kind)) {
		problems.push(
			`kind must be firstReminder, secondReminder or formalNotice, not ${JSON.stringify(input.kind ?? null)}`,
		);
	}
	if (input.language !== 'fr' && input.language !== 'en')
		problems.push(`language must be "fr" or "en", not ${JSON.stringify(input.language ?? null)}`);
	const creditor = input.creditor ?? ({} as Creditor);
	const debtor = input.debtor ?? ({} as Debtor);
	const creditorPro = (creditor.type ?? 'professional') === 'professional';
	need(creditor.name, 'creditor.name', "creditor's name");
	address(creditor.address, 'creditor.address', "creditor's postal address");
	if (creditorPro) {
		need(creditor.siren, 'creditor.siren', "creditor's SIREN/SIRET");
		if (text(creditor.siren) && !/^\d{9}(\d{5})?$/.test(text(creditor.siren).replace(/\s/g, ''))) {
			problems.push(
				`creditor.siren must be 9 digits (SIREN) or 14 digits (SIRET), not ${JSON.stringify(creditor.siren)}`,
			);
		}
	}
	if (input.kind === 'formalNotice') {
		if (creditorPro) need(creditor.legalForm, 'creditor.legalForm', "creditor's legal form, e.g. SAS");
		else optional(creditor.legalForm, 'creditor.legalForm');
		need(creditor.signatoryName, 'creditor.signatoryName', 'who signs the formal notice');
	} else {
		optional(creditor.legalForm, 'creditor.legalForm');
		optional(creditor.signatoryName, 'creditor.signatoryName');
	}
	if (!creditorPro) optional(creditor.siren, 'creditor.siren');
	optional(creditor.rcsCity, 'creditor.rcsCity');
	optional(creditor.contactName, 'creditor.contactName');
	if (creditor.shareCapital !== undefined && creditor.shareCapital !== null && creditor.shareCapital !== '') {
		if (typeof creditor.shareCapital === 'number') {
			if (
				!Number.isFinite(creditor.shareCapital) ||
				creditor.shareCapital <= 0 ||
				creditor.shareCapital > 1e12 ||
				!isCents(creditor.shareCapital)
			) {
				problems.push(
					`creditor.shareCapital must be an amount in euros above 0, not ${JSON.stringify(creditor.shareCapital)}`,
				);
			}
		} else optional(creditor.shareCapital, 'creditor.shareCapital', 60);
	}
	if (debtor.type !== 'professional' && debtor.type !== 'individual') {
		problems.push(`debtor.type must be "professional" or "individual", not ${JSON.stringify(debtor.type ?? null)}`);
	}
	need(debtor.name, 'debtor.name', "debtor's name");
	optional(debtor.contactName, 'debtor.contactName');
	optional(debtor.siren, 'debtor.siren');
	optional(creditor.email, 'creditor.email');
	optional(creditor.phone, 'creditor.phone');
	optional(creditor.signatoryTitle, 'creditor.signatoryTitle');
	optional(input.payment?.bic, 'payment.bic');
	optional(input.contractReference, 'contractReference', LIMITS.reference);
	address(debtor.address, 'debtor.address', "debtor's postal address");
	need(input.reference, 'reference', 'unique case reference', LIMITS.reference);
	need(input.place, 'place', 'place where the letter is written');
	needDate(input.date, 'date');
	if (!text(input.payment?.iban) && !text(input.payment?.link)) {
		problems.push('payment.iban or payment.link is missing (how the debtor can pay)');
	}
	if (
		text(input.payment?.iban) &&
		!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(text(input.payment?.iban).replace(/\s/g, '').toUpperCase())
	) {
		problems.push(`payment.iban is not an IBAN: ${JSON.stringify(input.payment?.iban)}`);
	}
	if (
		text(input.payment?.link) &&
		(!/^https?:\/\/\S+$/.test(text(input.payment?.link)) || text(input.payment?.link).length > 500)
	) {
		problems.push(
			`payment.link must be an http(s) URL of at most 500 characters, not ${JSON.stringify(String(input.payment?.link).slice(0, 80))}`,
		);
	}
	const days = input.paymentDeadlineDays ?? 8;
	if (!Number.isInteger(days) || days < 1 || days > 90)
		problems.push(`paymentDeadlineDays must be a whole number of days from 1 to 90, not ${JSON.stringify(days)}`);
	if (
		input.instalments !== undefined &&
		(!Number.isInteger(input.instalments) || input.instalments < 2 || input.instalments > 12)
	) {
		problems.push(`instalments must be a whole number from 2 to 12, not ${JSON.stringify(input.instalments)}`);
	}
	const letterDay = isIsoDate(input.date) ? input.date : undefined;
	if (!Array.isArray(input.invoices) || input.invoices.length === 0) {
		problems.push('invoices is missing (at least one invoice: number, issueDate, dueDate, amount)');
	} else {
		if (input.invoices.length > LIMITS.invoices)
			problems.push(
				`invoices has ${input.invoices.length} entries; at most ${LIMITS.invoices} fit a letter (split the claim into several letters)`,
			);
		const seen = new Map<string, number>();
		let paymentCount = 0;
		input.invoices.slice(0, LIMITS.invoices).forEach((invoice, i) => {
			const at = `invoices[${i}]`;
			if (!invoice || typeof invoice !== 'object') {
				problems.push(`${at} must be an object with number, issueDate, dueDate, amount`);
				return;
			}
			const number = typeof invoice.number === 'number' ? String(invoice.number) : invoice.number;
			need(number, `${at}.number`, 'invoice number', LIMITS.invoiceNumber);
			if (typeof number === 'string' && number.trim()) {
				const key = number.trim().toUpperCase();
				if (seen.has(key))
					problems.push(
						`${at}.number ${JSON.stringify(number.trim())} is the same invoice as invoices[${seen.get(key)}]: each invoice may be claimed once`,
					);
				else seen.set(key, i);
			}
			optional(invoice.orderReference, `${at}.orderReference`, LIMITS.reference);
			needDate(invoice.issueDate, `${at}.issueDate`);
			needDate(invoice.dueDate, `${at}.dueDate`);
			euros(invoice.amount, `${at}.amount`);
			if (isIsoDate(invoice.issueDate) && isIsoDate(invoice.dueDate) && invoice.issueDate > invoice.dueDate) {
				problems.push(`${at}.issueDate ${invoice.issueDate} is after its dueDate ${invoice.dueDate}`);
			}
			if (isIsoDate(invoice.issueDate) && letterDay && invoice.issueDate > letterDay) {
				problems.push(`${at}.issueDate ${invoice.issueDate} is after the letter date ${letterDay}`);
			}
			if (isIsoDate(invoice.dueDate) && letterDay && invoice.dueDate >= letterDay) {
				problems.push(
					`${at}.dueDate ${invoice.dueDate} is not before the letter date ${letterDay}: the invoice is not overdue`,
				);
			}
			if (invoice.payments !== undefined && invoice.payments !== null && !Array.isArray(invoice.payments))
				problems.push(`${at}.payments must be a list of { date, amount }`);
			const payments = Array.isArray(invoice.payments) ? invoice.payments : [];
			if (payments.length > LIMITS.paymentsPerInvoice)
				problems.push(
					`${at}.payments has ${payments.length} entries; at most ${LIMITS.paymentsPerInvoice} per invoice`,
				);
			paymentCount += payments.length;
			let paid = 0;
			payments.slice(0, LIMITS.paymentsPerInvoice).forEach((payment, j) => {
				needDate(payment?.date, `${at}.payments[${j}].date`);
				euros(payment?.amount, `${at}.payments[${j}].amount`);
				if (isIsoDate(payment?.date) && letterDay && payment.date > letterDay)
					problems.push(`${at}.payments[${j}].date ${payment.date} is after the letter date ${letterDay}`);
				if (isIsoDate(payment?.date) && isIsoDate(invoice.issueDate) && payment.date < invoice.issueDate)
					problems.push(
						`${at}.payments[${j}].date ${payment.date} is before the invoice's issueDate ${invoice.issueDate}`,
					);
				if (typeof payment?.amount === 'number' && Number.isFinite(payment.amount)) paid += payment.amount;
			});
			if (typeof invoice.amount === 'number' && Number.isFinite(invoice.amount) && paid > invoice.amount + 0.005) {
				problems.push(
					`${at}.payments add up to ${paid.toFixed(2)} €, more than the invoice's ${invoice.amount.toFixed(2)} € (overpaid by ${(paid - invoice.amount).toFixed(2)} €): record the surplus as a credit note or on another invoice, nothing is netted silently`,
				);
			}
		});
		if (paymentCount > LIMITS.paymentsPerLetter)
			problems.push(`invoices have ${paymentCount} payments in all; at most ${LIMITS.paymentsPerLetter} per letter`);
	}
	if (input.kind === 'secondReminder' && !(input.previousReminders ?? []).length) {
		problems.push('previousReminders is missing (a second reminder recalls the date of the first)');
	}
	if ((input.previousReminders ?? []).length > LIMITS.previousReminders)
		problems.push(
			`previousReminders has ${(input.previousReminders ?? []).length} entries; at most ${LIMITS.previousReminders}`,
		);
	(input.previousReminders ?? []).slice(0, LIMITS.previousReminders).forEach((r, i) => {
		const at = `previousReminders[${i}]`;
		if (!r || typeof r !== 'object') {
			problems.push(`${at} must be { date, step?, reference?, receivedAt? }`);
			return;
		}
		needDate(r.date, `${at}.date`);
		if (isIsoDate(r.date) && letterDay && r.date > letterDay)
			problems.push(`${at}.date ${r.date} is after the letter date ${letterDay}`);
		if (r.step !== undefined && !['firstReminder', 'secondReminder', 'formalNotice'].includes(r.step))
			problems.push(`${at}.step must be firstReminder, secondReminder or formalNotice, not ${JSON.stringify(r.step)}`);
		optional(r.reference, `${at}.reference`, LIMITS.reference);
		optional(r.channel, `${at}.channel`, 60);
		if (r.receivedAt !== undefined && r.receivedAt !== null && r.receivedAt !== '') {
			needDate(r.receivedAt, `${at}.receivedAt`);
			if (isIsoDate(r.receivedAt) && isIsoDate(r.date) && r.receivedAt < r.date)
				problems.push(`${at}.receivedAt ${r.receivedAt} is before its date ${r.date}`);
			if (isIsoDate(r.receivedAt) && letterDay && r.receivedAt > letterDay)
				problems.push(`${at}.receivedAt ${r.receivedAt} is after the letter date ${letterDay}`);
		}
	});
	if (
		input.formalNoticeDate !== undefined &&
		isIsoDate(input.formalNoticeDate) &&
		letterDay &&
		input.formalNoticeDate > letterDay
	) {
		problems.push(`formalNoticeDate ${input.formalNoticeDate} is after the letter date ${letterDay}`);
	}
	if (input.limitationInterruptedOn !== undefined) {
		needDate(input.limitationInterruptedOn, 'limitationInterruptedOn');
		if (isIsoDate(input.limitationInterruptedOn) && letterDay && input.limitationInterruptedOn > letterDay)
			problems.push(`limitationInterruptedOn ${input.limitationInterruptedOn} is after the letter date ${letterDay}`);
	}
	if (input.template !== undefined) {
		need(input.template?.subject, 'template.subject', 'subject line of the custom template', LIMITS.templateSubject);
		need(input.template?.body, 'template.body', 'text of the custom template', LIMITS.templateBody);
	}
	if (!problems.length) problems.push(...timeBarProblems(input));
	return problems;
}

/**
 * C. conso. L218-2: a professional's claim against a consumer is time-barred 2 years after it fell due. The last
 * due date, payment (an acknowledgement, C. civ. 2240) or declared interruption starts the period again. A second
 * reminder or formal notice (which threaten further steps) is refused for such a debt; a first reminder is written
 * with a warning (see timeBarWarning).
 */
function timeBarProblems(input: NoticeInput): string[] {
	if (input.kind === 'firstReminder') return [];
	return timeBarred(input).map(
		({ index, since }) =>
			`invoices[${index}]: this consumer debt may be time-barred since ${since} (C. conso. L218-2: 2 years from the due date or the last payment); no ${input.kind === 'formalNotice' ? 'formal notice' : 'second reminder'} is written for it. If the period was interrupted (written acknowledgement, payment plan, court claim), give that day as limitationInterruptedOn ("Limitation Interrupted On")`,
	);
}

/** The invoices of a consumer letter that may be time-barred, with the day they became so. */
export function timeBarred(input: NoticeInput): Array<{ index: number; number: string; since: string }> {
	if (
		input.debtor?.type !== 'individual' ||
		(input.creditor?.type ?? 'professional') !== 'professional' ||
		!isIsoDate(input.date)
	)
		return [];
	const found: Array<{ index: number; number: string; since: string }> = [];
	input.invoices.forEach((invoice, index) => {
		const dates = [
			invoice.dueDate,
			...(invoice.payments ?? []).map((p) => p.date),
			input.limitationInterruptedOn,
		].filter((d): d is string => isIsoDate(d));
		if (!dates.length) return;
		const since = twoYearsAfter(dates.sort()[dates.length - 1]);
		if (dayOf(since) <= dayOf(input.date)) found.push({ index, number: String(invoice.number).trim(), since });
	});
	return found;
}
