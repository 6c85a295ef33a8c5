/**
 * The dunning policy: for each debtor, which step is due today, through which channel, for which invoices.
 *
 * Each invoice walks its own steps — first reminder, second reminder, formal notice — at its own days late, one
 * step at a time (an invoice first seen at D+40 gets the first reminder, not a formal notice). The invoices of a
 * debtor due for the same step on the same day share one letter; a debtor gets at most one letter per
 * `minDaysBetweenSteps` days (the most advanced step goes first, the others wait). A new overdue invoice of a
 * debtor therefore starts its own sequence: a formal notice only ever claims invoices that were reminded before.
 * The ledger (letters already taken) decides what is done; the date of the run never enters a reference.
 */
import { mayDeliverLre } from '../consent/policy';
import { recordList } from '../consent/evidence';
import { LIMITS } from '../notice/model';
import { undelivered, type LetterRecord } from './ledger';
import { RowError, STEP_LABEL, STEPS, type Channel, type Invoice, type Policy, type Step } from './model';
import type { Columns } from './rows';
import { canonicalId, caseReference } from './reference';
import { daysBetween, plusDays as addDays } from '../time';
import { byText } from './values';

export interface StepTaken {
	step: Step;
	date: string;
	reference: string;
	channel: Channel | 'external' | '';
	state: string;
}

export interface PlannedInvoice {
	number: string;
	issueDate: string;
	dueDate: string;
	amount: number;
	payments: Array<{ date: string; amount: number }>;
}

export interface DebtorPlan {
	asOf: string;
	debtorId: string;
	debtorName: string;
	debtorType: 'professional' | 'individual';
	language: 'fr' | 'en';
	email: string;
	siren: string;
	address: string;
	contact: string;
	firstName: string;
	lastName: string;
	/** The step due today, or `none`. */
	step: Step | 'none';
	channel: Channel | '';
	/** Stable case reference of the letter (empty when no step is due). */
	reference: string;
	/** Why this step, or why nothing today — in words a credit manager reads. */
	reason: string;
	/** The invoices the letter covers, in the Notice Generator's shape. */
	invoices: PlannedInvoice[];
	invoiceNumbers: string[];
	/** What the letter claims in principal (balances of its invoices). */
	amountDue: number;
	/** Days late of the oldest invoice the letter covers (0 when none). */
	daysLate: number;
	/** Earlier steps taken for these invoices (for "nos relances des …"). */
	previousSteps: StepTaken[];
	/** Dates of earlier reminders, comma-separated (the Notice Generator's "Previous Reminders"). */
	previousReminders: string;
	/** Consent records found for the debtor's e-mail address (LRE Send's "Consent Evidence"). */
	consent: unknown[];
	consentAllowed: boolean | null;
	consentReason: string;
	/** True when this very letter was planned before and not confirmed as sent: it is planned again, same reference. */
	replanned: boolean;
	/** Open invoices not in today's letter, with their next step and the day it is due. */
	waiting: Array<{ invoice: string; nextStep: Step | 'none'; dueOn: string }>;
	/** Invoices left out of the sequence, and why. */
	excluded: Array<{ invoice: string; reason: string }>;
	/** The next day a step falls due for this debtor ('' if none is foreseen). */
	nextStepOn: string;
}

export interface PlanInput {
	asOf: string;
	policy: Policy;
	invoices: Invoice[];
	/** Letters of the ledger, by canonical reference (`foldLedger`). */
	letters: Map<string, LetterRecord>;
	consents: unknown[];
}

