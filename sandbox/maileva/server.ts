/**
 * The Maileva-compatible side of the sandbox, under `/maileva`: Maileva's Keycloak token endpoint (password grant
 * and refresh token; `client_credentials` refused as Maileva does) and `registered_mail/v4` (sendings → documents →
 * recipients → submit, the postal lifecycle of ./lifecycle.ts on the sandbox clock, proofs as PDF). Bearer tokens
 * expire (`expires_in`, 300 s) and an expired token gets 401, so clients must refresh. Shapes follow Maileva's
 * OpenAPI file `api-registered_mail-v4-9.yaml`. Sendings, documents and recipients persist in the data dir
 * (./state.ts, name `registered_mail`); tokens do not (after a restart a client logs in again).
 *
 * Faults (`POST /_sandbox/faults`, sandbox/faults.ts) apply to `/maileva/...` paths too and answer as Maileva's
 * gateway would: see `mailevaFault`. `phase: "after"` = the work is done and saved, then the client sees the fault.
 *
 *   POST /maileva/_sandbox/expire_tokens   makes every issued token expire now (tests of the refresh)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import PDFDocument from 'pdfkit';
import { MAILEVA_OIDC_ENDPOINT } from '../../lib/maileva/endpoints';
import type { Sandbox } from '../context';
import { ApiError, json } from './answer';
import type { FaultRule, Faults } from '../faults';
import { BodyTooLargeError, readBody, reply } from '../http';
import { HOUR, postalState, type PostalState } from './lifecycle';
import { mailevaState, readMailevaBlob, saveMailevaStates, writeMailevaBlob } from './state';
import { handleElectronic, isElectronicPath } from './electronic';
import { handleNotifications, resumeNotifications } from './notifications';
import { readDocumentPart } from './documentPart';

/** The sandbox's one Maileva login (README: Maileva sandbox). */
export const MAILEVA_SANDBOX_LOGIN = {
	clientId: 'lre-sandbox',
	clientSecret: 'lre-sandbox-secret',
	username: 'recouvrement@example.com',
	password: 'sandbox',
} as const;

export const TOKEN_SECONDS = 300;
const COUNTRIES = new Set(['FR', 'MC', 'RE', 'YT', 'MQ', 'GP', 'MF', 'BL', 'GF']);
const LINE_MAX = 38;

interface Document {
	id: string;
	name: string;
	priority: number;
	type: string;
	size: number;
	pages_count: number;
}

interface Recipient {
	id: string;
	custom_id?: string;
	custom_data?: string;
	reference_to_print?: string;
	lines: string[];
	country_code: string;
	registered_number: string;
}

interface Sending {
	id: string;
	name: string;
	custom_id?: string;
	custom_data?: string;
	acknowledgement_of_receipt: boolean;
	postage_type: 'FAST' | 'URGENT';
	archiving_duration: number;
	color_printing: boolean;
	duplex_printing: boolean;
	print_sender_address: boolean;
	sender_lines: string[];
	created: number;
	submitted?: number;
	/** Set at the submit: the id of the sending's global deposit proof. */
	global_deposit_proof_id?: string;
	documents: Document[];
	recipients: Recipient[];
}

/** Tokens: in memory only (dropped by a restart). */
interface Tokens {
	tokens: Map<string, number>;
	refresh: Map<string, number>;
}

/** registered_mail/v4: persisted (./state.ts); plain JSON, the documents' bytes are blobs beside it. */
interface State {
	sendings: Sending[];
}

type Both = Tokens & State;

const tokenStates = new WeakMap<Sandbox, Tokens>();

function stateOf(sandbox: Sandbox): Both {
	let tokens = tokenStates.get(sandbox);
	if (!tokens) {
		tokens = { tokens: new Map(), refresh: new Map() };
		tokenStates.set(sandbox, tokens);
	}
	const persisted = mailevaState<State>(sandbox, 'registered_mail', () => ({ sendings: [] }));
	return {
		tokens: tokens.tokens,
		refresh: tokens.refresh,
		get sendings() {
			return persisted.sendings;
		},
	};
}

function issueToken(state: Tokens): Record<string, unknown> {
	const access = `sbx.${randomBytes(24).toString('base64url')}`;
	const refresh = `sbr.${randomBytes(24).toString('base64url')}`;
	state.tokens.set(access, Date.now() + TOKEN_SECONDS * 1000);
	state.refresh.set(refresh, Date.now() + 30 * 60_000);
	return {
		access_token: access,
		expires_in: TOKEN_SECONDS,
		refresh_expires_in: 1800,
		refresh_token: refresh,
		token_type: 'Bearer',
		scope: 'profile email',
	};
}

