/** Issue #16, items 1–4 at the library level: what consent evidence may rest on. */
import { clientAddress, isIP, parseTrustedProxies } from '../../../../lib/consent/clientAddress';
import { evidenceOfResponse, withdrawal } from '../../../../lib/consent/evidence';
import { claimOnce } from '../../../../lib/consent/oneAnswer';
import { mayDeliverLre } from '../../../../lib/consent/policy';
import { consentText } from '../../../../lib/consent/text';
import { createConsentToken, MAX_VALID_DAYS, verifyConsentToken } from '../../../../lib/consent/token';
import { createHmac } from 'node:crypto';

const NOW = Date.parse('2026-03-20T10:00:00Z');
const email = 'marie@example.org';
const accepted = { kind: 'lre-consent', decision: 'accepted', email, recordedAt: '2026-03-10T15:00:00+01:00' };
const individual = { email, status: 'individual' as const };

describe('item 4: LRE Send’s consent check fails closed', () => {
	it.each([
		[
			'a withdrawal with a French date',
			{ kind: 'lre-consent', decision: 'withdrawn', email, recordedAt: '13/03/2026' },
			/record 2 of 2 .*"recordedAt" "13\/03\/2026" is not an ISO 8601/,
		],
		[
			'a withdrawal with a capitalised decision',
			{ kind: 'lre-consent', decision: 'Withdrawn', email, recordedAt: '2026-03-13T09:00:00+01:00' },
			/record 2 of 2 .*"decision" "Withdrawn" is not one of/,
		],
		[
			'a withdrawal without kind',
			{ decision: 'withdrawn', email, recordedAt: '2026-03-13T09:00:00+01:00' },
			/record 2 of 2 .*"kind" is not "lre-consent"/,
		],
		[
			'a record without e-mail',
			{ kind: 'lre-consent', decision: 'withdrawn', recordedAt: '2026-03-13T09:00:00+01:00' },
			/record 2 of 2 .*has no "email"/,
		],
		[
			'a bare date without time or offset',
			{ ...accepted, decision: 'withdrawn', recordedAt: '2026-03-13' },
			/not an ISO 8601 date and time with offset/,
		],
		[
			'a text instead of a record',
			'Withdrawn by phone',
			/record 2 of 2 "Withdrawn by phone" cannot be read: it is not an object/,
		],
	])('an unreadable record for the address (%s) blocks the LRE, naming the record and why', (_what, bad, reason) => {
		const verdict = mayDeliverLre(individual, [accepted, bad], NOW);
		expect(verdict.allowed).toBe(false);
		expect(verdict.reason).toMatch(reason);
	});

	it('a future-dated acceptance does not beat a real withdrawal: it blocks, saying so', () => {
		const real = withdrawal(email, 'Marie', Date.parse('2026-03-15T10:00:00Z'), 'phone');
		const verdict = mayDeliverLre(
			individual,
			[accepted, real, { ...accepted, recordedAt: '2027-01-01T00:00:00+01:00' }],
			NOW,
		);
		expect(verdict.allowed).toBe(false);
		expect(verdict.reason).toMatch(/record 3 of 3 .* dated in the future \(2027-01-01T00:00:00\+01:00\)/);
	});

	it('records of other addresses are not this person’s and do not block; ties count as a withdrawal', () => {
		const other = { kind: 'lre-consent', decision: 'Withdrawn', email: 'paul@example.org', recordedAt: 'yesterday' };
		expect(mayDeliverLre(individual, [accepted, other], NOW).allowed).toBe(true);
		const sameInstant = { ...accepted, decision: 'withdrawn' };
		expect(mayDeliverLre(individual, [sameInstant, accepted], NOW).allowed).toBe(false);
		expect(mayDeliverLre(individual, [accepted, sameInstant], NOW).allowed).toBe(false);
	});

	it('keeps the two-argument call LRE Send makes (the clock defaults to now)', () => {
		expect(mayDeliverLre(individual, [accepted]).allowed).toBe(true);
		expect(
			mayDeliverLre(individual, [
				accepted,
				{ ...accepted, recordedAt: new Date(Date.now() + 86_400_000).toISOString() },
			]).allowed,
		).toBe(false);
	});
});

