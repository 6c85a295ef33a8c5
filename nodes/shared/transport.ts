/**
 * The one way every node talks to AR24: picks the base URL, stamps the request `date`, lets the credential sign it
 * (`httpRequestWithAuthentication`), decrypts the answer with that date, retries what is safe to retry, and turns
 * every failure into a `NodeApiError` that names the AR24 slug and what to fix — with no token or key in it.
 */
import {
	NodeApiError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { ar24BaseUrl } from '../../lib/ar24/endpoints';
import { ar24SenderParam } from '../../lib/ar24/provider';
import { MalformedAnswerError, readAnswer, type Ar24Answer } from '../../lib/ar24/envelope';
import { describeSlug } from '../../lib/ar24/errors';
import { parisDate } from '../../lib/ar24/protocol';
import { certainlyNotProcessed, parseRetryAfter, retryDelay, type AttemptFailure } from '../../lib/ar24/retry';
import type { WireCall, WireValue } from '../../lib/provider/types';

export const AR24_CREDENTIAL = 'ar24Api';

export type Ar24Context =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

type Ar24ParamValue = WireValue;

/** A call built by lib/ar24/provider.ts (or by a trigger), for the item it serves. */
export interface Ar24Call extends Omit<WireCall, 'method' | 'json'> {
	/** AR24 has GET and POST routes only. */
	method: 'GET' | 'POST';
	itemIndex?: number;
}

interface Ar24Settings {
	baseUrl: string;
	privateKey: string;
	sender: string;
	timeoutMs: number;
}

/** The AR24 credential, for the item when the context has items. The one place that reads it. */
export async function ar24Credentials(
	this: Ar24Context | IHookFunctions,
	itemIndex?: number,
): Promise<ICredentialDataDecryptedObject> {
	return 'getInputData' in this
		? await (this as IExecuteFunctions).getCredentials(AR24_CREDENTIAL, itemIndex ?? 0)
		: await this.getCredentials(AR24_CREDENTIAL);
}

/** Reads what the transport needs from the credential (never returned to callers except `sender`). */
async function settings(this: Ar24Context, itemIndex?: number): Promise<Ar24Settings> {
	const credentials = await ar24Credentials.call(this, itemIndex);
	let baseUrl: string;
	try {
		baseUrl = ar24BaseUrl(String(credentials.environment ?? 'production'), String(credentials.baseUrl ?? ''));
	} catch (error) {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			message: (error as Error).message,
			description: 'Open the AR24 API credential and set a Base URL such as http://127.0.0.1:4024/api.',
			itemIndex,
		});
	}
	return {
		baseUrl,
		privateKey: String(credentials.privateKey ?? ''),
		sender: String(credentials.sender ?? '').trim(),
		timeoutMs: Math.max(5, Number(credentials.timeoutSeconds ?? 60) || 60) * 1000,
	};
}

/** The sender set in the credential (an AR24 user id or e-mail). */
export async function ar24Sender(this: Ar24Context, itemIndex?: number): Promise<string> {
	return (await settings.call(this, itemIndex)).sender;
}

/** The sender set in the credential, as the AR24 parameter that names it. */
export async function senderParam(
	this: Ar24Context,
	itemIndex?: number,
): Promise<{ id_user?: string; email?: string }> {
	const { sender } = await settings.call(this, itemIndex);
	return ar24SenderParam(sender);
}

function formValue(value: Exclude<Ar24ParamValue, undefined | null>): string {
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

function buildRequest(call: Ar24Call, date: string, baseUrl: string, timeoutMs: number): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.files?.length ? Math.max(timeoutMs, 300_000) : timeoutMs,
		headers: { accept: 'application/json', 'accept-language': 'en' },
	};
	const entries = Object.entries(call.params ?? {}).filter(
		(entry): entry is [string, Exclude<Ar24ParamValue, undefined | null>] =>
			entry[1] !== undefined && entry[1] !== null,
	);
	if (call.method === 'GET') {
		const qs: Record<string, string | string[]> = { date };
		for (const [name, value] of entries) qs[name] = Array.isArray(value) ? value.map(String) : formValue(value);
		return { ...request, qs, arrayFormat: 'brackets' };
	}
	const form = new FormData();
	form.append('date', date);
	for (const [name, value] of entries) {
		if (Array.isArray(value)) value.forEach((v, i) => form.append(`${name}[${i}]`, String(v)));
		else form.append(name, formValue(value));
	}
	for (const file of call.files ?? []) {
		form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
	}
	return { ...request, body: form };
}