function tokenEndpoint(state: Tokens, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
	const form = new URLSearchParams(body.toString('utf8'));
	const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
	const [basicId, basicSecret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
	const clientId = form.get('client_id') ?? basicId ?? '';
	const clientSecret = form.get('client_secret') ?? basicSecret ?? '';
	const grant = form.get('grant_type') ?? '';
	if (grant !== 'password' && grant !== 'refresh_token') {
		return json(res, 400, {
			error: 'unsupported_grant_type',
			error_description: `Unsupported grant_type (Maileva implements password and refresh_token only)`,
		});
	}
	if (clientId !== MAILEVA_SANDBOX_LOGIN.clientId || clientSecret !== MAILEVA_SANDBOX_LOGIN.clientSecret) {
		return json(res, 401, {
			error: 'invalid_client',
			error_description: 'Invalid client or Invalid client credentials',
		});
	}
	if (grant === 'refresh_token') {
		const until = state.refresh.get(form.get('refresh_token') ?? '');
		if (!until || until < Date.now())
			return json(res, 400, { error: 'invalid_grant', error_description: 'Token is not active' });
		return json(res, 200, issueToken(state));
	}
	if (
		form.get('username') !== MAILEVA_SANDBOX_LOGIN.username ||
		form.get('password') !== MAILEVA_SANDBOX_LOGIN.password
	) {
		return json(res, 401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
	}
	json(res, 200, issueToken(state));
}

function text(body: Record<string, unknown>, name: string, max: number, required = false): string | undefined {
	const value = body[name];
	if (value === undefined || value === null || value === '') {
		if (required) throw new ApiError(400, 'BAD_REQUEST', `${name}: must not be empty`);
		return undefined;
	}
	if (typeof value !== 'string') throw new ApiError(400, 'BAD_REQUEST', `${name}: must be a string`);
	if (value.length > max) throw new ApiError(400, 'BAD_REQUEST', `${name}: size must be between 0 and ${max}`);
	return value;
}

function bool(body: Record<string, unknown>, name: string, fallback: boolean): boolean {
	const value = body[name];
	if (value === undefined) return fallback;
	if (typeof value !== 'boolean') throw new ApiError(400, 'BAD_REQUEST', `${name}: must be a boolean`);
	return value;
}

function parseJson(body: Buffer): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(body.toString('utf8') || '{}');
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw new ApiError(400, 'BAD_REQUEST', 'The body must be a JSON object');
}

const lineNames = [1, 2, 3, 4, 5, 6].map((n) => `address_line_${n}`);

function sendingResponse(sandbox: Sandbox, sending: Sending): Record<string, unknown> {
	const states = sending.recipients.map((r) =>
		postalState(sending.submitted, r.lines, sandbox.clock.now(), sandbox.options.defaultOutcome),
	);
	const status = sending.submitted === undefined ? 'DRAFT' : states.length ? states[0].sendingStatus : 'REJECTED';
	const count = (s: PostalState['recipientStatus']) => states.filter((x) => x.recipientStatus === s).length;
	const pages = sending.documents.reduce((n, d) => n + d.pages_count, 0);
	return {
		id: sending.id,
		name: sending.name,
		...(sending.custom_id !== undefined ? { custom_id: sending.custom_id } : {}),
		...(sending.custom_data !== undefined ? { custom_data: sending.custom_data } : {}),
		status,
		acknowledgement_of_receipt: sending.acknowledgement_of_receipt,
		creation_date: new Date(sending.created).toISOString(),
		...(sending.submitted !== undefined ? { submission_date: new Date(sending.submitted).toISOString() } : {}),
		...(states[0]?.processedAt !== undefined ? { processed_date: new Date(states[0].processedAt).toISOString() } : {}),
		documents_count: sending.documents.length,
		documents_weight: sending.documents.reduce((n, d) => n + d.size, 0),
		pages_count: pages,
		recipients_counts: {
			total: sending.recipients.length,
			draft: count('DRAFT'),
			pending: count('PENDING'),
			accepted: count('ACCEPTED'),
			processed: count('PROCESSED'),
			rejected: count('REJECTED'),
		},
		color_printing: sending.color_printing,
		duplex_printing: sending.duplex_printing,
		print_sender_address: sending.print_sender_address,
		...Object.fromEntries(
			sending.sender_lines.map((line, i) => [`sender_address_line_${i + 1}`, line]).filter(([, v]) => v),
		),
		archiving_duration: sending.archiving_duration,
		postage_type: sending.postage_type,
	};
}

function recipientResponse(
	sandbox: Sandbox,
	base: string,
	sending: Sending,
	recipient: Recipient,
): Record<string, unknown> {
	const state = postalState(sending.submitted, recipient.lines, sandbox.clock.now(), sandbox.options.defaultOutcome);
	const url = (what: string) => `${base}/registered_mail/v4/sendings/${sending.id}/recipients/${recipient.id}/${what}`;
	const iso = (ms: number) => new Date(ms).toISOString();
	const last = state.deliveries.at(-1);
	const main = state.deliveries.filter((d) => d.category !== 'DELIVERING');
	return {
		id: recipient.id,
		...(recipient.custom_id !== undefined ? { custom_id: recipient.custom_id } : {}),
		...(recipient.custom_data !== undefined ? { custom_data: recipient.custom_data } : {}),
		...(recipient.reference_to_print !== undefined ? { reference_to_print: recipient.reference_to_print } : {}),
		...Object.fromEntries(recipient.lines.map((line, i) => [lineNames[i], line]).filter(([, v]) => v)),
		country_code: recipient.country_code,
		status: state.recipientStatus,
		...(state.statusDetail ? { status_detail: state.statusDetail } : {}),
		postage_class: `REGISTERED_MAIL_${sending.postage_type === 'URGENT' ? 'J2' : 'J3'}${sending.acknowledgement_of_receipt ? '_AR' : ''}`,
		...(state.recipientStatus === 'PROCESSED' ? { registered_number: recipient.registered_number } : {}),
		pages_count: sending.documents.reduce((n, d) => n + d.pages_count, 0),
		...(state.depositProofAt !== undefined
			? {
					deposit_proof_date: iso(state.depositProofAt),
					deposit_proof_url: url('download_deposit_proof'),
					content_proof_date: iso(state.depositProofAt),
					content_proof_url: url('download_content_proof'),
				}
			: {}),
		...(state.acknowledgementAt !== undefined && sending.acknowledgement_of_receipt
			? {
					acknowledgement_of_receipt_date: iso(state.acknowledgementAt),
					acknowledgement_of_receipt_url: url('download_acknowledgement_of_receipt'),
				}
			: {}),
		...(state.undelivered
			? {
					undelivered_mail_date: iso(state.undelivered.at),
					undelivered_mail_url: url('download_undelivered_mail'),
					undelivered_mail_reason: state.undelivered.reason,
				}
			: {}),
		...(last ? { last_delivery_status: last.code, last_delivery_status_date: last.date } : {}),
		delivery_statuses: state.deliveries.map((d) => ({ date: d.date, code: d.code, label: d.label, source: d.source })),
		main_delivery_statuses: main,
		...(main.length ? { last_main_delivery_status: main[main.length - 1] } : {}),
	};
}

async function proofPdf(title: string, lines: string[]): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: 'lre-sandbox (Maileva)' } });
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	doc.fontSize(16).text(title).moveDown();
	doc.fontSize(10).text('SANDBOX — document sans valeur juridique').moveDown();
	for (const line of lines) doc.text(line);
	doc.end();
	return await done;
}

