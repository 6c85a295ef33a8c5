/**
 * From notice data to the words of the letter: penalties, placeholder values, the chosen template filled in, and
 * the mandatory-content check of the result. No layout here (see pdf.ts), no n8n.
 */
import { addDays } from '../time';
import { dateList, listOf, longDate, money, percent, shortDate } from './format';
import { NoticeInputError, problemsOf, timeBarred, type Language, type NoticeInput } from './model';
import { computePenalties, PenaltyInputError, type PenaltyResult } from './penalties';
import { MissingRateError } from './rates';
import { fillAll, TemplateError, type Values } from './placeholders';
import { builtInLetter, courtesy, FORMAL_NOTICE_WORDING } from './templates';

export interface InvoiceRow {
	number: string;
	issueDate: string;
	dueDate: string;
	amount: number;
	paid: number;
	outstanding: number;
	/** To the payment that settled it, or to the letter date. */
	daysLate: number;
	paidOn?: string;
	interest: number;
	indemnity: number;
	orderReference?: string;
	payments: Array<{ date: string; amount: number }>;
}

export interface CheckItem {
	id: string;
	label: string;
	ok: boolean;
}

export interface Enclosure {
	type: 'invoice' | 'termsOfSale';
	/** Invoice number (type invoice). */
	number?: string;
	label: string;
}

