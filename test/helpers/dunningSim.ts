/**
 * The pipeline around the Dunning Plan, played in-process day by day: plan → record "planned" → send (an e-mail
 * always goes; an LRE's outcome follows its address tag, as the sandbox plays it; a paper letter is posted on
 * Maileva, whose outcome follows its address lines' tag) → record the result → the LRE
 * Trigger's events on later days. What it sends is what a real workflow would send.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldLedger } from '../../lib/dunning/ledger';
import { DEFAULT_POLICY, RowError, type Invoice, type LedgerRow, type Policy } from '../../lib/dunning/model';
import { planAll, type DebtorPlan } from '../../lib/dunning/plan';
import { eventRow, plannedRow, resultRow } from '../../lib/dunning/record';
import { DEFAULT_COLUMNS, DEFAULT_STATUS_WORDS, readInvoiceRow } from '../../lib/dunning/rows';
import { addDays } from '../../lib/time';
import { dayOf, loadScenario, rowsOn, type Scenario } from '../../demo/scenario';
import { outcomeFromAddress } from '../../sandbox/outcomes';
import { outcomeOfAddress } from '../../sandbox/maileva/lifecycle';

export const ROOT = join(__dirname, '..', '..');

export interface SentLetter {
	day: string;
	debtorId: string;
	step: string;
	channel: string;
	reference: string;
	invoices: string[];
}

export interface Simulation {
	ledger: LedgerRow[];
	sent: SentLetter[];
	plans: Map<string, DebtorPlan[]>;
	errors: Map<string, string[]>;
}

const EVENT: Record<string, 'accepted' | 'refused' | 'negligence' | 'bounced' | 'failed'> = {
	accept: 'accepted',
	refuse: 'refused',
	negligence: 'negligence',
	bounce: 'bounced',
	fail: 'failed',
};

/** The outcome the sandbox gives an address (its own tag rules), and after how many days; none for an untagged one. */
function outcome(email: string): { state: string; afterDays: number } | undefined {
	const { outcome: tag, delayMs } = outcomeFromAddress(email, 'hold');
	if (tag === 'hold') return undefined;
	// Non-claim comes at the end of the legal 15 days; the others after their delay.
	return { state: EVENT[tag], afterDays: tag === 'negligence' ? 15 : Math.floor(delayMs / 86_400_000) };
}

/** A paper letter's outcome on the Maileva sandbox: first presentation 2 days after posting (+accept by default). */
function postalOutcome(address: string): { state: string; afterDays: number } | undefined {
	const { outcome: tag, delayMs } = outcomeOfAddress(address.split('|'), 'accept');
	if (tag === 'hold') return undefined;
	if (tag === 'fail') return { state: 'failed', afterDays: 0 };
	// Presented after 2 days; the acknowledgement of receipt 1 h later reaches the next morning's run.
	return { state: EVENT[tag], afterDays: tag === 'negligence' ? 17 : 3 + Math.floor(delayMs / 86_400_000) };
}

export function simulate(
	options: { scenario?: Scenario; policy?: Policy; days?: number; consents?: unknown[] } = {},
): Simulation {
	const scenario = options.scenario ?? loadScenario(ROOT);
	const policy = options.policy ?? DEFAULT_POLICY;
	const consents =
		options.consents ??
		(JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'consents.json'), 'utf8')) as unknown[]);
	const ledger: LedgerRow[] = [];
	const sent: SentLetter[] = [];
	const plans = new Map<string, DebtorPlan[]>();
	const errors = new Map<string, string[]>();
	const events: Array<{ on: string; json: Record<string, unknown> }> = [];
	let letterId = 100_000;
	const rowOptions = {
		columns: DEFAULT_COLUMNS,
		dateFormat: 'iso' as const,
		statusWords: DEFAULT_STATUS_WORDS,
		defaultDebtorType: 'professional' as const,
		defaultLanguage: 'fr' as const,
	};
	for (let d = 0; d < (options.days ?? scenario.days); d++) {
		const day = dayOf(scenario, d);
		// The trigger's events that happened by this morning reach the ledger first.
		for (const event of events.filter((e) => e.on <= day))
			ledger.push(eventRow(event.json, new Date(`${event.on}T12:00:00Z`)));
		events.splice(0, events.length, ...events.filter((e) => e.on > day));
		const invoices: Invoice[] = [];
		const rowErrors: RowError[] = [];
		rowsOn(scenario, day).forEach((row, index) => {
			try {
				invoices.push(readInvoiceRow(row, index, rowOptions));
			} catch (error) {
				rowErrors.push(error as RowError);
			}
		});
		const results = planAll(
			{ asOf: day, policy, invoices, letters: foldLedger(ledger), consents },
			rowErrors,
			DEFAULT_COLUMNS,
		);
		const now = new Date(`${day}T08:00:00Z`);
		for (const result of results) {
			if ('error' in result) {
				errors.set(day, [...(errors.get(day) ?? []), ...result.error.errors.map((e) => e.message)]);
				continue;
			}
			const plan = result.plan;
			plans.set(plan.debtorId, [...(plans.get(plan.debtorId) ?? []), plan]);
			if (plan.step === 'none') continue;
			ledger.push(plannedRow(plan, now));
			const id = String(++letterId);
			// An e-mail; a paper letter posted by LRE Send on Maileva (type "postal"); an LRE on AR24.
			const output =
				plan.channel === 'email'
					? { messageId: `<${id}@maildev>`, accepted: [plan.email] }
					: { letterId: id, state: 'pending', reference: plan.reference };
			ledger.push(resultRow(plan, output, 'f'.repeat(64), now));
			sent.push({
				day,
				debtorId: plan.debtorId,
				step: plan.step,
				channel: plan.channel,
				reference: plan.reference,
				invoices: plan.invoiceNumbers,
			});
			const then =
				plan.channel === 'email'
					? undefined
					: plan.channel === 'paper'
						? postalOutcome(plan.address)
						: outcome(plan.email);
			const type = plan.channel === 'paper' ? 'postal' : plan.channel;
			if (then)
				events.push({
					on: addDays(day, then.afterDays),
					json: {
						event: then.state,
						letterId: id,
						reference: plan.reference,
						eventDate: `${addDays(day, then.afterDays)}T10:00:00+02:00`,
						proof: { fileName: `LRE_${then.state}_${id}.pdf` },
						letter: { type },
					},
				});
		}
	}
	return { ledger, sent, plans, errors };
}

/** Per debtor: "day step channel" lines, in order. */
export function timelines(sent: SentLetter[]): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const s of sent) (out[s.debtorId] ??= []).push(`${s.day} ${s.step} ${s.channel} ${s.invoices.join('+')}`);
	return out;
}