/** Documents up to Maileva's 20 MB per sending (registered_mail), plus the multipart fields. */
const BODY_LIMIT = 21 * 1024 * 1024;
/** The electronic APIs take documents up to 256 MB per sending (their OpenAPI files), plus the multipart fields. */
const ELECTRONIC_BODY_LIMIT = 257 * 1024 * 1024;

/** The largest request body `path` may carry, by the API it belongs to. */
function bodyLimitOf(method: string, path: string): number {
	if (method === 'GET') return 64 * 1024;
	return isElectronicPath(path.slice('/maileva'.length)) ? ELECTRONIC_BODY_LIMIT : BODY_LIMIT;
}

/** What the sandbox server hands the Maileva side: its fault rules and its request log. */
export interface MailevaGateway {
	faults?: Faults;
	/** One line of the request log (`GET /_sandbox/requests`): no parameters (the token form holds a password). */
	record?: (method: string, path: string, outcome: string) => void;
}

const GATEWAY_CODES: Record<number, string> = {
	500: 'INTERNAL_SERVER_ERROR',
	502: 'BAD_GATEWAY',
	503: 'SERVICE_UNAVAILABLE',
	504: 'GATEWAY_TIMEOUT',
};

/**
 * Answers with a fault as Maileva's gateway would. Maileva's OpenAPI files declare no 5xx, 429 or 503 answer (their
 * only error schema is `errors_response`: `{errors: [{code, message}]}`), so these shapes are UNCONFIRMED: 5xx and
 * 503 (maintenance, with Retry-After 60) carry an `errors_response` body; 429 (rate_limit) too, with Retry-After;
 * `timeout` holds the connection `holdMs` then drops it without an answer; `malformed` answers the status of the
 * real answer (200 before the work) with a body cut short and garbage after it.
 */
