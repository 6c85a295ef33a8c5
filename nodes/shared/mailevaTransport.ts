/**
 * The one way the LRE nodes talk to Maileva: the API root of the Maileva API credential, its Bearer token through
 * n8n's `httpRequestWithAuthentication` (n8n asks the credential for a new token when it has none, and again when
 * Maileva answers 401 because it expired), JSON or multipart bodies, retries of what is safe to retry (the generic
 * rules of lib/ar24/retry.ts), and every failure turned into a `NodeApiError` that names the item, Maileva's own
 * error code and what to fix — never the token, the password or the request headers.
 */
import {
	NodeApiError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';
import { mailevaUrls } from '../../lib/maileva/endpoints';
import { letterMayExist } from '../../lib/maileva/provider';
import { certainlyNotProcessed, parseRetryAfter, retryDelay, type AttemptFailure } from '../../lib/ar24/retry';
import type { WireCall } from '../../lib/provider/types';
import type { Ar24Context } from './transport';

export const MAILEVA_CREDENTIAL = 'mailevaApi';

const TIMEOUT_MS = 60_000;
const UPLOAD_TIMEOUT_MS = 300_000;

/** The Maileva API credential, for the item when the context has items. The one place that reads it. */
export async function mailevaCredentials(
	this: Ar24Context,
	itemIndex?: number,
): Promise<ICredentialDataDecryptedObject> {
	return 'getInputData' in this
		? await (this as IExecuteFunctions).getCredentials(MAILEVA_CREDENTIAL, itemIndex ?? 0)
		: await this.getCredentials(MAILEVA_CREDENTIAL);
}

interface MailevaSettings {
	api: string;
	username: string;
}

async function settings(this: Ar24Context, itemIndex?: number): Promise<MailevaSettings> {
	const credentials = await mailevaCredentials.call(this, itemIndex);
	try {
		const { api } = mailevaUrls(
			String(credentials.environment ?? 'sandbox'),
			String(credentials.apiUrl ?? ''),
			String(credentials.tokenUrl ?? ''),
		);
		return { api, username: String(credentials.username ?? '').trim() };
	} catch (error) {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			message: (error as Error).message,
			description: 'Open the Maileva API credential and set an API URL such as http://127.0.0.1:4024/maileva.',
			itemIndex,
		});
	}
}

/** The login of the Maileva API credential (the account letters are sent from). */
export async function mailevaUsername(this: Ar24Context, itemIndex?: number): Promise<string> {
	return (await settings.call(this, itemIndex)).username;
}

function buildRequest(call: WireCall, url: string): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		method: call.method,
		url,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		timeout: call.files?.length ? UPLOAD_TIMEOUT_MS : TIMEOUT_MS,
		headers: { accept: 'application/json' },
	};
	const params = Object.entries(call.params ?? {}).filter(
		(entry): entry is [string, Exclude<(typeof entry)[1], undefined | null>] =>
			entry[1] !== undefined && entry[1] !== null,
	);
	if (call.files?.length) {
		// Maileva's documents: a multipart `document` part and its fields (e.g. `metadata` as JSON text).
		const form = new FormData();
		for (const [name, value] of params) form.append(name, Array.isArray(value) ? value.join(',') : String(value));
		for (const file of call.files)
			form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
		return { ...request, body: form };
	}
	if (params.length)
		request.qs = Object.fromEntries(
			params.map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]),
		);
	if (call.json)
		return {
			...request,
			body: JSON.stringify(call.json),
			headers: { ...request.headers, 'content-type': 'application/json' },
		};
	return request;
}

/** What an HTTP failure tells, wherever n8n put it (the raw error under `cause`, or the error itself). */
interface Failed {
	status?: number;
	body?: unknown;
	retryAfter?: unknown;
	code?: string;
}

