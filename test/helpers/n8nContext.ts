/**
 * A small stand-in for n8n's IExecuteFunctions, enough to run our operations in-process against the real sandbox:
 * parameters per item, credentials, continueOnFail, and httpRequestWithAuthentication that applies our credential's
 * `authenticate` and sends a real HTTP request (the real n8n helper is exercised by the e2e tests).
 */
import { createHash } from 'node:crypto';
import type { IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';
import { Ar24Api } from '../../credentials/Ar24Api.credentials';
import { mailevaN8nRequest } from './maileva';

export interface FakeContextOptions {
	credentials: Record<string, unknown>;
	/** Parameters by name; a function gets the item index. */
	parameters: Record<string, unknown | ((itemIndex: number) => unknown)>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** The node's static data (kept by the caller to share it between runs, as n8n does). */
	staticData?: Record<string, unknown>;
	/**
	 * n8n's de-duplication store (`checkProcessedAndRecord`, mode `entries`), kept by the caller to share it between
	 * runs as n8n's database does; `false` = an n8n without these helpers. Default: a fresh store.
	 */
	processed?: ProcessedStore | false;
	/** What `getRestApiUrl()` answers (n8n: its webhook base URL + `rest`). */
	restApiUrl?: string;
}

/** Hashed entries per scope context, as n8n's DeduplicationHelper stores them (MD5, base64). */
export type ProcessedStore = Map<string, string[]>;

export function processedStore(): ProcessedStore {
	return new Map();
}

const entryHash = (value: string | number) => createHash('md5').update(value.toString()).digest('base64');

export function deduplicationHelpers(store: ProcessedStore, nodeId: string) {
	const context = (scope: string) => (scope === 'node' ? `n:${nodeId}` : '');
	return {
		checkProcessedAndRecord: async (items: Array<string | number>, scope: string, options: { mode: string; maxEntries?: number }) => {
			if (options.mode !== 'entries') throw new Error('fake context: only mode "entries" is implemented');
			// Like n8n: read the record, (await the database), write it back whole — no transaction.
			const data = [...(store.get(context(scope)) ?? [])];
			await new Promise((resolve) => setImmediate(resolve));
			const known = new Set(data);
			const result = { new: [] as Array<string | number>, processed: [] as Array<string | number> };
			for (const item of items) {
				const hash = entryHash(item);
				if (known.has(hash)) result.processed.push(item);
				else {
					result.new.push(item);
					data.push(hash);
					known.add(hash);
				}
			}
			if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
			store.set(context(scope), data);
			return result;
		},
		removeProcessed: async (items: Array<string | number>, scope: string) => {
			const data = [...(store.get(context(scope)) ?? [])];
			await new Promise((resolve) => setImmediate(resolve));
			for (const item of items) {
				const index = data.indexOf(entryHash(item));
				if (index !== -1) data.splice(index, 1);
			}
			store.set(context(scope), data);
		},
	};
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
	const node = { id: 'lre-send-node-1', name: 'LRE Send', type: 'n8n-nodes-lre.lreSend', typeVersion: 1, parameters: {} } as unknown as INode;
	const restApiUrl = options.restApiUrl ?? 'http://localhost:5678/rest';
	const context = {
		sent,
		getInputData: () => options.items ?? [{ json: {} }],
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => options.credentials,
		getWorkflowStaticData: () => options.staticData ?? {},
		getRestApiUrl: () => restApiUrl,
		getInstanceBaseUrl: () => `${new URL(restApiUrl).origin}/`,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = options.parameters[name];
			if (value === undefined) return fallback;
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
		helpers: {
			...(options.processed === false ? {} : deduplicationHelpers(options.processed ?? processedStore(), node.id)),
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
			httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions) => {
				if (type === 'mailevaApi') return await mailevaN8nRequest(node, options.credentials, request, sent);
				const authenticate = credential.authenticate as (c: unknown, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
				return send(await authenticate(options.credentials, request), sent);
			},
		},
	};
	return context as unknown as IExecuteFunctions & { sent: Sent[] };
}