export function mailevaFault(
	res: ServerResponse,
	rule: FaultRule,
	real?: { status: number; contentType: string; body: Buffer },
): void {
	const errors = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
		json(res, status, { errors: [{ code, message }] }, headers);
	switch (rule.type) {
		case '5xx':
			return errors(
				rule.status,
				GATEWAY_CODES[rule.status] ?? 'INTERNAL_SERVER_ERROR',
				'An unexpected error occurred, please retry later',
			);
		case 'rate_limit':
			return errors(429, 'TOO_MANY_REQUESTS', 'Too many requests, retry later', {
				'retry-after': String(rule.retryAfter),
			});
		case 'maintenance':
			return errors(503, 'SERVICE_UNAVAILABLE', 'Service en maintenance, veuillez réessayer plus tard', {
				'retry-after': '60',
			});
		case 'timeout':
			setTimeout(() => res.destroy(), rule.holdMs).unref();
			return;
		case 'malformed': {
			const start = real ? real.body.subarray(0, Math.floor(real.body.length / 2)) : Buffer.from('{"errors":[{"co');
			return reply(
				res,
				real?.status ?? 200,
				Buffer.concat([start, Buffer.from('\u0000<html>x9$', 'utf8')]),
				real?.contentType ?? 'application/json; charset=utf-8',
			);
		}
	}
}

/**
 * Holds back what a handler writes to `res` until it ends, then hands it to `finish` (which sends it, or a fault
 * instead). Works for `reply` (writeHead + end) and for setHeader / statusCode / write / end.
 */
function holdAnswer(
	res: ServerResponse,
	finish: (answer: { status: number; headers: Record<string, unknown>; body: Buffer }, send: () => void) => void,
): void {
	const original = { writeHead: res.writeHead, write: res.write, end: res.end };
	let status: number | undefined;
	let headers: Record<string, unknown> = {};
	const chunks: Buffer[] = [];
	const add = (chunk: unknown) => {
		if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
		else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
	};
	res.writeHead = ((code: number, ...rest: unknown[]) => {
		status = code;
		const given = rest.find((r) => typeof r === 'object' && r !== null);
		if (given) headers = { ...headers, ...(given as Record<string, unknown>) };
		return res;
	}) as typeof res.writeHead;
	res.write = ((chunk: unknown) => {
		add(chunk);
		return true;
	}) as typeof res.write;
	res.end = ((chunk?: unknown) => {
		if (typeof chunk !== 'function') add(chunk);
		Object.assign(res, original);
		const answer = { status: status ?? res.statusCode, headers, body: Buffer.concat(chunks) };
		finish(answer, () => {
			res.writeHead(answer.status, headers as Record<string, string>);
			res.end(answer.body);
		});
		return res;
	}) as typeof res.end;
}

/** At sandbox start: what the Maileva side resumes from its data dir (notification deliveries). */
export function startMaileva(sandbox: Sandbox): void {
	resumeNotifications(sandbox, () => stateOf(sandbox).sendings);
}

/**
 * Answers one request under `/maileva/` (after the server's loopback checks); `path` is the full path. Faults
 * `before` answer instead of Maileva; otherwise the answer is held until the Maileva state is saved (./state.ts), and
 * a fault `after` may replace a 2xx answer.
 */
export async function handleMaileva(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	gateway: MailevaGateway = {},
): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	let body: Buffer;
	try {
		body = await readBody(req, bodyLimitOf(method, path));
	} catch (error) {
		if (error instanceof BodyTooLargeError)
			return json(res, 413, { errors: [{ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }] });
		throw error;
	}
	const steered = !path.startsWith('/maileva/_sandbox/') ? gateway.faults : undefined;
	const before = steered?.pick(method, path, 'before');
	if (before) {
		gateway.record?.(method, path, `fault:${before.type}`);
		return mailevaFault(res, before);
	}
	const mayFailAfter = steered?.hasAfter(path) ?? false;
	holdAnswer(res, (answer, send) => {
		saveMailevaStates(sandbox);
		const after = mayFailAfter && answer.status < 300 ? steered?.pick(method, path, 'after') : undefined;
		gateway.record?.(method, path, after ? `${answer.status}+fault:${after.type}` : String(answer.status));
		if (!after) return send();
		const contentType = String(answer.headers['content-type'] ?? 'application/json; charset=utf-8');
		mailevaFault(res, after, { status: answer.status, contentType, body: answer.body });
	});
	await answerMaileva(sandbox, req, res, path, method, body);
}

