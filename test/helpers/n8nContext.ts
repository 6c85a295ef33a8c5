/**
 * A small stand-in for n8n's IExecuteFunctions, enough to run our operations in-process: parameters per item,
 * credentials, continueOnFail, and httpRequestWithAuthentication that applies our credential's `authenticate` and
 * sends a real HTTP request to the sandbox (integration tests) — or, with `ar24: fakeAr24()`, hands it to an in-memory
 * AR24 that checks the token and signature and answers encrypted, as AR24 does (unit tests: no socket, no process).
 * `triggerContext` is the same for IWebhookFunctions / IPollFunctions. The real n8n helpers run in the e2e tests.
 */
import { createHash } from 'node:crypto';
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { Ar24Api } from '../../credentials/Ar24Api.credentials';
import { encryptBody, parisDate, verifySignature } from '../../lib/ar24/protocol';
import type { Ar24Mail } from '../../lib/ar24/wire';
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
	/** An in-memory AR24 instead of real HTTP (see `fakeAr24`). */
	ar24?: FakeAr24;
	/** Overrides of the node (id, name, webhookId, typeVersion…). */
	node?: Partial<INode>;
	/** `getWorkflow().id` (default "wf-1"). */
	workflowId?: string;
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
		checkProcessedAndRecord: async (
			items: Array<string | number>,
			scope: string,
			options: { mode: string; maxEntries?: number },
		) => {
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
	const sent: Sent[] = [];
	const node = {
		id: 'lre-send-node-1',
		name: 'LRE Send',
		type: 'n8n-nodes-lre.lreSend',
		typeVersion: 1,
		parameters: {},
		...options.node,
	} as INode;
	const restApiUrl = options.restApiUrl ?? 'http://localhost:5678/rest';
	const context = {
		sent,
		getInputData: () => options.items ?? [{ json: {} }],
		getNode: () => node,
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-1', name: 'Test workflow', active: true }),
		getMode: () => 'trigger',
		getExecutionId: () => 'exec-1',
		logger: silentLogger,
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
			...httpHelpers(options.credentials, sent, options.ar24, node),
		},
	};
	return context as unknown as IExecuteFunctions & { sent: Sent[] };
}

const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** n8n's two HTTP helpers: through the credential's `authenticate` to the sandbox (real HTTP) or to a fake AR24. */
function httpHelpers(credentials: Record<string, unknown>, sent: Sent[], ar24?: FakeAr24, node?: INode) {
	const credential = new Ar24Api();
	const authenticate = credential.authenticate as (c: unknown, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
	return {
		httpRequest: async (request: IHttpRequestOptions) => {
			if (ar24) return ar24.download(request.url);
			const response = await fetch(request.url);
			return { body: Buffer.from(await response.arrayBuffer()), statusCode: response.status, headers: {} };
		},
		httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions) => {
			if (type === 'mailevaApi') return await mailevaN8nRequest(node as INode, credentials, request, sent);
			const signed = await authenticate(credentials, request);
			if (!ar24) return send(signed, sent);
			const url = new URL(signed.url);
			sent.push({
				method: signed.method ?? 'GET',
				url: url.toString(),
				headers: Object.fromEntries(Object.entries(signed.headers ?? {}).map(([k, v]) => [k, String(v)])),
			});
			return await ar24.handle(signed);
		},
	};
}

/** One AR24 call as the fake AR24 received it: route, decoded parameters (query or form), files. */
export interface Ar24Call {
	method: string;
	path: string;
	params: Record<string, string>;
	files: Array<{ field: string; name: string; data: Buffer }>;
}

/** What a route answers: a result (sent back as an encrypted SUCCESS), an AR24 error slug, or an HTTP status. */
export type Ar24Reply =
	{ result: unknown } | { error: string; message?: string } | { http: number; headers?: Record<string, string> };

export type Ar24Route = (call: Ar24Call) => Ar24Reply | Promise<Ar24Reply>;

