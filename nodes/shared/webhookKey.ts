/** The key that signs LRE Trigger URLs, from the AR24 credential (see lib/letter/webhookAuth.ts). */
import type { IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { webhookKey } from '../../lib/letter/webhookAuth';
import { AR24_CREDENTIAL } from './transport';

export async function credentialWebhookKey(this: IExecuteFunctions | IHookFunctions | IWebhookFunctions, itemIndex?: number): Promise<string> {
	const credentials =
		'getInputData' in this
			? await (this as IExecuteFunctions).getCredentials(AR24_CREDENTIAL, itemIndex ?? 0)
			: await this.getCredentials(AR24_CREDENTIAL);
	return webhookKey(String(credentials.privateKey ?? ''), String(credentials.webhookSecret ?? ''));
}
