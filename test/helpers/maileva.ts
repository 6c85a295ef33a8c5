/** Talking Maileva to the sandbox: an n8n-like `httpRequest` over fetch, the sandbox login, a token. */
import {
	NodeApiError,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';
import { MailevaApi } from '../../credentials/MailevaApi.credentials';
import { totp } from '../../lib/otp/totp';
import { MAILEVA_SANDBOX_SENDER } from '../../sandbox/maileva/electronic';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import type { RunningSandbox } from '../../sandbox/server';

/** n8n's `helpers.httpRequest` as the credential uses it (form body as text, returnFullResponse). */
export async function httpRequest(
	request: IHttpRequestOptions,
): Promise<{ statusCode: number; body: string; headers: Record<string, string> }> {
	const response = await fetch(request.url, {
		method: request.method ?? 'GET',
		headers: request.headers as Record<string, string>,
		body: request.body as string | undefined,
	});
	return { statusCode: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
}

/** The Maileva API credential data that points at this sandbox. */
export function mailevaCredentials(
	sbx: RunningSandbox,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		environment: 'custom',
		apiUrl: `${sbx.url()}/maileva`,
		tokenUrl: '',
		clientId: MAILEVA_SANDBOX_LOGIN.clientId,
		clientSecret: MAILEVA_SANDBOX_LOGIN.clientSecret,
		username: MAILEVA_SANDBOX_LOGIN.username,
		password: MAILEVA_SANDBOX_LOGIN.password,
		...overrides,
	};
}

/** The same, with the sandbox's Maileva sender as Sender ID (qualified LRE and ERE letters) and its OTP key. */
export function mailevaElectronicCredentials(
	sbx: RunningSandbox,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return mailevaCredentials(sbx, { senderId: MAILEVA_SANDBOX_SENDER.id, otpSecret: sbx.options.otpKey, ...overrides });
}

/** The current code of the sandbox Maileva sender's OTP key, as the sender reads it on their key. */
export function mailevaOtp(sbx: RunningSandbox, atMs = Date.now()): string {
	return totp(sbx.options.otpKey, atMs);
}

/** An access token, obtained the way n8n obtains it: the credential's preAuthentication. */
export async function mailevaToken(credentials: Record<string, unknown>): Promise<string> {
	const credential = new MailevaApi();
	const { accessToken } = await credential.preAuthentication.call(
		{ helpers: { httpRequest } } as never,
		credentials as never,
	);
	return accessToken;
}

export interface Answer {
	status: number;
	json: Record<string, unknown>;
	bytes: Buffer;
	headers: Headers;
}

/** One call under `<sandbox>/maileva`, JSON or multipart. */
export async function maileva(
	sbx: RunningSandbox,
	token: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<Answer> {
	const headers: Record<string, string> = { authorization: `Bearer ${token}` };
	let payload: FormData | string | undefined;
	if (body instanceof FormData) payload = body;
	else if (body !== undefined) {
		headers['content-type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	const response = await fetch(`${sbx.url()}/maileva${path}`, { method, headers, body: payload });
	const bytes = Buffer.from(await response.arrayBuffer());
	let json: Record<string, unknown> = {};
	if (String(response.headers.get('content-type')).startsWith('application/json') && bytes.length)
		json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
	return { status: response.status, json, bytes, headers: response.headers };
}

/** A small valid PDF to print. */
export function tinyPdf(): Buffer {
	return Buffer.from(
		'%PDF-1.4\n1 0 obj<</Type /Catalog /Pages 2 0 R>>endobj\n2 0 obj<</Type /Pages /Kids [3 0 R] /Count 1>>endobj\n3 0 obj<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
	);
}

export function documentForm(name = 'mise-en-demeure.pdf'): FormData {
	const form = new FormData();
	form.append('document', new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), name);
	form.append('metadata', JSON.stringify({ name, priority: 1 }));
	return form;
}

/**
 * n8n's `httpRequestWithAuthentication` for the Maileva API credential, as n8n 2.x runs it: `preAuthentication`
 * when the expirable token is empty (the token is then kept in the credential data), the Bearer header, an error
 * (the raw error under `cause`, `response.status` / `response.data`) for any status ≥ 400, and on a 401 one new token
 * and one more attempt, except for a multipart body, which n8n does not send twice.
 */
export async function mailevaN8nRequest(
	node: INode,
	credentials: Record<string, unknown>,
	request: IHttpRequestOptions,
	sent: Array<{ method: string; url: string; headers: Record<string, string> }>,
): Promise<unknown> {
	const attempt = async () => {
		if (!credentials.accessToken) credentials.accessToken = await mailevaToken(credentials);
		const url = new URL(request.url);
		for (const [name, value] of Object.entries(request.qs ?? {}))
			if (value !== undefined) url.searchParams.append(name, String(value));
		const headers: Record<string, string> = {
			...(request.headers as Record<string, string>),
			authorization: `Bearer ${String(credentials.accessToken)}`,
		};
		sent.push({ method: request.method ?? 'GET', url: url.toString(), headers });
		const response = await fetch(url, {
			method: request.method ?? 'GET',
			headers,
			body: request.body as FormData | string | undefined,
			signal: AbortSignal.timeout(request.timeout ?? 60_000),
		});
		const bytes = Buffer.from(await response.arrayBuffer());
		const body = request.encoding === 'arraybuffer' ? bytes : bytes.toString('utf8');
		if (response.status >= 400) {
			throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
				response: {
					status: response.status,
					data: bytes.toString('utf8'),
					headers: Object.fromEntries(response.headers),
				},
			});
		}
		return request.returnFullResponse
			? { body, statusCode: response.status, headers: Object.fromEntries(response.headers) }
			: body;
	};
	try {
		return await attempt();
	} catch (error) {
		if ((error as { response?: { status?: number } }).response?.status === 401) {
			credentials.accessToken = await mailevaToken(credentials);
			if (request.body instanceof FormData) throw new NodeApiError(node, error as JsonObject);
			try {
				return await attempt();
			} catch (again) {
				throw new NodeApiError(node, again as JsonObject);
			}
		}
		throw new NodeApiError(node, error as JsonObject);
	}
}

/** LRE Send's parameters for a Postal Registered Letter on Maileva to a company, with `extra` on top. */
export const postalSendParams = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	provider: 'maileva',
	resource: 'letter',
	operation: 'send',
	letterType: 'postal',
	debtorType: 'professional',
	recipientCompany: 'SARL Dupont Bâtiment',
	recipientFirstName: '',
	recipientLastName: '',
	postalAddress: '12 rue des Lilas\n75011 Paris',
	recipientCountryCode: 'FR',
	postalOptions: {},
	attachmentProperties: 'data',
	additionalFields: {},
	options: {},
	...extra,
});

/** One input item carrying the letter PDF in its `data` binary field. */
export const pdfItems = (): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			data: { data: tinyPdf().toString('base64'), mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' },
		},
	},
];