export interface FakeAr24 {
	/** Every call received, in order (after the token and signature were checked). */
	calls: Ar24Call[];
	/** Routes by "METHOD /path", e.g. "GET /user"; a missing route answers AR24's error `unknown_route`. */
	routes: Record<string, Ar24Route>;
	/** PDF files served by URL (proof downloads, which carry no credential). */
	files: Record<string, Buffer>;
	handle(request: IHttpRequestOptions): Promise<{ body: string; statusCode: number; headers: Record<string, string> }>;
	download(url: string): Promise<{ body: Buffer; statusCode: number; headers: Record<string, string> }>;
}

/**
 * An in-memory AR24 for one credential (`baseUrl`, `apiToken`, `privateKey`): refuses a wrong token or signature as
 * AR24 does, answers each route's result encrypted with the request's date, and records what it received.
 */
export function fakeAr24(credentials: Record<string, unknown>, routes: Record<string, Ar24Route> = {}): FakeAr24 {
	const baseUrl = String(credentials.baseUrl ?? '').replace(/\/$/, '');
	const token = String(credentials.apiToken ?? '');
	const privateKey = String(credentials.privateKey ?? '');
	const fake: FakeAr24 = {
		calls: [],
		routes,
		files: {},
		async handle(request) {
			const url = new URL(request.url);
			const params: Record<string, string> = {};
			const files: Ar24Call['files'] = [];
			for (const [name, value] of Object.entries(request.qs ?? {})) {
				if (Array.isArray(value)) value.forEach((v, i) => (params[`${name}[${i}]`] = String(v)));
				else if (value !== undefined) params[name] = String(value);
			}
			if (request.body instanceof FormData) {
				for (const [name, value] of request.body) {
					if (typeof value === 'string') params[name] = value;
					else files.push({ field: name, name: (value as File).name, data: Buffer.from(await value.arrayBuffer()) });
				}
			}
			const json = (status: number, body: unknown) => ({
				body: JSON.stringify(body),
				statusCode: status,
				headers: { 'content-type': 'application/json' },
			});
			const signature = String((request.headers ?? {}).signature ?? '');
			if (params.token !== token)
				return json(200, { status: 'ERROR', slug: 'token_invalid', message: 'Invalid token' });
			if (!verifySignature(signature, params.date ?? '', privateKey))
				return json(200, { status: 'ERROR', slug: 'invalid_signature', message: 'Invalid signature' });
			const path = url.toString().startsWith(baseUrl)
				? url.pathname.slice(new URL(baseUrl).pathname.length)
				: url.pathname;
			const call: Ar24Call = { method: request.method ?? 'GET', path, params, files };
			fake.calls.push(call);
			const route = fake.routes[`${call.method} ${path}`];
			const reply = route ? await route(call) : { error: 'unknown_route', message: `No route ${call.method} ${path}` };
			if ('http' in reply) return { body: '', statusCode: reply.http, headers: reply.headers ?? {} };
			if ('error' in reply)
				return json(200, { status: 'ERROR', slug: reply.error, message: reply.message ?? reply.error });
			const body = encryptBody(JSON.stringify({ status: 'SUCCESS', result: reply.result }), params.date, privateKey);
			return { body, statusCode: 200, headers: { 'content-type': 'text/plain' } };
		},
		async download(url) {
			const file = fake.files[url];
			return file
				? { body: file, statusCode: 200, headers: {} }
				: { body: Buffer.from('not found'), statusCode: 404, headers: {} };
		},
	};
	return fake;
}

export interface TriggerContextOptions {
	credentials: Record<string, unknown>;
	/** Parameters by name (triggers read them without an item index). */
	parameters: Record<string, unknown>;
	ar24?: FakeAr24;
	/** The node's static data (keep it between calls to share it, as n8n does). */
	staticData?: Record<string, unknown>;
	node?: Partial<INode>;
	workflowId?: string;
	/** `getMode()`: "trigger" (an active workflow) or "manual" (a test run). */
	mode?: 'trigger' | 'manual';
	/** The webhook request. */
	query?: Record<string, unknown>;
	body?: Record<string, unknown>;
	headers?: Record<string, string>;
	remoteAddress?: string;
}

