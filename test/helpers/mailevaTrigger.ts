/**
 * For the LRE Trigger on Maileva: a postal letter posted on the sandbox with its raw API (sending → document →
 * recipient → submit), the sandbox's notification_center read with a token of our own, and n8n's hook and webhook
 * contexts of the trigger (the fake contexts of n8nContext.ts plus `getNodeWebhookUrl`, which hooks need).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHookFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { LreTrigger } from '../../nodes/LreTrigger/LreTrigger.node';
import type { RunningSandbox } from '../../sandbox/server';
import { documentForm, maileva } from './maileva';
import { triggerContext, type TriggerContextOptions } from './n8nContext';

/** A submitted postal letter on the sandbox; `lines` are address lines 1–6 (outcome tags such as `+refuse` work). */
export async function postLetter(
	sbx: RunningSandbox,
	token: string,
	reference: string,
	lines: string[] = ['SARL Martin', '', '', '8 avenue de la Gare', '', '69002 Lyon'],
): Promise<{ sendingId: string; recipientId: string }> {
	const sending = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', {
		name: reference,
		custom_id: reference,
		acknowledgement_of_receipt: true,
	});
	if (sending.status !== 201) throw new Error(`sending: ${sending.status} ${JSON.stringify(sending.json)}`);
	const sendingId = String(sending.json.id);
	const document = await maileva(
		sbx,
		token,
		'POST',
		`/registered_mail/v4/sendings/${sendingId}/documents`,
		documentForm(),
	);
	if (document.status !== 201) throw new Error(`document: ${document.status}`);
	const address = Object.fromEntries(lines.map((line, i) => [`address_line_${i + 1}`, line]).filter(([, v]) => v));
	const recipient = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${sendingId}/recipients`, {
		...address,
		country_code: 'FR',
		custom_id: reference,
	});
	if (recipient.status !== 201) throw new Error(`recipient: ${recipient.status} ${JSON.stringify(recipient.json)}`);
	const submit = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${sendingId}/submit`);
	if (submit.status !== 200) throw new Error(`submit: ${submit.status}`);
	return { sendingId, recipientId: String(recipient.json.id) };
}

export interface SandboxSubscription {
	id: string;
	event_type: string;
	resource_type: string;
	callback_url: string;
}

export interface SandboxNotification {
	id: string;
	subscription_id: string;
	status: string;
	attempt_count: number;
	last_response_code?: number;
	resource_type: string;
	resource_id: string;
	resource_custom_id?: string;
}

export async function subscriptionsOf(sbx: RunningSandbox, token: string): Promise<SandboxSubscription[]> {
	const answer = await maileva(sbx, token, 'GET', '/notification_center/v2/subscriptions?count=500');
	if (answer.status !== 200) throw new Error(`subscriptions: ${answer.status}`);
	return answer.json.subscriptions as SandboxSubscription[];
}

export async function notificationsOf(sbx: RunningSandbox, token: string): Promise<SandboxNotification[]> {
	const answer = await maileva(sbx, token, 'GET', '/notification_center/v2/notifications?count=500');
	if (answer.status !== 200) throw new Error(`notifications: ${answer.status}`);
	return answer.json.notifications as SandboxNotification[];
}

export const TRIGGER_WEBHOOK_ID = '9d2f4b1a-0019-4c6e-8a3b-5e7f9a1c2d3e';

/** The trigger's hook context (activation / deactivation) with the webhook URL n8n would give it. */
export function hookContext(
	options: TriggerContextOptions & { webhookUrl: string },
): IHookFunctions & ReturnType<typeof triggerContext> {
	const context = triggerContext({ ...options, node: { webhookId: TRIGGER_WEBHOOK_ID, ...options.node } });
	return Object.assign(context, {
		getNodeWebhookUrl: (name: string) => (name === 'default' ? options.webhookUrl : undefined),
		getActivationMode: () => 'activate',
	}) as unknown as IHookFunctions & ReturnType<typeof triggerContext>;
}

/** The trigger's webhook context for one callback. */
export function webhookContext(options: TriggerContextOptions): IWebhookFunctions & ReturnType<typeof triggerContext> {
	return triggerContext({ ...options, node: { webhookId: TRIGGER_WEBHOOK_ID, ...options.node } });
}

/**
 * The trigger behind a real HTTP port, as n8n serves its webhook: each POST becomes one `webhook()` call on a fresh
 * webhook context (query and JSON body of the request), answered with the status and body the trigger chose.
 * What each call started is kept in `executions`.
 */
export async function triggerServer(
	context: (request: {
		query: Record<string, string>;
		body: Record<string, unknown>;
	}) => IWebhookFunctions & ReturnType<typeof triggerContext>,
): Promise<{
	url: string;
	executions: INodeExecutionData[][];
	answers: Array<{ status: number; body: unknown }>;
	close(): Promise<void>;
}> {
	const executions: INodeExecutionData[][] = [];
	const answers: Array<{ status: number; body: unknown }> = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://trigger.local');
				let body: Record<string, unknown> = {};
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
				} catch {
					body = {};
				}
				const ctx = context({ query: Object.fromEntries(url.searchParams), body });
				try {
					const result = await new LreTrigger().webhook.call(ctx);
					if (result.workflowData) executions.push(result.workflowData[0]);
					const status = ctx.answered.status ?? 200;
					answers.push({ status, body: ctx.answered.body });
					res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(ctx.answered.body ?? {}));
				} catch (error) {
					answers.push({ status: 500, body: String(error) });
					res.writeHead(500).end(String(error));
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		executions,
		answers,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
