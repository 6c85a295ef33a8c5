import { evidenceOfResponse, parseEvidence, withdrawal } from '../../../../lib/consent/evidence';
import { consentPage, escapeHtml, invitationEmail } from '../../../../lib/consent/page';
import { mayDeliverLre } from '../../../../lib/consent/policy';
import { consentText } from '../../../../lib/consent/text';
import { consentKey, createConsentToken, verifyConsentToken } from '../../../../lib/consent/token';

const KEY = consentKey('private-key');
const fields = {
	email: 'marie@example.org',
	name: 'Marie Durand',
	status: 'individual' as const,
	sender: 'ACME SAS',
	lang: 'fr' as const,
};

describe('consent token', () => {
	it('verifies a fresh token and gives back who was asked', () => {
		const { token, payload } = createConsentToken(KEY, fields, 14);
		const check = verifyConsentToken(KEY, token);
		expect(check).toEqual({ ok: true, payload });
		expect(payload.exp - payload.iat).toBe(14 * 86_400);
	});

	it('accepts a token signed with any of the keys given (a switch of credential), and says why when none fits', () => {
		const NEW = 'new-consent-secret-0123456789';
		const old = createConsentToken(KEY, fields, 14);
		const fresh = createConsentToken(NEW, fields, 14);
		expect(verifyConsentToken([NEW, KEY], old.token)).toEqual({ ok: true, payload: old.payload });
		expect(verifyConsentToken([NEW, KEY], fresh.token)).toEqual({ ok: true, payload: fresh.payload });
		expect(verifyConsentToken([KEY], fresh.token)).toEqual({ ok: false, reason: 'forged' });
		expect(verifyConsentToken([NEW], old.token)).toEqual({ ok: false, reason: 'forged' });
		expect(verifyConsentToken([], old.token)).toEqual({ ok: false, reason: 'forged' });
		// Signed with one of the keys but expired: expired, not forged.
		const now = Date.parse('2026-03-01T10:00:00Z');
		const expired = createConsentToken(KEY, fields, 1, now);
		expect(verifyConsentToken([NEW, KEY], expired.token, now + 2 * 86_400_000)).toEqual({
			ok: false,
			reason: 'expired',
		});
		// An empty key is never a key.
		expect(verifyConsentToken(['', NEW], createConsentToken('', fields, 14).token)).toEqual({
			ok: false,
			reason: 'forged',
		});
	});

	it('refuses an expired token', () => {
		const now = Date.parse('2026-03-01T10:00:00Z');
		const { token } = createConsentToken(KEY, fields, 1, now);
		expect(verifyConsentToken(KEY, token, now + 86_399_000).ok).toBe(true);
		expect(verifyConsentToken(KEY, token, now + 86_401_000)).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a token signed with another key, or whose payload was altered', () => {
		const { token } = createConsentToken(KEY, fields, 14);
		expect(verifyConsentToken(consentKey('other'), token)).toEqual({ ok: false, reason: 'forged' });
		const [body, signature] = token.split('.');
		const altered = Buffer.from(Buffer.from(body, 'base64url').toString().replace('marie@', 'mallory@')).toString(
			'base64url',
		);
		expect(verifyConsentToken(KEY, `${altered}.${signature}`)).toEqual({ ok: false, reason: 'forged' });
	});

	it.each([undefined, '', 'abc', 'a.b.c', 42])('calls %p malformed', (token) => {
		expect(verifyConsentToken(KEY, token)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('gives each invitation its own id', () => {
		expect(createConsentToken(KEY, fields, 1).payload.id).not.toBe(createConsentToken(KEY, fields, 1).payload.id);
	});
});

describe('consent text and evidence', () => {
	it('has a version and a SHA-256 that changes with the wording', () => {
		const fr = consentText('fr', 'ACME SAS', 'marie@example.org');
		const en = consentText('en', 'ACME SAS', 'marie@example.org');
		expect(fr.version).toBe('fr-2026-1');
		expect(fr.body).toContain('L100');
		expect(fr.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(fr.sha256).not.toBe(en.sha256);
		expect(consentText('fr', 'ACME SAS', 'other@example.org').sha256).not.toBe(fr.sha256);
	});

	it('records who, which address, what, when (with time zone), from where, and which invitation', () => {
		const { payload } = createConsentToken(KEY, fields, 14);
		const text = consentText('fr', 'ACME SAS', 'marie@example.org');
		const at = Date.parse('2026-03-10T14:00:00Z');
		const evidence = evidenceOfResponse(payload, text, {
			decision: 'accepted',
			at,
			client: { ip: '203.0.113.7', ipSource: 'socket', socketAddress: '203.0.113.7', via: [] },
			userAgent: 'Mozilla/5.0',
		});
		expect(evidence).toMatchObject({
			kind: 'lre-consent',
			decision: 'accepted',
			email: 'marie@example.org',
			name: 'Marie Durand',
			recordedAt: '2026-03-10T15:00:00+01:00',
			ip: '203.0.113.7',
			ipSource: 'socket',
			userAgent: 'Mozilla/5.0',
			consentTextVersion: 'fr-2026-1',
			consentTextSha256: text.sha256,
			tokenId: payload.id,
			channel: 'consent-page',
		});
		expect(parseEvidence(evidence)).toEqual({ evidence });
	});
});

describe('may we send an LRE? (Check)', () => {
	const accepted = {
		kind: 'lre-consent',
		decision: 'accepted',
		email: 'marie@example.org',
		recordedAt: '2026-03-10T15:00:00+01:00',
	};
	it.each([
		['a professional, without any consent', 'professional', 'x@corp.example', [], true],
		['an individual without consent', 'individual', 'marie@example.org', [], false],
		['an individual with an accepted consent', 'individual', 'marie@example.org', [accepted], true],
		['an individual whose address differs in case only', 'individual', 'Marie@Example.org', [accepted], true],
		['an individual who consented for another address', 'individual', 'marie.durand@example.org', [accepted], false],
		['an individual who declined', 'individual', 'marie@example.org', [{ ...accepted, decision: 'declined' }], false],
		[
			'an individual who later withdrew',
			'individual',
			'marie@example.org',
			[accepted, withdrawal('marie@example.org', 'Marie', Date.parse('2026-04-01T10:00:00Z'), 'phone')],
			false,
		],
		[
			'an individual who consented again after withdrawing',
			'individual',
			'marie@example.org',
			[withdrawal('marie@example.org', 'Marie', Date.parse('2026-01-01T10:00:00Z'), ''), accepted],
			true,
		],
		[
			'an individual with a record that is not a consent record',
			'individual',
			'marie@example.org',
			[{ decision: 'accepted', email: 'marie@example.org' }],
			false,
		],
	])('%s → %s', (_what, status, email, records, allowed) => {
		const verdict = mayDeliverLre({ email, status: status as 'individual' | 'professional' }, records);
		expect(verdict.allowed).toBe(allowed);
		expect(verdict.reason.length).toBeGreaterThan(10);
	});
});

describe('consent page and invitation', () => {
	it('escapes every value it shows', () => {
		const text = consentText('en', 'ACME <script>alert(1)</script>', 'a@b.example');
		const html = consentPage(text, 'tok"en', 'https://n8n.example/webhook/consent', '<img src=x onerror=alert(1)>');
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).toContain('value="tok&quot;en"');
		expect(html).toContain('name="viewport"');
		expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
	});

	it('writes an invitation with the link and the exact text', () => {
		const text = consentText('fr', 'ACME SAS', 'marie@example.org');
		const mail = invitationEmail(
			text,
			'https://n8n.example/webhook/consent?token=abc',
			'Marie',
			'2026-03-24T15:00:00+01:00',
		);
		expect(mail.subject).toContain('Consentement');
		expect(mail.text).toContain(text.body);
		expect(mail.text).toContain('https://n8n.example/webhook/consent?token=abc');
		expect(mail.html).toContain('href="https://n8n.example/webhook/consent?token=abc"');
	});
});
