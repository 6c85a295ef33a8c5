import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { parisDate, sign } from '../lib/ar24/protocol';

/**
 * AR24 signs nothing with the token alone: every request carries `token` + `date` (Europe/Paris) and a `signature`
 * header made from the private key (`lib/ar24/protocol.ts`). The transport puts `date` in the request; this
 * credential adds the token and the signature for that same date, so the transport can decrypt the answer with it.
 */
export class Ar24Api implements ICredentialType {
	name = 'ar24Api';

	displayName = 'AR24 API';

	icon: Icon = { light: 'file:../icons/ar24.svg', dark: 'file:../icons/ar24.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lre/n8n-nodes-lre#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Custom URL (e.g. Local Sandbox)', value: 'custom' },
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox (AR24)', value: 'sandbox' },
			],
			default: 'production',
			description:
				"Production sends real, billable registered letters. Sandbox is AR24's test platform. Custom URL points at any AR24-compatible server, such as this package's lre-sandbox.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:4024/api',
			placeholder: 'http://127.0.0.1:4024/api',
			description: 'API root of the AR24-compatible server, ending in /api',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token AR24 gave you when it opened your API access',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The private key that goes with the token. It signs each request and decrypts the answers; it never leaves n8n.',
		},
		{
			displayName: 'Sender',
			name: 'sender',
			type: 'string',
			default: '',
			required: true,
			placeholder: '12345 or recouvrement@example.com',
			description: 'The AR24 account letters are sent from: its user ID or its e-mail address',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Kept for existing workflows; new set-ups put it in an LRE Signing Keys API credential instead. Optional. Signs the LRE Trigger URLs that LRE Send gives AR24, so the trigger accepts only genuine calls. Empty: a key derived from the private key is used. When an LRE Signing Keys API credential is attached to the node too, that one signs new URLs and this key still checks the URLs already given. Changing it invalidates the URLs of letters already sent.',
		},
		{
			displayName: 'Consent Link Secret',
			name: 'consentSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Kept for existing workflows; new set-ups put it in an LRE Signing Keys API credential instead. Optional. Signs the consent links of the Debtor Consent Invite node. Empty: a key derived from the private key is used. When an LRE Signing Keys API credential is attached to the node too, that one signs new links and this key still checks the links already sent. Changing it invalidates links already sent.',
		},
		{
			displayName: 'Sender OTP Key (Unattended Qualified Letters)',
			name: 'otpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'JBSWY3DPEHPK3PXP',
			description:
				"Optional. The secret of the sender's AR24 OTP key (base32, RFC 6238, as on the paper AR24 sends): LRE Send then computes the eIDAS code itself, so qualified letters can go out with nobody at the keyboard. Whoever can use this credential can then send qualified letters in the sender's name.",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 5, maxValue: 600 },
			default: 60,
			description: 'How long to wait for AR24. AR24 advises at least 60 seconds; large uploads may need more.',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const token = String(credentials.apiToken ?? '');
		const privateKey = String(credentials.privateKey ?? '');
		const body = requestOptions.body;
		if (body instanceof FormData) {
			const date = String(body.get('date') ?? parisDate());
			const signed = new FormData();
			for (const [name, value] of body) signed.append(name, value);
			if (!body.has('date')) signed.append('date', date);
			signed.append('token', token);
			return {
				...requestOptions,
				body: signed,
				headers: { ...requestOptions.headers, signature: sign(date, privateKey) },
			};
		}
		const qs: IDataObject = {};
		for (const [name, value] of Object.entries(requestOptions.qs ?? {})) {
			if (value !== '' && value !== undefined && value !== null) qs[name] = value;
		}
		const date = typeof qs.date === 'string' ? qs.date : parisDate();
		return {
			...requestOptions,
			qs: { ...qs, date, token },
			headers: { ...requestOptions.headers, signature: sign(date, privateKey) },
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? $credentials.baseUrl : ($credentials.environment === "sandbox" ? "https://sandbox.ar24.fr/api" : "https://app.ar24.fr/api") }}',
			url: '/user',
			method: 'GET',
			qs: {
				email: '={{ String($credentials.sender).includes("@") ? $credentials.sender : "" }}',
				id_user: '={{ String($credentials.sender).includes("@") ? "" : $credentials.sender }}',
			},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'ERROR',
					message:
						'AR24 refused these credentials: check the API token, the private key and the sender (user ID or e-mail linked to the token).',
				},
			},
		],
	};
}
