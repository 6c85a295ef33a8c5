/**
 * For the LRE Trigger on Maileva: a postal letter posted on the sandbox with its raw API (sending → document →
 * recipient → submit), the sandbox's notification_center read with a token of our own, and n8n's hook and webhook
 * contexts of the trigger (the fake contexts of n8nContext.ts plus `getNodeWebhookUrl`, which hooks need).
 */
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import type { RunningSandbox } from '../../sandbox/server';
import { documentForm, maileva } from './maileva';
import { triggerContext, type TriggerContextOptions } from './n8nContext';
import { servedTrigger, type ReceivedCall, type ServedTrigger } from './triggerProviders';

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
 * The trigger behind a real HTTP port, as n8n serves its webhook (`servedTrigger`, which also reads AR24's form
 * bodies): each POST is one `webhook()` call on a fresh webhook context; `executions` keeps what each call started.
 */
export async function triggerServer(
	context: (request: ReceivedCall) => IWebhookFunctions & ReturnType<typeof triggerContext>,
): Promise<ServedTrigger> {
	return await servedTrigger(context);
}
