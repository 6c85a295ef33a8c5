/**
 * "May we send a qualified LRE to this person?" Professionals: yes, no consent needed. Individuals: only with an
 * accepted consent for this very e-mail address that no later record declines or withdraws.
 *
 * Fails closed: a record that may concern this address (its "email" is this address, or cannot be read) but that
 * cannot be read as a consent record — it could be a withdrawal typed by hand — or that is dated in the future
 * (it would outrank every real record) blocks the LRE, with a reason naming the record and what is wrong with it.
 */
import { parseEvidence, type ConsentEvidence } from './evidence';

export interface Recipient {
	email: string;
	status: 'professional' | 'individual';
}

export interface Verdict {
	allowed: boolean;
	reason: string;
	/** The accepted record the answer rests on. */
	evidence?: ConsentEvidence;
}

/** Clock difference tolerated between the machine that recorded an answer and this one. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const normalized = (email: string) => email.trim().toLowerCase();

/** The e-mail a record names, when it names one as text. */
function emailOf(record: unknown): string | undefined {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
	const email = (record as Record<string, unknown>).email;
	return typeof email === 'string' && email.includes('@') ? normalized(email) : undefined;
}

function describe(record: unknown): string {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		const text = JSON.stringify(record) ?? String(record);
		return text.length > 60 ? `${text.slice(0, 57)}…` : text;
	}
	const r = record as Record<string, unknown>;
	const parts = ['decision', 'recordedAt']
		.filter((k) => r[k] !== undefined)
		.map((k) => `${k} ${JSON.stringify(r[k])}`.slice(0, 60));
	return parts.length ? `(${parts.join(', ')})` : '(no decision, no date)';
}

export function mayDeliverLre(recipient: Recipient, records: unknown[], nowMs: number = Date.now()): Verdict {
	if (recipient.status === 'professional') {
		return { allowed: true, reason: 'The recipient is a professional: no prior consent is required (CPCE L100).' };
	}
	const email = normalized(recipient.email);
	const valid: ConsentEvidence[] = [];
	for (const [index, record] of records.entries()) {
		const named = emailOf(record);
		if (named !== undefined && named !== email) continue; // another person's record
		const which = `Consent record ${index + 1} of ${records.length} ${describe(record)}`;
		const parsed = parseEvidence(record);
		if ('problem' in parsed) {
			return {
				allowed: false,
				reason: `${which} cannot be read: ${parsed.problem}. It may be a withdrawal, so no LRE is sent to ${recipient.email} until it is corrected or removed.`,
			};
		}
		if (Date.parse(parsed.evidence.recordedAt) > nowMs + FUTURE_TOLERANCE_MS) {
			return {
				allowed: false,
				reason: `${which} is dated in the future (${parsed.evidence.recordedAt}): it would outrank every real record. Correct its date; no LRE is sent to ${recipient.email} until then.`,
			};
		}
		valid.push(parsed.evidence);
	}
	// Oldest first; at the same instant a refusal or withdrawal counts as the later one.
	valid.sort(
		(a, b) =>
			Date.parse(a.recordedAt) - Date.parse(b.recordedAt) ||
			Number(b.decision === 'accepted') - Number(a.decision === 'accepted'),
	);
	const latest = valid.at(-1);
	if (!latest) {
		return {
			allowed: false,
			reason: `No consent to electronic registered delivery is recorded for ${recipient.email}. An individual must agree beforehand (CPCE L100).`,
		};
	}
	if (latest.decision !== 'accepted') {
		return {
			allowed: false,
			reason: `The latest consent record for ${recipient.email} is "${latest.decision}" (${latest.recordedAt}).`,
		};
	}
	return { allowed: true, reason: `Consent accepted by ${recipient.email} on ${latest.recordedAt}.`, evidence: latest };
}
