/**
 * LRE Send → LRE Trigger URLs across the switch to the LRE Signing Keys API credential (issue #19), on a fake AR24:
 * a URL signed under the AR24 key before the switch is still accepted once the new credential is attached too (its
 * letter's last event may come 15+ days later); LRE Send with both signs with the new key; a trigger with only the
 * AR24 credential refuses such a URL; a forged or altered URL is refused; no key appears in any answer or log line.
 */
import type { IExecuteFunctions, IHookFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { createHash } from 'node:crypto';
import { signWebhookUrl, verifyWebhookSignature, webhookKey } from '../../../../lib/letter/webhookAuth';
import { LreSend } from '../../../../nodes/LreSend/LreSend.node';
import { LreTrigger } from '../../../../nodes/LreTrigger/LreTrigger.node';
import {
	ar24Letter,
	FAKE_AR24_CREDENTIALS,
	fakeAr24Account,
	fakeContext,
	tinyPdf,
	triggerContext,
} from '../../../helpers/n8nContext';

const WEBHOOK_ID = '7d2e8b3c-4e5f-4b7c-9dae-1f2a3b4c5d6e';
const TRIGGER_URL = `http://localhost:5678/webhook/${WEBHOOK_ID}/webhook`;
const AR24 = { ...FAKE_AR24_CREDENTIALS };
const KEYS = {
	consentSecret: 'consent-secret-0123456789abcdef',
	webhookSecret: 'bmV3LXdlYmhvb2stc2VjcmV0LTAxMjM0NTY3ODk=',
};
const OLD_KEY = webhookKey(String(AR24.privateKey));
const SECRETS = [KEYS.webhookSecret, KEYS.consentSecret, OLD_KEY, String(AR24.privateKey), String(AR24.apiToken)];

type Attached = { ar24Api?: Record<string, unknown>; lreSigningKeysApi?: Record<string, unknown> };

function attach<T extends IExecuteFunctions | IWebhookFunctions>(context: T, attached: Attached): T {
	Object.assign(context.getNode(), {
		credentials: Object.fromEntries(Object.keys(attached).map((type) => [type, { id: `${type}-1`, name: type }])),
	});
	context.getCredentials = (async (type: keyof Attached) => {
		const data = attached[type];
		if (!data) throw new Error('Node does not require credentials');
		return data;
	}) as unknown as T['getCredentials'];
	return context;
}

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
let workflow = 0;

/** One delivery of AR24 for letter 100001 to a trigger with these credentials. */
async function deliver(attached: Attached, url: string) {
	const ar24 = fakeAr24Account(AR24, [ar24Letter(100001)]);
	ar24.files['http://ar24.invalid/proof/100001/ar.pdf'] = tinyPdf('acceptance 100001');
	const context = attach(
		triggerContext({
			credentials: AR24,
			parameters: { events: ['accepted'], downloadProof: false },
			ar24,
			workflowId: `wf-keys-${++workflow}`,
			node: { webhookId: WEBHOOK_ID },
			query: query(url),
			body: { id_mail: '100001' },
		}),
		attached,
	);
	const result = await new LreTrigger().webhook.call(context);
	const seen = JSON.stringify([context.answered, context.warnings, result.workflowData ?? null]);
	for (const secret of SECRETS) expect(seen).not.toContain(secret);
	return { started: (result.workflowData?.[0] ?? []).length === 1, status: context.answered.status };
}

/** The Status Webhook URL LRE Send gives AR24 for reference MED-100001, with these credentials. */
async function urlFromLreSend(attached: Attached): Promise<string> {
	const ar24 = fakeAr24Account(AR24);
	const pdf = tinyPdf('notice');
	const items: INodeExecutionData[] = [
		{ json: {}, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'n.pdf' } } },
	];
	const context = attach(
		fakeContext({
			credentials: AR24,
			ar24,
			items,
			restApiUrl: 'http://localhost:5678/rest',
			parameters: {
				resource: 'letter',
				operation: 'send',
				letterType: 'ere',
				reference: 'MED-100001',
				recipientEmail: 'compta@debiteur.fr',
				debtorType: 'professional',
				recipientCompany: 'Débiteur SARL',
				content: 'Mise en demeure',
				attachmentProperties: 'data',
				additionalFields: { webhookUrl: TRIGGER_URL },
				options: {},
			},
		}),
		attached,
	);
	const [out] = await new LreSend().execute.call(context);
	for (const secret of SECRETS) expect(JSON.stringify(out)).not.toContain(secret);
	return String(ar24.calls.find((c) => c.method === 'POST' && c.path === '/mail')?.params.webhook);
}

