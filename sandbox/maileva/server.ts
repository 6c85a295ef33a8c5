/**
 * The Maileva-compatible side of the sandbox, under `/maileva`: Maileva's Keycloak token endpoint (password grant
 * and refresh token; `client_credentials` refused as Maileva does) and `registered_mail/v4` (sendings → documents →
 * recipients → submit, the postal lifecycle of ./lifecycle.ts on the sandbox clock, proofs as PDF). Bearer tokens
 * expire (`expires_in`, 300 s) and an expired token gets 401, so clients must refresh. Shapes follow Maileva's
 * OpenAPI file `api-registered_mail-v4-9.yaml`. State lives in memory (not persisted across restarts).
 *
 *   POST /maileva/_sandbox/expire_tokens   makes every issued token expire now (tests of the refresh)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import PDFDocument from 'pdfkit';
import { MAILEVA_OIDC_ENDPOINT } from '../../lib/maileva/endpoints';
import type { Sandbox } from '../context';
import { BodyTooLargeError, readBody, reply } from '../http';
import { postalState, type PostalState } from './lifecycle';
import { handleNotifications } from './notifications';

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
	data: Buffer;
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
	documents: Document[];
	recipients: Recipient[];
}

interface State {
	tokens: Map<string, number>;
	refresh: Map<string, number>;
	sendings: Sending[];
}

const states = new WeakMap<Sandbox, State>();

function stateOf(sandbox: Sandbox): State {
	let state = states.get(sandbox);
	if (!state) {
		state = { tokens: new Map(), refresh: new Map(), sendings: [] };
		states.set(sandbox, state);
	}
	return state;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
	reply(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);

function issueToken(state: State): Record<string, unknown> {
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

function tokenEndpoint(state: State, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
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

/** Documents up to Maileva's 20 MB per sending, plus the multipart fields. */
const BODY_LIMIT = 21 * 1024 * 1024;

