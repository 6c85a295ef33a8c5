/**
 * Debtor Consent Invite and the switch of signing key (issue #19): consent links mailed while the node signed with its
 * AR24 credential stay valid once an LRE Signing Keys API credential is attached too; new links are signed with the new
 * key; a Maileva-only business (only the new credential) invites and records a consent; no secret appears in any
 * output or error. The node's credentials are per type, as n8n keeps them (nodes/shared/webhookKey.ts).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { consentKey, createConsentToken, verifyConsentToken } from '../../../../lib/consent/token';
import { DebtorConsentInvite } from '../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import {
	FAKE_AR24_CREDENTIALS,
	failureOf,
	fakeContext,
	processedStore,
	type ProcessedStore,
} from '../../../helpers/n8nContext';

const AR24 = { ...FAKE_AR24_CREDENTIALS };
const KEYS = {
	consentSecret: 'Zm9vYmFyLWNvbnNlbnQtc2VjcmV0LTAxMjM0NTY3',
	webhookSecret: 'webhook-secret-0123456789ab',
};
const OLD_KEY = consentKey(String(AR24.privateKey));
const SECRETS = [KEYS.consentSecret, KEYS.webhookSecret, OLD_KEY, String(AR24.privateKey), String(AR24.apiToken)];

type Attached = { ar24Api?: Record<string, unknown>; lreSigningKeysApi?: Record<string, unknown> };

/** Runs the node with exactly these credentials attached; a type not attached is refused, as n8n refuses it. */
async function run(
	attached: Attached,
	parameters: Record<string, unknown>,
	processed: ProcessedStore = processedStore(),
): Promise<INodeExecutionData[]> {
	const context = fakeContext({
		credentials: AR24,
		parameters,
		processed,
		node: {
			credentials: Object.fromEntries(Object.keys(attached).map((type) => [type, { id: `${type}-1`, name: type }])),
		},
	});
	context.getCredentials = (async (type: keyof Attached) => {
		const data = attached[type];
		if (!data) throw new Error('Node does not require credentials');
		return data;
	}) as unknown as IExecuteFunctions['getCredentials'];
	const [out] = await new DebtorConsentInvite().execute.call(context);
	return out;
}

const fields = { email: 'marie@example.org', name: 'Marie Durand', status: 'individual' as const, sender: 'ACME' };
const invite = (attached: Attached) =>
	run(attached, {
		operation: 'createInvite',
		debtorName: fields.name,
		debtorEmail: fields.email,
		debtorType: 'individual',
		senderName: fields.sender,
		pageUrl: 'https://n8n.example.com/webhook/lre-consent',
		language: 'fr',
		validDays: 14,
	});
const page = (attached: Attached, token: string) =>
	run(attached, { operation: 'renderPage', token, actionUrl: 'https://n8n.example.com/webhook/lre-consent' });
const record = (attached: Attached, token: string, processed?: ProcessedStore) =>
	run(
		attached,
		{
			operation: 'recordResponse',
			token,
			decision: 'accept',
			clientAddress: { ip: '203.0.113.7', ipSource: 'socket', socketAddress: '203.0.113.7', via: [] },
			userAgent: 'Firefox',
			previousRecords: '[]',
		},
		processed,
	);
const check = (evidence: unknown) =>
	run({}, { operation: 'check', debtorEmail: fields.email, debtorType: 'individual', evidence: [evidence] });

function expectNoSecret(value: unknown) {
	const text = value instanceof Error ? `${value.message} ${(value as { description?: string }).description}` : '';
	const json = `${text} ${JSON.stringify(value)}`;
	for (const secret of SECRETS) expect(json).not.toContain(secret);
}

describe('Debtor Consent Invite: the switch to the LRE Signing Keys API credential', () => {
	it('a link mailed under the AR24 key stays valid after the new credential is attached: page and answer', async () => {
		const [old] = await invite({ ar24Api: AR24 });
		const token = String(old.json.token);
		expect(verifyConsentToken(OLD_KEY, token).ok).toBe(true);
		const both = { ar24Api: AR24, lreSigningKeysApi: KEYS };
		expect((await page(both, token))[0].json).toMatchObject({ valid: true, inviteId: old.json.inviteId });
		const [answered] = await record(both, token);
		expect(answered.json.consent).toMatchObject({ decision: 'accepted', email: fields.email });
		expect((await check(answered.json.consent))[0].json).toMatchObject({ allowed: true });
		expectNoSecret([old, answered]);
	});

	it('with both attached a new link is signed with the new key, not the AR24 one', async () => {
		const [fresh] = await invite({ ar24Api: AR24, lreSigningKeysApi: KEYS });
		const token = String(fresh.json.token);
		expect(verifyConsentToken(KEYS.consentSecret, token).ok).toBe(true);
		expect(verifyConsentToken(OLD_KEY, token)).toEqual({ ok: false, reason: 'forged' });
		expectNoSecret(fresh);
	});

	it('a link signed with the new key is refused by a node that has only the AR24 credential', async () => {
		const { token } = createConsentToken(KEYS.consentSecret, { ...fields, lang: 'fr' }, 14);
		expect((await page({ ar24Api: AR24 }, token))[0].json).toMatchObject({ valid: false, reason: 'forged' });
		const error = await failureOf(record({ ar24Api: AR24 }, token));
		expect(error.message).toBe(
			'Item 0: "Token" was not signed with the credentials of this node (forged, altered, or signed with a credential not attached here)',
		);
		expectNoSecret(error);
	});

	it('a forged link is refused with both attached', async () => {
		const { token } = createConsentToken('forger-key-0123456789abcdef', { ...fields, lang: 'fr' }, 14);
		const both = { ar24Api: AR24, lreSigningKeysApi: KEYS };
		expect((await page(both, token))[0].json).toMatchObject({ valid: false, reason: 'forged' });
		expect((await failureOf(record(both, token))).message).toContain('was not signed with the credentials');
	});

	it('Maileva only (no AR24 credential): invites, shows the page, records the consent, and Check allows the LRE', async () => {
		const only = { lreSigningKeysApi: KEYS };
		const [invited] = await invite(only);
		const token = String(invited.json.token);
		expect(verifyConsentToken(KEYS.consentSecret, token).ok).toBe(true);
		expect((await page(only, token))[0].json).toMatchObject({ valid: true, language: 'fr' });
		const store = processedStore();
		const [answered] = await record(only, token, store);
		expect(answered.json.consent).toMatchObject({ kind: 'lre-consent', decision: 'accepted', email: fields.email });
		expect((await check(answered.json.consent))[0].json).toMatchObject({ allowed: true });
		// Still one answer per invitation.
		expect((await failureOf(record(only, token, store))).message).toContain('was already answered');
		expectNoSecret([invited, answered]);
	});

	it('neither credential: Create Invite fails naming the credential to attach; Check and Withdraw need none', async () => {
		const error = await failureOf(invite({}));
		expect(error.message).toBe(
			'Item 0: No key to sign or check consent links: attach an LRE Signing Keys API credential to this node',
		);
		expect(error.context.itemIndex).toBe(0);
		expect(
			(await run({}, { operation: 'withdraw', debtorEmail: fields.email, debtorName: 'Marie', reason: '' }))[0].json,
		).toMatchObject({ consent: { decision: 'withdrawn' } });
	});
});
