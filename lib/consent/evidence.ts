/**
 * Consent to electronic registered delivery (CPCE L100: a non-professional recipient must have agreed beforehand).
 * This is the one shape of a consent record: the Debtor Consent Invite node produces it, LRE Send accepts it.
 *
 *   { kind: 'lre-consent', decision: 'accepted' | 'declined' | 'withdrawn', email, recordedAt (ISO 8601 with offset),
 *     name?, ip?, userAgent?, consentTextVersion?, consentTextSha256?, tokenId? }
 */
export type ConsentDecision = 'accepted' | 'declined' | 'withdrawn';

export interface ConsentEvidence {
	kind: 'lre-consent';
	decision: ConsentDecision;
	email: string;
	recordedAt: string;
	name?: string;
	ip?: string;
	userAgent?: string;
	consentTextVersion?: string;
	consentTextSha256?: string;
	tokenId?: string;
}

const DECISIONS: ConsentDecision[] = ['accepted', 'declined', 'withdrawn'];

/** Reads one record, or says what is wrong with it. */
export function parseEvidence(value: unknown): { evidence: ConsentEvidence } | { problem: string } {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'it is not an object' };
	const record = value as Record<string, unknown>;
	if (record.kind !== 'lre-consent') return { problem: 'its "kind" is not "lre-consent"' };
	if (!DECISIONS.includes(record.decision as ConsentDecision)) {
		return { problem: `its "decision" must be one of ${DECISIONS.join(', ')}` };
	}
	if (typeof record.email !== 'string' || !record.email.includes('@')) return { problem: 'it has no "email"' };
	if (typeof record.recordedAt !== 'string' || Number.isNaN(Date.parse(record.recordedAt))) {
		return { problem: 'its "recordedAt" is not an ISO date' };
	}
	return { evidence: record as unknown as ConsentEvidence };
}
