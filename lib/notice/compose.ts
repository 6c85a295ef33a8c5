/**
 * From notice data to the words of the letter: penalties, placeholder values, the chosen template filled in, and
 * the mandatory-content check of the result. No layout here (see pdf.ts), no n8n.
 */
import { addDays, listOf, longDate, money, percent, shortDate } from './format';
import { NoticeInputError, problemsOf, type Language, type NoticeInput } from './model';
import { computePenalties, PenaltyInputError, type PenaltyResult } from './penalties';
import { MissingRateError } from './rates';
import { fillAll, TemplateError, type Values } from './placeholders';
import { BUILT_IN, FORMAL_NOTICE_WORDING, type Condition, type LetterTemplate, type Paragraph } from './templates';

export interface InvoiceRow {
	number: string;
	issueDate: string;
	dueDate: string;
	amount: number;
	paid: number;
	outstanding: number;
	daysLate: number;
	interest: number;
	indemnity: number;
}

export interface CheckItem {
	id: string;
	label: string;
	ok: boolean;
}

export interface ComposedLetter {
	input: NoticeInput;
	language: Language;
	subject: string;
	salutation: string;
	before: string[];
	after: string[];
	closing: string;
	rows: InvoiceRow[];
	/** Rows under the invoice table: [label, amount]. */
	totals: Array<[string, string]>;
	/** One line per interest slice ("F-1: 01/01/2026 → 20/02/2026, 51 d × 12.15 % on …"). */
	penaltyDetail: string[];
	amounts: { outstanding: number; interest: number; indemnity: number; totalClaimed: number; deadline: string };
	penalties: PenaltyResult;
	values: Values;
	check: { passed: boolean; items: CheckItem[]; warnings: string[] };
}

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

function penalties(input: NoticeInput): PenaltyResult {
	return asNoticeInput(
		() =>
			computePenalties({
				debtorType: input.debtor.type,
				creditorType: input.creditor.type ?? 'professional',
				invoices: input.invoices.map((i) => ({ number: String(i.number), amount: i.amount, dueDate: i.dueDate, payments: i.payments })),
				asOf: input.date,
				formalNoticeDate: input.formalNoticeDate,
				contractualRate: input.contractualRate,
				rates: input.rates,
			}),
		[PenaltyInputError, MissingRateError],
	);
}

const formatIban = (iban?: string) => iban?.replace(/\s/g, '').toUpperCase().replace(/(.{4})/g, '$1 ').trim();

function paymentMethods(language: Language, payment: NoticeInput['payment']): string {
	const parts: string[] = [];
	const iban = formatIban(payment.iban);
	if (iban) {
		const bic = payment.bic?.trim() ? ` (BIC ${payment.bic.trim()})` : '';
		parts.push(t(language, `par virement sur le compte IBAN ${iban}${bic}`, `by bank transfer to IBAN ${iban}${bic}`));
	}
	if (payment.link?.trim()) parts.push(t(language, `en ligne à l’adresse ${payment.link.trim()}`, `online at ${payment.link.trim()}`));
	return parts.join(t(language, ' ou ', ' or '));
}

function instalmentOffer(language: Language, count: number, total: number, firstDate: string): string {
	const each = Math.floor((total / count) * 100) / 100;
	const last = Math.round((total - each * (count - 1)) * 100) / 100;
	const amounts = last === each ? `${count} × ${money(language, each)}` : `${count - 1} × ${money(language, each)} + ${money(language, last)}`;
	return t(
		language,
		`À titre amiable, nous acceptons un règlement en ${count} mensualités (${amounts}), la première au plus tard le ${longDate(language, firstDate)}, sous réserve du respect de chaque échéance.`,
		`As an amicable arrangement, we accept payment in ${count} monthly instalments (${amounts}), the first by ${longDate(language, firstDate)} at the latest, provided every instalment is paid on time.`,
	);
}

