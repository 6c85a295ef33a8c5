/** Debtor Consent Invite end to end in-process: invite → page → answer → evidence → Check → LRE Send. */
import type { INodeExecutionData } from 'n8n-workflow';
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../helpers/n8nContext';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { withDedupStore } from './security.helpers';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;
const staticData: Record<string, unknown> = {};
const store = new Map<string, string[]>();

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	credentials = sandboxCredentials(sbx);
});
afterAll(() => sbx.close());

async function consent(parameters: Record<string, unknown>, items: INodeExecutionData[] = [{ json: {} }]) {
	const [out] = await new DebtorConsentInvite().execute.call(
		withDedupStore(fakeContext({ credentials, parameters, items, staticData }), store),
	);
	return out;
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

const invite = (email: string) =>
	consent({
		operation: 'createInvite',
		debtorName: 'Marie Durand',
		debtorEmail: email,
		debtorType: 'individual',
		senderName: 'ACME Industries SAS',
		pageUrl: 'https://n8n.example.com/webhook/lre-consent',
		language: 'fr',
		validDays: 14,
	});

const answer = (token: unknown, decision: string, previousRecords: unknown = []) =>
	consent({
		operation: 'recordResponse',
		token,
		decision,
		clientAddress: { ip: '203.0.113.7', ipSource: 'socket', socketAddress: '203.0.113.7', via: [] },
		userAgent: 'Mozilla/5.0 (iPhone)',
		previousRecords,
	});

describe('Debtor Consent Invite', () => {
	let token: string;
	let evidence: Record<string, unknown>;

	it('creates an invite: signed link, exact text with version and hash, ready e-mail', async () => {
		const [item] = await invite('marie.durand+accept@example.org');
		token = String(item.json.token);
		expect(item.json.consentUrl).toBe(`https://n8n.example.com/webhook/lre-consent?token=${encodeURIComponent(token)}`);
		expect(item.json.consentText).toMatchObject({
			language: 'fr',
			version: 'fr-2026-1',
			sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(item.json.email).toMatchObject({
			to: 'marie.durand+accept@example.org',
			subject: expect.any(String),
			html: expect.stringContaining('lre-consent?token='),
		});
		expect(item.json.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
	});

	it('renders the consent page for the token, and a "not valid" page for a forged one', async () => {
		const [page] = await consent({
			operation: 'renderPage',
			token,
			actionUrl: 'https://n8n.example.com/webhook/lre-consent',
		});
		expect(page.json).toMatchObject({ valid: true, language: 'fr' });
		expect(String(page.json.html)).toContain('Marie Durand');
		expect(String(page.json.html)).toContain('value="accept"');
		const [bad] = await consent({
			operation: 'renderPage',
			token: `${token}x`,
			actionUrl: 'https://n8n.example.com/webhook/lre-consent',
		});
		expect(bad.json).toMatchObject({ valid: false, reason: 'forged' });
	});

	it('records the answer as evidence, and refuses the same token a second time', async () => {
		const [item] = await answer(token, 'accept');
		evidence = item.json.consent as Record<string, unknown>;
		expect(evidence).toMatchObject({
			kind: 'lre-consent',
			decision: 'accepted',
			email: 'marie.durand+accept@example.org',
			ip: '203.0.113.7',
			userAgent: 'Mozilla/5.0 (iPhone)',
		});
		expect(String(item.json.html)).toContain('Merci');
		const reused = await failure(answer(token, 'decline'));
		expect(reused.message).toBe('Item 0: "Token" was already answered: each invitation records one answer');
		// Also refused when the stored records show it (another workflow, static data lost).
		const [fresh] = await invite('someone@example.org');
		const shown = await failure(
			answer(fresh.json.token, 'accept', [{ ...evidence, tokenId: tokenId(String(fresh.json.token)) }]),
		);
		expect(shown.message).toContain('was already answered');
	});

	it.each([
		['a forged token', 'abc.def', 'was not signed with the credentials of this node'],
		['a malformed token', 'nope', 'is not a consent token'],
	])('refuses %s with a clear error', async (_what, bad, message) => {
		const error = await failure(answer(bad, 'accept'));
		expect(error.message).toContain(message);
		expect(error.description).toContain('Nothing was recorded');
	});

	it('answers Check, and Withdraw makes it answer no', async () => {
		const check = (records: unknown[]) =>
			consent({
				operation: 'check',
				debtorEmail: 'marie.durand+accept@example.org',
				debtorType: 'individual',
				evidence: records,
			});
		expect((await check([evidence]))[0].json).toMatchObject({ allowed: true });
		expect((await check([]))[0].json).toMatchObject({ allowed: false });
		const [withdrawn] = await consent({
			operation: 'withdraw',
			debtorEmail: 'marie.durand+accept@example.org',
			debtorName: 'Marie Durand',
			reason: 'phone',
		});
		expect((await check([evidence, withdrawn.json.consent]))[0].json).toMatchObject({ allowed: false });
	});

	it('its evidence is what LRE Send accepts: the individual with consent gets the letter, the other none', async () => {
		const send = (email: string, records: unknown) =>
			new LreSend().execute.call(
				fakeContext({
					credentials,
					parameters: {
						resource: 'letter',
						operation: 'send',
						letterType: 'lre',
						reference: `CONSENT-${email}`,
						recipientEmail: email,
						debtorType: 'individual',
						recipientFirstName: 'Marie',
						recipientLastName: 'Durand',
						consentEvidence: records,
						eidasAuthentication: 'otpCode',
						otpCode: '123456',
						content: 'Mise en demeure',
						attachmentProperties: '',
						additionalFields: {},
						options: {},
					},
				}),
			);
		const [[sent]] = await send('marie.durand+accept@example.org', evidence);
		expect(sent.json).toMatchObject({ type: 'lre', alreadySent: false });
		const before = (await control<unknown[]>(sbx.url(), 'GET', '/requests')).length;
		const refused = await failure(send('paul.petit@example.org', []));
		expect(refused.message).toContain('"Consent Evidence" does not allow a qualified LRE');
		expect((await control<unknown[]>(sbx.url(), 'GET', '/requests')).length).toBe(before);
	});
});

function tokenId(token: string): string {
	const [body] = token.split('.');
	return (JSON.parse(Buffer.from(body, 'base64url').toString()) as { id: string }).id;
}
