/**
 * The node side of the provider seam: builds the provider the node's `provider` parameter names, injecting the transport
 * that carries its calls for one item (credential, retries, errors naming the item) — as n8n's Postgres v2 router
 * hands its operations a database client. Operations then speak `LetterProvider` only, never a provider's routes.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';
import { ar24Provider } from '../../lib/ar24/provider';
import type { Ar24Mail } from '../../lib/ar24/wire';
import { mailevaProvider, type MailevaLetter } from '../../lib/maileva/provider';
import type { LetterProvider, ProviderName } from '../../lib/provider/types';
import { downloadPdf } from './download';
import { mailevaCredentials, mailevaDownload, mailevaRequest, mailevaUsername } from './mailevaTransport';
import { ar24Credentials, ar24Request, ar24Sender, type Ar24Context } from './transport';

/** The provider a node talks to, and what LRE Send needs from its credential besides the wire. */
export interface ProviderHandle<Native = unknown> {
	provider: LetterProvider<Native>;
	/** The secret of the sender's OTP key stored in the credential ('' when none). */
	otpSecret(): Promise<string>;
	/** The sender the credential names (an id or an e-mail address). */
	configuredSender(): Promise<string>;
}

const PROVIDERS: readonly ProviderName[] = ['ar24', 'maileva'];

/** The `provider` parameter of the LRE nodes that can talk to either provider (LRE Send, LRE Poll Trigger). */
export const providerField: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'AR24', value: 'ar24', description: 'Qualified LRE and simple registered email (ERE)' },
		{
			name: 'Maileva',
			value: 'maileva',
			description:
				'Qualified LRE, simple registered email (ERE) and postal registered letter with acknowledgement of receipt (printed and posted by La Poste)',
		},
	],
	default: 'ar24',
};

/** Each provider's credential, shown for the provider chosen (as n8n's nodes do with `authentication`). */
export const providerCredentials: INodeCredentialDescription[] = [
	{ name: 'ar24Api', required: true, displayOptions: { show: { provider: ['ar24'] } } },
	{ name: 'mailevaApi', required: true, displayOptions: { show: { provider: ['maileva'] } } },
];

/** The node's `provider` parameter (a node without one, such as the LRE Trigger, talks to AR24). */
export function providerName(this: Ar24Context, itemIndex?: number): ProviderName {
	const value =
		'getInputData' in this
			? (this as IExecuteFunctions).getNodeParameter('provider', itemIndex ?? 0, 'ar24')
			: (this as IPollFunctions).getNodeParameter('provider', 'ar24');
	if (!PROVIDERS.includes(value as ProviderName)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Provider" must be "ar24" or "maileva", not ${JSON.stringify(value)}`,
			{
				itemIndex,
				description: "Choose AR24 or Maileva in the node's Provider field.",
			},
		);
	}
	return value as ProviderName;
}

/** The provider for one item, its calls carried by the transport of its credential. */
export function providerFor(this: Ar24Context, itemIndex?: number): ProviderHandle {
	return providerName.call(this, itemIndex) === 'maileva'
		? mailevaHandle.call(this, itemIndex)
		: ar24Handle.call(this, itemIndex);
}

/**
 * Maileva for one item: the Maileva API credential's Sender ID (electronic_mail_emitter) sends qualified LRE and ERE
 * letters, its login the postal ones; its optional Sender OTP Key computes the OTP when the user chose so.
 */
export function mailevaHandle(this: Ar24Context, itemIndex?: number): ProviderHandle<MailevaLetter> {
	const username = async () => await mailevaUsername.call(this, itemIndex);
	const field = async (name: string) => String((await mailevaCredentials.call(this, itemIndex))[name] ?? '').trim();
	return {
		provider: mailevaProvider({
			username,
			senderId: async () => await field('senderId'),
			wire: async (call) => await mailevaRequest.call(this, call, itemIndex),
			download: async (url, what) => await mailevaDownload.call(this, url, what, itemIndex),
		}),
		otpSecret: async () => await field('otpSecret'),
		configuredSender: username,
	};
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
