/**
 * Built-in letter texts (French and English) for the three steps of amicable recovery, written from the facts of
 * the letter (how many invoices, paid or not, which rate and on what basis, earlier steps, B2B or consumer) so that
 * every sentence agrees with them: no "facture(s)", no "(nt)". Content per the README's "What every letter contains"
 * §1.2 (reminders) and §1.3 (mise en demeure checklist); the legal choices are listed in the README
 * ("Notice Generator → What each letter says").
 *
 * Identities, addresses, the invoice table, totals, the signature and the enclosures are laid out by the renderer
 * from the data; these are the words around them. Fixed units never split across lines: U+00A0 in "40 €", "n° 12",
 * "article D441-5", before French ":" and ";".
 */
import { dateList, days, listOf, longDate, money, percent } from './format';
import type { Language, NoticeKind, PreviousReminder } from './model';
import type { AppliedRate } from './penalties';

const _ = '\u00a0';

/** One invoice as the sentences need it. */
export interface InvoiceFact {
	number: string;
	issueDate: string;
	dueDate: string;
	daysLate: number;
	outstanding: number;
	paidOn?: string;
}

/** Everything the built-in texts are written from. */
export interface LetterFacts {
	language: Language;
	kind: NoticeKind;
	b2b: boolean;
	/** Invoices with something still owed in principal. */
	unpaid: InvoiceFact[];
	/** Invoices paid in full, late: only the basis of the penalties (or interest) they still carry. */
	paidLate: InvoiceFact[];
	/** The invoice table is in an annex (many invoices). */
	annex: boolean;
	previous: PreviousReminder[];
	/** B2C: the day an earlier formal notice was received (interest runs from it). */
	formalNoticeDate?: string;
	rates: AppliedRate[];
	outstanding: number;
	interest: number;
	indemnity: number;
	indemnityCount: number;
	total: number;
	deadlineDays: number;
	deadline: string;
	methods: string;
	reference: string;
	contractual: boolean;
	instalmentOffer?: string;
	contact: string;
	hasPartialPayments: boolean;
}

export interface BuiltInLetter {
	subject: string;
	before: string[];
	after: string[];
}

const t = (language: Language, fr: string, en: string) => (language === 'fr' ? fr : en);

/** At most this many numbers in a sentence or a subject; beyond, a count ("les 60 factures détaillées en annexe"). */
const LIST_IN_SENTENCE = 6;
const LIST_IN_SUBJECT = 3;

function numbers(language: Language, invoices: InvoiceFact[]): string {
	const prefix = language === 'fr' ? `n°${_}` : invoices.length === 1 ? `no.${_}` : `nos.${_}`;
	return `${prefix}${listOf(
		language,
		invoices.map((i) => i.number),
	)}`;
}

/** "la facture n° F-1" / "les factures n° F-1 et F-2" / "les 60 factures détaillées en annexe". */
function invoicesNoun(f: LetterFacts, invoices: InvoiceFact[], article: 'the' | 'of' = 'the'): string {
	const l = f.language;
	const many = invoices.length > LIST_IN_SENTENCE;
	const where = f.annex ? t(l, 'en annexe', 'in the annex') : t(l, 'ci-dessous', 'below');
	if (l === 'fr') {
		const de = article === 'of';
		if (invoices.length === 1) return `${de ? 'de la' : 'la'} facture ${numbers(l, invoices)}`;
		if (many) return `${de ? 'des' : 'les'} ${invoices.length}${_}factures détaillées ${where}`;
		return `${de ? 'des' : 'les'} factures ${numbers(l, invoices)}`;
	}
	if (invoices.length === 1) return `invoice ${numbers(l, invoices)}`;
	if (many) return `the ${invoices.length} invoices listed ${where}`;
	return `invoices ${numbers(l, invoices)}`;
}