function failedOf(error: unknown): Failed {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	const failed: Failed = {};
	for (const link of chain) {
		const response = link.response as
			| { status?: unknown; statusCode?: unknown; data?: unknown; body?: unknown; headers?: Record<string, unknown> }
			| undefined;
		const status = Number(response?.status ?? response?.statusCode);
		if (failed.status === undefined && Number.isInteger(status) && status >= 100) {
			failed.status = status;
			failed.body = response?.data ?? response?.body;
			failed.retryAfter = response?.headers?.['retry-after'];
		}
		if (failed.code === undefined && typeof link.code === 'string' && /^E[A-Z_]+$/.test(link.code))
			failed.code = link.code;
	}
	if (
		failed.status === undefined &&
		error instanceof NodeApiError &&
		error.httpCode &&
		/^\d{3}$/.test(error.httpCode)
	) {
		failed.status = Number(error.httpCode);
		failed.body = error.context.data;
	}
	if (
		failed.status === undefined &&
		failed.code === undefined &&
		error instanceof Error &&
		/timeout/i.test(error.message)
	)
		failed.code = 'ETIMEDOUT';
	return failed;
}

function parsed(body: unknown): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return text;
	if (!text.trim()) return {};
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Maileva's error answer (`{ errors: [{ code, message }] }`, or one `code` + `message`), as one line. */
export function mailevaErrorText(body: unknown): { code: string; message: string } {
	const json = parsed(body) as
		| { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown; message?: unknown; field?: unknown }> }
		| undefined;
	// `{ errors: [...] }` (most files), a bare array (secured_electronic_mail's ErrorsDto), or one error.
	const first = Array.isArray(json) ? (json[0] as typeof json) : Array.isArray(json?.errors) ? json.errors[0] : json;
	const code = typeof first?.code === 'string' ? first.code : '';
	const message = typeof first?.message === 'string' ? first.message.slice(0, 500) : '';
	return { code, message };
}

function describeFailure(
	call: WireCall,
	failure: AttemptFailure,
	body: unknown,
): { message: string; description: string } {
	const submit = call.method === 'POST' && call.path.endsWith('/submit');
	const maybeDone = submit
		? ' The letter may or may not have been submitted: run it again — LRE Send looks up the case reference first and never posts a letter twice.'
		: '';
	if (failure.kind === 'network') {
		return failure.code === 'ECONNREFUSED' || failure.code === 'ENOTFOUND'
			? {
					message: `Cannot reach Maileva (${failure.code})`,
					description:
						'Check the environment and API URL of the Maileva API credential, and that this server can reach it.',
				}
			: {
					message: `Maileva did not answer in time (${failure.code ?? 'network error'})`,
					description: `Try again later.${maybeDone}`,
				};
	}
	if (failure.kind !== 'http')
		return {
			message: 'Maileva sent an answer that cannot be read',
			description: `Maileva had a problem; try again later.${maybeDone}`,
		};
	const { code, message } = mailevaErrorText(body);
	const said = `${message || 'no detail'}${code ? ` [${code}]` : ''}`;
	const api = /^\/([a-z_]+\/v\d+)/.exec(call.path)?.[1] ?? 'this API';
	if (
		call.path.endsWith('/authenticate_by_otp') &&
		failure.status >= 400 &&
		failure.status < 500 &&
		failure.status !== 401
	)
		return {
			message: `Maileva refused the OTP code (HTTP ${failure.status}): ${said}`,
			description:
				"Give the current 6-digit code of the sender's OTP key (it changes every 30 seconds), and check that Sender ID in the Maileva API credential is the sender that key was posted to. Nothing was sent.",
		};
	switch (true) {
		case failure.status === 401:
			return {
				message: `Maileva refused the access token (HTTP 401): ${said}`,
				description:
					'Check the Maileva API credential (environment, client, username, password): n8n asked Maileva for a new token and it was refused too.',
			};
		case failure.status === 403:
			return {
				message: `Maileva does not allow this account to do that (HTTP 403): ${said}`,
				description: `Ask Maileva to open ${api} for this account (production access needs Maileva's qualification).`,
			};
		case failure.status === 404:
			return {
				message: `Maileva does not know this resource (HTTP 404): ${said}`,
				description:
					'Check the letter ID (a Maileva sending id output by LRE Send) and that the credential is the one that sent it.',
			};
		case failure.status === 429:
			return {
				message: 'Maileva is limiting the request rate (HTTP 429)',
				description: 'Lower the batch concurrency or wait a minute, then run again.',
			};
		case failure.status >= 400 && failure.status < 500:
			return {
				message: `Maileva refused the request (HTTP ${failure.status}): ${said}`,
				description: api.startsWith('registered_mail')
					? 'Correct the field Maileva names (address lines, country, options), then run again. Nothing was posted.'
					: 'Correct the field Maileva names (recipient email, names, company, sender), then run again. Nothing was sent.',
			};
		default:
			return {
				message: `Maileva answered HTTP ${failure.status}${code ? ` [${code}]` : ''}`,
				description: `Maileva had a problem; try again later.${maybeDone}`,
			};
	}
}