function valuesOf(input: NoticeInput, result: PenaltyResult, rows: InvoiceRow[], totalClaimed: number, deadline: string): Values {
	const language = input.language;
	const unique = (items: string[]) => [...new Set(items)];
	const rates = unique(result.invoices.flatMap((i) => i.slices.map((s) => percent(language, s.ratePercent))));
	const reminders = (input.previousReminders ?? []).map(
		(r) => `${longDate(language, r.date)}${r.channel?.trim() ? ` (${r.channel.trim()})` : ''}`,
	);
	const creditor = input.creditor;
	return {
		nom_client: input.debtor.name.trim(),
		client_adresse: input.debtor.address.split('\n').map((l) => l.trim()).filter(Boolean).join(', '),
		client_siren: input.debtor.siren?.trim(),
		creancier_raison_sociale: creditor.name.trim(),
		creancier_forme_juridique: creditor.legalForm?.trim(),
		creancier_siren: creditor.siren?.trim(),
		creancier_adresse: creditor.address.split('\n').map((l) => l.trim()).filter(Boolean).join(', '),
		signataire: creditor.signatoryName?.trim(),
		reference: input.reference.trim(),
		lieu: input.place.trim(),
		date_envoi: longDate(language, input.date),
		numero_facture: listOf(language, rows.map((r) => r.number)),
		date_facture: listOf(language, unique(rows.map((r) => longDate(language, r.issueDate)))),
		date_echeance: listOf(language, unique(rows.map((r) => longDate(language, r.dueDate)))),
		montant_ttc: money(language, rows.reduce((s, r) => s + r.amount, 0)),
		montant_restant_du: money(language, result.totalOutstanding),
		jours_retard: String(Math.max(...rows.map((r) => r.daysLate))),
		taux_penalites: rates.length ? listOf(language, rates) : undefined,
		montant_penalites: money(language, result.totalInterest),
		indemnite_forfaitaire: money(language, result.totalIndemnity),
		total_reclame: money(language, totalClaimed),
		delai_paiement_jours: String(input.paymentDeadlineDays ?? 8),
		date_limite_paiement: longDate(language, deadline),
		dates_relances_precedentes: reminders.length ? listOf(language, reminders) : undefined,
		moyens_paiement: paymentMethods(language, input.payment),
		iban: input.payment.iban?.trim(),
		bic: input.payment.bic?.trim(),
		lien_paiement: input.payment.link?.trim(),
		echeancier: input.instalments ? instalmentOffer(language, input.instalments, totalClaimed, deadline) : undefined,
	};
}

function applies(paragraph: Paragraph, facts: Record<Condition, boolean>): paragraph is Paragraph {
	return typeof paragraph === 'string' || facts[paragraph.when];
}

const textOf = (p: Paragraph) => (typeof p === 'string' ? p : p.text);

/** A custom template: subject + paragraphs; the invoice table goes after the first paragraph. */
function customTemplate(input: NoticeInput): LetterTemplate {
	const base = BUILT_IN[input.language][input.kind];
	const paragraphs = (input.template as { body: string }).body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
	return { subject: (input.template as { subject: string }).subject.trim(), salutation: base.salutation, before: paragraphs.slice(0, 1), after: paragraphs.slice(1), closing: base.closing };
}