/** "échue le 31 décembre 2025" / "échues les 15 et 31 décembre 2025" / "échues entre le … et le …". */
function dueWhen(f: LetterFacts, invoices: InvoiceFact[], form: 'fell' | 'since'): string {
	const l = f.language;
	const dues = [...new Set(invoices.map((i) => i.dueDate))].sort();
	const plural = invoices.length > 1;
	if (l === 'fr') {
		const word =
			form === 'fell' ? (plural ? 'arrivées à échéance' : 'arrivée à échéance') : plural ? 'échues' : 'échue';
		if (dues.length === 1) return `${word} ${form === 'since' ? 'depuis ' : ''}le ${longDate(l, dues[0])}`;
		if (dues.length > LIST_IN_SENTENCE)
			return `${word} entre le ${longDate(l, dues[0])} et le ${longDate(l, dues[dues.length - 1])}`;
		return `${word} ${form === 'since' ? 'depuis ' : ''}les ${dateList(l, dues)}`;
	}
	const word = form === 'fell' ? 'which fell due' : 'due';
	if (dues.length > LIST_IN_SENTENCE)
		return `${word} between ${longDate(l, dues[0])} and ${longDate(l, dues[dues.length - 1])}`;
	return `${word} on ${dateList(l, dues)}`;
}

/** "notre relance du 5 février 2026" / "nos relances des 5 et 15 février 2026 et notre mise en demeure du …". */
export function previousPhrase(f: LetterFacts): string {
	const l = f.language;
	const reminders = f.previous.filter((p) => p.step !== 'formalNotice');
	const notices = f.previous.filter((p) => p.step === 'formalNotice');
	const parts: string[] = [];
	if (reminders.length) {
		const dates = dateList(
			l,
			reminders.map((r) => r.date),
		);
		const single = new Set(reminders.map((r) => r.date)).size === 1;
		parts.push(
			l === 'fr'
				? single
					? `notre relance du ${dates}`
					: `nos relances des ${dates}`
				: single
					? `our reminder of ${dates}`
					: `our reminders of ${dates}`,
		);
	}
	for (const n of notices.sort((a, b) => a.date.localeCompare(b.date))) {
		const received = n.receivedAt ?? (notices.length === 1 ? f.formalNoticeDate : undefined);
		const ref = n.reference?.trim() ? t(l, ` (réf.${_}${n.reference.trim()})`, ` (ref.${_}${n.reference.trim()})`) : '';
		parts.push(
			l === 'fr'
				? `notre mise en demeure du ${longDate(l, n.date)}${ref}${received ? `, reçue le ${longDate(l, received)}` : ''}`
				: `our formal notice of ${longDate(l, n.date)}${ref}${received ? `, received on ${longDate(l, received)}` : ''}`,
		);
	}
	return listOf(l, parts);
}

/** The rate clause: "au taux de 12,15 % l’an (taux de la BCE majoré de 10 points)" … with the basis of each rate. */
function rateClause(f: LetterFacts): string {
	const l = f.language;
	const year = t(l, `${_}l’an`, ' per annum');
	const list = (rates: AppliedRate[]) => {
		const values = [...new Set(rates.map((r) => percent(l, r.percent)))];
		return values.length === 1
			? t(l, `au taux de ${values[0]}${year}`, `at the rate of ${values[0]}${year}`)
			: t(
					l,
					`aux taux de ${values.join(' puis ')}${year} selon le semestre`,
					`at rates of ${values.join(' then ')}${year} depending on the half-year`,
				);
	};
	const ecb = f.rates.filter((r) => r.basis === 'ecb');
	const contractual = f.rates.filter((r) => r.basis === 'contractual');
	const floor = f.rates.filter((r) => r.basis === 'floor');
	const legal = f.rates.filter((r) => r.basis === 'legal');
	const parts: string[] = [];
	if (ecb.length)
		parts.push(
			`${list(ecb)} ${t(l, '(taux de refinancement de la Banque centrale européenne majoré de 10 points)', '(the European Central Bank refinancing rate plus 10 percentage points)')}`,
		);
	if (contractual.length)
		parts.push(
			`${list(contractual)} ${t(l, 'prévu par nos conditions générales de vente', 'set in our terms and conditions of sale')}`,
		);
	if (floor.length) {
		const agreed = percent(l, floor[0].contractualPercent ?? 0);
		parts.push(
			t(
				l,
				`${list(floor)}${_}: le taux de ${agreed} prévu par nos conditions générales de vente étant inférieur au minimum légal de trois fois le taux de l’intérêt légal, c’est ce minimum qui s’applique`,
				`${list(floor)}: the rate of ${agreed} set in our terms and conditions of sale being below the statutory minimum of three times the French legal interest rate, that minimum applies`,
			),
		);
	}
	if (legal.length) parts.push(list(legal));
	return parts.join(t(l, ', puis ', ', then '));
}