/** The enclosures as one phrase: "copie des factures n° A, B et C ; extrait de nos conditions générales de vente". */
export function enclosurePhrase(language: Language, enclosures: Enclosure[], annex: boolean): string {
	const invoices = enclosures.filter((e) => e.type === 'invoice').map((e) => e.number as string);
	const parts: string[] = [];
	if (invoices.length === 1)
		parts.push(t(language, `copie de la facture n°\u00a0${invoices[0]}`, `copy of invoice no.\u00a0${invoices[0]}`));
	else if (invoices.length > 6 && annex)
		parts.push(
			t(
				language,
				`copie des ${invoices.length}\u00a0factures listées en annexe`,
				`copies of the ${invoices.length} invoices listed in the annex`,
			),
		);
	else if (invoices.length)
		parts.push(
			t(
				language,
				`copie des factures n°\u00a0${listOf(language, invoices)}`,
				`copies of invoices nos.\u00a0${listOf(language, invoices)}`,
			),
		);
	for (const e of enclosures.filter((x) => x.type !== 'invoice'))
		parts.push(e.label.charAt(0).toLowerCase() + e.label.slice(1));
	const text = parts.join(t(language, '\u00a0; ', '; '));
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ComposedLetter {
	input: NoticeInput;
	language: Language;
	subject: string;
	salutation: string;
	before: string[];
	after: string[];
	closing: string;
	/** The invoices the letter is about (a paid invoice that carries nothing is left out). */
	rows: InvoiceRow[];
	/** Rows under the invoice table: [label, amount]. */
	totals: Array<[string, string]>;
	/** One entry per invoice, its interest slices added up ("F-1: 01/01/2026 → 20/02/2026, 51 d × 12.15% × €1,234.50 / 365 = €20.96"). */
	penaltyDetail: string[];
	/** Short lines under the table: order references, partial payments received. */
	notes: string[];
	/** The invoice table and the penalty detail go to an annex (many invoices); the body keeps the totals. */
	annex: boolean;
	/** What should travel with the letter (LRE Send attaches the files). */
	enclosures: Enclosure[];
	/** The creditor's registry line ("SARL au capital de 10 000 € – RCS Lyon 512 345 678 – SIRET …"). */
	registry: string;
	amounts: {
		outstanding: number;
		interest: number;
		indemnity: number;
		totalClaimed: number;
		/** Letter date + the payment deadline (days). */
		deadline: string;
		/** Formal notice by LRE: the latest day the deadline can end (up to 15 days to accept the LRE, CPCE R53-3). */
		deadlineLatest: string;
	};
	penalties: PenaltyResult;
	values: Values;
	check: { passed: boolean; items: CheckItem[]; warnings: string[] };
}

/** Above this many invoices the table goes to an annex and the letter shows a summary. */
export const ANNEX_ABOVE = 12;
/** Days an LRE recipient has to accept it (CPCE R53-3). */
export const LRE_ACCEPTANCE_DAYS = 15;

const t = (language: Language, fr: string, en: string) => (language === 'fr' ? fr : en);

/** Runs `fn`; its known input errors become a NoticeInputError, anything else is thrown as is. */
function asNoticeInput<T>(fn: () => T, known: Array<new (...args: never[]) => Error>): T {
	let failure: unknown;
	try {
		return fn();
	} catch (error) {
		failure = error;
	}
	throw known.some((type) => failure instanceof type) ? new NoticeInputError([(failure as Error).message]) : failure;
}

function penalties(input: NoticeInput, withoutInterest = false): PenaltyResult {
	return asNoticeInput(
		() =>
			computePenalties({
				withoutInterest,
				debtorType: input.debtor.type,
				creditorType: input.creditor.type ?? 'professional',
				invoices: input.invoices.map((i) => ({
					number: String(i.number),
					amount: i.amount,
					dueDate: i.dueDate,
					payments: i.payments,
				})),
				asOf: input.date,
				formalNoticeDate: input.formalNoticeDate,
				contractualRate: input.contractualRate,
				rates: input.rates,
			}),
		[PenaltyInputError, MissingRateError],
	);
}

const formatIban = (iban?: string) =>
	iban
		?.replace(/\s/g, '')
		.toUpperCase()
		.replace(/(.{4})/g, '$1 ')
		.trim();

function paymentMethods(language: Language, payment: NoticeInput['payment']): string {
	const parts: string[] = [];
	const iban = formatIban(payment.iban);
	if (iban) {
		const bic = payment.bic?.trim() ? ` (BIC ${payment.bic.trim()})` : '';
		parts.push(t(language, `par virement sur le compte IBAN ${iban}${bic}`, `by bank transfer to IBAN ${iban}${bic}`));
	}
	if (payment.link?.trim())
		parts.push(t(language, `en ligne à l’adresse ${payment.link.trim()}`, `online at ${payment.link.trim()}`));
	return parts.join(t(language, ' ou ', ' or '));
}

function instalmentOffer(language: Language, count: number, total: number, firstDate: string | undefined): string {
	const each = Math.floor((total / count) * 100) / 100;
	const last = Math.round((total - each * (count - 1)) * 100) / 100;
	const amounts =
		last === each
			? `${count} × ${money(language, each)}`
			: `${count - 1} × ${money(language, each)} + ${money(language, last)}`;
	const first = firstDate
		? t(
				language,
				`la première au plus tard le ${longDate(language, firstDate)}`,
				`the first by ${longDate(language, firstDate)} at the latest`,
			)
		: t(language, 'la première dans le délai ci-dessus', 'the first within the period above');
	return t(
		language,
		`À titre amiable, nous acceptons un règlement en ${count}\u00a0mensualités (${amounts}), ${first}, sous réserve du respect de chaque échéance.`,
		`As an amicable arrangement, we will accept payment in ${count} monthly instalments (${amounts}), ${first}, provided that each instalment is paid when due.`,
	);
}

const group3 = (digits: string) => digits.replace(/(\d{3})(?=\d)/g, '$1\u00a0');

/** The creditor's registry mentions (C. com. R123-237): SIREN or SIRET by length, RCS city, legal form and capital. */
export function registryLine(language: Language, creditor: NoticeInput['creditor']): string {
	const digits = creditor.siren?.replace(/\s/g, '') ?? '';
	const parts: string[] = [];
	const capital =
		typeof creditor.shareCapital === 'number'
			? money(language, creditor.shareCapital).replace(/[,.]00(?=\u00a0€|$)/, '')
			: typeof creditor.shareCapital === 'string' && creditor.shareCapital.trim()
				? creditor.shareCapital.trim()
				: '';
	const form = creditor.legalForm?.trim();
	if (form || capital)
		parts.push(
			[form, capital ? t(language, `au capital de ${capital}`, `with a share capital of ${capital}`) : '']
				.filter(Boolean)
				.join(' '),
		);
	if (/^\d{9}(\d{5})?$/.test(digits)) {
		const siren = `${group3(digits.slice(0, 9))}`;
		if (creditor.rcsCity?.trim()) parts.push(`RCS ${creditor.rcsCity.trim()} ${siren}`);
		parts.push(digits.length === 14 ? `SIRET ${siren}\u00a0${digits.slice(9)}` : `SIREN ${siren}`);
	} else if (creditor.siren?.trim()) parts.push(creditor.siren.trim());
	return parts.join(' – ');
}

function valuesOf(
	input: NoticeInput,
	result: PenaltyResult,
	rows: InvoiceRow[],
	totalClaimed: number,
	deadline: string,
): Values {
	const language = input.language;
	const unique = (items: string[]) => [...new Set(items)];
	const rates = unique(result.invoices.flatMap((i) => i.slices.map((s) => percent(language, s.ratePercent))));
	const reminders = (input.previousReminders ?? []).map((r) => r.date);
	const creditor = input.creditor;
	return {
		nom_client: input.debtor.name.trim(),
		client_adresse: input.debtor.address
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean)
			.join(', '),
		client_siren: input.debtor.siren?.trim(),
		creancier_raison_sociale: creditor.name.trim(),
		creancier_forme_juridique: creditor.legalForm?.trim(),
		creancier_siren: creditor.siren?.trim(),
		creancier_adresse: creditor.address
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean)
			.join(', '),
		signataire: creditor.signatoryName?.trim(),
		reference: input.reference.trim(),
		lieu: input.place.trim(),
		date_envoi: longDate(language, input.date),
		numero_facture: listOf(
			language,
			rows.map((r) => r.number),
		),
		date_facture: dateList(
			language,
			rows.map((r) => r.issueDate),
		),
		date_echeance: dateList(
			language,
			rows.map((r) => r.dueDate),
		),
		montant_ttc: money(
			language,
			rows.reduce((s, r) => s + r.amount, 0),
		),
		montant_restant_du: money(language, result.totalOutstanding),
		jours_retard: String(Math.max(...rows.map((r) => r.daysLate))),
		taux_penalites: rates.length ? listOf(language, rates) : undefined,
		montant_penalites: money(language, result.totalInterest),
		indemnite_forfaitaire: money(language, result.totalIndemnity),
		total_reclame: money(language, totalClaimed),
		delai_paiement_jours: String(input.paymentDeadlineDays ?? 8),
		date_limite_paiement: longDate(language, deadline),
		dates_relances_precedentes: reminders.length ? dateList(language, reminders) : undefined,
		moyens_paiement: paymentMethods(language, input.payment),
		iban: input.payment.iban?.trim(),
		bic: input.payment.bic?.trim(),
		lien_paiement: input.payment.link?.trim(),
		echeancier: input.instalments
			? instalmentOffer(language, input.instalments, totalClaimed, input.kind === 'formalNotice' ? undefined : deadline)
			: undefined,
	};
}