/** What the trigger answered itself (`getResponseObject().status(..).json(..)`), if it did. */
export interface Answered {
	status?: number;
	body?: unknown;
}

/** A stand-in for n8n's IWebhookFunctions and IPollFunctions (one object serves both). */
export function triggerContext(
	options: TriggerContextOptions,
): IWebhookFunctions & IPollFunctions & { answered: Answered; sent: Sent[]; warnings: string[] } {
	const sent: Sent[] = [];
	const answered: Answered = {};
	const warnings: string[] = [];
	const staticData = options.staticData ?? {};
	const node = {
		id: 'lre-trigger-node-1',
		name: 'LRE Trigger',
		type: 'n8n-nodes-lre.lreTrigger',
		typeVersion: 1,
		parameters: {},
		...options.node,
	} as INode;
	const response = {
		status(code: number) {
			answered.status = code;
			return response;
		},
		json(body: unknown) {
			answered.body = body;
			return response;
		},
		send(body: unknown) {
			answered.body = body;
			return response;
		},
	};
	const context = {
		answered,
		sent,
		warnings,
		getNode: () => node,
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-1', name: 'Test workflow', active: true }),
		getMode: () => options.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => options.credentials,
		getNodeParameter: (name: string, fallback?: unknown) =>
			options.parameters[name] === undefined ? fallback : options.parameters[name],
		getQueryData: () => options.query ?? {},
		getBodyData: () => options.body ?? {},
		getHeaderData: () => options.headers ?? {},
		getParamsData: () => ({}),
		getRequestObject: () => ({
			headers: options.headers ?? {},
			socket: { remoteAddress: options.remoteAddress ?? '127.0.0.1' },
			query: options.query ?? {},
			body: options.body ?? {},
		}),
		getResponseObject: () => response,
		logger: { ...silentLogger, warn: (message: string) => warnings.push(message) },
		helpers: {
			...httpHelpers(options.credentials, sent, options.ar24, node),
			prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
				fileSize: String(data.length),
			}),
		},
	};
	return context as unknown as IWebhookFunctions &
		IPollFunctions & { answered: Answered; sent: Sent[]; warnings: string[] };
}

/** An AR24 API credential for the fake AR24 (no server behind its base URL). */
export const FAKE_AR24_CREDENTIALS: Readonly<Record<string, unknown>> = {
	environment: 'custom',
	baseUrl: 'http://ar24.invalid/api',
	apiToken: 'unit-token-0123456789',
	privateKey: 'unit-private-key-abcdef',
	sender: '42',
	timeoutSeconds: 5,
};

/** The sender account of `fakeAr24Account`. */
export const FAKE_SENDER = {
	id: 42,
	email: 'recouvrement@creancier.fr',
	name: 'Claire Lefèvre',
	company: 'Atelier Lefèvre',
	statut: 'professionnel',
	is_identity_verified: 1,
};

/** The OTP code the fake account accepts. */
export const FAKE_OTP = '123456';

/**
 * A fake AR24 with one sender and its letters, enough for every LRE operation: `GET /user`, `GET /user/mail`
 * (newest first, `start`/`max`), `GET /mail`, `POST /attachment`, `POST /mail`, `POST /user/auth_otp`. Its routes can
 * be replaced one by one to make AR24 fail.
 */
