import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';
import { mailevaUrls } from '../lib/maileva/endpoints';
import { missingLoginField, passwordGrantForm, readTokenAnswer, type MailevaLogin } from '../lib/maileva/token';

/**
 * Maileva (La Poste group): OAuth2 password grant on Maileva's Keycloak, the only grant Maileva implements for its
 * API (client id + client secret + username + password). n8n keeps the access token in the hidden `accessToken`
 * field and asks for a new one (`preAuthentication`) when it is empty or when Maileva answers 401 because it expired.
 */
export class MailevaApi implements ICredentialType {
	name = 'mailevaApi';

	displayName = 'Maileva API';

	icon: Icon = { light: 'file:../nodes/LreSend/lre.svg', dark: 'file:../nodes/LreSend/lre.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lre/n8n-nodes-lre#maileva';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Custom URL (e.g. Local Sandbox)', value: 'custom' },
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox (Maileva)', value: 'sandbox' },
			],
			default: 'sandbox',
			description:
				"Production posts real, billable letters. Sandbox is Maileva's test platform (api.sandbox.maileva.net). Custom URL points at any Maileva-compatible server, such as this package's lre-sandbox.",
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'http://127.0.0.1:4024/maileva',
			placeholder: 'http://127.0.0.1:4024/maileva',
			description: 'Root of the Maileva-compatible API, the part before /registered_mail/v4',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4024/maileva/auth/realms/services/protocol/openid-connect/token',
			description:
				'The OAuth2 token endpoint. Leave empty to use the API URL followed by /auth/realms/services/protocol/openid-connect/token.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The API client Maileva gave you (its customer service enables the password grant for it)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The login of the Maileva account letters are sent from',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Sender ID (Electronic Letters)',
			name: 'senderId',
			type: 'string',
			default: '',
			placeholder: '5b0c6c43-7f4e-4a52-9d0e-2f1a3c4b5d6e',
			description:
				'The Maileva sender (electronic_mail_emitter) that signs qualified LRE and simple ERE letters: its UUID, as Maileva lists it under GET /electronic_mail_emitter/v1/senders. Not needed for postal registered letters.',
		},
		{
			displayName: 'Sender OTP Key',
			name: 'otpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The 32-character key of the sender's OTP key (base32, as on the paper registered letter Maileva posted after verify_identity). Only used when LRE Send's Sender Authentication is \"Computed From the Credential's OTP Key\"; Maileva advises asking the sender for a code at each sending instead.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** A new access token from Maileva's Keycloak (password grant). */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<{ accessToken: string }> {
		const login: MailevaLogin = {
			clientId: String(credentials.clientId ?? ''),
			clientSecret: String(credentials.clientSecret ?? ''),
			username: String(credentials.username ?? ''),
			password: String(credentials.password ?? ''),
		};
		const missing = missingLoginField(login);
		if (missing) throw new Error(`The Maileva API credential has no ${missing}: fill it in`);
		const { token } = mailevaUrls(
			String(credentials.environment ?? 'sandbox'),
			String(credentials.apiUrl ?? ''),
			String(credentials.tokenUrl ?? ''),
		);
		let response: { statusCode: number; body: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: token,
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
				body: passwordGrantForm(login),
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 30_000,
			})) as { statusCode: number; body: unknown };
		} catch {
			throw new Error(
				`Cannot reach Maileva's token endpoint (${new URL(token).host}): check the environment or Token URL of the Maileva API credential`,
			);
		}
		return { accessToken: readTokenAnswer(response.statusCode, response.body).accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.apiUrl).replace(/\\/+$/, "") : $credentials.environment === "production" ? "https://api.maileva.com" : "https://api.sandbox.maileva.net" }}',
			url: '/registered_mail/v4/sendings',
			qs: { count: 1 },
		},
	};
}
