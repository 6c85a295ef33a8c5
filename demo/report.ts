/**
 * The demo's report, from what the pipeline left in n8n: the ledger (the "LRE ledger" Data Table: one row per
 * planned, sent, failed letter and per status event) and the proof archive's events (`events.jsonl`, with proof
 * hashes and acceptance delays). Per debtor: its letters and their outcome; the KPIs of the shared seed article 002
 * (deliverability, mean acceptance delay, refusal/negligence rate, technical failure rate with its 1 % alert).
 */
import { foldLedger, type LetterRecord } from '../lib/dunning/ledger';
import type { LedgerRow } from '../lib/dunning/model';
import { safeCsv } from './csv';

export interface EventLine {
	event: 'accepted' | 'refused' | 'negligence' | 'bounced';
	letterId: string;
	reference: string;
	eventDate: string | null;
	acceptanceDelayHours: number | null;
	proof: { fileName: string; sha256: string } | null;
}

/** One letter, as the ledger and the proof archive know it. */
export interface LetterLine {
	debtorId: string;
	reference: string;
	step: string;
	channel: string;
	invoices: string;
	sentOn: string;
	/** planned, sent, failed, paperNeeded, then accepted / refused / negligence / bounced… */
	state: string;
	letterId: string;
	proofFile: string;
	proofSha256: string;
	noticeSha256: string;
	amount: number | '';
	error: string;
}

export interface Kpis {
	lettersSent: number;
	emailsSent: number;
	emailsDelivered: number;
	/** Letters the law wanted on paper (individual without consent, bounced LRE, no e-mail address). */
	paperLetters: number;
	/** Of those, posted by LRE Send (Maileva's postal registered letter). */
	paperSent: number;
	/** Posted and delivered: the acknowledgement of receipt came back. */
	paperDelivered: number;
	/** Posted and returned: refused, not claimed at the post office, wrong address, or not posted by the provider. */
	paperUndelivered: number;
	bounced: number;
	accepted: number;
	refusedOrNeglected: number;
	deliverability: number | null;
	emailDeliverability: number | null;
	meanAcceptanceDelayHours: number | null;
	refusalNegligenceRate: number | null;
	technicalFailures: number;
	sendAttempts: number;
	technicalFailureRate: number | null;
	dataErrors: number;
	alert: string | null;
}

export const parseJsonLines = <T>(text: string): T[] =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.map((l) => JSON.parse(l) as T);

/** Every letter of the ledger (data-error rows aside), with its proof from the archive. */
export function letterLines(ledger: LedgerRow[], events: EventLine[]): LetterLine[] {
	const letters = [...foldLedger(ledger).values()].filter((l: LetterRecord) => l.step);
	const noticeOf = new Map(ledger.filter((r) => r.noticeSha256).map((r) => [r.reference, r.noticeSha256]));
	const amountOf = new Map(ledger.filter((r) => r.amount !== '').map((r) => [r.reference, r.amount]));
	return letters
		.map((l) => {
			const event = l.letterId ? events.filter((e) => String(e.letterId) === String(l.letterId)).pop() : undefined;
			return {
				debtorId: l.debtorId,
				reference: l.reference,
				step: l.step,
				channel: l.channel,
				invoices: l.invoices.join(', '),
				sentOn: l.takenOn,
				state: l.state,
				letterId: l.letterId,
				proofFile: event?.proof?.fileName ?? l.proofFile,
				proofSha256: event?.proof?.sha256 ?? '',
				noticeSha256: noticeOf.get(l.reference) ?? '',
				amount: amountOf.get(l.reference) ?? '',
				error: l.error,
			};
		})
		.sort(
			(a, b) =>
				a.debtorId.localeCompare(b.debtorId) ||
				a.sentOn.localeCompare(b.sentOn) ||
				a.reference.localeCompare(b.reference),
		);
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 100 : null);
const REGISTERED = new Set(['lre', 'ere']);
const SENT = new Set(['sent', 'accepted', 'refused', 'negligence', 'bounced', 'providerFailed']);
const UNDELIVERED_PAPER = new Set(['refused', 'negligence', 'bounced', 'providerFailed']);