export function fakeAr24Account(credentials: Record<string, unknown> = FAKE_AR24_CREDENTIALS, mails: Ar24Mail[] = []) {
	let nextId = 100_001 + mails.length;
	const attachments = new Map<string, { name: string; size: number }>();
	const ar24 = fakeAr24(credentials, {
		'GET /user': (call) =>
			call.params.id_user === String(FAKE_SENDER.id) || call.params.email === FAKE_SENDER.email
				? { result: FAKE_SENDER }
				: { error: 'user_not_exist' },
		'GET /user/mail': (call) => {
			const start = Number(call.params.start ?? 0);
			const max = Number(call.params.max ?? 100);
			return { result: [...mails].reverse().slice(start, start + max) };
		},
		'GET /mail': (call) => {
			const mail = mails.find((m) => String(m.id) === call.params.id);
			return mail ? { result: mail } : { error: 'mail_not_exist', message: 'No such mail' };
		},
		'POST /attachment': (call) => {
			const id = String(9000 + attachments.size + 1);
			attachments.set(id, { name: call.files[0]?.name ?? '', size: call.files[0]?.data.length ?? 0 });
			return { result: { file_id: id } };
		},
		'POST /user/auth_otp': (call) =>
			call.params.otp === FAKE_OTP
				? { result: { hash: 'otp-session-hash-1', expiration_date: '2026-03-02 11:00:00' } }
				: { error: 'authentication_otp_invalid' },
		'POST /mail': (call) => {
			const attachmentIds = Object.entries(call.params)
				.filter(([k]) => k.startsWith('attachment['))
				.map(([, v]) => v);
			const mail: Ar24Mail = {
				id: nextId++,
				status: 'waiting',
				id_sender: FAKE_SENDER.id,
				from_email: FAKE_SENDER.email,
				from_name: FAKE_SENDER.name,
				to_email: call.params.to_email,
				to_firstname: call.params.to_firstname,
				to_lastname: call.params.to_lastname,
				to_company: call.params.to_company,
				dest_statut: call.params.dest_statut,
				ref_dossier: call.params.ref_dossier,
				ref_client: call.params.ref_client,
				is_eidas: call.params.eidas,
				date: parisDate(),
				attachments_details: attachmentIds.map((id) => ({
					id,
					name: attachments.get(id)?.name ?? '',
					file_size: attachments.get(id)?.size,
				})),
			};
			if (call.params.webhook) mail.webhook = call.params.webhook;
			mails.push(mail);
			return { result: mail };
		},
	});
	return Object.assign(ar24, { mails });
}

/** A letter of the fake sender as AR24 reports it (fields overridable): deposited, sent, then accepted by default. */
export function ar24Letter(id: number, fields: Partial<Ar24Mail> = {}): Ar24Mail {
	return {
		id,
		status: 'AR',
		id_sender: FAKE_SENDER.id,
		from_email: FAKE_SENDER.email,
		from_name: FAKE_SENDER.name,
		to_email: 'compta@debiteur.fr',
		to_company: 'Débiteur SARL',
		dest_statut: 'professionnel',
		ref_dossier: `MED-${id}`,
		is_eidas: 1,
		date: '2026-03-02 10:00:00',
		ts_ev_date: '2026-03-02 10:05:00',
		proof_dp_url: `http://ar24.invalid/proof/${id}/dp.pdf`,
		proof_ev_url: `http://ar24.invalid/proof/${id}/ev.pdf`,
		view_date: '2026-03-04 09:30:00',
		proof_ar_url: `http://ar24.invalid/proof/${id}/ar.pdf`,
		...fields,
	};
}

/** A tiny valid-looking PDF (the nodes check the `%PDF-` magic, not the content). */
export function tinyPdf(label = 'proof'): Buffer {
	return Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`, 'latin1');
}

/** Runs an action node's `execute` on a fake context; its first output and the context (for `sent`, `ar24.calls`). */
export async function runNode(
	node: INodeType,
	options: FakeContextOptions,
): Promise<{ out: INodeExecutionData[]; context: ReturnType<typeof fakeContext> }> {
	const context = fakeContext(options);
	if (!node.execute) throw new Error('the node has no execute()');
	const [out] = (await node.execute.call(context)) as INodeExecutionData[][];
	return { out, context };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failureOf(
	promise: Promise<unknown>,
): Promise<Error & { description?: string | null; context: { itemIndex?: number } }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string | null; context: { itemIndex?: number } };
	}
	throw new Error('expected a failure, got a result');
}