describe('item 3: the documented 90-day maximum', () => {
	const fields = { email, name: 'Marie', status: 'individual' as const, sender: 'ACME', lang: 'fr' as const };
	it('Create Invite cannot make a link valid for more than 90 days', () => {
		expect(() => createConsentToken('k', fields, 365)).toThrow(/1 to 90 days/);
		expect(verifyConsentToken('k', createConsentToken('k', fields, MAX_VALID_DAYS, NOW).token, NOW).ok).toBe(true);
	});

	it('a correctly signed 365-day token is refused', () => {
		const iat = Math.floor(NOW / 1000);
		const body = Buffer.from(JSON.stringify({ id: 'x', ...fields, iat, exp: iat + 365 * 86_400 })).toString(
			'base64url',
		);
		const signature = createHmac('sha256', 'k').update(`lre-consent:v1:${body}`).digest('base64url');
		expect(verifyConsentToken('k', `${body}.${signature}`, NOW)).toEqual({ ok: false, reason: 'too-long' });
	});
});

describe('item 1: the recorded IP is measured, not told', () => {
	it('with no trusted proxy, the socket address is recorded and X-Forwarded-For is ignored', () => {
		expect(clientAddress('::ffff:198.51.100.9', '203.0.113.7', [])).toEqual({
			ip: '198.51.100.9',
			ipSource: 'socket',
			socketAddress: '198.51.100.9',
			via: [],
		});
	});

	it('a trusted proxy’s X-Forwarded-For is read from the right, and a client cannot prepend its own', () => {
		const { entries } = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
		expect(clientAddress('127.0.0.1', '1.1.1.1, 203.0.113.7, 10.1.2.3', entries)).toEqual({
			ip: '203.0.113.7',
			ipSource: 'x-forwarded-for',
			socketAddress: '127.0.0.1',
			via: ['10.1.2.3', '127.0.0.1'],
		});
		// Not from a trusted proxy: ignored.
		expect(clientAddress('198.51.100.9', '203.0.113.7', entries).ip).toBe('198.51.100.9');
		// A malformed entry stops the walk at the proxy that gave it.
		expect(clientAddress('127.0.0.1', 'not-an-ip', entries)).toMatchObject({ ip: '127.0.0.1', ipSource: 'socket' });
	});

	it('says which trusted-proxy entries are not addresses; knows IPv4 and IPv6', () => {
		expect(parseTrustedProxies('127.0.0.1 ::1 nginx 10.0.0.0/99')).toEqual({
			entries: ['127.0.0.1', '::1'],
			invalid: ['nginx', '10.0.0.0/99'],
		});
		expect([
			isIP('192.168.0.1'),
			isIP('2001:db8::1'),
			isIP('::ffff:1.2.3.4'),
			isIP('1.2.3.256'),
			isIP('1:2:3:4:5:6:7:8:9'),
			isIP(''),
		]).toEqual([4, 6, 6, 0, 0, 0]);
	});

	it('the evidence records the address and how it was measured — or that it was not', () => {
		const { payload } = createConsentToken(
			'k',
			{ email, name: 'Marie', status: 'individual', sender: 'ACME', lang: 'fr' },
			14,
			NOW,
		);
		const text = consentText('fr', 'ACME', email);
		const measured = evidenceOfResponse(payload, text, {
			decision: 'accepted',
			at: NOW,
			client: clientAddress('198.51.100.9', undefined, []),
		});
		expect(measured).toMatchObject({ ip: '198.51.100.9', ipSource: 'socket', socketAddress: '198.51.100.9' });
		expect(evidenceOfResponse(payload, text, { decision: 'accepted', at: NOW })).toMatchObject({
			ip: '',
			ipSource: 'not-measured',
		});
	});
});

describe('item 2: one answer per invitation, also at once', () => {
	it('six simultaneous claims of one token over a read-then-write store: exactly one wins', async () => {
		// A store as n8n's de-duplication helper is: it reads, waits for the database, then writes.
		const stored = new Set<string>();
		const readThenWrite = async (id: string) => {
			const seen = stored.has(id);
			await new Promise((r) => setTimeout(r, 20));
			stored.add(id);
			return !seen;
		};
		const results = await Promise.all(
			Array.from({ length: 6 }, () => claimOnce('wf:node', 'token-1', () => readThenWrite('token-1'))),
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		// Without the serialisation the same store lets all six through (what the issue saw).
		const naive = await Promise.all(Array.from({ length: 6 }, () => readThenWrite('token-2')));
		expect(naive.filter(Boolean).length).toBeGreaterThan(1);
	});

	it('a failed write claims nothing: the next answer may still be recorded', async () => {
		await expect(claimOnce('wf:node2', 't', async () => Promise.reject(new Error('db down')))).rejects.toThrow(
			'db down',
		);
		expect(await claimOnce('wf:node2', 't', async () => true)).toBe(true);
		expect(await claimOnce('wf:node2', 't', async () => true)).toBe(false);
	});
});
