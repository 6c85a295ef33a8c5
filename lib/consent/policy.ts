/**
 * "May we send a qualified LRE to this person?" Professionals: yes, no consent needed. Individuals: only with an
 * accepted consent for this very e-mail address that no later record declines or withdraws.
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

export function mayDeliverLre(recipient: Recipient, records: unknown[]): Verdict {
	if (recipient.status === 'professional') {
		return { allowed: true, reason: 'The recipient is a professional: no prior consent is required (CPCE L100).' };
	}
	const email = recipient.email.trim().toLowerCase();
	const valid = records
		.map(parseEvidence)
		.filter((r): r is { evidence: ConsentEvidence } => 'evidence' in r)
		.map((r) => r.evidence)
		.filter((e) => e.email.trim().toLowerCase() === email)
		.sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
	const latest = valid.at(-1);
	if (!latest) {
		return {
			allowed: false,
			reason: `No consent to electronic registered delivery is recorded for ${recipient.email}. An individual must agree beforehand (CPCE L100).`,
		};
	}
	if (latest.decision !== 'accepted') {
		return { allowed: false, reason: `The latest consent record for ${recipient.email} is "${latest.decision}" (${latest.recordedAt}).` };
	}
	return { allowed: true, reason: `Consent accepted by ${recipient.email} on ${latest.recordedAt}.`, evidence: latest };
}
