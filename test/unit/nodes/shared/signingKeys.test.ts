/**
 * nodes/shared/webhookKey.ts: which key signs and which keys are accepted, from the credentials attached to the node
 * (LRE Signing Keys API, AR24 API, both, neither), and the LRE Signing Keys API credential's test. The contexts
 * answer `getCredentials` per type and refuse a type the node does not have, as n8n does.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, IExecuteFunctions, INode } from 'n8n-workflow';
import { consentKey } from '../../../../lib/consent/token';
import { webhookKey } from '../../../../lib/letter/webhookAuth';
import {
	credentialWebhookKey,
	credentialWebhookKeys,
	SIGNING_KEYS_CREDENTIAL,
	signingKeys,
	signingKeysCredential,
	testSigningKeys,
} from '../../../../nodes/shared/webhookKey';
import { FAKE_AR24_CREDENTIALS, failureOf, fakeContext, triggerContext } from '../../../helpers/n8nContext';

const KEYS = {
	consentSecret: 'consent-secret-0123456789abcdef',
	webhookSecret: 'webhook-secret-0123456789abcdef',
};
const AR24 = { ...FAKE_AR24_CREDENTIALS };
const OLD_CONSENT = consentKey(String(AR24.privateKey));
const OLD_WEBHOOK = webhookKey(String(AR24.privateKey));

/** An execute context whose node has exactly these credentials attached (none: `credentials` undefined). */
function withCredentials(byType: Record<string, Record<string, unknown>> | undefined): IExecuteFunctions {
	const node: Partial<INode> =
		byType === undefined
			? {}
			: {
					credentials: Object.fromEntries(Object.keys(byType).map((type) => [type, { id: `${type}-id`, name: type }])),
				};
	const context = fakeContext({ credentials: AR24, parameters: {}, node });
	context.getCredentials = (async (type: string) => {
		const data = byType?.[type];
		// n8n's own words for an optional credential that is not attached.
		if (!data) throw new Error('Node does not require credentials');
		return data;
	}) as IExecuteFunctions['getCredentials'];
	return context;
}

describe('signing keys from the credentials attached to the node', () => {
	it('only the LRE Signing Keys API credential: its secrets sign and are the only keys accepted', async () => {
		const context = withCredentials({ [SIGNING_KEYS_CREDENTIAL]: KEYS });
		expect(await signingKeys.call(context, 'consent', 0)).toEqual({
			signing: KEYS.consentSecret,
			accepted: [KEYS.consentSecret],
		});
		expect(await credentialWebhookKey.call(context, 0)).toBe(KEYS.webhookSecret);
		expect(await credentialWebhookKeys.call(context, 0)).toEqual([KEYS.webhookSecret]);
	});

	it('only the AR24 credential: its key, as before the new credential existed', async () => {
		const context = withCredentials({ ar24Api: AR24 });
		expect(await signingKeys.call(context, 'consent', 0)).toEqual({ signing: OLD_CONSENT, accepted: [OLD_CONSENT] });
		expect(await credentialWebhookKeys.call(context, 0)).toEqual([OLD_WEBHOOK]);
		const explicit = withCredentials({ ar24Api: { ...AR24, consentSecret: 'explicit-consent', webhookSecret: 'w' } });
		expect((await signingKeys.call(explicit, 'consent', 0)).signing).toBe('explicit-consent');
		expect((await signingKeys.call(explicit, 'webhook', 0)).signing).toBe('w');
	});

	it('both: the new credential signs, and both keys are accepted (the new one first)', async () => {
		const context = withCredentials({ ar24Api: AR24, [SIGNING_KEYS_CREDENTIAL]: KEYS });
		expect(await signingKeys.call(context, 'consent', 0)).toEqual({
			signing: KEYS.consentSecret,
			accepted: [KEYS.consentSecret, OLD_CONSENT],
		});
		expect(await credentialWebhookKey.call(context, 0)).toBe(KEYS.webhookSecret);
		expect(await credentialWebhookKeys.call(context, 0)).toEqual([KEYS.webhookSecret, OLD_WEBHOOK]);
	});

	it('the same secret in both credentials is one key, listed once', async () => {
		const context = withCredentials({
			ar24Api: { ...AR24, webhookSecret: KEYS.webhookSecret },
			[SIGNING_KEYS_CREDENTIAL]: KEYS,
		});
		expect(await credentialWebhookKeys.call(context, 0)).toEqual([KEYS.webhookSecret]);
	});

	it('neither attached: an error naming the credential to attach, item named, no key in it', async () => {
		for (const context of [withCredentials({}), withCredentials(undefined), withCredentials({ mailevaApi: {} })]) {
			const error = await failureOf(signingKeys.call(context, 'consent', 2));
			expect(error.message).toBe(
				'No key to sign or check consent links: attach an LRE Signing Keys API credential to this node',
			);
			expect(error.description).toContain('openssl rand -base64 32');
			expect(error.description).toContain('AR24 API credential');
			expect(error.context.itemIndex).toBe(2);
		}
		const webhook = await failureOf(credentialWebhookKey.call(withCredentials({}), 0));
		expect(webhook.message).toContain('LRE Trigger URLs');
	});

	it('a webhook or hook context (no items) reads the credentials the same way', async () => {
		const context = triggerContext({
			credentials: KEYS,
			parameters: {},
			node: { credentials: { [SIGNING_KEYS_CREDENTIAL]: { id: 'k', name: 'keys' } } },
		});
		expect(await credentialWebhookKeys.call(context)).toEqual([KEYS.webhookSecret]);
	});

	it('an empty or short secret in the new credential is refused by field name, never falls back, never quoted', async () => {
		for (const [secret, problem] of [
			['', 'is empty'],
			['   ', 'is empty'],
			['short-secret', 'is shorter than 16 characters'],
		]) {
			const context = withCredentials({
				ar24Api: AR24,
				[SIGNING_KEYS_CREDENTIAL]: { ...KEYS, consentSecret: secret },
			});
			const error = await failureOf(signingKeys.call(context, 'consent', 0));
			expect(error.message).toBe(`The Consent Secret of the LRE Signing Keys API credential ${problem}`);
			if (secret.trim()) expect(`${error.message} ${error.description}`).not.toContain(secret);
		}
	});

	it('the credential entry for lists built in code is optional and names no test function', () => {
		expect(signingKeysCredential).toEqual({ name: 'lreSigningKeysApi', required: false });
	});
});

describe("the LRE Signing Keys API credential's test", () => {
	const test = (data: Record<string, unknown>) =>
		testSigningKeys.call(
			{} as ICredentialTestFunctions,
			{
				id: 'c',
				name: 'keys',
				type: SIGNING_KEYS_CREDENTIAL,
				data,
			} as ICredentialsDecrypted,
		);

	it('passes with both secrets set', async () => {
		expect(await test(KEYS)).toEqual({
			status: 'OK',
			message: 'Both secrets are set. They sign and check consent links and LRE Trigger URLs inside n8n.',
		});
	});

	it('names each missing or short secret, without quoting it', async () => {
		expect(await test({ consentSecret: '', webhookSecret: 'abc' })).toEqual({
			status: 'Error',
			message:
				'The Consent Secret is empty and the Webhook Secret is shorter than 16 characters: paste a secret of at least 16 characters (generate one with openssl rand -base64 32).',
		});
		const result = await test({ consentSecret: KEYS.consentSecret, webhookSecret: 'tiny-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Webhook Secret is shorter than 16 characters/);
		expect(result.message).not.toContain('tiny-secret');
		expect(result.message).not.toContain(KEYS.consentSecret);
	});
});