/** A custom template: subject + paragraphs; the invoice table goes after the first paragraph. */
function customTemplate(input: NoticeInput): { subject: string; before: string[]; after: string[] } {
	const paragraphs = (input.template as { body: string }).body
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean);
	return {
		subject: (input.template as { subject: string }).subject.trim(),
		before: paragraphs.slice(0, 1),
		after: paragraphs.slice(1),
	};
}

/** Who the debtor can write to about the claim: the named contact (or signatory) with the creditor's e-mail / phone. */
function contactOf(input: NoticeInput): string {
	const c = input.creditor;
	const who = c.contactName?.trim() || c.signatoryName?.trim();
	const reach = [c.email?.trim(), c.phone?.trim()].filter(Boolean).join(', ');
	const name = who
		? `${who} (${c.name.trim()}${reach ? `, ${reach}` : ''})`
		: `${c.name.trim()}${reach ? ` (${reach})` : ''}`;
	return name;
}

/**
 * B2C: legal interest runs from the receipt of a formal notice. Without "Formal Notice Received On", the receipt day
 * of the latest earlier formal notice in previousReminders (the Dunning Plan's previousSteps) is that day.
 */
function withNoticeDate(input: NoticeInput): NoticeInput {
	if (
		input.formalNoticeDate !== undefined ||
		input.debtor?.type !== 'individual' ||
		!Array.isArray(input.previousReminders)
	)
		return input;
	const received = input.previousReminders
		.filter((r) => r && r.step === 'formalNotice' && typeof r.receivedAt === 'string' && r.receivedAt)
		.map((r) => r.receivedAt as string)
		.sort();
	return received.length ? { ...input, formalNoticeDate: received[received.length - 1] } : input;
}