/** Answers one request under `/maileva/` (after the server's loopback checks); `path` is the full path. */
export async function handleMaileva(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
): Promise<void> {
	let body: Buffer;
	try {
		body = await readBody(req, (req.method ?? 'GET').toUpperCase() === 'GET' ? 64 * 1024 : BODY_LIMIT);
	} catch (error) {
		if (error instanceof BodyTooLargeError)
			return json(res, 413, { errors: [{ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }] });
		throw error;
	}
	const state = stateOf(sandbox);
	const method = (req.method ?? 'GET').toUpperCase();
	const sub = path.slice('/maileva'.length);
	const base = `${sandbox.url()}/maileva`;
	if (method === 'POST' && sub === MAILEVA_OIDC_ENDPOINT) return tokenEndpoint(state, req, res, body);
	if (method === 'POST' && sub === '/_sandbox/expire_tokens') {
		for (const token of state.tokens.keys()) state.tokens.set(token, 0);
		return json(res, 200, { expired: state.tokens.size });
	}
	const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
	const until = bearer ? state.tokens.get(bearer) : undefined;
	if (!until || until <= Date.now()) {
		return json(
			res,
			401,
			{
				errors: [
					{
						code: 'UNAUTHORIZED',
						message: bearer && until !== undefined ? 'Access token expired' : 'Missing or invalid access token',
					},
				],
			},
			{ 'www-authenticate': 'Bearer' },
		);
	}
	if (sub.startsWith('/notification_center/v2/'))
		return await handleNotifications(sandbox, req, res, sub, body, () => state.sendings);
	const m =
		/^\/registered_mail\/v4\/sendings(?:\/([^/]+))?(?:\/(documents|recipients|submit))?(?:\/([^/]+))?(?:\/(download_deposit_proof|download_content_proof|download_acknowledgement_of_receipt|download_undelivered_mail))?\/?$/.exec(
			sub,
		);
	try {
		if (!m) throw new ApiError(404, 'NOT_FOUND', `No route ${method} ${sub}`);
		const [, sendingId, part, recipientId, download] = m;
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
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
				return json(res, 201, sendingResponse(sandbox, sending), {
					location: `${base}/registered_mail/v4/sendings/${sending.id}`,
				});
			}
			if (method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
			const start = Math.max(Number(url.searchParams.get('start_index') ?? 1) || 1, 1);
			const count = Number(url.searchParams.get('count') ?? 50);
			if (!Number.isInteger(count) || count < 1 || count > 500)
				throw new ApiError(400, 'BAD_REQUEST', 'count: must be between 1 and 500');
			// Newest first (UNCONFIRMED for Maileva: its default order is not documented).
			const newest = [...state.sendings].sort((a, b) => b.created - a.created);
			const page = newest.slice(start - 1, start - 1 + count);
			return json(res, 200, {
				sendings: page.map((s) => sendingResponse(sandbox, s)),
				paging: { total_results: newest.length },
			});
		}
		const sending = state.sendings.find((s) => s.id === sendingId);
		if (!sending) throw new ApiError(404, 'NOT_FOUND', `Sending ${sendingId} not found`);
		if (!part) {
			if (method === 'GET') return json(res, 200, sendingResponse(sandbox, sending));
			if (method === 'DELETE') {
				if (sending.submitted !== undefined)
					throw new ApiError(400, 'SENDING_NOT_DRAFT', 'Only a draft sending can be deleted');
				state.sendings.splice(state.sendings.indexOf(sending), 1);
				return reply(res, 204, '', 'application/json; charset=utf-8');
			}
			throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
		}
		const draftOnly = () => {
			if (sending.submitted !== undefined)
				throw new ApiError(400, 'SENDING_NOT_DRAFT', 'The sending is no longer a draft');
		};
		if (part === 'submit' && method === 'POST') {
			draftOnly();
			if (sending.documents.length === 0) throw new ApiError(400, 'NO_DOCUMENT', 'The sending has no document');
			if (sending.recipients.length === 0) throw new ApiError(400, 'NO_RECIPIENT', 'The sending has no recipient');
			sending.submitted = sandbox.clock.now();
			return reply(res, 200, '', 'application/json; charset=utf-8');
		}
		if (part === 'documents' && method === 'POST' && !recipientId) {
			draftOnly();
			const form = await new Request('http://sandbox.local/', {
				method: 'POST',
				headers: { 'content-type': String(req.headers['content-type'] ?? '') },
				body,
			})
				.formData()
				.catch(() => {
					throw new ApiError(400, 'BAD_REQUEST', 'The body must be multipart/form-data with a "document" part');
				});
			const file = form.get('document');
			if (!file || typeof file === 'string') throw new ApiError(400, 'BAD_REQUEST', 'document: a file is required');
			const data = Buffer.from(await file.arrayBuffer());
			if (data.length === 0) throw new ApiError(400, 'BAD_REQUEST', 'document: the file is empty');
			if (data.length + sending.documents.reduce((n, d) => n + d.size, 0) > 20 * 1024 * 1024)
				throw new ApiError(400, 'DOCUMENT_TOO_LARGE', 'The documents exceed 20 MB');
			if (sending.documents.length >= 30)
				throw new ApiError(400, 'TOO_MANY_DOCUMENTS', 'At most 30 documents per sending');
			const rawMeta = form.get('metadata');
			let meta: Record<string, unknown> = {};
			if (typeof rawMeta === 'string' && rawMeta) meta = parseJson(Buffer.from(rawMeta));
			else if (rawMeta && typeof rawMeta !== 'string') meta = parseJson(Buffer.from(await rawMeta.arrayBuffer()));
			const document: Document = {
				id: randomUUID(),
				name: typeof meta.name === 'string' && meta.name ? meta.name : file.name,
				priority: typeof meta.priority === 'number' ? meta.priority : sending.documents.length + 1,
				type: file.type || 'application/pdf',
				size: data.length,
				pages_count: Math.max((data.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1),
				data,
			};
			sending.documents.push(document);
			const { data: _data, ...shown } = document;
			return json(
				res,
				201,
				{ ...shown, status: 'PROCESSED' },
				{ location: `${base}/registered_mail/v4/sendings/${sending.id}/documents/${document.id}` },
			);
		}
		if (part === 'documents' && method === 'GET' && !recipientId) {
			return json(res, 200, {
				documents: sending.documents.map(({ data: _data, ...shown }) => shown),
				paging: { total_results: sending.documents.length },
			});
		}
		if (part === 'recipients' && method === 'POST' && !recipientId) {
			draftOnly();
			const input = parseJson(body);
			const lines = lineNames.map((name) => text(input, name, LINE_MAX, name === 'address_line_6') ?? '');
			const country = text(input, 'country_code', 2, true) as string;
			if (!COUNTRIES.has(country))
				throw new ApiError(400, 'BAD_REQUEST', `country_code: must be one of ${[...COUNTRIES].join(', ')}`);
			if (!/^\d{5}\s+\S/.test(lines[5]))
				throw new ApiError(400, 'INVALID_ADDRESS', 'address_line_6: must be the postcode followed by the city');
			const recipient: Recipient = {
				id: randomUUID(),
				custom_id: text(input, 'custom_id', 36),
				custom_data: text(input, 'custom_data', 255),
				reference_to_print: text(input, 'reference_to_print', 26),
				lines,
				country_code: country,
				registered_number: `1A${String(100_000_000 + state.sendings.length * 100 + sending.recipients.length).slice(0, 11)}`,
			};
			sending.recipients.push(recipient);
			return json(res, 201, recipientResponse(sandbox, base, sending, recipient), {
				location: `${base}/registered_mail/v4/sendings/${sending.id}/recipients/${recipient.id}`,
			});
		}
		if (part === 'recipients' && method === 'GET' && !recipientId) {
			return json(res, 200, {
				recipients: sending.recipients.map((r) => recipientResponse(sandbox, base, sending, r)),
				paging: { total_results: sending.recipients.length },
			});
		}
		if (part === 'recipients' && method === 'GET' && recipientId) {
			const recipient = sending.recipients.find((r) => r.id === recipientId);
			if (!recipient) throw new ApiError(404, 'NOT_FOUND', `Recipient ${recipientId} not found`);
			const shown = recipientResponse(sandbox, base, sending, recipient);
			if (!download) return json(res, 200, shown);
			const available: Record<string, string | undefined> = {
				download_deposit_proof: shown.deposit_proof_url as string | undefined,
				download_content_proof: shown.content_proof_url as string | undefined,
				download_acknowledgement_of_receipt: shown.acknowledgement_of_receipt_url as string | undefined,
				download_undelivered_mail: shown.undelivered_mail_url as string | undefined,
			};
			if (!available[download])
				throw new ApiError(404, 'NOT_FOUND', `No ${download.replace('download_', '')} for this recipient yet`);
			const title = {
				download_deposit_proof: 'Preuve de dépôt — Lettre recommandée',
				download_content_proof: 'Preuve de contenu',
				download_acknowledgement_of_receipt: 'Avis de réception',
				download_undelivered_mail: 'Pli non distribué (PND)',
			}[download] as string;
			const pdf = await proofPdf(title, [
				`Envoi ${sending.id} « ${sending.name} »`,
				`Destinataire : ${recipient.lines.filter(Boolean).join(', ')}`,
				`N° recommandé : ${recipient.registered_number}`,
				...(shown.undelivered_mail_reason ? [`Motif : ${String(shown.undelivered_mail_reason)}`] : []),
				`Date : ${String(shown[download.replace('download_', '') + '_date'] ?? shown.deposit_proof_date ?? '')}`,
			]);
			return reply(res, 200, pdf, 'application/pdf');
		}
		throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${sub}`);
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		json(res, error.status, { errors: [{ code: error.code, message: error.message }] });
	}
}