export interface PlanError {
	debtorId: string;
	errors: RowError[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const balance = (invoice: Invoice) => round2(invoice.amount - invoice.paid);
const max = (a: string, b: string) => (a > b ? a : b);

interface InvoiceState {
	invoice: Invoice;
	level: number;
	/** Day of the latest step taken for it. */
	lastStepOn: string;
	next?: Step;
	dueOn: string;
	history: StepTaken[];
}

function splitName(name: string): { firstName: string; lastName: string } {
	const [firstName, ...rest] = name.trim().split(/\s+/);
	return { firstName: firstName ?? '', lastName: rest.join(' ') };
}

function threshold(policy: Policy, step: Step): number {
	return (
		policy.graceDays +
		(step === 'firstReminder'
			? policy.firstReminderDays
			: step === 'secondReminder'
				? policy.secondReminderDays
				: policy.formalNoticeDays)
	);
}

/** Is this invoice in the sequence today, or why not. */
function exclusion(invoice: Invoice, asOf: string): string | undefined {
	if (invoice.status === 'paid') return 'paid';
	if (invoice.status === 'creditNote') return 'credit note';
	if (invoice.status === 'disputed') return 'disputed: no letter while the dispute is open';
	if (invoice.status === 'promise') {
		if (!invoice.promiseUntil)
			return 'promise to pay (no date given: set one so that the sequence resumes by itself if it lapses)';
		if (invoice.promiseUntil >= asOf) return `promise to pay until ${invoice.promiseUntil}`;
	}
	const due = balance(invoice);
	if (due < 0) return `overpaid by ${round2(-due).toFixed(2)} €: check the payment`;
	if (due < 0.005) return 'paid';
	if (invoice.dueDate >= asOf) return `not yet due (due ${invoice.dueDate})`;
	return undefined;
}

function noticeInvoice(invoice: Invoice): PlannedInvoice {
	return {
		number: invoice.number,
		issueDate: invoice.issueDate || invoice.dueDate,
		dueDate: invoice.dueDate,
		amount: invoice.amount,
		payments: invoice.paid > 0 && invoice.paidDate ? [{ date: invoice.paidDate, amount: invoice.paid }] : [],
	};
}

/** The channel of a step for this debtor, and why. */
function channelFor(
	step: Step,
	first: Invoice,
	policy: Policy,
	consent: unknown[],
): { channel: Channel; why: string; allowed: boolean | null; consentReason: string } {
	if (!first.email)
		return { channel: 'paper', why: 'no e-mail address: paper letter needed', allowed: null, consentReason: '' };
	if (step !== 'formalNotice') return { channel: 'email', why: 'by e-mail', allowed: null, consentReason: '' };
	const verdict = mayDeliverLre({ email: first.email, status: first.debtorType }, consent);
	if (!verdict.allowed)
		return {
			channel: 'paper',
			why: `paper letter needed: ${verdict.reason}`,
			allowed: false,
			consentReason: verdict.reason,
		};
	return {
		channel: policy.formalNoticeChannel,
		why: policy.formalNoticeChannel === 'lre' ? 'by qualified LRE' : 'by simple ERE',
		allowed: true,
		consentReason: verdict.reason,
	};
}

/** The ledger's letters by debtor and the consent records by e-mail address, indexed once per plan. */
export interface PlanIndex {
	lettersByDebtor: Map<string, LetterRecord[]>;
	consentsByEmail: Map<string, unknown[]>;
}

export function indexInput(input: PlanInput): PlanIndex {
	const lettersByDebtor = new Map<string, LetterRecord[]>();
	for (const letter of input.letters.values()) {
		const key = canonicalId(letter.debtorId);
		const list = lettersByDebtor.get(key);
		if (list) list.push(letter);
		else lettersByDebtor.set(key, [letter]);
	}
	const consentsByEmail = new Map<string, unknown[]>();
	for (const record of recordList(input.consents)) {
		if (typeof record !== 'object' || record === null) continue;
		const email = String((record as { email?: unknown }).email ?? '')
			.trim()
			.toLowerCase();
		if (!email) continue;
		const list = consentsByEmail.get(email);
		if (list) list.push(record);
		else consentsByEmail.set(email, [record]);
	}
	return { lettersByDebtor, consentsByEmail };
}

export function planDebtor(
	debtorId: string,
	invoices: Invoice[],
	input: PlanInput,
	index: PlanIndex = indexInput(input),
): DebtorPlan {
	const { asOf, policy } = input;
	const first = invoices[0];
	const letters = index.lettersByDebtor.get(canonicalId(debtorId)) ?? [];
	const consent = first.email ? (index.consentsByEmail.get(first.email.toLowerCase()) ?? []) : [];
	const { firstName, lastName } =
		first.debtorType === 'individual' ? splitName(first.debtorName) : { firstName: '', lastName: '' };
	const base: DebtorPlan = {
		asOf,
		debtorId: first.debtorId,
		debtorName: first.debtorName,
		debtorType: first.debtorType,
		language: first.language,
		email: first.email,
		siren: first.siren,
		address: first.address,
		contact: first.contact,
		firstName,
		lastName,
		step: 'none',
		channel: '',
		reference: '',
		reason: '',
		invoices: [],
		invoiceNumbers: [],
		amountDue: 0,
		daysLate: 0,
		previousSteps: [],
		previousReminders: '',
		consent,
		consentAllowed: null,
		consentReason: '',
		replanned: false,
		waiting: [],
		excluded: [],
		nextStepOn: '',
	};

	// What was taken for each invoice: the ledger, n8n's memory, and reminders sent before the ledger existed.
	const history = new Map<string, StepTaken[]>();
	const note = (invoice: string, taken: StepTaken) => {
		const k = canonicalId(invoice);
		history.set(k, [...(history.get(k) ?? []), taken]);
	};
	for (const letter of letters) {
		if (!letter.step || !letter.takenOn) continue;
		for (const number of letter.invoices)
			note(number, {
				step: letter.step,
				date: letter.takenOn,
				reference: letter.reference,
				channel: letter.channel,
				state: letter.state,
			});
	}
	for (const invoice of invoices) {
		if (invoice.reminder1Date)
			note(invoice.number, {
				step: 'firstReminder',
				date: invoice.reminder1Date,
				reference: '',
				channel: 'external',
				state: 'sent',
			});
		if (invoice.reminder2Date)
			note(invoice.number, {
				step: 'secondReminder',
				date: invoice.reminder2Date,
				reference: '',
				channel: 'external',
				state: 'sent',
			});
	}

	const states: InvoiceState[] = [];
	for (const invoice of invoices) {
		const why = exclusion(invoice, asOf);
		if (why) {
			base.excluded.push({ invoice: invoice.number, reason: why });
			continue;
		}
		const taken = (history.get(canonicalId(invoice.number)) ?? []).sort((a, b) => byText(a.date, b.date));
		const level = taken.reduce((top, t) => Math.max(top, STEPS.indexOf(t.step) + 1), 0);
		const lastStepOn = taken.reduce((last, t) => max(last, t.date), '');
		const next = STEPS[level] as Step | undefined;
		const dueOn = next
			? max(
					addDays(invoice.dueDate, threshold(policy, next)),
					lastStepOn ? addDays(lastStepOn, policy.minDaysBetweenSteps) : '',
				)
			: '';
		states.push({ invoice, level, lastStepOn, next, dueOn, history: taken });
	}

	const plan = (
		step: Step,
		covered: InvoiceState[],
		channelChoice: ReturnType<typeof channelFor>,
		reference: string,
		reason: string,
	): DebtorPlan => {
		const steps = new Map<string, StepTaken>();
		for (const state of covered) for (const t of state.history) steps.set(`${t.step}|${t.reference}|${t.date}`, t);
		const previousSteps = [...steps.values()].sort((a, b) => byText(a.date, b.date));
		const coveredNumbers = new Set(covered.map((s) => s.invoice.number));
		return {
			...base,
			step,
			channel: channelChoice.channel,
			reference,
			reason,
			invoices: covered.map((s) => noticeInvoice(s.invoice)),
			invoiceNumbers: covered.map((s) => s.invoice.number),
			amountDue: round2(covered.reduce((sum, s) => sum + balance(s.invoice), 0)),
			daysLate: Math.max(...covered.map((s) => daysBetween(s.invoice.dueDate, asOf))),
			previousSteps,
			previousReminders: [...new Set(previousSteps.filter((t) => t.step !== 'formalNotice').map((t) => t.date))]
				.sort()
				.join(', '),
			consentAllowed: channelChoice.allowed,
			consentReason: channelChoice.consentReason,
			waiting: states
				.filter((s) => !coveredNumbers.has(s.invoice.number))
				.map((s) => ({ invoice: s.invoice.number, nextStep: s.next ?? 'none', dueOn: s.dueOn })),
		};
	};
	const none = (reason: string): DebtorPlan => {
		const upcoming = states
			.filter((s) => s.next)
			.map((s) => s.dueOn)
			.sort();
		return {
			...base,
			reason,
			waiting: states.map((s) => ({ invoice: s.invoice.number, nextStep: s.next ?? 'none', dueOn: s.dueOn })),
			nextStepOn: upcoming[0] ?? '',
		};
	};
	const byNumber = new Map(states.map((s) => [canonicalId(s.invoice.number), s]));

	// 1. A letter planned (or failed) before and never confirmed is planned again, with the same reference and
	//    invoices, as long as they are all still in the sequence at that step: LRE Send then finds it if it did go
	//    out, and a re-run cannot turn it into a second letter under another reference.
	const unconfirmed = letters
		.filter((l) => !l.takenOn && l.step && (l.state === 'planned' || l.state === 'failed'))
		.sort((a, b) => byText(b.lastDate, a.lastDate));
	for (const letter of unconfirmed) {
		const covered = letter.invoices.map((n) => byNumber.get(canonicalId(n)));
		const step = letter.step as Step;
		const paper = step === 'formalNotice' && letter.channel === 'paper';
		if (!covered.length || covered.some((s) => !s || (s.next !== step && !(paper && s.level === 3)))) continue;
		const choice = channelFor(step, first, policy, consent);
		const channel = paper ? { ...choice, channel: 'paper' as Channel } : choice;
		return {
			...plan(
				step,
				covered as InvoiceState[],
				channel,
				letter.reference,
				`${STEP_LABEL[step]} planned on ${letter.lastDate}${letter.state === 'failed' ? ` failed (${letter.error || 'see the ledger'})` : ' was not confirmed'}: planned again with the same reference`,
			),
			replanned: true,
		};
	}

	// 2. A formal notice that did not reach the debtor electronically (bounced, or AR24 could not send it):
	//    the same invoices, still unpaid, need a paper registered letter.
	for (const letter of letters.filter(
		(l) => l.step === 'formalNotice' && l.takenOn && l.channel !== 'paper' && undelivered(l),
	)) {
		const covered = letter.invoices.map((n) => byNumber.get(canonicalId(n))).filter((s): s is InvoiceState => !!s);
		if (!covered.length) continue;
		const reference = caseReference(
			debtorId,
			'formalNotice',
			covered.map((s) => s.invoice.number),
			'paper',
		);
		if (input.letters.has(canonicalId(reference))) continue;
		const choice = { channel: 'paper' as Channel, why: '', allowed: null, consentReason: '' };
		return plan(
			'formalNotice',
			covered,
			choice,
			reference,
			`formal notice ${letter.reference} ${letter.state === 'bounced' ? 'bounced' : 'could not be sent by the provider'}: paper letter needed`,
		);
	}

	const open = states.filter((s) => s.next);
	if (!states.length)
		return none(
			base.excluded.length
				? `no invoice to chase (${[...new Set(base.excluded.map((e) => e.reason))].join('; ')})`
				: 'no invoice',
		);
	if (!open.length) {
		const last = states
			.flatMap((s) => s.history)
			.filter((t) => t.step === 'formalNotice')
			.sort((a, b) => byText(a.date, b.date))
			.at(-1);
		return none(
			`formal notice already sent${last ? ` on ${last.date}` : ''}: the next step (court action or settlement) is outside this plan`,
		);
	}
	const due = open.filter((s) => s.dueOn <= asOf);
	if (!due.length) {
		const soonest = open.map((s) => s.dueOn).sort()[0];
		const s = open.find((o) => o.dueOn === soonest) as InvoiceState;
		return none(`nothing due today: ${STEP_LABEL[s.next as Step]} of ${s.invoice.number} on ${soonest}`);
	}
	const lastLetter = letters
		.map((l) => l.takenOn)
		.concat(states.flatMap((s) => s.history.map((t) => t.date)))
		.reduce(max, '');
	const notBefore = lastLetter ? addDays(lastLetter, policy.minDaysBetweenSteps) : '';
	if (notBefore > asOf)
		return none(
			`last letter on ${lastLetter}: at least ${policy.minDaysBetweenSteps} days between two letters, next on ${notBefore}`,
		);

	const step = due.map((s) => s.next as Step).sort((a, b) => STEPS.indexOf(b) - STEPS.indexOf(a))[0];
	// The oldest first; a letter carries at most what the Notice Generator accepts, the rest go in the next one.
	const candidates = due
		.filter((s) => s.next === step)
		.sort((a, b) => byText(a.invoice.dueDate, b.invoice.dueDate) || byText(a.invoice.number, b.invoice.number));
	const covered = candidates.slice(0, LIMITS.invoices);
	const more = candidates.length - covered.length;
	const amount = round2(covered.reduce((sum, s) => sum + balance(s.invoice), 0));
	if (amount < policy.minimumAmount) {
		return none(
			`${STEP_LABEL[step]} due, but ${amount.toFixed(2)} € is below the minimum amount of ${policy.minimumAmount.toFixed(2)} €`,
		);
	}
	const choice = channelFor(step, first, policy, consent);
	const reference = caseReference(
		debtorId,
		step,
		covered.map((s) => s.invoice.number),
		choice.channel,
	);
	const days = Math.max(...covered.map((s) => daysBetween(s.invoice.dueDate, asOf)));
	return plan(
		step,
		covered,
		choice,
		reference,
		`${STEP_LABEL[step]} due (D+${days}), ${choice.why}${more ? ` — ${LIMITS.invoices} invoices at most per letter: ${more} more in the next letter` : ''}`,
	);
}

/** Groups rows by debtor (canonical id) and plans each; rows that could not be read make their debtor an error. */
export function planAll(
	input: PlanInput,
	rowErrors: RowError[],
	columns: Columns,
): Array<{ plan: DebtorPlan; rows: number[] } | { error: PlanError; rows: number[] }> {
	const groups = new Map<string, Invoice[]>();
	for (const invoice of input.invoices) {
		const key = canonicalId(invoice.debtorId);
		const list = groups.get(key);
		if (list) list.push(invoice);
		else groups.set(key, [invoice]);
	}
	const index = indexInput(input);
	const errors = new Map<string, RowError[]>();
	for (const error of rowErrors) {
		const key = canonicalId(error.debtorId ?? '');
		errors.set(key, [...(errors.get(key) ?? []), error]);
	}
	const out: Array<{ plan: DebtorPlan; rows: number[] } | { error: PlanError; rows: number[] }> = [];
	const keys = new Set([
		...input.invoices.map((i) => canonicalId(i.debtorId)),
		...rowErrors.map((e) => canonicalId(e.debtorId ?? '')),
	]);
	for (const key of keys) {
		const invoices = groups.get(key) ?? [];
		const rows = [...invoices.map((i) => i.row), ...(errors.get(key) ?? []).map((e) => e.row)].sort((a, b) => a - b);
		const problems = [...(errors.get(key) ?? []), ...consistency(invoices, columns)];
		if (problems.length) {
			out.push({ error: { debtorId: invoices[0]?.debtorId ?? problems[0].debtorId ?? '', errors: problems }, rows });
			continue;
		}
		out.push({ plan: planDebtor(invoices[0].debtorId, invoices, input, index), rows });
	}
	return out;
}

/** Rows of one debtor must agree on who the debtor is and where letters go, and name each invoice once. */
function consistency(invoices: Invoice[], columns: Columns): RowError[] {
	const problems: RowError[] = [];
	const first = invoices[0];
	const seen = new Map<string, Invoice>();
	for (const invoice of invoices) {
		const key = canonicalId(invoice.number);
		const twin = seen.get(key);
		if (twin)
			problems.push(
				new RowError(
					'invoice',
					invoice.row,
					columns.invoiceNumber,
					`repeats invoice ${invoice.number} of item ${twin.row}: each invoice once`,
					invoice.debtorId,
				),
			);
		seen.set(key, invoice);
		if (invoice === first) continue;
		if (invoice.debtorType !== first.debtorType)
			problems.push(
				new RowError(
					'invoice',
					invoice.row,
					columns.debtorType,
					`says ${invoice.debtorType} where item ${first.row} of the same debtor says ${first.debtorType}`,
					invoice.debtorId,
				),
			);
		if (invoice.email.toLowerCase() !== first.email.toLowerCase())
			problems.push(
				new RowError(
					'invoice',
					invoice.row,
					columns.email,
					`is "${invoice.email}" where item ${first.row} of the same debtor has "${first.email}"`,
					invoice.debtorId,
				),
			);
	}
	return problems;
}

/**
 * A letter n8n's own memory says was sent although the ledger has no row for it (a lost or stale ledger): it
 * counts as taken on the day remembered, or today when the day is not known (so the next step waits its turn).
 */
export function rememberedLetter(plan: DebtorPlan, day: string): LetterRecord {
	return {
		reference: plan.reference,
		debtorId: plan.debtorId,
		step: plan.step === 'none' ? '' : plan.step,
		channel: plan.channel,
		invoices: plan.invoiceNumbers,
		takenOn: day || plan.asOf,
		state: 'sent',
		letterId: '',
		proofFile: '',
		error: '',
		lastDate: day || plan.asOf,
	};
}
