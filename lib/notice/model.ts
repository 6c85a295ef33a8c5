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
}

export interface PreviousReminder {
	date: string;
	/** e.g. "e-mail", "courrier". */
	channel?: string;
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
const MAX_TEXT = 2000;

/**
 * The mandatory content (shared research dunning-domain.md §1.2–1.3): what must be known before any letter is
 * written. Returns every missing or invalid field, never stops at the first.
 */
export function problemsOf(input: NoticeInput): string[] {
	const problems: string[] = [];
	const need = (value: unknown, field: string, label: string, max = MAX_TEXT) => {
		if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`${field} must be text (${label}), not ${Array.isArray(value) ? 'a list' : typeof value}`);
		else if (!text(value)) problems.push(`${field} is missing (${label})`);
		else if ((value as string).length > max) problems.push(`${field} is longer than ${max} characters`);
		else if (hasUnsafeCharacters(value as string)) problems.push(`${field} contains control or bidirectional-override characters`);
	};
	const optional = (value: unknown, field: string) => {
		if (value === undefined || value === null || value === '') return;
		if (typeof value !== 'string') problems.push(`${field} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
		else if (value.length > MAX_TEXT) problems.push(`${field} is longer than ${MAX_TEXT} characters`);
		else if (hasUnsafeCharacters(value)) problems.push(`${field} contains control or bidirectional-override characters`);
	};
	const needDate = (value: unknown, field: string) => {
		if (!isIsoDate(value)) problems.push(`${field} must be a date YYYY-MM-DD, not ${JSON.stringify(value ?? null)}`);
	};
	if (!['firstReminder', 'secondReminder', 'formalNotice'].includes(input.kind)) {
		problems.push(`kind must be firstReminder, secondReminder or formalNotice, not ${JSON.stringify(input.kind ?? null)}`);
	}
	if (input.language !== 'fr' && input.language !== 'en') problems.push(`language must be "fr" or "en", not ${JSON.stringify(input.language ?? null)}`);
	const creditor = input.creditor ?? ({} as Creditor);
	const debtor = input.debtor ?? ({} as Debtor);
	const creditorPro = (creditor.type ?? 'professional') === 'professional';
	need(creditor.name, 'creditor.name', "creditor's name");
	need(creditor.address, 'creditor.address', "creditor's postal address");
	if (creditorPro) {
		need(creditor.siren, 'creditor.siren', "creditor's SIREN/SIRET");
		if (text(creditor.siren) && !/^\d{9}(\d{5})?$/.test(text(creditor.siren).replace(/\s/g, ''))) {
			problems.push(`creditor.siren must be 9 digits (SIREN) or 14 digits (SIRET), not ${JSON.stringify(creditor.siren)}`);
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
	need(debtor.address, 'debtor.address', "debtor's postal address");
	need(input.reference, 'reference', 'unique case reference');
	need(input.place, 'place', 'place where the letter is written');
	needDate(input.date, 'date');
	if (!text(input.payment?.iban) && !text(input.payment?.link)) {
		problems.push('payment.iban or payment.link is missing (how the debtor can pay)');
	}
	if (text(input.payment?.iban) && !/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(text(input.payment?.iban).replace(/\s/g, '').toUpperCase())) {
		problems.push(`payment.iban is not an IBAN: ${JSON.stringify(input.payment?.iban)}`);
	}
	if (text(input.payment?.link) && !/^https?:\/\/\S+$/.test(text(input.payment?.link))) {
		problems.push(`payment.link must be an http(s) URL, not ${JSON.stringify(input.payment?.link)}`);
	}
	const days = input.paymentDeadlineDays ?? 8;
	if (!Number.isInteger(days) || days < 1 || days > 90) problems.push(`paymentDeadlineDays must be a whole number of days from 1 to 90, not ${JSON.stringify(days)}`);
	if (input.instalments !== undefined && (!Number.isInteger(input.instalments) || input.instalments < 2 || input.instalments > 12)) {
		problems.push(`instalments must be a whole number from 2 to 12, not ${JSON.stringify(input.instalments)}`);
	}
	if (!Array.isArray(input.invoices) || input.invoices.length === 0) {
		problems.push('invoices is missing (at least one invoice: number, issueDate, dueDate, amount)');
	} else {
		if (input.invoices.length > 200) problems.push(`invoices has ${input.invoices.length} entries; at most 200 fit a letter`);
		input.invoices.slice(0, 200).forEach((invoice, i) => {
			const at = `invoices[${i}]`;
			if (!invoice || typeof invoice !== 'object') {
				problems.push(`${at} must be an object with number, issueDate, dueDate, amount`);
				return;
			}
			need(typeof invoice.number === 'number' ? String(invoice.number) : invoice.number, `${at}.number`, 'invoice number');
			needDate(invoice.issueDate, `${at}.issueDate`);
			needDate(invoice.dueDate, `${at}.dueDate`);
			if (typeof invoice.amount !== 'number' || !Number.isFinite(invoice.amount) || invoice.amount <= 0 || invoice.amount > 1e9) {
				problems.push(`${at}.amount must be an amount in euros above 0, not ${JSON.stringify(invoice.amount ?? null)}`);
			}
			if (isIsoDate(invoice.dueDate) && isIsoDate(input.date) && invoice.dueDate >= input.date) {
				problems.push(`${at}.dueDate ${invoice.dueDate} is not before the letter date ${input.date}: the invoice is not overdue`);
			}
			if (invoice.payments !== undefined && !Array.isArray(invoice.payments)) problems.push(`${at}.payments must be a list of { date, amount }`);
			(Array.isArray(invoice.payments) ? invoice.payments : []).forEach((payment, j) => {
				needDate(payment?.date, `${at}.payments[${j}].date`);
				if (typeof payment?.amount !== 'number' || !Number.isFinite(payment.amount) || payment.amount <= 0 || payment.amount > 1e9) {
					problems.push(`${at}.payments[${j}].amount must be an amount in euros above 0, not ${JSON.stringify(payment?.amount ?? null)}`);
				}
			});
		});
	}
	if (input.kind === 'secondReminder' && !(input.previousReminders ?? []).length) {
		problems.push('previousReminders is missing (a second reminder recalls the date of the first)');
	}
	(input.previousReminders ?? []).forEach((r, i) => needDate(r?.date, `previousReminders[${i}].date`));
	if (input.template !== undefined) {
		need(input.template?.subject, 'template.subject', 'subject line of the custom template');
		need(input.template?.body, 'template.body', 'text of the custom template', 20_000);
	}
	return problems;
}