/** "conformément à nos conditions générales de vente et à l’article L441-10 du Code de commerce". */
function b2bBasis(f: LetterFacts): string {
	const terms = f.contractual;
	return t(
		f.language,
		`${terms ? 'conformément à nos conditions générales de vente et à' : 'conformément à'} l’article${_}L441-10 du Code de commerce`,
		`${terms ? 'under our terms and conditions of sale and' : 'under'} Article${_}L441-10 of the French Commercial Code (Code de commerce)`,
	);
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first-reminder clause: the statutory rule, with no rate figure (a first reminder needs none). */
function b2bReminderNote(f: LetterFacts): string {
	const l = f.language;
	const rate = f.contractual
		? t(l, 'au taux prévu par nos conditions générales de vente', 'at the rate set in our terms and conditions of sale')
		: t(
				l,
				'au taux de refinancement de la Banque centrale européenne majoré de 10 points',
				'at the European Central Bank refinancing rate plus 10 percentage points',
			);
	return t(
		l,
		`Nous vous rappelons que, ${b2bBasis(f)}, tout retard de paiement entraîne de plein droit des pénalités de retard ${rate}, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40${_}€ par facture (article${_}D441-5 du même code).`,
		`Please note that, ${b2bBasis(f)}, late payment automatically incurs late-payment interest ${rate}, together with a fixed indemnity of €40 per invoice for recovery costs (Article${_}D441-5 of the same Code).`,
	);
}

/** The penalties claimed (B2B second reminder and formal notice). */
function b2bPenalties(f: LetterFacts): string {
	const l = f.language;
	const indemnity =
		f.indemnity > 0
			? t(
					l,
					`, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40${_}€ par facture en retard de paiement (article${_}D441-5 du même code), soit ${money(l, f.indemnity)}`,
					`, together with a fixed indemnity for recovery costs of €40 per overdue invoice (Article${_}D441-5 of the same Code), i.e. ${money(l, f.indemnity)}`,
				)
			: '';
	const interest =
		f.interest > 0
			? t(
					l,
					` ${rateClause(f)}, soit ${money(l, f.interest)} à ce jour`,
					` ${rateClause(f)}, amounting to ${money(l, f.interest)} to date`,
				)
			: '';
	return t(
		l,
		`${capitalize(b2bBasis(f))}, tout retard de paiement entraîne de plein droit des pénalités de retard${interest}${indemnity}. Ces pénalités continueront de courir jusqu’à complet paiement.`,
		`${capitalize(b2bBasis(f))}, late payment automatically incurs late-payment interest${interest}${indemnity}. This interest will continue to accrue until payment in full.`,
	);
}

/** B2C: legal interest already running since an earlier formal notice (C. civ. 1231-6). */
function b2cInterestRunning(f: LetterFacts): string {
	const l = f.language;
	const since = longDate(l, f.formalNoticeDate as string);
	const clause = f.rates.length
		? rateClause(f).replace(/^au taux de |^aux taux de |^at the rate of |^at rates of /, '')
		: '';
	const rate = clause ? ` (${clause})` : '';
	const sum =
		f.interest > 0
			? t(l, `, soit ${money(l, f.interest)} à ce jour`, `, amounting to ${money(l, f.interest)} to date`)
			: '';
	return t(
		l,
		`Conformément à l’article${_}1231-6 du Code civil, ces sommes portent intérêts au taux légal${rate} depuis le ${since}, date de réception de notre mise en demeure${sum}${_}; ces intérêts continueront de courir jusqu’à complet paiement.`,
		`Under Article${_}1231-6 of the French Civil Code, these sums bear interest at the statutory rate${rate} from ${since}, the day you received our formal notice${sum}; this interest will continue to accrue until payment in full.`,
	);
}

/** Paid-in-full invoices: named only as the basis of what they still carry. */
function paidLateSentence(f: LetterFacts): string | undefined {
	const l = f.language;
	const paid = f.paidLate;
	if (!paid.length) return undefined;
	const what = f.b2b
		? t(l, 'des pénalités de retard et de l’indemnité forfaitaire', 'the late-payment interest and the fixed indemnity')
		: t(l, 'des intérêts au taux légal', 'the statutory interest');
	if (l === 'fr') {
		const noun =
			paid.length === 1
				? `La facture n°${_}${paid[0].number}, réglée le ${longDate(l, paid[0].paidOn as string)} avec ${days(l, paid[0].daysLate)} de retard,`
				: `Les factures ${numbers(l, paid)}, réglées avec retard,`;
		const agreed = f.b2b ? 'entraînées' : 'entraînés';
		return paid.length === 1
			? `${noun} n’est plus due en principal${_}: elle ne figure dans ce courrier qu’au titre ${what} qu’elle a ${agreed}.`
			: `${noun} ne sont plus dues en principal${_}: elles ne figurent dans ce courrier qu’au titre ${what} qu’elles ont ${agreed}.`;
	}
	const noun =
		paid.length === 1
			? `Invoice no.${_}${paid[0].number}, paid on ${longDate(l, paid[0].paidOn as string)}, ${days(l, paid[0].daysLate)} late,`
			: `Invoices ${numbers(l, paid)}, paid late,`;
	return paid.length === 1
		? `${noun} is no longer outstanding: it appears in this letter solely as the basis of ${what} it gave rise to.`
		: `${noun} are no longer outstanding: they appear in this letter solely as the basis of ${what} they gave rise to.`;
}

function disputeSentence(f: LetterFacts, within: boolean): string {
	const l = f.language;
	const when = within
		? t(l, 'dans ce même délai', 'within the same period')
		: t(l, `avant le ${longDate(l, f.deadline)}`, `by ${longDate(l, f.deadline)}`);
	return t(
		l,
		`Si vous contestez tout ou partie de ces sommes, nous vous invitons à nous en faire connaître les motifs par écrit ${when}, auprès de ${f.contact}.`,
		`If you dispute all or part of these sums, please set out your reasons in writing ${when} to ${f.contact}.`,
	);
}

/** The subject, short whatever the number of invoices. */
function subjectOf(f: LetterFacts): string {
	const l = f.language;
	const unpaid = f.unpaid;
	const list = (invoices: InvoiceFact[]) =>
		invoices.length > LIST_IN_SUBJECT
			? t(l, `${invoices.length}${_}factures`, `${invoices.length} invoices`)
			: t(
					l,
					`${invoices.length === 1 ? 'facture' : 'factures'} ${numbers(l, invoices)}`,
					`${invoices.length === 1 ? 'invoice' : 'invoices'} ${numbers(l, invoices)}`,
				);
	const penaltiesOnly = t(
		l,
		`pénalités de retard – ${list(f.paidLate)} réglée${f.paidLate.length > 1 ? 's' : ''} avec retard`,
		`late-payment interest – ${list(f.paidLate)} paid late`,
	);
	const interestOnly = t(l, `intérêts au taux légal – ${list(f.paidLate)}`, `statutory interest – ${list(f.paidLate)}`);
	const what = unpaid.length ? list(unpaid) : f.b2b ? penaltiesOnly : interestOnly;
	const unpaidWord = (fr: string) => (unpaid.length ? (l === 'fr' ? ` ${fr}${unpaid.length > 1 ? 's' : ''}` : '') : '');
	switch (f.kind) {
		case 'firstReminder':
			return t(
				l,
				`Relance – ${what} – ${money(l, f.outstanding)} restant dû`,
				`Payment reminder – ${what} – ${money(l, f.outstanding)} outstanding`,
			);
		case 'secondReminder':
			return t(
				l,
				`Deuxième relance – ${what}${unpaidWord('impayée')} – ${money(l, f.total)}`,
				`Second reminder – ${unpaid.length ? 'unpaid ' : ''}${what} – ${money(l, f.total)}`,
			);
		default:
			return t(
				l,
				`MISE EN DEMEURE DE PAYER – ${what} – ${money(l, f.total)}`,
				`FORMAL NOTICE TO PAY (mise en demeure) – ${what} – ${money(l, f.total)}`,
			);
	}
}

/** "la facture n° F-1, échue depuis le …, demeure impayée" (the main clause about unpaid invoices). */
function unpaidClause(f: LetterFacts, withDays: boolean): string {
	const l = f.language;
	const u = f.unpaid;
	const lateness =
		withDays && u.length === 1
			? t(l, ` (${days(l, u[0].daysLate)} de retard)`, ` (${days(l, u[0].daysLate)} overdue)`)
			: '';
	return l === 'fr'
		? `${invoicesNoun(f, u)}, ${dueWhen(f, u, 'since')}${lateness}, ${u.length > 1 ? 'demeurent impayées' : 'demeure impayée'}`
		: `${invoicesNoun(f, u)}, ${dueWhen(f, u, 'since')}${lateness}, ${u.length > 1 ? 'remain unpaid' : 'remains unpaid'}`;
}

export function builtInLetter(f: LetterFacts): BuiltInLetter {
	const l = f.language;
	const before: string[] = [];
	const after: string[] = [];
	const previous = f.previous.length ? previousPhrase(f) : '';
	const paidLate = paidLateSentence(f);
	const outstanding = money(l, f.outstanding);
	const partly = f.hasPartialPayments
		? t(l, 'Compte tenu des règlements déjà reçus, le', 'After the payments already received, the')
		: t(l, 'Le', 'The');

	if (f.kind === 'firstReminder') {
		const u = f.unpaid;
		before.push(
			l === 'fr'
				? `Sauf erreur ou omission de notre part, nous n’avons pas reçu à ce jour le règlement ${invoicesNoun(f, u, 'of')}, ${dueWhen(f, u, 'fell')}. ${partly} montant restant dû s’élève à ${outstanding}.`
				: `According to our records, ${invoicesNoun(f, u)}, ${dueWhen(f, u, 'fell')}, ${u.length > 1 ? 'remain' : 'remains'} unpaid. ${partly} amount outstanding is ${outstanding}.`,
		);
		after.push(
			t(
				l,
				`Il s’agit probablement d’un simple oubli. Nous vous remercions de bien vouloir procéder au règlement au plus tard le ${longDate(l, f.deadline)}, ${f.methods}, en rappelant la référence ${f.reference}.`,
				`This may well be an oversight. Please arrange payment by ${longDate(l, f.deadline)}, ${f.methods}, quoting reference ${f.reference}.`,
			),
		);
		if (f.b2b) after.push(b2bReminderNote(f));
		if (f.instalmentOffer) after.push(f.instalmentOffer);
		after.push(disputeSentence(f, false));
		after.push(
			t(
				l,
				'Cette relance s’inscrit dans une démarche de recouvrement amiable.',
				'This reminder is part of our amicable (out-of-court) collection process.',
			),
		);
		after.push(
			t(
				l,
				'Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte de la présente.',
				'If you have paid in the meantime, please disregard this reminder.',
			),
		);
		return { subject: subjectOf(f), before, after };
	}

	// Second reminder and formal notice: what remains unpaid, after which earlier steps.
	const opening = (main: string) =>
		previous ? t(l, `Malgré ${previous}, ${main}.`, `Despite ${previous}, ${main}.`) : `${capitalize(main)}.`;
	if (f.unpaid.length) before.push(opening(unpaidClause(f, f.kind === 'secondReminder')));
	else {
		const owed = f.b2b
			? t(
					l,
					'les pénalités de retard et l’indemnité forfaitaire ci-dessous restent impayées',
					'the late-payment interest and fixed indemnity below remain unpaid',
				)
			: t(l, 'les intérêts au taux légal ci-dessous restent impayés', 'the statutory interest below remains unpaid');
		before.push(opening(owed));
	}
	if (paidLate) before.push(paidLate);
	const earlierNotice = !f.b2b && f.formalNoticeDate && !f.previous.some((p) => p.step === 'formalNotice');
	if (earlierNotice) {
		before.push(
			t(
				l,
				`Notre précédente mise en demeure, reçue par vous le ${longDate(l, f.formalNoticeDate as string)}, est restée sans effet.`,
				`Our earlier formal notice, which you received on ${longDate(l, f.formalNoticeDate as string)}, has gone unanswered.`,
			),
		);
	}

	if (f.kind === 'secondReminder') {
		if (f.b2b && (f.interest > 0 || f.indemnity > 0)) after.push(b2bPenalties(f));
		if (!f.b2b && f.formalNoticeDate) after.push(b2cInterestRunning(f));
		after.push(
			t(
				l,
				`Nous vous demandons de régler la somme de ${money(l, f.total)} dans un délai de ${days(l, f.deadlineDays)}, soit au plus tard le ${longDate(l, f.deadline)}, ${f.methods}, en rappelant la référence ${f.reference}.`,
				`We ask you to pay ${money(l, f.total)} within ${days(l, f.deadlineDays)}, that is by ${longDate(l, f.deadline)}, ${f.methods}, quoting reference ${f.reference}.`,
			),
		);
		after.push(
			t(
				l,
				'À défaut de règlement dans ce délai, nous vous adresserons une mise en demeure de payer, préalable à une action en justice.',
				'Failing payment within that period, we will send you a formal notice to pay, as a step prior to legal proceedings.',
			),
		);
		if (f.instalmentOffer) after.push(f.instalmentOffer);
		after.push(disputeSentence(f, false));
		after.push(
			t(
				l,
				'Cette relance s’inscrit dans une démarche de recouvrement amiable.',
				'This reminder is part of our amicable (out-of-court) collection process.',
			),
		);
		after.push(
			t(
				l,
				'Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte de la présente.',
				'If you have paid in the meantime, please disregard this reminder.',
			),
		);
		return { subject: subjectOf(f), before, after };
	}

	before.push(
		t(
			l,
			`Par la présente, nous vous mettons en demeure de nous régler la somme de ${money(l, f.total)}, détaillée ci-dessous.`,
			`We hereby formally demand payment of the sum of ${money(l, f.total)}, as detailed below.`,
		),
	);
	if (f.b2b && (f.interest > 0 || f.indemnity > 0)) after.push(b2bPenalties(f));
	if (!f.b2b) {
		after.push(
			f.formalNoticeDate
				? b2cInterestRunning(f)
				: t(
						l,
						`Conformément aux articles${_}1231-6 et 1344-1 du Code civil, les sommes dues porteront intérêts au taux légal à compter de la réception de la présente.`,
						`Under Articles${_}1231-6 and 1344-1 of the French Civil Code, the sums due will bear interest at the statutory rate from your receipt of this letter.`,
					),
		);
	}
	after.push(
		t(
			l,
			`Nous vous demandons de régler la somme de ${money(l, f.total)} dans un délai de ${days(l, f.deadlineDays)} à compter de la réception de la présente, ${f.methods}, en rappelant la référence ${f.reference}.`,
			`Payment of ${money(l, f.total)} must be made within ${days(l, f.deadlineDays)} of your receipt of this letter, ${f.methods}, quoting reference ${f.reference}.`,
		),
	);
	after.push(
		f.b2b
			? t(
					l,
					'À défaut de paiement dans ce délai, nous saisirons sans autre avis la juridiction compétente, notamment par voie d’injonction de payer, afin d’obtenir le recouvrement de notre créance, majorée des pénalités de retard, de l’indemnité forfaitaire et des frais de procédure.',
					'Should payment not be received within that period, we will, without further notice, bring proceedings before the competent court, in particular by way of an order for payment (injonction de payer), to recover our claim together with late-payment interest, the fixed indemnity and the costs of proceedings.',
				)
			: t(
					l,
					'À défaut de paiement dans ce délai, nous saisirons sans autre avis la juridiction compétente, notamment par voie d’injonction de payer, afin d’obtenir le paiement des sommes dues et des intérêts au taux légal.',
					'Should payment not be received within that period, we will, without further notice, bring proceedings before the competent court, in particular by way of an order for payment (injonction de payer), to recover the sums due together with interest at the statutory rate.',
				),
	);
	if (f.instalmentOffer) after.push(f.instalmentOffer);
	after.push(disputeSentence(f, true));
	after.push(
		t(
			l,
			'La présente constitue la dernière étape de notre démarche de recouvrement amiable.',
			'This letter is the final step of our amicable (out-of-court) collection process.',
		),
	);
	after.push(
		t(
			l,
			'La présente lettre vaut mise en demeure au sens de l’article\u00a01344 du Code civil.',
			'This letter constitutes formal notice (mise en demeure) within the meaning of Article 1344 of the French Civil Code.',
		),
	);
	return { subject: subjectOf(f), before, after };
}

/** Salutation and closing: personal when the contact's civility is known ("Madame Durand," / "Dear Ms Durand,"). */
export function courtesy(language: Language, person?: string): { salutation: string; closing: string } {
	const m = person
		? /^(M\.|Mr\.?|Monsieur|Mme\.?|Madame|Mrs\.?|Ms\.?|Mlle\.?|Mademoiselle|Miss)\s+([^,(]+)/i.exec(person.trim())
		: null;
	if (!m) {
		return language === 'fr'
			? {
					salutation: 'Madame, Monsieur,',
					closing: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
				}
			: { salutation: 'Dear Sir or Madam,', closing: 'Yours faithfully,' };
	}
	const title = m[1].toLowerCase().replace(/\.$/, '');
	const male = ['m', 'mr', 'monsieur'].includes(title);
	const surname = m[2].trim().split(/\s+/).pop() as string;
	if (language === 'fr') {
		const word = male ? 'Monsieur' : 'Madame';
		return {
			salutation: `${word} ${surname},`,
			closing: `Nous vous prions d’agréer, ${word}, l’expression de nos salutations distinguées.`,
		};
	}
	const en = male ? 'Mr' : title === 'mrs' ? 'Mrs' : 'Ms';
	return { salutation: `Dear ${en} ${surname},`, closing: 'Yours sincerely,' };
}

/** Words the checker looks for in a formal notice, whatever template wrote it. */
export const FORMAL_NOTICE_WORDING: Record<Language, RegExp> = {
	fr: /mise en demeure|mettons en demeure/i,
	en: /formal notice|formally demand/i,
};
