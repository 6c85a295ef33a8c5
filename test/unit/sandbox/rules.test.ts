import { parseDuration, SandboxClock } from '../../../sandbox/clock';
import { negligenceDeadline } from '../../../sandbox/engine';
import { outcomeFromAddress } from '../../../sandbox/outcomes';
import { totp, verifyTotp } from '../../../lib/otp/totp';
import { parisDate } from '../../../lib/ar24/protocol';

describe('sandbox address rules', () => {
	it.each([
		['jean@example.org', 'accept', 2 * 3600_000],
		['jean+refuse@example.org', 'refuse', 86_400_000],
		['jean+ignore@example.org', 'negligence', 0],
		['jean+negligence@example.org', 'negligence', 0],
		['jean+bounce-10s@example.org', 'bounce', 10_000],
		['jean+accept-3d@example.org', 'accept', 3 * 86_400_000],
		['jean+hold@example.org', 'hold', 0],
		['jean+unknowntag@example.org', 'accept', 2 * 3600_000],
	])('%s → %s after %d ms', (email, outcome, delayMs) => {
		expect(outcomeFromAddress(email, 'accept')).toEqual({ outcome, delayMs });
	});
});

describe('negligence deadline', () => {
	it('ends at Paris midnight 15 days after the day following presentation', () => {
		// Presented 2026-03-10 at 15:00 Paris → window runs 11..25 March → negligence at 26 March 00:00 Paris.
		const presented = Date.parse('2026-03-10T14:00:00Z');
		expect(parisDate(new Date(negligenceDeadline(presented)))).toBe('2026-03-26 00:00:00');
	});
});

describe('sandbox clock', () => {
	it('runs scaled and moves forward on demand', () => {
		let real = 1_000_000;
		const clock = new SandboxClock(10, 500, () => real);
		expect(clock.now()).toBe(1_000_500);
		real += 1000;
		expect(clock.now()).toBe(1_010_500);
		clock.advance(parseDuration('2h') as number);
		expect(clock.now()).toBe(1_010_500 + 7_200_000);
		expect(clock.offsetMs()).toBe(clock.now() - real);
	});

	it.each([
		['90', 90_000],
		['15m', 900_000],
		['16d', 16 * 86_400_000],
		['soon', undefined],
	])('parses the duration %p', (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});
});

describe('TOTP', () => {
	it('matches the RFC 6238 SHA-1 test vector (59 s → 287082, 6 digits)', () => {
		// RFC 6238 appendix B: key "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), T=59 → 94287082.
		expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
		expect(verifyTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '287082', 59_000)).toBe(true);
		expect(verifyTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '287083', 59_000)).toBe(false);
	});
});