export function composeNotice(input: NoticeInput): ComposedLetter {
	const problems = problemsOf(input);
	if (problems.length) throw new NoticeInputError(problems);
	const language = input.language;
	const result = penalties(input);
	const warnings = [...result.warnings];
	const rows: InvoiceRow[] = input.invoices.map((invoice, i) => {
		const p = result.invoices[i];
		return {
			number: String(invoice.number).trim(),
			issueDate: invoice.issueDate,
			dueDate: invoice.dueDate,
			amount: invoice.amount,
			paid: Math.round((invoice.amount - p.outstanding) * 100) / 100,
			outstanding: p.outstanding,
			daysLate: p.daysLate,
			interest: p.interest,
			indemnity: p.indemnity,
		};
	});
	const claimsPenalties = input.kind !== 'firstReminder';
	const totalClaimed = claimsPenalties ? result.totalDue : result.totalOutstanding;
	if (totalClaimed <= 0) throw new NoticeInputError(['invoices: nothing is owed (every invoice is paid)']);
	const deadline = addDays(input.date, input.paymentDeadlineDays ?? 8);
	const values = valuesOf(input, result, rows, totalClaimed, deadline);
	const b2b = input.debtor.type === 'professional';
	const facts: Record<Condition, boolean> = {
		b2b,
		b2c: !b2b,
		previousReminders: Boolean(input.previousReminders?.length),
		noPreviousReminders: !input.previousReminders?.length,
		instalments: Boolean(input.instalments),
	};
	const template = input.template ? customTemplate(input) : BUILT_IN[language][input.kind];
	const before = template.before.filter((p) => applies(p, facts)).map(textOf);
	const after = template.after.filter((p) => applies(p, facts)).map(textOf);
	const filled = asNoticeInput(() => fillAll([template.subject, ...before, ...after], values), [TemplateError]);
	const [subject, ...body] = filled;

	const totals: Array<[string, string]> = [[t(language, 'Principal restant dû', 'Principal outstanding'), money(language, result.totalOutstanding)]];
	if (claimsPenalties && result.totalInterest > 0) {
		totals.push([
			b2b
				? t(language, `Pénalités de retard (art. L441-10 C. com., ${values.taux_penalites})`, `Late-payment interest (Art. L441-10 C. com., ${values.taux_penalites})`)
				: t(language, `Intérêts au taux légal (art. 1231-6 C. civ., ${values.taux_penalites})`, `Legal-rate interest (Art. 1231-6 C. civ., ${values.taux_penalites})`),
			money(language, result.totalInterest),
		]);
	}
	if (claimsPenalties && result.totalIndemnity > 0) {
		totals.push([t(language, `Indemnité forfaitaire de recouvrement (art. D441-5 C. com., 40 € × ${result.totalIndemnity / 40})`, `Fixed recovery indemnity (Art. D441-5 C. com., €40 × ${result.totalIndemnity / 40})`), money(language, result.totalIndemnity)]);
	}
	totals.push([t(language, 'Total réclamé', 'Total claimed'), money(language, totalClaimed)]);
	const days = t(language, 'j', 'd');
	const penaltyDetail = claimsPenalties
		? result.invoices.flatMap((i) =>
				i.slices.map(
					(s) =>
						`${i.number}${t(language, ' : ', ': ')}${shortDate(language, s.from)} → ${shortDate(language, s.to)}, ${s.days} ${days} × ${percent(language, s.ratePercent)} × ${money(language, s.base)} / 365 = ${money(language, s.interest)}`,
				),
			)
		: [];

	// The mandatory-content check, on the words actually written (a custom template can drop anything).
	const all = [subject, ...body].join('\n');
	const items: CheckItem[] = [
		{ id: 'creditorIdentity', label: t(language, 'Identité du créancier', 'Creditor identity'), ok: true },
		{ id: 'debtorIdentity', label: t(language, 'Identité et adresse du débiteur', 'Debtor identity and address'), ok: true },
		{ id: 'invoices', label: t(language, 'Factures (n°, dates, montants)', 'Invoices (number, dates, amounts)'), ok: rows.length > 0 },
		{ id: 'totalClaimed', label: t(language, 'Montant réclamé', 'Amount claimed'), ok: all.includes(values.total_reclame as string) || all.includes(values.montant_restant_du as string) },
		{ id: 'deadline', label: t(language, 'Délai de paiement', 'Payment deadline'), ok: all.includes(values.date_limite_paiement as string) },
		{ id: 'paymentMethods', label: t(language, 'Moyens de paiement', 'Payment methods'), ok: [input.payment.iban?.trim(), formatIban(input.payment.iban), input.payment.link?.trim()].some((v) => v && all.includes(v)) },
	];
	if (input.kind !== 'firstReminder' && b2b) {
		items.push({ id: 'penaltyBasis', label: t(language, 'Pénalités et indemnité de 40 € avec leur base légale', 'Penalties and €40 indemnity with their legal basis'), ok: /L441-10/.test(all) && /D441-5/.test(all) });
	}
	if (input.kind === 'secondReminder') {
		items.push({ id: 'previousReminders', label: t(language, 'Rappel des relances précédentes', 'Previous reminders recalled'), ok: all.includes(values.dates_relances_precedentes as string) });
	}
	if (input.kind === 'formalNotice') {
		items.push({ id: 'formalNoticeWording', label: t(language, 'Mention « mise en demeure »', '"Formal notice" wording'), ok: FORMAL_NOTICE_WORDING[language].test(subject) && FORMAL_NOTICE_WORDING[language].test(body.join('\n')) });
		items.push({ id: 'consequences', label: t(language, 'Conséquences en cas de non-paiement', 'Consequences if unpaid'), ok: /juridiction|tribunal|injonction|court|legal action/i.test(all) });
		if (!input.previousReminders?.length) warnings.push('No previous reminder is recalled in this formal notice (recommended, dunning-domain §1.3 item 6).');
		if (b2b && !input.debtor.siren?.trim()) warnings.push("The debtor's SIREN is not given (recommended for a business debtor).");
	}
	const failed = items.filter((i) => !i.ok);
	if (failed.length) {
		throw new NoticeInputError(failed.map((i) => `template: the letter lacks "${i.label}" (${i.id})`));
	}
	return {
		input,
		language,
		subject,
		salutation: template.salutation,
		before: body.slice(0, before.length),
		after: body.slice(before.length),
		closing: template.closing,
		rows,
		totals,
		penaltyDetail,
		amounts: { outstanding: result.totalOutstanding, interest: claimsPenalties ? result.totalInterest : 0, indemnity: claimsPenalties ? result.totalIndemnity : 0, totalClaimed, deadline },
		penalties: result,
		values,
		check: { passed: true, items, warnings },
	};
}
