/**
 * Reading an AR24 answer. AR24 answers HTTP 200 for everything: a SUCCESS body is encrypted (base64), while ERROR
 * and maintenance bodies are plain JSON (AR24's API documentation). Legacy tokens may still get plain-JSON successes, so
 * JSON is tried first, then decryption — as the best public clients do.
 */
import { decryptBody } from './protocol';

export type Ar24Answer =
	| { kind: 'success'; result: unknown; message?: string }
	| { kind: 'error'; slug?: string; message?: string }
	| { kind: 'maintenance' };

export class MalformedAnswerError extends Error {
	constructor(reason: string) {
		super(`AR24 sent an answer that is neither JSON nor encrypted with this private key (${reason})`);
		this.name = 'MalformedAnswerError';
	}
}

function fromEnvelope(value: unknown): Ar24Answer {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new MalformedAnswerError('no status envelope');
	}
	const envelope = value as Record<string, unknown>;
	const status = typeof envelope.status === 'string' ? envelope.status.toLowerCase() : '';
	const message = typeof envelope.message === 'string' ? envelope.message : undefined;
	if (status === 'success') return { kind: 'success', result: envelope.result, message };
	if (status === 'maintenance') return { kind: 'maintenance' };
	if (status === 'error') {
		return { kind: 'error', slug: typeof envelope.slug === 'string' ? envelope.slug : undefined, message };
	}
	throw new MalformedAnswerError(`unknown status "${String(envelope.status).slice(0, 40)}"`);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

function decrypt(text: string, date: string, privateKey: string): string | undefined {
	try {
		return decryptBody(text, date, privateKey);
	} catch {
		return undefined;
	}
}

/** Parses a raw answer body (text, or an object already parsed by the HTTP client). */
export function readAnswer(body: unknown, date: string, privateKey: string): Ar24Answer {
	if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return fromEnvelope(body);
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	const trimmed = text.trim();
	if (trimmed === '') throw new MalformedAnswerError('empty body');
	if (trimmed.startsWith('{')) {
		const parsed = parseJson(trimmed);
		if (!parsed.ok) throw new MalformedAnswerError('broken JSON');
		return fromEnvelope(parsed.value);
	}
	if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) throw new MalformedAnswerError('not base64');
	const plaintext = decrypt(trimmed, date, privateKey);
	if (plaintext === undefined) throw new MalformedAnswerError('decryption failed');
	const parsed = parseJson(plaintext);
	if (!parsed.ok) throw new MalformedAnswerError('decrypted text is not JSON');
	return fromEnvelope(parsed.value);
}
