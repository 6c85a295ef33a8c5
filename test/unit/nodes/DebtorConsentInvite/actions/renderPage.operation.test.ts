/** Debtor Consent Invite → Render Consent Page (nodes/DebtorConsentInvite/actions/renderPage.operation.ts). */
import { DebtorConsentInvite } from '../../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { consentKey, createConsentToken } from '../../../../../lib/consent/token';
import { FAKE_AR24_CREDENTIALS, failureOf, runNode } from '../../../../helpers/n8nContext';

const key = consentKey(String(FAKE_AR24_CREDENTIALS.privateKey));
const tokenFor = (signingKey = key, lang: 'fr' | 'en' = 'en') =>
	createConsentToken(
		signingKey,
		{ email: 'marie@example.org', name: 'Marie Durand', status: 'individual', sender: 'Atelier Lefèvre', lang },
		14,
	);
const render = (token: string, actionUrl = 'https://n8n.example.com/webhook/lre-consent') =>
	runNode(new DebtorConsentInvite(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: { operation: 'renderPage', token, actionUrl },
	});

describe('Debtor Consent Invite → Render Consent Page', () => {
	it("renders the page of a valid link: the person's name, the consent text, a form posting the token to Form Action URL", async () => {
		const { token, payload } = tokenFor();
		const { out } = await render(token);
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({ valid: true, inviteId: payload.id, language: 'en' });
		const html = String(out[0].json.html);
		expect(html).toContain('Marie Durand');
		expect(html).toContain('action="https://n8n.example.com/webhook/lre-consent"');
		expect(html).toContain(token);
	});

	it('a forged or malformed token gives the "link not valid" page, not the form', async () => {
		for (const [token, reason] of [
			[tokenFor('another key').token, 'forged'],
			['not-a-token', 'malformed'],
		]) {
			const { out } = await render(token);
			expect(out[0].json).toMatchObject({ valid: false, reason });
			expect(String(out[0].json.html)).not.toContain('<form');
		}
	});

	it('a Form Action URL that is not http(s) names the item and the field', async () => {
		expect((await failureOf(render(tokenFor().token, 'javascript:alert(1)'))).message).toMatch(
			/^Item 0: "Form Action URL" is not an http\(s\) URL/,
		);
	});
});
