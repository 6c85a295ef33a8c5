/** The key that signs LRE Trigger URLs, from the AR24 credential (see lib/letter/webhookAuth.ts). */
import type { IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { webhookKey } from '../../lib/letter/webhookAuth';
import { ar24Credentials } from './transport';

export async function credentialWebhookKey(
	this: IExecuteFunctions | IHookFunctions | IWebhookFunctions,
	itemIndex?: number,
): Promise<string> {
	const credentials = await ar24Credentials.call(this, itemIndex);
	return webhookKey(String(credentials.privateKey ?? ''), String(credentials.webhookSecret ?? ''));
}