export function composeNotice(given: NoticeInput): ComposedLetter {
	const problems = problemsOf(given);
	if (problems.length) throw new NoticeInputError(problems);
	const input = withNoticeDate(given);
	const language = input.language;
	const claimsPenalties = input.kind !== 'firstReminder';
	const warnings: string[] = [];
	// A first reminder claims no penalty: it needs no rate. If one is unknown, it is written without the interest.
	let result: PenaltyResult | undefined;
	let failure: unknown;
	try {
		result = penalties(input);
	} catch (error) {
		failure = error;
	}
	if (!result) {
		const missingRate =
			failure instanceof NoticeInputError &&
			/No (ECB main refinancing rate|taux de l'intérêt légal)/.test(failure.message);
		if (claimsPenalties || !missingRate) throw failure;
		result = penalties(input, true);
		warnings.push(
			'A rate is not known for this period: this first reminder claims no interest and needs none (penalties left out of its output).',
		);
	}
	warnings.push(...result.warnings);
	const b2b = input.debtor.type === 'professional';
	const all: InvoiceRow[] = input.invoices.map((invoice, i) => {
		const p = result.invoices[i];
		return {
			number: String(invoice.number).trim(),
			issueDate: invoice.issueDate,
			dueDate: invoice.dueDate,
			amount: invoice.amount,
			paid: Math.round((invoice.amount - p.outstanding) * 100) / 100,
			outstanding: p.outstanding,
			daysLate: p.daysLate,
			...(p.paidOn ? { paidOn: p.paidOn } : {}),
			interest: p.interest,
			indemnity: p.indemnity,
			...(invoice.orderReference?.trim() ? { orderReference: invoice.orderReference.trim() } : {}),
			payments: [...(invoice.payments ?? [])]
				.filter((x) => x.date <= input.date)
				.sort((a, b) => a.date.localeCompare(b.date)),
		};
	});
	// A paid invoice is only the basis of what it still carries; one that carries nothing has no place in the letter.
	const rows = all.filter((r) => r.outstanding > 0 || (claimsPenalties && (r.interest > 0 || r.indemnity > 0)));
	for (const r of all.filter((x) => !rows.includes(x)))
		warnings.push(
			`Invoice ${r.number} is paid in full and carries nothing this letter claims: left out of the letter.`,
		);
	const totalClaimed = claimsPenalties ? result.totalDue : result.totalOutstanding;
	if (totalClaimed <= 0 || !rows.length)
		throw new NoticeInputError(['invoices: nothing is owed (every invoice is paid)']);
	const days = input.paymentDeadlineDays ?? 8;
	const deadline = addDays(input.date, days);
	const deadlineLatest = input.kind === 'formalNotice' ? addDays(input.date, days + LRE_ACCEPTANCE_DAYS) : deadline;
	const values = valuesOf(input, result, rows, totalClaimed, deadline);
	const courtesyOf = courtesy(
		language,
		input.debtor.contactName?.trim() || (b2b ? undefined : input.debtor.name.trim()),
	);
	const annex = rows.length > ANNEX_ABOVE;
	const contractual = b2b && result.rates.some((r) => r.basis === 'contractual' || r.basis === 'floor');
	const usesTerms = b2b && input.contractualRate !== undefined;
	const byDue = (a: { dueDate: string }, b: { dueDate: string }) => a.dueDate.localeCompare(b.dueDate);
	const fact = (r: InvoiceRow) => ({
		number: r.number,
		issueDate: r.issueDate,
		dueDate: r.dueDate,
		daysLate: r.daysLate,
		outstanding: r.outstanding,
		...(r.paidOn ? { paidOn: r.paidOn } : {}),
	});
	const interestClaimed = claimsPenalties ? result.totalInterest : 0;
	const indemnityClaimed = claimsPenalties ? result.totalIndemnity : 0;
	const built = input.template
		? undefined
		: builtInLetter({
				language,
				kind: input.kind,
				b2b,
				unpaid: rows
					.filter((r) => r.outstanding > 0)
					.map(fact)
					.sort(byDue),
				paidLate: rows
					.filter((r) => r.outstanding === 0)
					.map(fact)
					.sort(byDue),
				annex,
				previous: input.previousReminders ?? [],
				formalNoticeDate: b2b ? undefined : input.formalNoticeDate,
				rates: result.rates,
				outstanding: result.totalOutstanding,
				interest: interestClaimed,
				indemnity: indemnityClaimed,
				indemnityCount: indemnityClaimed / 40,
				total: totalClaimed,
				deadlineDays: days,
				deadline,
				methods: values.moyens_paiement as string,
				reference: input.reference.trim(),
				contractual: usesTerms,
				instalmentOffer: values.echeancier,
				contact: contactOf(input),
				hasPartialPayments: rows.some((r) => r.paid > 0 && r.outstanding > 0),
			});
	let subject: string;
	let body: string[];
	let beforeCount: number;
	if (built) {
		subject = built.subject;
		body = [...built.before, ...built.after];
		beforeCount = built.before.length;
	} else {
		const custom = customTemplate(input);
		const filled = asNoticeInput(
			() => fillAll([custom.subject, ...custom.before, ...custom.after], values),
			[TemplateError],
		);
		[subject, ...body] = filled;
		beforeCount = custom.before.length;
	}

	const ratesText = values.taux_penalites;
	const totals: Array<[string, string]> = [
		[t(language, 'Principal restant dû', 'Principal outstanding'), money(language, result.totalOutstanding)],
	];
	if (interestClaimed > 0) {
		totals.push([
			b2b
				? contractual
					? t(
							language,
							`Pénalités de retard (CGV et art.\u00a0L441-10 C.\u00a0com., ${ratesText})`,
							`Late-payment interest (terms of sale and Art.\u00a0L441-10 C.\u00a0com., ${ratesText})`,
						)
					: t(
							language,
							`Pénalités de retard (art.\u00a0L441-10 C.\u00a0com., ${ratesText})`,
							`Late-payment interest (Art.\u00a0L441-10 C.\u00a0com., ${ratesText})`,
						)
				: t(
						language,
						`Intérêts au taux légal (art.\u00a01231-6 C.\u00a0civ., ${ratesText})`,
						`Statutory interest (Art.\u00a01231-6 C.\u00a0civ., ${ratesText})`,
					),
			money(language, result.totalInterest),
		]);
	}
	if (indemnityClaimed > 0) {
		totals.push([
			t(
				language,
				`Indemnité forfaitaire de recouvrement (art.\u00a0D441-5 C.\u00a0com., 40\u00a0€ × ${result.totalIndemnity / 40})`,
				`Fixed recovery indemnity (Art.\u00a0D441-5 C.\u00a0com., €40 × ${result.totalIndemnity / 40})`,
			),
			money(language, result.totalIndemnity),
		]);
	}
	totals.push([t(language, 'Total réclamé', 'Total claimed'), money(language, totalClaimed)]);
	const dayUnit = t(language, 'j', 'd');
	// One entry per invoice: its slices added up ("… = 66,47 € + … = 41,54 €"), the number written once.
	const penaltyDetail = claimsPenalties
		? result.invoices
				.filter((i) => i.slices.length)
				.map(
					(i) =>
						`${i.number}${t(language, '\u00a0: ', ': ')}${i.slices
							.map(
								(s) =>
									`${shortDate(language, s.from)} → ${shortDate(language, s.to)}, ${s.days}\u00a0${dayUnit} × ${percent(language, s.ratePercent)} × ${money(language, s.base)} / 365 = ${money(language, s.interest)}`,
							)
							.join(' + ')}`,
				)
		: [];
	const notes: string[] = [];
	const withOrder = rows.filter((r) => r.orderReference);
	if (input.contractReference?.trim())
		notes.push(
			t(
				language,
				`Contrat ou commande\u00a0: ${input.contractReference.trim()}`,
				`Contract or order: ${input.contractReference.trim()}`,
			),
		);
	if (withOrder.length) {
		notes.push(
			t(language, 'Références de commande\u00a0: ', 'Order references: ') +
				withOrder.map((r) => `${r.number} → ${r.orderReference}`).join(t(language, '\u00a0; ', '; ')),
		);
	}
	const paidRows = rows.filter((r) => r.payments.length);
	if (paidRows.length) {
		notes.push(
			t(language, 'Règlements reçus\u00a0: ', 'Payments received: ') +
				paidRows
					.map(
						(r) =>
							`${r.number}${t(language, '\u00a0: ', ': ')}${r.payments.map((p) => t(language, `${money(language, p.amount)} le ${longDate(language, p.date)}`, `${money(language, p.amount)} on ${longDate(language, p.date)}`)).join(', ')}`,
					)
					.join(t(language, '\u00a0; ', '; ')),
		);
	}
	const enclosures: Enclosure[] = rows.map((r) => ({
		type: 'invoice' as const,
		number: r.number,
		label: t(language, `Copie de la facture n°\u00a0${r.number}`, `Copy of invoice no.\u00a0${r.number}`),
	}));
	if (usesTerms)
		enclosures.push({
			type: 'termsOfSale',
			label: t(
				language,
				'Extrait de nos conditions générales de vente (pénalités de retard)',
				'Extract from our terms and conditions of sale (late-payment interest)',
			),
		});

	// The mandatory-content check, on the words actually written (a custom template can drop anything).
	const text = [subject, ...body].join('\n');
	const fromReceipt = new RegExp(
		t(
			language,
			`${days}\\s+jours?\\s+à compter de (la )?(sa )?réception`,
			`${days}\\s+days?\\s+of (your )?receiv|${days}\\s+days?\\s+of your receipt`,
		).replace(/\\s\+/g, '[\\s\\u00a0]+'),
	);
	const items: CheckItem[] = [
		{ id: 'creditorIdentity', label: t(language, 'Identité du créancier', 'Creditor identity'), ok: true },
		{
			id: 'debtorIdentity',
			label: t(language, 'Identité et adresse du débiteur', 'Debtor identity and address'),
			ok: true,
		},
		{
			id: 'invoices',
			label: t(language, 'Factures (n°, dates, montants)', 'Invoices (number, dates, amounts)'),
			ok: rows.length > 0,
		},
		{
			id: 'totalClaimed',
			label: t(language, 'Montant réclamé', 'Amount claimed'),
			ok: text.includes(values.total_reclame as string) || text.includes(values.montant_restant_du as string),
		},
		{
			id: 'deadline',
			label: t(language, 'Délai de paiement', 'Payment deadline'),
			ok:
				text.includes(values.date_limite_paiement as string) ||
				(input.kind === 'formalNotice' && fromReceipt.test(text)),
		},
		{
			id: 'paymentMethods',
			label: t(language, 'Moyens de paiement', 'Payment methods'),
			ok: [input.payment.iban?.trim(), formatIban(input.payment.iban), input.payment.link?.trim()].some(
				(v) => v && text.includes(v),
			),
		},
	];
	if (input.kind !== 'firstReminder' && b2b && (interestClaimed > 0 || indemnityClaimed > 0)) {
		items.push({
			id: 'penaltyBasis',
			label: t(
				language,
				'Pénalités et indemnité de 40 € avec leur base légale',
				'Penalties and €40 indemnity with their legal basis',
			),
			ok: /L441-10/.test(text) && (indemnityClaimed === 0 || /D441-5/.test(text)),
		});
	}
	if (input.kind === 'secondReminder') {
		// Every earlier step is recalled: the reminders' dates as one phrase, each earlier formal notice by its date.
		const steps = input.previousReminders ?? [];
		const reminderDates = steps.filter((r) => r.step !== 'formalNotice').map((r) => r.date);
		const recalled =
			text.includes(values.dates_relances_precedentes as string) ||
			((!reminderDates.length || text.includes(dateList(language, reminderDates))) &&
				steps.filter((r) => r.step === 'formalNotice').every((r) => text.includes(longDate(language, r.date))));
		items.push({
			id: 'previousReminders',
			label: t(language, 'Rappel des relances précédentes', 'Previous reminders recalled'),
			ok: recalled,
		});
	}
	if (input.kind === 'formalNotice') {
		items.push({
			id: 'formalNoticeWording',
			label: t(language, 'Mention « mise en demeure »', '"Formal notice" wording'),
			ok: FORMAL_NOTICE_WORDING[language].test(subject) && FORMAL_NOTICE_WORDING[language].test(body.join('\n')),
		});
		items.push({
			id: 'consequences',
			label: t(language, 'Conséquences en cas de non-paiement', 'Consequences if unpaid'),
			ok: /juridiction|tribunal|injonction|court|legal action/i.test(text),
		});
		if (!input.previousReminders?.length)
			warnings.push(
				'No previous reminder is recalled in this formal notice (recommended: it shows the debtor was warned before).',
			);
		if (b2b && !input.debtor.siren?.trim())
			warnings.push("The debtor's SIREN is not given (recommended for a business debtor).");
	}
	if ((input.creditor.type ?? 'professional') === 'professional' && !input.creditor.rcsCity?.trim()) {
		warnings.push(
			'The RCS registry city of the creditor is not given ("RCS Lyon …", C. com. R123-237 for correspondence): set Creditor RCS City.',
		);
	}
	for (const barred of timeBarred(input)) {
		warnings.push(
			`Invoice ${barred.number}: this consumer debt may be time-barred since ${barred.since} (C. conso. L218-2); the reminder threatens nothing, but check before any further step.`,
		);
	}
	const failed = items.filter((i) => !i.ok);
	if (failed.length) {
		throw new NoticeInputError(failed.map((i) => `template: the letter lacks "${i.label}" (${i.id})`));
	}
	return {
		input,
		language,
		subject,
		salutation: courtesyOf.salutation,
		before: body.slice(0, beforeCount),
		after: body.slice(beforeCount),
		closing: courtesyOf.closing,
		rows,
		totals,
		penaltyDetail,
		notes,
		annex,
		enclosures,
		registry: registryLine(language, input.creditor),
		amounts: {
			outstanding: result.totalOutstanding,
			interest: interestClaimed,
			indemnity: indemnityClaimed,
			totalClaimed,
			deadline,
			deadlineLatest,
		},
		penalties: result,
		values,
		check: { passed: true, items, warnings },
	};
}
