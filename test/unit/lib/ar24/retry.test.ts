import { parseRetryAfter, retryDelay, type AttemptFailure } from '../../../../lib/ar24/retry';

const refused: AttemptFailure = { kind: 'network', code: 'ECONNREFUSED' };
const timeout: AttemptFailure = { kind: 'network', code: 'ETIMEDOUT' };
const http500: AttemptFailure = { kind: 'http', status: 500 };
const http429: AttemptFailure = { kind: 'http', status: 429, retryAfterSeconds: 5 };
const http404: AttemptFailure = { kind: 'http', status: 404 };

describe('retryDelay', () => {
	it.each([
		['GET', timeout, true],
		['GET', http500, true],
		['GET', { kind: 'malformed' } as AttemptFailure, true],
		['GET', { kind: 'maintenance' } as AttemptFailure, true],
		['GET', http404, false],
		['POST', refused, true],
		['POST', http429, true],
		['POST', { kind: 'maintenance' } as AttemptFailure, true],
		['POST', timeout, false],
		['POST', http500, false],
		['POST', { kind: 'malformed' } as AttemptFailure, false],
	])('%s after %j retries: %s', (method, failure, expected) => {
		expect(retryDelay(method as 'GET' | 'POST', failure, 1) !== undefined).toBe(expected);
	});

	it('backs off exponentially and stops after the last retry', () => {
		expect([1, 2, 3].map((n) => retryDelay('GET', http500, n))).toEqual([300, 600, 1200]);
		expect(retryDelay('GET', http500, 4)).toBeUndefined();
	});

	it('waits at least what Retry-After asks, within the cap', () => {
		expect(retryDelay('POST', http429, 1)).toBe(5000);
		expect(retryDelay('POST', { kind: 'http', status: 429, retryAfterSeconds: 3600 }, 1)).toBe(30_000);
	});

	it('parses Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('7')).toBe(7);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10);
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});
