/**
 * The demo's report: the ledger journal written by the pipeline (`ledger.jsonl`) and the status events archived by
 * the proof workflow (`events.jsonl`) merged into one line per debtor (`ledger.csv`), and the KPIs of the shared
 * seed article 002 (deliverability, mean acceptance delay, refusal/negligence rate, technical failure rate).
 */
export interface LedgerLine {
	debtorId: string;
	debtor: string;
	step: string;
	channel?: string;
	state: string;
	letterId?: string;
	reference?: string;
	notice?: string;
	noticeSha256?: string;
	totalClaimed?: number;
	error?: string;
	technical?: boolean;
	daysLate?: number;
}

export interface EventLine {
	event: 'accepted' | 'refused' | 'negligence' | 'bounced';
	letterId: string;
	reference: string;
	eventDate: string | null;
	acceptanceDelayHours: number | null;
	proof: { fileName: string; sha256: string } | null;
}

export interface DebtorRow extends LedgerLine {
	finalState: string;
	proofFile: string;
	proofSha256: string;
}

export interface Kpis {
	lettersSent: number;
	emailsSent: number;
	emailsDelivered: number;
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
	blockedNoConsent: number;
	dataErrors: number;
	alert: string | null;
}

export const parseJsonLines = <T>(text: string): T[] =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.map((l) => JSON.parse(l) as T);

/** One row per debtor: the last ledger line of each, with the letter's final state and proof when there is one. */
export function debtorRows(ledger: LedgerLine[], events: EventLine[]): DebtorRow[] {
	const last = new Map<string, LedgerLine>();
	for (const line of ledger) {
		const previous = last.get(line.debtorId);
		// A re-run reports "already sent": keep the line that sent the letter.
		if (previous?.state === 'sent' && line.state === 'already sent') continue;
		last.set(line.debtorId, line);
	}
	return [...last.values()]
		.sort((a, b) => a.debtorId.localeCompare(b.debtorId))
		.map((line) => {
			const event = line.letterId ? events.filter((e) => String(e.letterId) === String(line.letterId)).pop() : undefined;
			return {
				...line,
				finalState: event ? event.event : line.state,
				proofFile: event?.proof?.fileName ?? '',
				proofSha256: event?.proof?.sha256 ?? '',
			};
		});
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 100 : null);

export function kpis(rows: DebtorRow[], events: EventLine[], emailsDelivered: number): Kpis {
	const letters = rows.filter((r) => r.channel === 'lre' && r.letterId);
	const emails = rows.filter((r) => r.channel === 'email' && r.state === 'sent');
	const finalOf = (state: string) => letters.filter((r) => r.finalState === state).length;
	const bounced = finalOf('bounced');
	const accepted = finalOf('accepted');
	const refusedOrNeglected = finalOf('refused') + finalOf('negligence');
	const delays = events.filter((e) => e.event === 'accepted' && typeof e.acceptanceDelayHours === 'number').map((e) => e.acceptanceDelayHours as number);
	const attempts = rows.filter((r) => r.channel === 'lre' || r.channel === 'email');
	const technical = attempts.filter((r) => r.state === 'error' && r.technical).length;
	const technicalFailureRate = ratio(technical, attempts.length);
	return {
		lettersSent: letters.length,
		emailsSent: emails.length,
		emailsDelivered,
		bounced,
		accepted,
		refusedOrNeglected,
		deliverability: ratio(letters.length - bounced, letters.length),
		emailDeliverability: ratio(Math.min(emailsDelivered, emails.length), emails.length),
		meanAcceptanceDelayHours: delays.length ? Math.round((delays.reduce((a, b) => a + b, 0) / delays.length) * 10) / 10 : null,
		refusalNegligenceRate: ratio(refusedOrNeglected, letters.length),
		technicalFailures: technical,
		sendAttempts: attempts.length,
		technicalFailureRate,
		blockedNoConsent: rows.filter((r) => r.state.startsWith('blocked')).length,
		dataErrors: attempts.filter((r) => r.state === 'error' && !r.technical).length + rows.filter((r) => !r.channel && r.state === 'error').length,
		alert:
			technicalFailureRate !== null && technicalFailureRate > 1
				? `ALERT: technical failure rate ${technicalFailureRate} % is above 1 % — tell the technical team (seed article 002).`
				: null,
	};
}

const csvCell = (value: unknown) => {
	const text = value === undefined || value === null ? '' : String(value);
	return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const LEDGER_COLUMNS = ['debtorId', 'debtor', 'step', 'channel', 'reference', 'letterId', 'state', 'finalState', 'notice', 'proofFile', 'proofSha256', 'totalClaimed', 'error'] as const;

export function ledgerCsv(rows: DebtorRow[]): string {
	return [LEDGER_COLUMNS.join(','), ...rows.map((r) => LEDGER_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** A plain-text table for the terminal. */
export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
	const cells = [columns, ...rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c]))))];
	const widths = columns.map((_, i) => Math.min(44, Math.max(...cells.map((row) => row[i].length))));
	const fit = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
	return cells.map((row, i) => row.map((cell, j) => fit(cell, widths[j])).join('  ') + (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

export function kpiText(k: Kpis): string {
	const pct = (v: number | null) => (v === null ? 'n/a' : `${v} %`);
	return [
		`LRE deliverability (notification reached the mailbox): ${pct(k.deliverability)} (${k.lettersSent - k.bounced}/${k.lettersSent}, ${k.bounced} bounced)`,
		`Reminder e-mails delivered (SMTP inbox): ${pct(k.emailDeliverability)} (${k.emailsDelivered}/${k.emailsSent})`,
		`Mean acceptance delay: ${k.meanAcceptanceDelayHours === null ? 'n/a' : `${k.meanAcceptanceDelayHours} h`} (${k.accepted} accepted)`,
		`Refusal / negligence rate: ${pct(k.refusalNegligenceRate)} (${k.refusedOrNeglected}/${k.lettersSent})`,
		`Technical failure rate: ${pct(k.technicalFailureRate)} (${k.technicalFailures}/${k.sendAttempts} sends; not counted: ${k.blockedNoConsent} blocked for consent, ${k.dataErrors} data errors)`,
		...(k.alert ? [k.alert] : []),
	].join('\n');
}
