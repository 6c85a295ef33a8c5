/**
 * Issue #16, items 1–3 through the nodes: Debtor Consent Answer Trigger (measured address), Record Response (one
 * answer per invitation, also at once and after many others), Create Invite (90 days at most).
 * The concurrency in a real n8n is in test/e2e/security.e2e.test.ts.
 */
import type { IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { DebtorConsentTrigger } from '../../nodes/DebtorConsentTrigger/DebtorConsentTrigger.node';
import { consentKey, createConsentToken } from '../../lib/consent/token';
import { fakeContext } from '../helpers/n8nContext';
import { withDedupStore } from './security.helpers';

const credentials = {
	environment: 'custom',
	baseUrl: 'http://127.0.0.1:9/api',
	apiToken: 't',
	privateKey: 'pk-security',
	sender: 's@example.org',
};

let roundTripMs = 5;

function run(
	Node: typeof DebtorConsentInvite,
	store: Map<string, string[]>,
	parameters: Record<string, unknown>,
	items?: INodeExecutionData[],
) {
	return new Node().execute.call(
		withDedupStore(
			fakeContext({ credentials, parameters, items }),
			store,
			'record-node',
			roundTripMs,
		) as IExecuteFunctions,
	);
}

async function invite(store: Map<string, string[]>, email = 'marie@example.org', validDays = 14): Promise<string> {
	const [[item]] = await run(DebtorConsentInvite, store, {
		operation: 'createInvite',
		debtorName: 'Marie Durand',
		debtorEmail: email,
		debtorType: 'individual',
		senderName: 'ACME',
		pageUrl: 'https://n8n.example.com/webhook/lre-consent',
		language: 'fr',
		validDays,
	});
	return String(item.json.token);
}

const answer = (
	Node: typeof DebtorConsentInvite,
	store: Map<string, string[]>,
	token: string,
	decision: string,
	extra: Record<string, unknown> = {},
) =>
	run(Node, store, { operation: 'recordResponse', token, decision, userAgent: 'jest', previousRecords: [], ...extra });

async function settle<T>(promises: Array<Promise<T>>) {
	return await Promise.allSettled(promises);
}

describe('item 2: one answer per invitation under concurrency', () => {
	it('six simultaneous answers with one token: exactly one record, the others "already answered"', async () => {
		const store = new Map<string, string[]>();
		const token = await invite(store);
		const results = await settle(
			Array.from({ length: 6 }, (_, i) => answer(DebtorConsentInvite, store, token, i % 2 ? 'decline' : 'accept')),
		);
		const records = results.filter((r) => r.status === 'fulfilled');
		expect(records).toHaveLength(1);
		const refusals = results
			.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
			.map((r) => (r.reason as Error).message);
		expect(refusals).toEqual(Array(5).fill('Item 0: "Token" was already answered: each invitation records one answer'));
	});
});

describe('item 3: used tokens stay refused for their whole validity', () => {
	it('after 11,000 other answers, and after a restart of n8n, the first token is still refused', async () => {
		roundTripMs = 0;
		const store = new Map<string, string[]>();
		const first = await invite(store, 'first@example.org', 90);
		await answer(DebtorConsentInvite, store, first, 'accept');
		const key = consentKey(credentials.privateKey);
		for (let i = 0; i < 11_000; i++) {
			const { token } = createConsentToken(
				key,
				{ email: `d${i}@example.org`, name: 'D', status: 'individual', sender: 'ACME', lang: 'fr' },
				14,
			);
			await answer(DebtorConsentInvite, store, token, 'accept');
		}
		// A restart: a fresh copy of the node's modules (nothing in memory), the same database.
		let Restarted!: typeof DebtorConsentInvite;
		jest.isolateModules(() => {
			type Module = { DebtorConsentInvite: typeof DebtorConsentInvite };
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const fresh = require('../../nodes/DebtorConsentInvite/DebtorConsentInvite.node') as Module;
			Restarted = fresh.DebtorConsentInvite;
		});
		await expect(answer(Restarted, store, first, 'decline')).rejects.toThrow('was already answered');
		// And the restarted node does record a fresh invitation (the refusal is not a blanket one).
		expect((await answer(Restarted, store, await invite(store, 'new@example.org'), 'accept'))[0]).toHaveLength(1);
		roundTripMs = 5;
	}, 120_000);

	it('Create Invite refuses links valid for more than 90 days', async () => {
		await expect(invite(new Map(), 'x@example.org', 365)).rejects.toThrow(
			'Item 0: "Link Valid For (Days)" must be a whole number of days from 1 to 90, not 365',
		);
	});
});

describe('item 1: the recorded IP', () => {
	function webhookContext(remoteAddress: string, headers: Record<string, string>, trustedProxies: string) {
		let status = 200;
		let sent: unknown;
		const context = {
			getRequestObject: () => ({ socket: { remoteAddress }, headers }),
			getResponseObject: () => ({
				status: (code: number) => ((status = code), { json: (body: unknown) => (sent = body) }),
			}),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'trustedProxies' ? trustedProxies : fallback),
			getHeaderData: () => headers,
			getParamsData: () => ({}),
			getQueryData: () => ({}),
			getBodyData: () => ({ token: 't', decision: 'accept' }),
		} as unknown as IWebhookFunctions;
		return { context, answer: () => ({ status, sent }) };
	}

	it('the trigger records the socket address and ignores X-Forwarded-For from an untrusted peer', async () => {
		const { context } = webhookContext(
			'::ffff:198.51.100.9',
			{ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8' },
			'',
		);
		const result = await new DebtorConsentTrigger().webhook.call(context);
		expect(result.workflowData?.[0][0].json.client).toEqual({
			ip: '198.51.100.9',
			ipSource: 'socket',
			socketAddress: '198.51.100.9',
			via: [],
		});
	});

	it('behind a declared proxy it records the forwarded address, and says so', async () => {
		const { context } = webhookContext('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }, '127.0.0.1');
		const result = await new DebtorConsentTrigger().webhook.call(context);
		expect(result.workflowData?.[0][0].json.client).toEqual({
			ip: '203.0.113.7',
			ipSource: 'x-forwarded-for',
			socketAddress: '127.0.0.1',
			via: ['127.0.0.1'],
		});
	});

	it('a Trusted Proxies entry that is no address stops the answer with a message saying so', async () => {
		const { context, answer: response } = webhookContext('127.0.0.1', {}, 'my-proxy');
		expect(await new DebtorConsentTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response()).toEqual({
			status: 500,
			sent: { error: expect.stringContaining('Trusted Proxies has entries that are not IP addresses (my-proxy)') },
		});
	});

	it('Record Response records the measured address; headers alone (a plain Webhook node) are not recorded as the IP', async () => {
		const store = new Map<string, string[]>();
		const client = { ip: '198.51.100.9', ipSource: 'socket', socketAddress: '198.51.100.9', via: [] };
		const [[measured]] = await answer(DebtorConsentInvite, store, await invite(store), 'accept', {
			clientAddress: client,
		});
		expect(measured.json.consent).toMatchObject({
			ip: '198.51.100.9',
			ipSource: 'socket',
			socketAddress: '198.51.100.9',
		});
		// The default expression reads $json.client: a plain Webhook node has none, whatever its headers say.
		const [[told]] = await answer(DebtorConsentInvite, store, await invite(store), 'accept', { clientAddress: {} });
		expect(told.json.consent).toMatchObject({ ip: '', ipSource: 'not-measured' });
	});
});
