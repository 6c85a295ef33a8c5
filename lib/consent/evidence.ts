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
	debtorStatus?: 'individual' | 'professional';
	sender?: string;
	language?: string;
	invitedAt?: string;
	channel?: 'consent-page' | 'withdrawal' | 'manual';
	reason?: string;
}

import { parisDate } from '../ar24/protocol';
import { parisToIso } from '../letter/normalize';
import type { ConsentText } from './text';
import type { ConsentTokenPayload } from './token';

const DECISIONS: ConsentDecision[] = ['accepted', 'declined', 'withdrawn'];

/** Consent records as a node parameter gives them — one record, a list, or JSON text of either — as a list. */
export function recordList(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') {
		try {
			return recordList(JSON.parse(value));
		} catch {
			return [value];
		}
	}
	return Array.isArray(value) ? value : [value];
}

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

/** ISO 8601 with the Europe/Paris offset, e.g. 2026-03-10T15:00:00+01:00. */
export function parisIso(ms: number): string {
	const wall = parisDate(new Date(ms));
	return parisToIso(wall) ?? new Date(ms).toISOString();
}

export interface ResponseContext {
	decision: 'accepted' | 'declined';
	at: number;
	ip?: string;
	userAgent?: string;
}

/** The evidence record of a debtor's answer on the consent page. */
export function evidenceOfResponse(payload: ConsentTokenPayload, text: ConsentText, response: ResponseContext): ConsentEvidence {
	return {
		kind: 'lre-consent',
		decision: response.decision,
		email: payload.email,
		name: payload.name,
		recordedAt: parisIso(response.at),
		ip: response.ip ?? '',
		userAgent: response.userAgent ?? '',
		consentTextVersion: text.version,
		consentTextSha256: text.sha256,
		tokenId: payload.id,
		debtorStatus: payload.status,
		sender: payload.sender,
		language: payload.lang,
		invitedAt: parisIso(payload.iat * 1000),
		channel: 'consent-page',
	};
}

/** A withdrawal: from now on the latest record for this address is not an acceptance. */
export function withdrawal(email: string, name: string, at: number, reason: string): ConsentEvidence {
	return { kind: 'lre-consent', decision: 'withdrawn', email, name, recordedAt: parisIso(at), reason, channel: 'withdrawal' };
}
