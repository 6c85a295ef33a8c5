/** Debtor Consent Invite → Create Invite (nodes/DebtorConsentInvite/actions/createInvite.operation.ts). */
import { DebtorConsentInvite } from '../../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { consentKey, verifyConsentToken } from '../../../../../lib/consent/token';
import { FAKE_AR24_CREDENTIALS, failureOf, runNode } from '../../../../helpers/n8nContext';

const parameters = (overrides: Record<string, unknown> = {}) => ({
	operation: 'createInvite',
	debtorName: 'Marie Durand',
	debtorEmail: (i: number) => `marie${i}@example.org`,
	debtorType: 'individual',
	senderName: 'Atelier Lefèvre',
	pageUrl: 'https://n8n.example.com/webhook/lre-consent',
	language: 'fr',
	validDays: 14,
	...overrides,
});
const run = (params: Record<string, unknown>, items = 1, continueOnFail = false) =>
	runNode(new DebtorConsentInvite(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: params,
		items: Array.from({ length: items }, () => ({ json: {} })),
		continueOnFail,
	});

describe('Debtor Consent Invite → Create Invite', () => {
	it('makes one signed link per item, valid Link Valid For days, with the consent text and a ready email, paired', async () => {
		const before = Date.now();
		const { out } = await run(parameters({ validDays: 3 }), 2);
		expect(out.map((item) => [item.pairedItem, (item.json.debtor as { email: string }).email])).toEqual([
			[{ item: 0 }, 'marie0@example.org'],
			[{ item: 1 }, 'marie1@example.org'],
		]);
		const invite = out[0].json as {
			consentUrl: string;
			token: string;
			inviteId: string;
			expiresAt: string;
			consentText: { text: string };
			email: { to: string };
		};
		const link = new URL(invite.consentUrl);
		expect(link.origin + link.pathname).toBe('https://n8n.example.com/webhook/lre-consent');
		expect(link.searchParams.get('token')).toBe(invite.token);
		const check = verifyConsentToken(consentKey(String(FAKE_AR24_CREDENTIALS.privateKey)), invite.token);
		expect(check.ok && check.payload).toMatchObject({
			email: 'marie0@example.org',
			name: 'Marie Durand',
			status: 'individual',
			sender: 'Atelier Lefèvre',
			lang: 'fr',
			id: invite.inviteId,
		});
		const days = (Date.parse(invite.expiresAt) - before) / 86_400_000;
		expect(days).toBeGreaterThan(2.99);
		expect(days).toBeLessThan(3.01);
		expect(invite.consentText).toMatchObject({ language: 'fr', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(invite.consentText.text).toContain('Atelier Lefèvre');
		expect(invite.email.to).toBe('marie0@example.org');
		expect(JSON.stringify(invite.email)).toContain(invite.consentUrl.replace(/&/g, '&amp;').slice(0, 40));
	});

	it('a token signed with another credential does not verify', async () => {
		const { out } = await run(parameters());
		expect(verifyConsentToken(consentKey('another private key'), String(out[0].json.token)).ok).toBe(false);
	});

	it('errors name the item and the field', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ debtorEmail: 'marie.example.org' }, /^Item 0: "Debtor Email"/],
			[{ pageUrl: 'ftp://example.org/x' }, /^Item 0: "Consent Page URL" is not an http\(s\) URL/],
			[{ validDays: 91 }, /^Item 0: "Link Valid For \(Days\)" must be a whole number of days from 1 to 90/],
			[{ language: 'de' }, /^Item 0: "Language" must be "fr" or "en"/],
			[{ debtorName: ' ' }, /^Item 0: "Debtor Name"/],
		];
		for (const [overrides, message] of cases)
			expect((await failureOf(run(parameters(overrides)))).message).toMatch(message);
	});

	it('Continue On Fail: a bad item becomes an error item, the others get their link', async () => {
		const { out } = await run(
			parameters({ debtorEmail: (i: number) => (i === 1 ? 'nope' : `m${i}@example.org`) }),
			3,
			true,
		);
		expect(out.map((item) => (item.json.error ? `error ${JSON.stringify(item.pairedItem)}` : 'link'))).toEqual([
			'link',
			'error {"item":1}',
			'link',
		]);
	});
});