export function kpis(ledger: LedgerRow[], events: EventLine[], emailsDelivered: number): Kpis {
	const letters = letterLines(ledger, events);
	const registered = letters.filter((l) => REGISTERED.has(l.channel) && SENT.has(l.state));
	const emails = letters.filter((l) => l.channel === 'email' && l.state === 'sent');
	const count = (state: string) => registered.filter((l) => l.state === state).length;
	const paper = letters.filter((l) => l.channel === 'paper');
	const posted = paper.filter((l) => SENT.has(l.state));
	const bounced = count('bounced') + count('providerFailed');
	const accepted = count('accepted');
	const refusedOrNeglected = count('refused') + count('negligence');
	const delays = events
		.filter((e) => e.event === 'accepted' && typeof e.acceptanceDelayHours === 'number')
		.map((e) => e.acceptanceDelayHours as number);
	// Every attempt to send counts once per row: a letter that failed on Monday and went out on Tuesday is 1 of 2.
	// A provider that accepted a letter and then could not send it (AR24's send_fail) counts as a failure too.
	// A paper letter posted through LRE Send is an attempt like any other.
	const attempts = ledger.filter((r) => r.step && (r.state === 'sent' || r.state === 'failed'));
	const failures =
		attempts.filter((r) => r.state === 'failed').length +
		count('providerFailed') +
		posted.filter((l) => l.state === 'providerFailed').length;
	const technicalFailureRate = ratio(failures, attempts.length);
	return {
		lettersSent: registered.length,
		emailsSent: emails.length,
		emailsDelivered,
		paperLetters: paper.length,
		paperSent: posted.length,
		paperDelivered: posted.filter((l) => l.state === 'accepted').length,
		paperUndelivered: posted.filter((l) => UNDELIVERED_PAPER.has(l.state)).length,
		bounced,
		accepted,
		refusedOrNeglected,
		deliverability: ratio(registered.length - bounced, registered.length),
		emailDeliverability: ratio(Math.min(emailsDelivered, emails.length), emails.length),
		meanAcceptanceDelayHours: delays.length
			? Math.round((delays.reduce((a, b) => a + b, 0) / delays.length) * 10) / 10
			: null,
		refusalNegligenceRate: ratio(refusedOrNeglected, registered.length),
		technicalFailures: failures,
		sendAttempts: attempts.length,
		technicalFailureRate,
		dataErrors: ledger.filter((r) => r.state === 'dataError').length,
		alert:
			technicalFailureRate !== null && technicalFailureRate > 1
				? `ALERT: technical failure rate ${technicalFailureRate} % is above 1 % — tell the technical team (seed article 002).`
				: null,
	};
}

export const LEDGER_CSV_COLUMNS = [
	'debtorId',
	'reference',
	'step',
	'channel',
	'invoices',
	'sentOn',
	'state',
	'letterId',
	'amount',
	'noticeSha256',
	'proofFile',
	'proofSha256',
	'error',
] as const;

/** `ledger.csv`: one line per letter, safe to open in a spreadsheet. */
export function ledgerCsv(letters: LetterLine[]): string {
	return safeCsv(LEDGER_CSV_COLUMNS, letters as unknown as Array<Record<string, unknown>>);
}

/** A plain-text table for the terminal. */
export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
	const cells = [
		columns,
		...rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c])))),
	];
	const widths = columns.map((_, i) => Math.min(44, Math.max(...cells.map((row) => row[i].length))));
	const fit = (text: string, width: number) =>
		text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
	return cells
		.map(
			(row, i) =>
				row.map((cell, j) => fit(cell, widths[j])).join('  ') +
				(i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''),
		)
		.join('\n');
}

export function kpiText(k: Kpis): string {
	const pct = (v: number | null) => (v === null ? 'n/a' : `${v} %`);
	return [
		`LRE deliverability (notification reached the mailbox): ${pct(k.deliverability)} (${k.lettersSent - k.bounced}/${k.lettersSent}, ${k.bounced} bounced)`,
		`Reminder e-mails delivered (SMTP inbox): ${pct(k.emailDeliverability)} (${k.emailsDelivered}/${k.emailsSent})`,
		`Mean acceptance delay: ${k.meanAcceptanceDelayHours === null ? 'n/a' : `${k.meanAcceptanceDelayHours} h`} (${k.accepted} accepted)`,
		`Refusal / negligence rate: ${pct(k.refusalNegligenceRate)} (${k.refusedOrNeglected}/${k.lettersSent})`,
		`Paper registered letters posted (Maileva): ${k.paperSent} (${k.paperLetters} needed; ${k.paperDelivered} delivered with acknowledgement of receipt, ${k.paperUndelivered} returned undelivered)`,
		`Technical failure rate: ${pct(k.technicalFailureRate)} (${k.technicalFailures}/${k.sendAttempts} send attempts; data errors, not counted: ${k.dataErrors})`,
		...(k.alert ? [k.alert] : []),
	].join('\n');
}
