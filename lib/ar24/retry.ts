/**
 * When to try an AR24 call again. Reads (GET) are safe to repeat. A write (POST) is repeated only when AR24
 * certainly did nothing: the connection was refused, AR24 said it is rate limiting or in maintenance. A timeout,
 * a 5xx or a garbled answer to a POST may hide a letter that was created: it is not retried here — exactly-once
 * comes from LRE Send looking up the reference before sending.
 */
export type AttemptFailure =
	| { kind: 'network'; code?: string }
	| { kind: 'http'; status: number; retryAfterSeconds?: number }
	| { kind: 'maintenance' }
	| { kind: 'malformed' };

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 30_000 };

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Whether AR24 certainly did not act on the request. */
export function certainlyNotProcessed(failure: AttemptFailure): boolean {
	if (failure.kind === 'maintenance') return true;
	if (failure.kind === 'network') return failure.code !== undefined && NOT_CONNECTED.has(failure.code);
	if (failure.kind === 'http') return failure.status === 429;
	return false;
}

/** Milliseconds to wait before retry number `retry` (1-based), or `undefined` when not to retry. */
export function retryDelay(
	method: 'GET' | 'POST',
	failure: AttemptFailure,
	retry: number,
	policy: RetryPolicy = DEFAULT_RETRY,
): number | undefined {
	if (retry > policy.maxRetries) return undefined;
	const transient = failure.kind !== 'http' || RETRY_STATUS.has(failure.status);
	if (!transient) return undefined;
	if (method === 'POST' && !certainlyNotProcessed(failure)) return undefined;
	const backoff = policy.baseDelayMs * 2 ** (retry - 1);
	const asked =
		failure.kind === 'http' && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
	return Math.min(Math.max(backoff, asked), policy.maxDelayMs);
}

/** `Retry-After` as seconds (delta or HTTP date), or undefined. */
export function parseRetryAfter(value: unknown, nowMs: number = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}
