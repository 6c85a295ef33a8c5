/**
 * The node side of the provider seam: builds the provider the node's credential names, injecting the transport
 * that carries its calls for one item (credential, retries, errors naming the item) — as n8n's Postgres v2 router
 * hands its operations a database client. Operations then speak `LetterProvider` only, never a provider's routes.
 */
import { NodeOperationError } from 'n8n-workflow';
import { ar24Provider } from '../../lib/ar24/provider';
import type { Ar24Mail } from '../../lib/ar24/wire';
import type { LetterProvider, ProviderName } from '../../lib/provider/types';
import { downloadPdf } from './download';
import { ar24Credentials, ar24Request, ar24Sender, type Ar24Context } from './transport';

/** The provider a node talks to, and what LRE Send needs from its credential besides the wire. */
export interface ProviderHandle<Native = unknown> {
	provider: LetterProvider<Native>;
	/** The secret of the sender's OTP key stored in the credential ('' when none). */
	otpSecret(): Promise<string>;
	/** The sender the credential names (an id or an e-mail address). */
	configuredSender(): Promise<string>;
}

/** Which provider the node's credential belongs to. Today every LRE node uses the AR24 API credential. */
export function providerName(this: Ar24Context): ProviderName {
	return 'ar24';
}

/** The provider for one item, its calls carried by the transport of its credential. */
export function providerFor(this: Ar24Context, itemIndex?: number): ProviderHandle {
	const name = providerName.call(this);
	if (name !== 'ar24') throw new NodeOperationError(this.getNode(), `The provider "${name}" is not available in this node`, { itemIndex });
	return ar24Handle.call(this, itemIndex);
}

/** AR24 for one item, for the code that reads AR24's own objects (the triggers). */
export function ar24Handle(this: Ar24Context, itemIndex?: number): ProviderHandle<Ar24Mail> {
	const sender = async () => await ar24Sender.call(this, itemIndex);
	return {
		provider: ar24Provider({
			sender,
			wire: async ({ method, path, params, files }) => {
				if (method === 'DELETE') throw new Error(`AR24 has no DELETE route (${path})`);
				return await ar24Request.call(this, { method, path, params, files, itemIndex });
			},
			download: async (url, what) => await downloadPdf.call(this, url, what, itemIndex),
		}),
		otpSecret: async () => String((await ar24Credentials.call(this, itemIndex)).otpSecret ?? '').trim(),
		configuredSender: sender,
	};
}
