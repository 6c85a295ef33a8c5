/**
 * A small stand-in for n8n's IExecuteFunctions, enough to run our operations in-process against the real sandbox:
 * parameters per item, credentials, continueOnFail, and httpRequestWithAuthentication that applies our credential's
 * `authenticate` and sends a real HTTP request (the real n8n helper is exercised by the e2e tests).
 */
import type { IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';
import { Ar24Api } from '../credentials/Ar24Api.credentials';

export interface FakeContextOptions {
	credentials: Record<string, unknown>;
	/** Parameters by name; a function gets the item index. */
	parameters: Record<string, unknown | ((itemIndex: number) => unknown)>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** The node's static data (kept by the caller to share it between runs, as n8n does). */
	staticData?: Record<string, unknown>;
}

export interface Sent {
	method: string;
	url: string;
	headers: Record<string, string>;
}

async function send(options: IHttpRequestOptions, sent: Sent[]) {
	const url = new URL(options.url);
	for (const [name, value] of Object.entries(options.qs ?? {})) {
		if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(`${name}[]`, String(v)));
		else if (value !== undefined) url.searchParams.append(name, String(value));
	}
	const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, String(v)]));
	sent.push({ method: options.method ?? 'GET', url: url.toString(), headers });
	const response = await fetch(url, {
		method: options.method,
		headers,
		body: options.body as FormData | undefined,
		signal: AbortSignal.timeout(options.timeout ?? 60_000),
	});
	const body = await response.text();
	if (!options.ignoreHttpStatusErrors && response.status >= 400) throw new Error(`HTTP ${response.status}`);
	return options.returnFullResponse
		? { body, statusCode: response.status, headers: Object.fromEntries(response.headers) }
		: body;
}

export function fakeContext(options: FakeContextOptions): IExecuteFunctions & { sent: Sent[] } {
	const credential = new Ar24Api();
	const sent: Sent[] = [];
	const node = { name: 'LRE Send', type: 'n8n-nodes-lre.lreSend', typeVersion: 1, parameters: {} } as unknown as INode;
	const context = {
		sent,
		getInputData: () => options.items ?? [{ json: {} }],
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => options.credentials,
		getWorkflowStaticData: () => options.staticData ?? {},
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = options.parameters[name];
			if (value === undefined) return fallback;
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
		helpers: {
			getBinaryDataBuffer: async (itemIndex: number, property: string) => {
				const binary = (options.items ?? [])[itemIndex]?.binary?.[property];
				if (!binary) throw new Error(`no binary ${property}`);
				return Buffer.from(binary.data, 'base64');
			},
			prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
				fileSize: String(data.length),
			}),
			httpRequest: async (request: IHttpRequestOptions) => {
				const response = await fetch(request.url);
				return { body: Buffer.from(await response.arrayBuffer()), statusCode: response.status, headers: {} };
			},
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const authenticate = credential.authenticate as (c: unknown, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
				return send(await authenticate(options.credentials, request), sent);
			},
		},
	};
	return context as unknown as IExecuteFunctions & { sent: Sent[] };
}