/** Finds a network error code (ECONNREFUSED, ECONNABORTED, …) anywhere in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	const text = error instanceof Error ? error.message : '';
	if (/timeout/i.test(text)) return 'ETIMEDOUT';
	return undefined;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

function describeFailure(call: Ar24Call, failure: AttemptFailure): { message: string; description: string } {
	const write = call.method === 'POST';
	const maybeDone = write
		? ' The request may or may not have been carried out: run it again — LRE Send looks up the case reference first and never sends a letter twice.'
		: '';
	switch (failure.kind) {
		case 'network':
			return failure.code === 'ECONNREFUSED' || failure.code === 'ENOTFOUND'
				? {
						message: `Cannot reach AR24 (${failure.code})`,
						description:
							'Check the environment and Base URL of the AR24 API credential, and that this server can reach it.',
					}
				: {
						message: `AR24 did not answer in time (${failure.code ?? 'network error'})`,
						description: `Try again later or raise the credential's request timeout.${maybeDone}`,
					};
		case 'http':
			return failure.status === 429
				? {
						message: 'AR24 is limiting the request rate (HTTP 429)',
						description: 'Lower the batch concurrency or wait a minute, then run again.',
					}
				: {
						message: `AR24 answered HTTP ${failure.status}`,
						description: `AR24 had a problem; try again later.${maybeDone}`,
					};
		case 'maintenance':
			return {
				message: 'AR24 is in maintenance',
				description: 'AR24 announced a maintenance window; run again later.',
			};
		case 'malformed':
			return {
				message: 'AR24 sent an answer that cannot be read',
				description: `The answer was neither JSON nor encrypted with this credential's private key. Check the private key; otherwise AR24 had a problem.${maybeDone}`,
			};
	}
}

/**
 * Calls AR24 and returns the decrypted `result` of a SUCCESS answer. Throws `NodeApiError` for everything else.
 */
export async function ar24Request(this: Ar24Context, call: Ar24Call): Promise<unknown> {
	const { baseUrl, privateKey, timeoutMs } = await settings.call(this, call.itemIndex);
	for (let retry = 1; ; retry++) {
		const date = parisDate();
		let answer: Ar24Answer | undefined;
		let failure: AttemptFailure | undefined;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				AR24_CREDENTIAL,
				buildRequest(call, date, baseUrl, timeoutMs),
			)) as FullResponse;
			if (response.statusCode === 200) answer = readAnswer(response.body, date, privateKey);
			else {
				failure = {
					kind: 'http',
					status: response.statusCode,
					retryAfterSeconds: parseRetryAfter(response.headers?.['retry-after']),
				};
			}
		} catch (error) {
			failure =
				error instanceof MalformedAnswerError ? { kind: 'malformed' } : { kind: 'network', code: networkCode(error) };
		}
		if (answer?.kind === 'success') return answer.result;
		if (answer?.kind === 'error') {
			const info = describeSlug(answer.slug, answer.message);
			throw new NodeApiError(
				this.getNode(),
				{ slug: answer.slug ?? null, providerMessage: answer.message ?? null },
				{
					message: `AR24: ${info.message}${answer.slug ? ` [${answer.slug}]` : ''}`,
					description: info.fix,
					itemIndex: call.itemIndex,
				},
			);
		}
		failure ??= { kind: 'maintenance' };
		const delay = retryDelay(call.method, failure, retry);
		if (delay === undefined) {
			const { message, description } = describeFailure(call, failure);
			const error = new NodeApiError(this.getNode(), { failure: failure.kind } as JsonObject, {
				message,
				description,
				httpCode: failure.kind === 'http' ? String(failure.status) : undefined,
				itemIndex: call.itemIndex,
			});
			error.context.ar24MayHaveActed = call.method === 'POST' && !certainlyNotProcessed(failure);
			throw error;
		}
		await sleep(delay);
	}
}

/** Whether a failed write may nevertheless have been carried out by AR24 (timeout, 5xx, unreadable answer). */
export function mayHaveActed(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.ar24MayHaveActed === true;
}
