/**
 * Ledger rows from what the pipeline's nodes output: the Dunning Plan's item (before sending), the result of
 * sending it (LRE Send, an e-mail node, or an error item), or an LRE Trigger event (after sending).
 */
import { todayInParis } from '../time';
import { STEPS, type Channel, type LedgerRow, type LedgerState, type Step } from './model';
import { debtorSlug } from './reference';
import { readDate } from './values';

type Json = Record<string, unknown>;

export class RecordError extends Error {}

const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

interface PlanFields {
	reference: string;
	debtorId: string;
	step: Step;
	channel: Channel | '';
	invoices: string;
	businessDate: string;
	amount: number | '';
}

/** The plan item's fields a ledger row needs; says what is missing otherwise. */
export function planFields(plan: unknown): PlanFields {
	if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
		throw new RecordError(
			'"Plan Item" is not a Dunning Plan item: map the Dunning Plan output this letter was made from (e.g. {{ $(\'Dunning Plan\').item.json }})',
		);
	}
	const p = plan as Json;
	if (!STEPS.includes(p.step as Step)) {
		throw new RecordError(
			p.step === 'none'
				? `the plan says no step is due for ${str(p.debtorId)} (${str(p.reason)}): nothing to record`
				: '"Plan Item" has no "step": map the Dunning Plan output this letter was made from',
		);
	}
	if (!str(p.reference)) throw new RecordError('"Plan Item" has no "reference"');
	const day = readDate(p.asOf, 'iso');
	if (!day) throw new RecordError('"Plan Item" has no "asOf" date');
	const numbers = Array.isArray(p.invoiceNumbers) ? p.invoiceNumbers.map(str) : [];
	return {
		reference: str(p.reference),
		debtorId: str(p.debtorId),
		step: p.step as Step,
		channel: (str(p.channel) as Channel) || '',
		invoices: numbers.join(', '),
		businessDate: day,
		amount: typeof p.amountDue === 'number' ? p.amountDue : '',
	};
}

const row = (fields: PlanFields, state: LedgerState, now: Date, extra: Partial<LedgerRow> = {}): LedgerRow => ({
	...fields,
	state,
	recordedAt: now.toISOString(),
	letterId: '',
	noticeSha256: '',
	proofFile: '',
	error: '',
	...extra,
});

/**
 * Before sending: the letter is planned — a paper letter too, since LRE Send posts it (Maileva's postal registered
 * letter) and its result is recorded like any other. Ledgers written before that hold `paperNeeded` rows: they
 * still count as taken (the letter was handed over to the credit manager to post).
 */
export function plannedRow(plan: unknown, now = new Date()): LedgerRow {
	return row(planFields(plan), 'planned', now);
}

/** Error text of an n8n error item (`{ error, details: { description } }`), or undefined. */
export function errorOf(json: Json): string | undefined {
	if (typeof json.error === 'string' && json.error) {
		const details = json.details as Json | undefined;
		const description = str(details?.description);
		return description ? `${json.error} — ${description}` : json.error;
	}
	if (json.error && typeof json.error === 'object') return str((json.error as Json).message) || 'failed';
	return undefined;
}

const LETTER_STATES: Record<string, LedgerState> = {
	accepted: 'accepted',
	refused: 'refused',
	negligence: 'negligence',
	bounced: 'bounced',
	failed: 'providerFailed',
};

/** After sending: what the sending node (LRE Send, an e-mail node) or its error output says. */
export function resultRow(plan: unknown, result: Json, noticeSha256 = '', now = new Date()): LedgerRow {
	const fields = planFields(plan);
	const error = errorOf(result);
	if (error) return row(fields, 'failed', now, { error: error.slice(0, 1000), noticeSha256 });
	if (str(result.letterId)) {
		// LRE Send: sent now, or found already sent (same reference).
		const state = LETTER_STATES[str(result.state)] ?? 'sent';
		return row(fields, state, now, { letterId: str(result.letterId), noticeSha256 });
	}
	const accepted = Array.isArray(result.accepted) ? result.accepted : undefined;
	if (accepted?.length || str(result.messageId) || /^250\b/.test(str(result.response))) {
		return row(fields, 'sent', now, { letterId: str(result.messageId), noticeSha256 });
	}
	if (accepted && !accepted.length)
		return row(fields, 'failed', now, {
			error: `the e-mail server accepted no recipient (rejected: ${JSON.stringify(result.rejected ?? [])})`,
			noticeSha256,
		});
	throw new RecordError(
		'cannot tell whether the letter was sent: map the output of LRE Send or of the e-mail node here (a letter id, a message id, or an error item)',
	);
}

/** A Dunning Plan error item (a row that could not be read): a ledger row that says so, so that the KPIs count it. */
export function dataErrorRow(json: Json, now = new Date()): LedgerRow {
	const details = (json.details as Json | undefined) ?? {};
	const debtorId = str(details.debtorId);
	const day = readDate(details.asOf, 'iso') ?? todayInParis(now);
	return {
		reference: `DATA-${debtorSlug(debtorId || 'unknown')}-${day}`,
		debtorId,
		step: '',
		channel: '',
		state: 'dataError',
		invoices: '',
		businessDate: day,
		recordedAt: now.toISOString(),
		letterId: '',
		amount: '',
		noticeSha256: '',
		proofFile: '',
		error: (errorOf(json) ?? 'data error').slice(0, 1000),
	};
}

const EVENT_STATES: Record<string, LedgerState> = { ...LETTER_STATES, sent: 'sent' };

/** The ledger's channel of a letter type LRE Send reports (`postal`: Maileva's postal registered letter). */
const channelOfLetterType = (type: string): Channel | '' =>
	type === 'postal' ? 'paper' : type === 'lre' || type === 'ere' || type === 'email' ? type : '';

/** An LRE Trigger / LRE Poll Trigger event. */
export function eventRow(event: Json, now = new Date()): LedgerRow {
	const state = EVENT_STATES[str(event.event) || str(event.state)];
	if (!state)
		throw new RecordError(
			`"${str(event.event) || str(event.state)}" is not an LRE event (expected one of ${Object.keys(EVENT_STATES).join(', ')}): map an LRE Trigger item`,
		);
	const reference = str(event.reference);
	if (!reference)
		throw new RecordError(
			'the event has no case reference: the letter was not sent with one, so the ledger cannot match it',
		);
	const when = str(event.eventDate);
	const day = when ? readDate(when, 'iso') : undefined;
	const proof = (event.proof as Json | undefined) ?? {};
	const letter = (event.letter as Json | undefined) ?? {};
	return {
		reference,
		debtorId: '',
		step: '',
		channel: channelOfLetterType(str(letter.type)),
		state,
		invoices: '',
		businessDate: day ?? todayInParis(now),
		recordedAt: now.toISOString(),
		letterId: str(event.letterId),
		amount: '',
		noticeSha256: '',
		proofFile: str(proof.fileName),
		error: '',
	};
}
