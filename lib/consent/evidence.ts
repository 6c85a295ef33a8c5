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
	/** How `ip` was measured: the TCP peer, a trusted proxy's X-Forwarded-For, or not at all. */
	ipSource?: 'socket' | 'x-forwarded-for' | 'not-measured';
	/** The TCP peer (a trusted proxy, when ipSource is x-forwarded-for). */
	socketAddress?: string;
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

import { parisIso } from '../time';
import type { ClientAddress } from './clientAddress';
import type { ConsentText } from './text';
import type { ConsentTokenPayload } from './token';

const DECISIONS: ConsentDecision[] = ['accepted', 'declined', 'withdrawn'];
/** A date read the same way everywhere: date, time and offset (a bare date or a local time is ambiguous). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

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
		return {
			problem: `its "decision" ${JSON.stringify(record.decision ?? null)} is not one of ${DECISIONS.join(', ')}`,
		};
	}
	if (typeof record.email !== 'string' || !record.email.includes('@')) return { problem: 'it has no "email"' };
	if (
		typeof record.recordedAt !== 'string' ||
		!ISO_WITH_OFFSET.test(record.recordedAt) ||
		Number.isNaN(Date.parse(record.recordedAt))
	) {
		return {
			problem: `its "recordedAt" ${JSON.stringify(record.recordedAt ?? null)} is not an ISO 8601 date and time with offset (e.g. 2026-03-10T15:00:00+01:00)`,
		};
	}
	return { evidence: record as unknown as ConsentEvidence };
}

export interface ResponseContext {
	decision: 'accepted' | 'declined';
	at: number;
	/** As measured by the Debtor Consent Answer Trigger; undefined: not measured (nothing is recorded). */
	client?: ClientAddress;
	userAgent?: string;
}

/** The evidence record of a debtor's answer on the consent page. */
export function evidenceOfResponse(
	payload: ConsentTokenPayload,
	text: ConsentText,
	response: ResponseContext,
): ConsentEvidence {
	return {
		kind: 'lre-consent',
		decision: response.decision,
		email: payload.email,
		name: payload.name,
		recordedAt: parisIso(response.at),
		ip: response.client?.ip ?? '',
		ipSource: response.client?.ipSource ?? 'not-measured',
		socketAddress: response.client?.socketAddress ?? '',
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
	return {
		kind: 'lre-consent',
		decision: 'withdrawn',
		email,
		name,
		recordedAt: parisIso(at),
		reason,
		channel: 'withdrawal',
	};
}
