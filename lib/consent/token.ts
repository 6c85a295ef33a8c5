/**
 * The consent link token: `<payload>.<signature>`, base64url JSON signed with HMAC-SHA256 under a key the user keeps
 * in a credential: the LRE Signing Keys API credential's Consent Secret (new set-ups), or the AR24 credential's
 * (existing workflows, `consentKey`). It says who is asked (e-mail, name, status), by whom, in which language, until
 * when. Verification is constant-time, accepts several keys (links mailed before a switch of credential stay valid)
 * and reports why a token is refused.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ConsentLanguage } from './text';

export interface ConsentTokenPayload {
	/** Token id: names this invitation in the evidence record, and makes reuse detectable. */
	id: string;
	email: string;
	name: string;
	status: 'individual' | 'professional';
	sender: string;
	lang: ConsentLanguage;
	/** Issued at / expires at, epoch seconds. */
	iat: number;
	exp: number;
}

export type TokenCheck =
	{ ok: true; payload: ConsentTokenPayload } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'too-long' };

/** The longest a consent link may be valid (the editor's limit; the used-token memory relies on it). */
export const MAX_VALID_DAYS = 90;
const CLOCK_SKEW_S = 300;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const sign = (body: string, key: string) =>
	createHmac('sha256', key).update(`lre-consent:v1:${body}`).digest('base64url');

export function createConsentToken(
	key: string,
	fields: Omit<ConsentTokenPayload, 'id' | 'iat' | 'exp'>,
	validDays: number,
	nowMs: number = Date.now(),
): { token: string; payload: ConsentTokenPayload } {
	if (!Number.isFinite(validDays) || validDays <= 0 || validDays > MAX_VALID_DAYS) {
		throw new RangeError(`a consent link is valid for 1 to ${MAX_VALID_DAYS} days, not ${validDays}`);
	}
	const iat = Math.floor(nowMs / 1000);
	const payload: ConsentTokenPayload = { id: randomUUID(), ...fields, iat, exp: iat + Math.round(validDays * 86_400) };
	const body = b64(JSON.stringify(payload));
	return { token: `${body}.${sign(body, key)}`, payload };
}

/**
 * Checks a token against the key, or against each of the keys given (signed with any of them = genuine); the first
 * key is the one new links are signed with. An empty key is never accepted.
 */
export function verifyConsentToken(
	key: string | readonly string[],
	token: unknown,
	nowMs: number = Date.now(),
): TokenCheck {
	if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token.trim()))
		return { ok: false, reason: 'malformed' };
	const [body, signature] = token.trim().split('.');
	const actual = Buffer.from(signature);
	let genuine = false;
	for (const one of typeof key === 'string' ? [key] : key) {
		if (one === '') continue;
		const expected = Buffer.from(sign(body, one));
		// Every key is tried (no early exit): the time taken does not say which key matched.
		if (expected.length === actual.length && timingSafeEqual(expected, actual)) genuine = true;
	}
	if (!genuine) return { ok: false, reason: 'forged' };
	let payload: ConsentTokenPayload;
	try {
		payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ConsentTokenPayload;
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (
		typeof payload !== 'object' ||
		payload === null ||
		!Number.isFinite(payload.exp) ||
		!Number.isFinite(payload.iat) ||
		typeof payload.id !== 'string' ||
		payload.id === '' ||
		typeof payload.email !== 'string'
	) {
		return { ok: false, reason: 'malformed' };
	}
	// Signed with this key but longer than the maximum (or issued in the future): refused, whoever made it.
	if (payload.exp - payload.iat > MAX_VALID_DAYS * 86_400 || payload.iat > nowMs / 1000 + CLOCK_SKEW_S)
		return { ok: false, reason: 'too-long' };
	if (nowMs / 1000 > payload.exp) return { ok: false, reason: 'expired' };
	return { ok: true, payload };
}

/** The AR24 credential's key (existing workflows): its Consent Link Secret, or one derived from its private key. */
export function consentKey(privateKey: string, explicitKey?: string): string {
	const explicit = (explicitKey ?? '').trim();
	if (explicit) return explicit;
	return createHmac('sha256', privateKey).update('lre-consent-key:v1').digest('hex');
}