/** Calls Maileva and returns its decoded JSON answer ({} for an empty one). Throws `NodeApiError` for anything else. */
export async function mailevaRequest(this: Ar24Context, call: WireCall, itemIndex?: number): Promise<unknown> {
	const { api } = await settings.call(this, itemIndex);
	let refreshedUpload = false;
	for (let retry = 1; ; retry++) {
		let failure: AttemptFailure;
		let body: unknown;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				MAILEVA_CREDENTIAL,
				buildRequest(call, `${api}${call.path}`),
			)) as { body: unknown };
			const answer = parsed(response.body);
			if (answer !== undefined) return answer;
			failure = { kind: 'malformed' };
		} catch (error) {
			const failed = failedOf(error);
			body = failed.body;
			if (failed.status !== undefined)
				failure = { kind: 'http', status: failed.status, retryAfterSeconds: parseRetryAfter(failed.retryAfter) };
			else failure = { kind: 'network', code: failed.code };
			// n8n renewed the token on this 401 but does not send a multipart body twice: send it once more here.
			if (failed.status === 401 && call.files?.length && !refreshedUpload) {
				refreshedUpload = true;
				continue;
			}
		}
		const delay = retryDelay(call.method === 'GET' ? 'GET' : 'POST', failure, retry);
		if (delay === undefined) {
			const { message, description } = describeFailure(call, failure, body);
			const error = new NodeApiError(this.getNode(), { failure: failure.kind } as JsonObject, {
				message,
				description,
				httpCode: failure.kind === 'http' ? String(failure.status) : undefined,
				itemIndex,
			});
			// Only the submit posts a letter: an unanswered submit may have done it.
			if (call.method === 'POST' && call.path.endsWith('/submit') && !certainlyNotProcessed(failure))
				letterMayExist(error);
			throw error;
		}
		await sleep(delay);
	}
}

/**
 * Downloads a proof PDF from a URL in a Maileva answer. The URL carries no token of its own: the credential's Bearer
 * token goes with it, so only a URL under the credential's API root is fetched.
 */
export async function mailevaDownload(
	this: Ar24Context,
	url: string,
	what: string,
	itemIndex?: number,
): Promise<Buffer> {
	const { api } = await settings.call(this, itemIndex);
	if (!url.startsWith(`${api}/`)) {
		throw new NodeApiError(this.getNode(), { download: what } as JsonObject, {
			message: `The ${what} is not under the Maileva API of the credential`,
			description: `Maileva gave ${new URL(url, api).host}, not ${new URL(api).host}: the access token is not sent elsewhere. Check the credential's environment.`,
			itemIndex,
		});
	}
	let body: Buffer;
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, MAILEVA_CREDENTIAL, {
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			timeout: 120_000,
			headers: { accept: 'application/pdf' },
		})) as { body: unknown };
		body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as ArrayBuffer);
	} catch (error) {
		const failed = failedOf(error);
		throw new NodeApiError(this.getNode(), { download: what } as JsonObject, {
			message: `Could not download the ${what} from Maileva${failed.status ? ` (HTTP ${failed.status})` : ''}`,
			description: 'The proof may not be available yet; try again later.',
			httpCode: failed.status ? String(failed.status) : undefined,
			itemIndex,
		});
	}
	if (body.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw new NodeApiError(this.getNode(), { download: what } as JsonObject, {
			message: `Maileva did not return the ${what} as a PDF`,
			description: 'Try again later.',
			itemIndex,
		});
	}
	return body;
}
