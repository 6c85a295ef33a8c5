/**
 * Issue #16 item 1 in n8n 2.41: n8n's Respond to Webhook node answers only n8n's own webhook nodes, so the Debtor
 * Consent Answer Trigger answers the consent page itself — n8n's "last node" mode with the `html` of the last node —
 * and gives the page for a refused answer, in the link's language. (The real n8n run: test/e2e/security.e2e.test.ts.)
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { DebtorConsentTrigger } from '../../nodes/DebtorConsentTrigger/DebtorConsentTrigger.node';
import { pageLanguage } from '../../nodes/DebtorConsentTrigger/pageLanguage';
import { consentKey, createConsentToken } from '../../lib/consent/token';

function context(body: Record<string, unknown>): IWebhookFunctions {
	return {
		getRequestObject: () => ({ socket: { remoteAddress: '127.0.0.1' }, headers: {} }),
		getResponseObject: () => ({}),
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getHeaderData: () => ({}),
		getParamsData: () => ({}),
		getQueryData: () => ({}),
		getBodyData: () => body,
	} as unknown as IWebhookFunctions;
}

const token = (lang: 'fr' | 'en') =>
	createConsentToken(
		consentKey('pk'),
		{ email: 'marie@example.org', name: 'Marie', status: 'individual', sender: 'ACME', lang },
		14,
	).token;

it('answers the page itself once the workflow has run: the html field of the last node, as an HTML page', () => {
	const [webhook] = new DebtorConsentTrigger().description.webhooks ?? [];
	expect(webhook).toMatchObject({
		httpMethod: 'POST',
		responseMode: 'lastNode',
		responseData: 'firstEntryJson',
		responsePropertyName: 'html',
		responseContentType: 'text/html; charset=utf-8',
	});
});

it.each([
	['fr', 'Lien non valable'],
	['en', 'Link not valid'],
] as const)('gives the refusal page in the language of the link (%s)', async (lang, title) => {
	const result = await new DebtorConsentTrigger().webhook.call(context({ token: token(lang), decision: 'accept' }));
	const json = result.workflowData?.[0][0].json as Record<string, unknown>;
	expect(json.refusedPage).toContain(`<h1>${title}</h1>`);
	expect(json.client).toMatchObject({ ip: '127.0.0.1', ipSource: 'socket' });
});

it.each([
	undefined,
	'',
	'garbage',
	'a.b',
	'!!!.x',
	`${Buffer.from('{"lang":"de"}').toString('base64url')}.sig`,
	'x'.repeat(5000),
])('a token it cannot read (%p) gets the French refusal page', (value) => {
	expect(pageLanguage(value)).toBe('fr');
});