async function answerMaileva(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	method: string,
	body: Buffer,
): Promise<void> {
	const state = stateOf(sandbox);
	const sub = path.slice('/maileva'.length);
	if (method === 'POST' && sub === MAILEVA_OIDC_ENDPOINT) return tokenEndpoint(state, req, res, body);
	if (method === 'POST' && sub === '/_sandbox/expire_tokens') {
		for (const token of state.tokens.keys()) state.tokens.set(token, 0);
		return json(res, 200, { expired: state.tokens.size });
	}
	const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
	const until = bearer ? state.tokens.get(bearer) : undefined;
	if (!until || until <= Date.now()) {
		const unauthorized = {
			code: 'UNAUTHORIZED',
			message: bearer && until !== undefined ? 'Access token expired' : 'Missing or invalid access token',
		};
		// registered_mail and notification_center declare a 401 `error_response` ({code, message}); the electronic APIs
		// declare a 401 without a body (save the LRE file's address imports, an `ErrorsDto`, which the sandbox does not
		// serve). Which one the shared gateway really answers is UNCONFIRMED.
		if (isElectronicPath(sub)) return reply(res, 401, '', 'text/plain', { 'www-authenticate': 'Bearer' });
		const single = /^\/(registered_mail|notification_center)\//.test(sub);
		return json(res, 401, single ? unauthorized : { errors: [unauthorized] }, { 'www-authenticate': 'Bearer' });
	}
	// The other Maileva APIs: one dispatch line each, here (after the bearer check).
	if (isElectronicPath(sub)) return handleElectronic(sandbox, req, res, sub, body, `${sandbox.url()}/maileva`);
	if (sub.startsWith('/notification_center/v2/'))
		return await handleNotifications(sandbox, req, res, sub, body, () => state.sendings);
	return await registeredMail(sandbox, state, req, res, sub, method, body);
}