describe('LRE Trigger URLs across the switch of signing key', () => {
	const both = { ar24Api: AR24, lreSigningKeysApi: KEYS };
	// The trigger saves its ledger on a timer: run it, as the LRE Trigger's own tests do.
	beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
	afterEach(() => {
		jest.runOnlyPendingTimers();
		jest.useRealTimers();
	});

	it('a URL LRE Send signed under the AR24 key is still accepted after the new credential is attached', async () => {
		const before = await urlFromLreSend({ ar24Api: AR24 });
		expect(verifyWebhookSignature(query(before).lre_sig, OLD_KEY, WEBHOOK_ID, 'MED-100001')).toBe(true);
		expect(await deliver({ ar24Api: AR24 }, before)).toEqual({ started: true, status: undefined });
		expect(await deliver(both, before)).toEqual({ started: true, status: undefined });
	});

	it('LRE Send with both signs with the new key; a trigger with both accepts it, one with only AR24 refuses it', async () => {
		const after = await urlFromLreSend(both);
		const signature = query(after).lre_sig;
		expect(verifyWebhookSignature(signature, KEYS.webhookSecret, WEBHOOK_ID, 'MED-100001')).toBe(true);
		expect(verifyWebhookSignature(signature, OLD_KEY, WEBHOOK_ID, 'MED-100001')).toBe(false);
		expect(await deliver(both, after)).toEqual({ started: true, status: undefined });
		expect(await deliver({ ar24Api: AR24 }, after)).toEqual({ started: false, status: 401 });
	});

	it('a forged URL (another key), an unsigned one, or one whose reference was changed is refused', async () => {
		const forged = signWebhookUrl(TRIGGER_URL, 'forger-key-0123456789abcdef', 'MED-100001') as string;
		expect(await deliver(both, forged)).toEqual({ started: false, status: 401 });
		expect(await deliver(both, TRIGGER_URL)).toEqual({ started: false, status: 401 });
		const altered = new URL(signWebhookUrl(TRIGGER_URL, KEYS.webhookSecret, 'MED-100002') as string);
		altered.searchParams.set('lre_ref', 'MED-100001');
		expect(await deliver(both, altered.toString())).toEqual({ started: false, status: 401 });
	});

	it('on activation the trigger records the signing key it now has (a fingerprint, not the key)', async () => {
		const staticData: Record<string, unknown> = {};
		const hook = (attached: Attached) =>
			attach(
				triggerContext({ credentials: AR24, parameters: {}, staticData, node: { webhookId: WEBHOOK_ID } }),
				attached,
			) as unknown as IHookFunctions;
		const methods = new LreTrigger().webhookMethods.default;
		await methods.create.call(hook({ ar24Api: AR24 }));
		expect(await methods.checkExists.call(hook({ ar24Api: AR24 }))).toBe(true);
		// The new credential attached: the registration is renewed under its key.
		expect(await methods.checkExists.call(hook(both))).toBe(false);
		await methods.create.call(hook(both));
		expect(staticData.keyFingerprint).toBe(createHash('sha256').update(KEYS.webhookSecret).digest('hex').slice(0, 16));
		for (const secret of SECRETS) expect(JSON.stringify(staticData)).not.toContain(secret);
	});
});
