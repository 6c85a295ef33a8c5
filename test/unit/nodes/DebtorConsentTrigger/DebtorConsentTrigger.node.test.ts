/** The Debtor Consent Answer Trigger's webhook on a fake n8n webhook context (nodes/DebtorConsentTrigger/DebtorConsentTrigger.node.ts). */
import { DebtorConsentTrigger } from '../../../../nodes/DebtorConsentTrigger/DebtorConsentTrigger.node';
import { triggerContext, type TriggerContextOptions } from '../../../helpers/n8nContext';

const answer = (options: Partial<TriggerContextOptions>) => {
	const context = triggerContext({
		credentials: {},
		parameters: {},
		body: { token: 'garbage', decision: 'accept' },
		...options,
	});
	return { result: new DebtorConsentTrigger().webhook.call(context), answered: context.answered };
};

describe('Debtor Consent Answer Trigger', () => {
	it('starts the workflow with the answer and the address measured on the connection (X-Forwarded-For ignored by default)', async () => {
		const { result } = answer({
			remoteAddress: '203.0.113.9',
			headers: { 'x-forwarded-for': '1.2.3.4' },
			query: { a: '1' },
		});
		const [[item]] = (await result).workflowData ?? [[]];
		expect(item.json).toMatchObject({
			body: { token: 'garbage', decision: 'accept' },
			query: { a: '1' },
			headers: { 'x-forwarded-for': '1.2.3.4' },
			client: { ip: '203.0.113.9', ipSource: 'socket', socketAddress: '203.0.113.9' },
		});
		expect(String(item.json.refusedPage)).toContain('<h1>Lien non valable</h1>');
	});

	it('believes X-Forwarded-For only from a listed Trusted Proxy', async () => {
		const { result } = answer({
			parameters: { trustedProxies: '10.0.0.0/8' },
			remoteAddress: '10.1.2.3',
			headers: { 'x-forwarded-for': '198.51.100.4' },
		});
		expect((await result).workflowData?.[0][0].json.client).toMatchObject({
			ip: '198.51.100.4',
			ipSource: 'x-forwarded-for',
			socketAddress: '10.1.2.3',
		});
	});

	it('a Trusted Proxies entry that is not an address answers 500 with the entry, and starts nothing', async () => {
		const { result, answered } = answer({ parameters: { trustedProxies: '10.0.0.1, proxy.local' } });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(answered.status).toBe(500);
		expect(JSON.stringify(answered.body)).toContain('proxy.local');
	});
});