/** `registered_mail/v4`. */
async function registeredMail(
	sandbox: Sandbox,
	state: Both,
	req: IncomingMessage,
	res: ServerResponse,
	sub: string,
	method: string,
	body: Buffer,
): Promise<void> {
	const base = `${sandbox.url()}/maileva`;
	const api = `${base}/registered_mail/v4`;
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const noRoute = () => new ApiError(404, 'NOT_FOUND', `No route ${method} ${sub}`);
	const notAllowed = () => new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${sub}`);
	const empty = (status: number) => reply(res, status, '', 'application/json; charset=utf-8');
	try {
		if (!sub.startsWith('/registered_mail/v4/')) throw noRoute();
		const segments = sub.slice('/registered_mail/v4/'.length).replace(/\/+$/, '').split('/');
		if (segments[0] === 'global_deposit_proofs')
			return await globalDepositProofs(sandbox, state, res, api, segments, method, url);
		if (segments[0] !== 'sendings') throw noRoute();
		const [, sendingId, part, itemId, action, action2] = segments;
		if (!sendingId) {
			if (method === 'POST') {
				const input = parseJson(body);
				const postage = text(input, 'postage_type', 10) ?? 'FAST';
				if (postage !== 'FAST' && postage !== 'URGENT')
					throw new ApiError(400, 'BAD_REQUEST', 'postage_type: allowed values FAST, URGENT');
				const archiving = input.archiving_duration ?? 3;
				if (archiving !== 3 && archiving !== 6 && archiving !== 10)
					throw new ApiError(400, 'BAD_REQUEST', 'archiving_duration: allowed values 3, 6, 10');
				const sending: Sending = {
					id: randomUUID(),
					name: text(input, 'name', 256, true) as string,
					custom_id: text(input, 'custom_id', 38),
					custom_data: text(input, 'custom_data', 255),
					acknowledgement_of_receipt: bool(input, 'acknowledgement_of_receipt', true),
					postage_type: postage,
					archiving_duration: archiving,
					color_printing: bool(input, 'color_printing', true),
					duplex_printing: bool(input, 'duplex_printing', true),
					print_sender_address: bool(input, 'print_sender_address', false),
					sender_lines: [1, 2, 3, 4, 5, 6].map((n) => text(input, `sender_address_line_${n}`, LINE_MAX) ?? ''),
					created: sandbox.clock.now(),
					documents: [],
					recipients: [],
				};
				state.sendings.push(sending);
				return json(res, 201, sendingResponse(sandbox, sending), { location: `${api}/sendings/${sending.id}` });
			}
			if (method !== 'GET') throw notAllowed();
			const { start, count } = paging(url, 500);
			// Newest first (UNCONFIRMED for Maileva: its default order is not documented).
			const newest = [...state.sendings].sort((a, b) => b.created - a.created);
			return json(res, 200, {
				sendings: newest.slice(start - 1, start - 1 + count).map((s) => sendingResponse(sandbox, s)),
				paging: { total_results: newest.length },
			});
		}
		const sending = state.sendings.find((s) => s.id === sendingId);
		if (!sending) throw new ApiError(404, 'NOT_FOUND', `Sending ${sendingId} not found`);
		const draftOnly = () => {
			if (sending.submitted !== undefined)
				throw new ApiError(400, 'SENDING_NOT_DRAFT', 'The sending is no longer a draft');
		};
		if (!part) {
			if (method === 'GET') return json(res, 200, sendingResponse(sandbox, sending));
			if (method === 'PATCH') {
				draftOnly();
				const input = parseJson(body);
				if ('name' in input) sending.name = text(input, 'name', 256, true) as string;
				if ('custom_id' in input) sending.custom_id = text(input, 'custom_id', 38);
				if ('custom_data' in input) sending.custom_data = text(input, 'custom_data', 255);
				sending.acknowledgement_of_receipt = bool(
					input,
					'acknowledgement_of_receipt',
					sending.acknowledgement_of_receipt,
				);
				sending.color_printing = bool(input, 'color_printing', sending.color_printing);
				sending.duplex_printing = bool(input, 'duplex_printing', sending.duplex_printing);
				sending.print_sender_address = bool(input, 'print_sender_address', sending.print_sender_address);
				sending.sender_lines = sending.sender_lines.map((line, i) =>
					`sender_address_line_${i + 1}` in input
						? (text(input, `sender_address_line_${i + 1}`, LINE_MAX) ?? '')
						: line,
				);
				return json(res, 200, sendingResponse(sandbox, sending));
			}
			if (method === 'DELETE') {
				if (sending.submitted !== undefined)
					throw new ApiError(400, 'SENDING_NOT_DRAFT', 'Only a draft sending can be deleted');
				state.sendings.splice(state.sendings.indexOf(sending), 1);
				return empty(204);
			}
			throw notAllowed();
		}
		if (part === 'submit') {
			if (method !== 'POST' || itemId) throw itemId ? noRoute() : notAllowed();
			draftOnly();
			if (sending.documents.length === 0) throw new ApiError(400, 'NO_DOCUMENT', 'The sending has no document');
			if (sending.recipients.length === 0) throw new ApiError(400, 'NO_RECIPIENT', 'The sending has no recipient');
			sending.submitted = sandbox.clock.now();
			sending.global_deposit_proof_id = randomUUID();
			return empty(200);
		}
		if (part === 'documents')
			return await documents(sandbox, sending, req, res, api, body, method, url, itemId, action, draftOnly);
		if (part !== 'recipients') throw noRoute();
		if (!itemId) {
			if (method === 'POST') {
				draftOnly();
				const recipient = newRecipient(state, sending, parseJson(body));
				sending.recipients.push(recipient);
				return json(res, 201, recipientResponse(sandbox, base, sending, recipient), {
					location: `${api}/sendings/${sending.id}/recipients/${recipient.id}`,
				});
			}
			if (method === 'GET') {
				const { start, count } = paging(url, 500);
				return json(res, 200, {
					recipients: sending.recipients
						.slice(start - 1, start - 1 + count)
						.map((r) => recipientResponse(sandbox, base, sending, r)),
					paging: { total_results: sending.recipients.length },
				});
			}
			if (method === 'DELETE') {
				draftOnly();
				sending.recipients = [];
				return empty(204);
			}
			throw notAllowed();
		}
		if (itemId === 'imports' && !action) {
			if (method !== 'POST') throw notAllowed();
			draftOnly();
			const input = parseJson(body);
			if (!Array.isArray(input.import_recipients))
				throw new ApiError(400, 'BAD_REQUEST', 'import_recipients: must be a list of recipients');
			const accepted: Array<Record<string, unknown>> = [];
			const rejected: Array<Record<string, unknown>> = [];
			for (const entry of input.import_recipients as unknown[]) {
				const one = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
				const correlation = typeof one.correlation_id === 'string' ? { correlation_id: one.correlation_id } : {};
				try {
					const recipient = newRecipient(state, sending, one);
					sending.recipients.push(recipient);
					accepted.push({ ...correlation, id: recipient.id });
				} catch (error) {
					if (!(error instanceof ApiError)) throw error;
					rejected.push({
						...one,
						address_line_6: typeof one.address_line_6 === 'string' ? one.address_line_6 : '',
						country_code: typeof one.country_code === 'string' ? one.country_code : '',
						errors: [{ code: error.code, message: error.message }],
					});
				}
			}
			return json(res, 201, { accepted_import: accepted, rejected_import: rejected });
		}
		const recipient = sending.recipients.find((r) => r.id === itemId);
		if (!recipient) throw new ApiError(404, 'NOT_FOUND', `Recipient ${itemId} not found`);
		if (!action) {
			if (method === 'GET') return json(res, 200, recipientResponse(sandbox, base, sending, recipient));
			if (method === 'PATCH') {
				draftOnly();
				const input = parseJson(body);
				const merged = newRecipient(state, sending, {
					...Object.fromEntries(recipient.lines.map((line, i) => [lineNames[i], line]).filter(([, v]) => v)),
					country_code: recipient.country_code,
					custom_id: recipient.custom_id,
					custom_data: recipient.custom_data,
					reference_to_print: recipient.reference_to_print,
					...input,
				});
				Object.assign(recipient, { ...merged, id: recipient.id, registered_number: recipient.registered_number });
				return json(res, 200, recipientResponse(sandbox, base, sending, recipient));
			}
			if (method === 'DELETE') {
				draftOnly();
				sending.recipients.splice(sending.recipients.indexOf(recipient), 1);
				return empty(204);
			}
			throw notAllowed();
		}
		if (method !== 'GET') throw notAllowed();
		const shown = recipientResponse(sandbox, base, sending, recipient);
		if (action === 'content_proof' && action2 === 'download_embedded_document') {
			// The document the content proof certifies: the first printed document (UNCONFIRMED with several).
			const first = [...sending.documents].sort((a, b) => a.priority - b.priority)[0];
			const data = first && readMailevaBlob(sandbox, `documents/${first.id}.bin`);
			if (!shown.content_proof_url || !first || !data)
				throw new ApiError(404, 'NOT_FOUND', 'No content proof for this recipient yet');
			return reply(res, 200, data, first.type || 'application/pdf');
		}
		if (action2) throw noRoute();
		const available: Record<string, string | undefined> = {
			download_deposit_proof: shown.deposit_proof_url as string | undefined,
			download_content_proof: shown.content_proof_url as string | undefined,
			download_acknowledgement_of_receipt: shown.acknowledgement_of_receipt_url as string | undefined,
			download_undelivered_mail: shown.undelivered_mail_url as string | undefined,
		};
		if (!(action in available)) throw noRoute();
		if (!available[action])
			throw new ApiError(404, 'NOT_FOUND', `No ${action.replace('download_', '')} for this recipient yet`);
		const title = {
			download_deposit_proof: 'Preuve de dépôt — Lettre recommandée',
			download_content_proof: 'Preuve de contenu',
			download_acknowledgement_of_receipt: 'Avis de réception',
			download_undelivered_mail: 'Pli non distribué (PND)',
		}[action] as string;
		const pdf = await proofPdf(title, [
			`Envoi ${sending.id} « ${sending.name} »`,
			`Destinataire : ${recipient.lines.filter(Boolean).join(', ')}`,
			`N° recommandé : ${recipient.registered_number}`,
			...(shown.undelivered_mail_reason ? [`Motif : ${String(shown.undelivered_mail_reason)}`] : []),
			`Date : ${String(shown[action.replace('download_', '') + '_date'] ?? shown.deposit_proof_date ?? '')}`,
		]);
		return reply(res, 200, pdf, 'application/pdf');
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		apiError(res, error);
	}
}

/**
 * An error answer as Maileva's files declare it: 400 (and the sandbox's 405, 413) as `errors_response`
 * (`{errors: [{code, message}]}`), 401 and 404 as one `error_response` (`{code, message}`).
 */
function apiError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
	const one = { code: error.code, message: error.message };
	json(res, error.status, error.status === 401 || error.status === 404 ? one : { errors: [one] }, headers);
}

/** `start_index` (from 1) and `count` (1..max, default 50, or max when smaller: 30 for documents). */
function paging(url: URL, max: number): { start: number; count: number } {
	const start = Math.max(Number(url.searchParams.get('start_index') ?? 1) || 1, 1);
	const count = Number(url.searchParams.get('count') ?? Math.min(50, max));
	if (!Number.isInteger(count) || count < 1 || count > max)
		throw new ApiError(400, 'BAD_REQUEST', `count: must be between 1 and ${max}`);
	return { start, count };
}

/** A recipient from `recipient_creation` (also what a PATCH merges into, and each entry of an import). */
function newRecipient(state: Both, sending: Sending, input: Record<string, unknown>): Recipient {
	const lines = lineNames.map((name) => text(input, name, LINE_MAX, name === 'address_line_6') ?? '');
	const country = text(input, 'country_code', 2, true) as string;
	if (!COUNTRIES.has(country))
		throw new ApiError(400, 'BAD_REQUEST', `country_code: must be one of ${[...COUNTRIES].join(', ')}`);
	if (!/^\d{5}\s+\S/.test(lines[5]))
		throw new ApiError(400, 'INVALID_ADDRESS_LINE_6', 'address_line_6: must be the postcode followed by the city');
	return {
		id: randomUUID(),
		custom_id: text(input, 'custom_id', 36),
		custom_data: text(input, 'custom_data', 255),
		reference_to_print: text(input, 'reference_to_print', 26),
		lines,
		country_code: country,
		registered_number: `1A${String(100_000_000 + state.sendings.length * 100 + sending.recipients.length).slice(0, 11)}`,
	};
}

async function documents(
	sandbox: Sandbox,
	sending: Sending,
	req: IncomingMessage,
	res: ServerResponse,
	api: string,
	body: Buffer,
	method: string,
	url: URL,
	documentId: string | undefined,
	action: string | undefined,
	draftOnly: () => void,
): Promise<void> {
	if (!documentId) {
		if (method === 'GET') {
			const { start, count } = paging(url, 30);
			return json(res, 200, {
				documents: sending.documents.slice(start - 1, start - 1 + count),
				paging: { total_results: sending.documents.length },
			});
		}
		if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
		draftOnly();
		if (sending.documents.length >= 30)
			throw new ApiError(400, 'TOO_MANY_DOCUMENTS', 'At most 30 documents per sending');
		const part = await readDocumentPart(
			req,
			body,
			{ storedBytes: sending.documents.reduce((n, d) => n + d.size, 0), maxBytes: 20 * 1024 * 1024, label: '20 MB' },
			'a "document" part',
			(code, message) => new ApiError(400, code, message),
		);
		const { data, fileName: file } = part;
		const meta: Record<string, unknown> = part.metadata ? parseJson(Buffer.from(part.metadata)) : {};
		const document: Document = {
			id: randomUUID(),
			name: typeof meta.name === 'string' && meta.name ? meta.name : file,
			priority: typeof meta.priority === 'number' ? meta.priority : sending.documents.length + 1,
			type: part.type || 'application/pdf',
			size: data.length,
			pages_count: Math.max((data.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1),
		};
		writeMailevaBlob(sandbox, `documents/${document.id}.bin`, data);
		sending.documents.push(document);
		return json(
			res,
			201,
			{ ...document, status: 'PROCESSED' },
			{ location: `${api}/sendings/${sending.id}/documents/${document.id}` },
		);
	}
	const document = sending.documents.find((d) => d.id === documentId);
	if (!document) throw new ApiError(404, 'NOT_FOUND', `Document ${documentId} not found`);
	if (action === 'set_priority') {
		if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
		draftOnly();
		const priority = parseJson(body).priority;
		if (!Number.isInteger(priority) || (priority as number) < 1)
			throw new ApiError(400, 'BAD_REQUEST', 'priority: must be a whole number ≥ 1');
		document.priority = priority as number;
		return reply(res, 200, '', 'application/json; charset=utf-8');
	}
	if (action) throw new ApiError(404, 'NOT_FOUND', `No route ${method} ${action}`);
	if (method === 'GET') return json(res, 200, { ...document, status: 'PROCESSED' });
	if (method === 'DELETE') {
		draftOnly();
		sending.documents.splice(sending.documents.indexOf(document), 1);
		return reply(res, 204, '', 'application/json; charset=utf-8');
	}
	throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
}

/**
 * `global_deposit_proofs`: one per submitted sending, once its deposit proof exists (an hour after the submit, as the
 * recipients' own deposit proofs); archived for the sending's `archiving_duration` years.
 */
async function globalDepositProofs(
	sandbox: Sandbox,
	state: Both,
	res: ServerResponse,
	api: string,
	segments: string[],
	method: string,
	url: URL,
): Promise<void> {
	if (method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
	const now = sandbox.clock.now();
	const proofs = state.sendings
		.filter((s) => s.submitted !== undefined && s.global_deposit_proof_id && (s.submitted as number) + HOUR <= now)
		.sort((a, b) => (b.submitted as number) - (a.submitted as number))
		.map((s) => {
			const at = new Date((s.submitted as number) + HOUR);
			const archive = new Date(at);
			archive.setUTCFullYear(archive.getUTCFullYear() + s.archiving_duration);
			return {
				sending: s,
				shown: {
					id: s.global_deposit_proof_id as string,
					date: at.toISOString(),
					sending_id: s.id,
					url: `${api}/global_deposit_proofs/${String(s.global_deposit_proof_id)}/download`,
					archive_date: archive.toISOString(),
				},
			};
		});
	const [, proofId, action] = segments;
	if (!proofId) {
		const { start, count } = paging(url, 500);
		const sendingId = url.searchParams.get('sending_id');
		const chosen = proofs.filter((p) => sendingId === null || p.sending.id === sendingId);
		return json(res, 200, {
			global_deposit_proofs: chosen.slice(start - 1, start - 1 + count).map((p) => p.shown),
			paging: { total_results: chosen.length },
		});
	}
	const proof = proofs.find((p) => p.shown.id === proofId);
	if (!proof) throw new ApiError(404, 'NOT_FOUND', `Global deposit proof ${proofId} not found`);
	if (!action) return json(res, 200, proof.shown);
	if (action !== 'download' || segments.length > 3) throw new ApiError(404, 'NOT_FOUND', `No route ${action}`);
	const pdf = await proofPdf('Preuve de dépôt globale — Lettres recommandées', [
		`Envoi ${proof.sending.id} « ${proof.sending.name} »`,
		`Destinataires : ${proof.sending.recipients.length}`,
		...proof.sending.recipients.map((r) => `N° recommandé : ${r.registered_number}`),
		`Date : ${proof.shown.date}`,
	]);
	return reply(res, 200, pdf, 'application/pdf');
}
