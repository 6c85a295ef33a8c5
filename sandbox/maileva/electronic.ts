/**
 * The sandbox's Maileva electronic letters, under `/maileva` after the Bearer check of ./server.ts:
 * `electronic_qualified_registered_mail/v1` (qualified LRE, spec 1.3), `secured_electronic_mail/v1` (simple ERE,
 * spec 1.0) and the part of `electronic_mail_emitter/v1` (spec 1.48) LRE Send uses: GET /senders, GET
 * /senders/{id}, POST /senders/{id}/authenticate_by_otp?otp_code=… (a real RFC 6238 code of the sandbox sender's OTP
 * key, `MAILEVA_SANDBOX_SENDER.otpKey`; the session lasts one hour of sandbox clock). Bodies follow the OpenAPI
 * schemas (SendingResponse, RecipientResponse, RecipientProofResource / deposit_proof / delivery_proof, ErrorsDto).
 *
 * Sendings: POST/GET /sendings, GET/PATCH/DELETE /sendings/{id}, POST …/submit, POST/GET …/documents, GET/DELETE
 * …/documents/{id}, POST/GET/DELETE …/recipients, GET/PATCH/DELETE …/recipients/{id}, GET …/download_deposit_proof
 * and …/download_delivery_proof; PATCH and DELETE on drafts only. Not served (test/integration/maileva.openapi.test.ts
 * lists why): recipient imports, the LRE file's addresses_imports, the ERE document download and download_package.
 * Where the files declare a 404 without a body (GET of a sending, a recipient, the documents; the submit), the
 * sandbox answers one without a body; elsewhere an ErrorsDto.
 *
 * The sandbox's own rules where Maileva documents none (UNCONFIRMED, README):
 *   - a qualified LRE is submitted only while its sender holds an OTP session (else 400 SENDER_NOT_AUTHENTICATED);
 *   - a qualified LRE whose e-mail bounces ends with recipient status ERROR, status_detail BOUNCED, no proof.
 *
 * Lifecycle on the sandbox clock from the submit (t0), the outcome from the recipient e-mail's tag exactly as on the
 * AR24 side (sandbox/outcomes.ts: `+accept`, `+refuse`, `+ignore`/`+negligence`, `+bounce`, `+fail`, `+hold`, with
 * an optional delay such as `+refuse-2h`; no tag: the sandbox's default outcome):
 *
 *   t0            sending PENDING, recipient PENDING
 *   t0 + 1 min    sending ACCEPTED (ERE recipient ACCEPTED) — or, `+fail`, recipient REJECTED and sending REJECTED
 *   t0 + 2 min    processed: sending PROCESSED, recipient PROCESSED, deposit proof; ERE delivery_status DELIVERING
 *   P + delay     accept → LRE ACCEPTED + ACKNOWLEDGMENT_OF_RECEIPT / ERE DELIVERED + ACKNOWLEDGMENT_OF_RECEIPT
 *                 refuse → REFUSED + REFUSAL_PROOF / ERE UNDELIVERED REFUSED + REFUSAL_PROOF
 *                 bounce → LRE ERROR (BOUNCED) / ERE UNDELIVERED BOUNCED + UNDELIVERED_PROOF
 *   P + 15 days   ignore → NOT_CLAIMED + NOT_CLAIMED_PROOF / ERE UNDELIVERED NOT_CLAIMED + NOT_CLAIMED_PROOF
 *   hold          stays processed
 *
 * All state sits in one plain JSON-serialisable object per sandbox (`stateOf`), for persistence to pick up.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import PDFDocument from 'pdfkit';
import { verifyTotp } from '../../lib/otp/totp';
import type { Sandbox } from '../context';
import { ApiError, json } from './answer';
import { mailevaState } from './state';
import { readDocumentPart } from './documentPart';
import { reply } from '../http';
import type { Outcome } from '../model';
import { outcomeFromAddress } from '../outcomes';

export type ElectronicApi = 'lre' | 'ere';

const PREFIX: Record<ElectronicApi, string> = {
	lre: '/electronic_qualified_registered_mail/v1',
	ere: '/secured_electronic_mail/v1',
};
const EMITTER = '/electronic_mail_emitter/v1';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The recipient's 15 days to accept or refuse (CPCE R53-3; Maileva's ERE description says the same). */
export const CLAIM_MS = 15 * DAY;
export const OTP_SESSION_MS = HOUR;

/** The sandbox's Maileva sender (electronic_mail_emitter), VALIDATED, its OTP key the sandbox's `otpKey` option. */
export const MAILEVA_SANDBOX_SENDER = {
	id: 'c0ffee00-5b0c-4a52-9d0e-2f1a3c4b5d6e',
	title: 'MRS',
	legal_status: 'PROFESSIONAL',
	first_name: 'Claire',
	last_name: 'Recouvrement',
	company_name: 'ACME Industries',
	company_siret: '12345678900012',
	address1: '1 rue de la Paix',
	zip_code: '75002',
	city: 'Paris',
	country: 'FR',
} as const;

/** A second sender, whose e-mail link was never clicked: Maileva keeps it VALIDATING (tests of the refusal). */
export const MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID = 'c0ffee00-0000-4a52-9d0e-00000000dead';

interface SenderState {
	id: string;
	email: string;
	status: 'VALIDATED' | 'VALIDATING' | 'EXPIRED' | 'ACCESS_GRANTING';
	/** Epoch ms (sandbox clock) until which its OTP session holds; 0 = none. */
	otpUntil: number;
}

interface DocumentState {
	id: string;
	name: string;
	size: number;
	md5: string;
}

interface RecipientState {
	id: string;
	custom_id?: string;
	custom_data?: string;
	legal_status: 'PROFESSIONAL' | 'INDIVIDUAL';
	first_name?: string;
	last_name?: string;
	email: string;
	company?: string;
	reference: string;
}

interface SendingState {
	api: ElectronicApi;
	id: string;
	sender_id: string;
	name: string;
	custom_id?: string;
	custom_data?: string;
	additional_sender_name?: string;
	message?: string;
	notification_language?: string;
	pre_notification?: boolean;
	created: number;
	modified: number;
	submitted?: number;
	documents: DocumentState[];
	recipients: RecipientState[];
}

/** The module's whole state: plain JSON (numbers, strings, arrays), so it can be saved and loaded as it is. */
export interface ElectronicState {
	senders: SenderState[];
	sendings: SendingState[];
}

/** The module's state, persisted with the sandbox's data dir (`./state.ts`, name `electronic`). */
export function stateOf(sandbox: Sandbox): ElectronicState {
	return mailevaState<ElectronicState>(sandbox, 'electronic', () => ({
		senders: [
			{ id: MAILEVA_SANDBOX_SENDER.id, email: sandbox.options.senderEmail, status: 'VALIDATED', otpUntil: 0 },
			{
				id: MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID,
				email: 'nouvel.expediteur@acme-industries.example',
				status: 'VALIDATING',
				otpUntil: 0,
			},
		],
		sendings: [],
	}));
}

/** Whether `/maileva<sub>` is served here. */
export function isElectronicPath(sub: string): boolean {
	return [PREFIX.lre, PREFIX.ere, EMITTER].some((prefix) => sub === prefix || sub.startsWith(`${prefix}/`));
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The e-mail pattern of the OpenAPI files (RecipientCreation.email). */
const EMAIL = /^[\w]{1,}[\w.+-]{0,}@[\w-]{2,}([.][a-zA-Z]{2,}|[.][\w-]{2,}[.][a-zA-Z]{2,})+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parseJson(body: Buffer): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(body.toString('utf8') || '{}');
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {
		// fall through
	}
	throw new ApiError(400, 'BAD_REQUEST', 'The body must be a JSON object');
}

function field(
	body: Record<string, unknown>,
	name: string,
	{ max, min = 0, required = false }: { max: number; min?: number; required?: boolean },
): string | undefined {
	const value = body[name];
	if (value === undefined || value === null || (value === '' && !required)) {
		if (required) throw new ApiError(400, 'BAD_REQUEST', `${name}: must not be null`);
		return undefined;
	}
	if (typeof value !== 'string') throw new ApiError(400, 'BAD_REQUEST', `${name}: must be a string`);
	if (value.length < Math.max(min, required ? 1 : 0) || value.length > max)
		throw new ApiError(
			400,
			'BAD_REQUEST',
			`${name}: size must be between ${Math.max(min, required ? 1 : 0)} and ${max}`,
		);
	return value;
}

/** What a recipient shows now, on the sandbox clock. */
interface RecipientView {
	status: string;
	status_detail?: string;
	status_date?: number;
	processedAt?: number;
	depositAt?: number;
	delivery?: { type: string; at: number };
	/** ERE only. */
	deliveryStatus?: 'DELIVERING' | 'DELIVERED' | 'UNDELIVERED';
	deliveryDetail?: 'BOUNCED' | 'NOT_CLAIMED' | 'REFUSED';
	deliveries: Array<{ date: string; code: string; detail?: string }>;
}

export function recipientView(
	api: ElectronicApi,
	submitted: number | undefined,
	email: string,
	now: number,
	fallback: Outcome,
): RecipientView {
	if (submitted === undefined) return { status: 'DRAFT', deliveries: [] };
	const { outcome, delayMs } = outcomeFromAddress(email, fallback);
	if (now < submitted + MINUTE) return { status: 'PENDING', status_date: submitted, deliveries: [] };
	if (outcome === 'fail') {
		const at = submitted + Math.max(delayMs, MINUTE);
		if (now >= at) return { status: 'REJECTED', status_detail: 'INVALID_DATA', status_date: at, deliveries: [] };
	}
	const processedAt = submitted + 2 * MINUTE;
	if (now < processedAt || outcome === 'fail')
		return { status: api === 'ere' ? 'ACCEPTED' : 'PENDING', status_date: submitted + MINUTE, deliveries: [] };
	const view: RecipientView = {
		status: 'PROCESSED',
		status_date: processedAt,
		processedAt,
		depositAt: processedAt,
		deliveries: [],
	};
	if (api === 'ere') {
		view.deliveryStatus = 'DELIVERING';
		view.deliveries.push({ date: iso(processedAt), code: 'DELIVERING' });
	}
	if (outcome === 'hold') return view;
	const at = processedAt + (outcome === 'negligence' ? CLAIM_MS : delayMs);
	if (now < at) return view;
	const end = (
		lreStatus: string,
		proof: string | undefined,
		ere: { status: 'DELIVERED' | 'UNDELIVERED'; detail?: RecipientView['deliveryDetail']; proof: string },
	) => {
		if (api === 'lre') {
			view.status = lreStatus;
			view.status_date = at;
			if (proof) view.delivery = { type: proof, at };
			if (lreStatus === 'ERROR') view.status_detail = 'BOUNCED';
		} else {
			view.deliveryStatus = ere.status;
			view.deliveryDetail = ere.detail;
			view.delivery = { type: ere.proof, at };
			view.deliveries.push({ date: iso(at), code: ere.status, ...(ere.detail ? { detail: ere.detail } : {}) });
		}
	};
	switch (outcome) {
		case 'accept':
			end('ACCEPTED', 'ACKNOWLEDGMENT_OF_RECEIPT', { status: 'DELIVERED', proof: 'ACKNOWLEDGMENT_OF_RECEIPT' });
			break;
		case 'refuse':
			end('REFUSED', 'REFUSAL_PROOF', { status: 'UNDELIVERED', detail: 'REFUSED', proof: 'REFUSAL_PROOF' });
			break;
		case 'negligence':
			end('NOT_CLAIMED', 'NOT_CLAIMED_PROOF', {
				status: 'UNDELIVERED',
				detail: 'NOT_CLAIMED',
				proof: 'NOT_CLAIMED_PROOF',
			});
			break;
		case 'bounce':
			end('ERROR', undefined, { status: 'UNDELIVERED', detail: 'BOUNCED', proof: 'UNDELIVERED_PROOF' });
			break;
	}
	return view;
}

function views(sandbox: Sandbox, sending: SendingState): RecipientView[] {
	return sending.recipients.map((r) =>
		recipientView(sending.api, sending.submitted, r.email, sandbox.clock.now(), sandbox.options.defaultOutcome),
	);
}

function sendingStatus(sandbox: Sandbox, sending: SendingState, shown: RecipientView[]): string {
	if (sending.submitted === undefined) return 'DRAFT';
	if (sandbox.clock.now() < sending.submitted + MINUTE) return 'PENDING';
	const rejected = shown.filter((v) => v.status === 'REJECTED').length;
	if (rejected && rejected === shown.length) return 'REJECTED';
	if (shown.some((v) => v.processedAt === undefined && v.status !== 'REJECTED')) return 'ACCEPTED';
	return rejected ? 'PROCESSED_WITH_ERRORS' : 'PROCESSED';
}

function sendingResponse(sandbox: Sandbox, sending: SendingState): Record<string, unknown> {
	const shown = views(sandbox, sending);
	const status = sendingStatus(sandbox, sending, shown);
	const count = (...statuses: string[]) => shown.filter((v) => statuses.includes(v.status)).length;
	const processed = shown.map((v) => v.processedAt).filter((at): at is number => at !== undefined);
	const counts =
		sending.api === 'lre'
			? {
					draft: count('DRAFT'),
					pending: count('PENDING'),
					processed: count('PROCESSED'),
					rejected: count('REJECTED'),
					accepted: count('ACCEPTED'),
					refused: count('REFUSED'),
					not_claimed: count('NOT_CLAIMED'),
					error: count('ERROR'),
					to_update: count('TO_UPDATE'),
					total: shown.length,
				}
			: {
					draft: count('DRAFT'),
					blocked: count('BLOCKED'),
					accepted: count('ACCEPTED'),
					rejected: count('REJECTED'),
					processed: count('PROCESSED'),
					sending_rejected: count('SENDING_REJECTED'),
					total: shown.length,
				};
	const optional = (name: keyof SendingState) => (sending[name] !== undefined ? { [name]: sending[name] } : {});
	return {
		id: sending.id,
		sender_id: sending.sender_id,
		name: sending.name,
		...optional('custom_id'),
		...optional('custom_data'),
		...optional('additional_sender_name'),
		...optional('message'),
		...(sending.api === 'lre' ? optional('pre_notification') : optional('notification_language')),
		status,
		...(sending.api === 'ere' && sending.submitted !== undefined
			? { statuses: [{ date: iso(sending.submitted), code: 'PENDING' }] }
			: {}),
		creation_date: iso(sending.created),
		...(sending.api === 'ere' ? { modification_date: iso(sending.modified) } : {}),
		...(sending.submitted !== undefined ? { submission_date: iso(sending.submitted) } : {}),
		...(processed.length && ['PROCESSED', 'PROCESSED_WITH_ERRORS'].includes(status)
			? { processed_date: iso(Math.max(...processed)) }
			: {}),
		recipients_counts: counts,
		documents_count: sending.documents.length,
		...(sending.api === 'ere' ? { documents_size: sending.documents.reduce((n, d) => n + d.size, 0) } : {}),
	};
}

function recipientUrl(base: string, sending: SendingState, recipient: RecipientState): string {
	return `${base}${PREFIX[sending.api]}/sendings/${sending.id}/recipients/${recipient.id}`;
}

function recipientResponse(
	sandbox: Sandbox,
	base: string,
	sending: SendingState,
	recipient: RecipientState,
): Record<string, unknown> {
	const view = recipientView(
		sending.api,
		sending.submitted,
		recipient.email,
		sandbox.clock.now(),
		sandbox.options.defaultOutcome,
	);
	const url = recipientUrl(base, sending, recipient);
	const names = {
		...(recipient.custom_id !== undefined ? { custom_id: recipient.custom_id } : {}),
		...(sending.api === 'ere' && recipient.custom_data !== undefined ? { custom_data: recipient.custom_data } : {}),
		legal_status: recipient.legal_status,
		...(recipient.first_name !== undefined ? { first_name: recipient.first_name } : {}),
		...(recipient.last_name !== undefined ? { last_name: recipient.last_name } : {}),
		email: recipient.email,
		...(recipient.company !== undefined ? { company: recipient.company } : {}),
	};
	if (sending.api === 'lre') {
		return {
			id: recipient.id,
			...names,
			status: view.status,
			...(view.status_detail ? { status_detail: view.status_detail } : {}),
			...(view.status_date !== undefined ? { status_date: iso(view.status_date) } : {}),
			...(view.depositAt !== undefined
				? {
						deposit_proof: {
							id: `${recipient.id}-dp`,
							type: 'DEPOSIT_PROOF',
							creation_date: iso(view.depositAt),
							href: `${url}/download_deposit_proof`,
						},
					}
				: {}),
			...(view.delivery
				? {
						delivery_proof: {
							id: `${recipient.id}-dl`,
							type: view.delivery.type,
							creation_date: iso(view.delivery.at),
							href: `${url}/download_delivery_proof`,
						},
					}
				: {}),
		};
	}
	return {
		id: recipient.id,
		...names,
		status: view.status,
		...(view.status_detail ? { status_detail: view.status_detail } : {}),
		...(view.status_date !== undefined
			? {
					statuses: {
						date: iso(view.status_date),
						code: view.status,
						...(view.status_detail ? { detail: view.status_detail } : {}),
					},
				}
			: {}),
		...(view.deliveryStatus ? { delivery_status: view.deliveryStatus } : {}),
		...(view.deliveryDetail ? { delivery_status_detail: view.deliveryDetail } : {}),
		delivery_statuses: view.deliveries,
		...(view.delivery
			? {
					delivery_proof: {
						date: iso(view.delivery.at),
						type: view.delivery.type,
						href: `${url}/download_delivery_proof`,
					},
				}
			: {}),
		...(view.depositAt !== undefined
			? { deposit_proof: { date: iso(view.depositAt), href: `${url}/download_deposit_proof` } }
			: {}),
		...(sending.submitted !== undefined ? { reference: recipient.reference } : {}),
	};
}

const PROOF_TITLES: Record<string, string> = {
	DEPOSIT_PROOF: 'Preuve de dépôt et d’envoi',
	ACKNOWLEDGMENT_OF_RECEIPT: 'Accusé de réception',
	REFUSAL_PROOF: 'Preuve de refus',
	NOT_CLAIMED_PROOF: 'Preuve de non-réclamation (négligence)',
	UNDELIVERED_PROOF: 'Preuve de non-distribution',
};

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

function senderResponse(sandbox: Sandbox, sender: SenderState): Record<string, unknown> {
	return {
		...MAILEVA_SANDBOX_SENDER,
		email: sender.email,
		notify_deposit_proof: true,
		notify_acknowledgement_of_receipt: true,
		notify_not_claimed_proof: true,
		notify_refused_proof: true,
		notify_consent_proof: false,
		notify_waiting_ar_answer: false,
		id: sender.id,
		status: sender.status,
		email_validated: sender.status === 'VALIDATED',
		provider_grant_access: false,
		has_certificate: false,
		tracking_number: '1A00000000001',
		created_by: { user_login: 'lre-sandbox', date: iso(sandbox.clock.now()) },
	};
}

function emitter(
	sandbox: Sandbox,
	state: ElectronicState,
	method: string,
	rest: string,
	url: URL,
	res: ServerResponse,
): void {
	if (rest === '/senders' && method === 'GET') {
		const senders = state.senders.map((s) => senderResponse(sandbox, s));
		return json(res, 200, { senders, paging: { total_results: senders.length } });
	}
	const m = /^\/senders\/([^/]+)(\/authenticate_by_otp)?$/.exec(rest);
	if (!m) throw new ApiError(404, 'NOT_FOUND', `No route ${method} ${EMITTER}${rest}`);
	const sender = state.senders.find((s) => s.id === m[1]);
	if (!sender) throw new ApiError(404, 'SENDER_NOT_FOUND', `Sender ${m[1]} not found`);
	if (!m[2]) {
		if (method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
		return json(res, 200, senderResponse(sandbox, sender));
	}
	if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
	const code = url.searchParams.get('otp_code') ?? '';
	if (!/^\d{6}$/.test(code)) throw new ApiError(400, 'BAD_REQUEST', 'otp_code: must be the 6-digit OTP code');
	const valid =
		verifyTotp(sandbox.options.otpKey, code) ||
		(sandbox.options.staticOtp !== undefined && code === sandbox.options.staticOtp);
	if (!valid) throw new ApiError(400, 'INVALID_OTP', 'The OTP code is invalid or expired');
	sender.otpUntil = sandbox.clock.now() + OTP_SESSION_MS;
	return json(res, 200, { expiration_date: iso(sender.otpUntil) });
}

/**
 * Answers one request of the electronic APIs; `sub` is the path after `/maileva`, `body` the request body (read by
 * ./server.ts), `base` the sandbox's Maileva root (`…/maileva`).
 */
export async function handleElectronic(
	sandbox: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	sub: string,
	body: Buffer,
	base: string,
): Promise<void> {
	const state = stateOf(sandbox);
	const method = (req.method ?? 'GET').toUpperCase();
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	try {
		if (sub.startsWith(EMITTER)) return emitter(sandbox, state, method, sub.slice(EMITTER.length), url, res);
		const api: ElectronicApi = sub.startsWith(PREFIX.lre) ? 'lre' : 'ere';
		const rest = sub.slice(PREFIX[api].length);
		const m =
			/^\/sendings(?:\/([^/]+))?(?:\/(documents|recipients|submit))?(?:\/([^/]+))?(?:\/(download_deposit_proof|download_delivery_proof))?\/?$/.exec(
				rest,
			);
		if (!m) throw new ApiError(404, 'NOT_FOUND', `No route ${method} ${sub}`);
		const [, sendingId, part, recipientId, download] = m;
		if (!sendingId) {
			if (method === 'POST') return createSending(sandbox, state, api, body, base, res);
			if (method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
			const { start, count } = paging(url);
			const newest = state.sendings.filter((s) => s.api === api).sort((a, b) => b.created - a.created);
			return json(res, 200, {
				sendings: newest.slice(start - 1, start - 1 + count).map((s) => sendingResponse(sandbox, s)),
				paging: { total_results: newest.length },
			});
		}
		const sending = state.sendings.find((s) => s.api === api && s.id === sendingId);
		if (!sending) throw new ApiError(404, 'NOT_FOUND', `Sending ${sendingId} not found`);
		const draftOnly = () => {
			if (sending.submitted !== undefined)
				throw new ApiError(400, 'SENDING_NOT_DRAFT', 'The sending is no longer a draft');
		};
		if (!part) {
			if (method === 'GET') return json(res, 200, sendingResponse(sandbox, sending));
			if (method === 'PATCH') {
				draftOnly();
				Object.assign(sending, sendingFields(state, api, { ...sendingInput(sending), ...parseJson(body) }));
				sending.modified = sandbox.clock.now();
				return json(res, 200, sendingResponse(sandbox, sending));
			}
			if (method === 'DELETE') {
				draftOnly();
				state.sendings.splice(state.sendings.indexOf(sending), 1);
				return reply(res, 204, '', 'application/json; charset=utf-8');
			}
			throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
		}
		if (part === 'submit' && method === 'POST' && !recipientId) {
			draftOnly();
			if (sending.documents.length === 0) throw new ApiError(400, 'NO_DOCUMENT', 'The sending has no document');
			if (sending.recipients.length === 0) throw new ApiError(400, 'NO_RECIPIENT', 'The sending has no recipient');
			if (api === 'lre') {
				const sender = state.senders.find((s) => s.id === sending.sender_id);
				if (!sender || sender.otpUntil <= sandbox.clock.now())
					throw new ApiError(
						400,
						'SENDER_NOT_AUTHENTICATED',
						'The sender has no valid OTP authentication: call authenticate_by_otp (valid 1 hour) before submitting',
					);
			}
			sending.submitted = sandbox.clock.now();
			sending.modified = sending.submitted;
			return reply(res, 202, '', 'application/json; charset=utf-8', {
				location: `${base}${PREFIX[api]}/sendings/${sending.id}`,
			});
		}
		if (part === 'documents' && !recipientId) {
			if (method === 'GET')
				return json(res, 200, {
					documents: sending.documents.map((d) => documentResponse(d)),
					paging: { total_results: sending.documents.length },
				});
			if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
			draftOnly();
			return await addDocument(sending, req, body, base, res);
		}
		if (part === 'documents' && recipientId && !download) {
			const document = sending.documents.find((d) => d.id === recipientId);
			if (!document) throw new ApiError(404, 'NOT_FOUND', `Document ${recipientId} not found`);
			if (method === 'GET') return json(res, 200, documentResponse(document));
			if (method !== 'DELETE') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
			draftOnly();
			sending.documents.splice(sending.documents.indexOf(document), 1);
			return reply(res, 204, '', 'application/json; charset=utf-8');
		}
		if (part === 'recipients' && !recipientId && method === 'DELETE') {
			draftOnly();
			sending.recipients.splice(0);
			return reply(res, 204, '', 'application/json; charset=utf-8');
		}
		if (part === 'recipients' && recipientId && !download && (method === 'PATCH' || method === 'DELETE')) {
			const recipient = sending.recipients.find((r) => r.id === recipientId);
			if (!recipient) throw new ApiError(404, 'NOT_FOUND', `Recipient ${recipientId} not found`);
			draftOnly();
			if (method === 'DELETE') {
				sending.recipients.splice(sending.recipients.indexOf(recipient), 1);
				return reply(res, 204, '', 'application/json; charset=utf-8');
			}
			Object.assign(recipient, recipientFields(sending.api, { ...recipientInput(recipient), ...parseJson(body) }));
			sending.modified = sandbox.clock.now();
			// The LRE file answers this PATCH with the sending (SendingResponse), the ERE file with the recipient.
			if (api === 'lre') return json(res, 200, sendingResponse(sandbox, sending));
			return json(res, 200, draftRecipient(recipientResponse(sandbox, base, sending, recipient)));
		}
		if (part === 'recipients' && !recipientId) {
			if (method === 'GET') {
				const { start, count } = paging(url);
				return json(res, 200, {
					recipients: sending.recipients
						.slice(start - 1, start - 1 + count)
						.map((r) => recipientResponse(sandbox, base, sending, r)),
					paging: { total_results: sending.recipients.length },
				});
			}
			if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
			draftOnly();
			return addRecipient(sandbox, state, sending, body, base, res);
		}
		if (part === 'recipients' && recipientId && method === 'GET') {
			const recipient = sending.recipients.find((r) => r.id === recipientId);
			if (!recipient) throw new ApiError(404, 'NOT_FOUND', `Recipient ${recipientId} not found`);
			const shown = recipientResponse(sandbox, base, sending, recipient);
			if (!download) return json(res, 200, shown);
			const proof = (download === 'download_deposit_proof' ? shown.deposit_proof : shown.delivery_proof) as
				{ type?: string; creation_date?: string; date?: string } | undefined;
			if (!proof)
				throw new ApiError(404, 'NOT_FOUND', `No ${download.replace('download_', '')} for this recipient yet`);
			const type = proof.type ?? 'DEPOSIT_PROOF';
			const product = api === 'lre' ? 'Lettre recommandée électronique qualifiée' : 'Envoi recommandé électronique';
			const pdf = await proofPdf(`${PROOF_TITLES[type] ?? type} — ${product}`, [
				`Envoi ${sending.id} « ${sending.name} »`,
				`Destinataire : ${[recipient.first_name, recipient.last_name].filter(Boolean).join(' ')}${recipient.company ? ` (${recipient.company})` : ''} <${recipient.email}>`,
				`Type de preuve : ${type}`,
				`Date : ${proof.creation_date ?? proof.date ?? ''}`,
			]);
			return reply(res, 200, pdf, 'application/pdf');
		}
		throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${sub}`);
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		const operation = `${method} ${sub.replace(/^\/[a-z_]+\/v1/, '').replace(/\/+$/, '')}`;
		if (error.status === 404 && BARE_404.some((route) => route.test(operation)))
			return reply(res, 404, '', 'text/plain');
		const errors = [{ code: error.code, message: error.message }];
		// ErrorsDto is `{ errors: [...] }` in the LRE and emitter files, a bare array in the ERE file.
		json(res, error.status, sub.startsWith(PREFIX.ere) ? errors : { errors });
	}
}

/** The operations whose 404 both sending files declare without a body (everywhere else: ErrorsDto). */
const BARE_404 = [
	/^GET \/sendings\/[^/]+$/,
	/^POST \/sendings\/[^/]+\/submit$/,
	/^GET \/sendings\/[^/]+\/recipients\/[^/]+$/,
	/^GET \/sendings\/[^/]+\/documents(\/[^/]+)?$/,
];

function paging(url: URL): { start: number; count: number } {
	const start = Number(url.searchParams.get('start_index') ?? 1);
	const count = Number(url.searchParams.get('count') ?? 50);
	if (!Number.isInteger(start) || start < 1) throw new ApiError(400, 'BAD_REQUEST', 'start_index: must be at least 1');
	if (!Number.isInteger(count) || count < 1 || count > 500)
		throw new ApiError(400, 'BAD_REQUEST', 'count: must be between 1 and 500');
	return { start, count };
}

type SendingFields = Pick<
	SendingState,
	| 'sender_id'
	| 'name'
	| 'custom_id'
	| 'custom_data'
	| 'additional_sender_name'
	| 'message'
	| 'notification_language'
	| 'pre_notification'
>;

/** What a sending was created or last changed with, as a request would give it (the base of a PATCH). */
function sendingInput(sending: SendingState): Record<string, unknown> {
	const { sender_id, name, custom_id, custom_data, additional_sender_name, message } = sending;
	return {
		sender_id,
		name,
		custom_id,
		custom_data,
		additional_sender_name,
		message,
		notification_language: sending.notification_language,
		pre_notification: sending.pre_notification,
	};
}

/** The fields of a sending from a request body (SendingCreation; a PATCH's SendingUpdate merged over the sending). */
function sendingFields(state: ElectronicState, api: ElectronicApi, input: Record<string, unknown>): SendingFields {
	const senderId = field(input, 'sender_id', { max: 36, required: true }) as string;
	if (!UUID.test(senderId)) throw new ApiError(400, 'BAD_REQUEST', 'sender_id: must match the UUID pattern');
	const sender = state.senders.find((s) => s.id === senderId);
	if (!sender) throw new ApiError(400, 'SENDER_NOT_FOUND', `Sender ${senderId} does not exist for this account`);
	// UNCONFIRMED: Maileva's answer for a sender that is not VALIDATED is not documented.
	if (sender.status !== 'VALIDATED')
		throw new ApiError(400, 'SENDER_NOT_VALIDATED', `Sender ${senderId} is ${sender.status}, not VALIDATED`);
	const language = field(input, 'notification_language', { max: 2 });
	if (api === 'ere' && language !== undefined && !['FR', 'EN', 'NL'].includes(language))
		throw new ApiError(400, 'BAD_REQUEST', 'notification_language: allowed values FR, EN, NL');
	const pre = input.pre_notification;
	if (pre !== undefined && typeof pre !== 'boolean')
		throw new ApiError(400, 'BAD_REQUEST', 'pre_notification: must be a boolean');
	return {
		sender_id: senderId,
		name: field(input, 'name', { max: 256, required: true }) as string,
		custom_id: field(input, 'custom_id', { max: api === 'lre' ? 38 : 36 }),
		custom_data: field(input, 'custom_data', { max: 255 }),
		additional_sender_name: field(input, 'additional_sender_name', { max: 255 }),
		message: field(input, 'message', { max: 450 }),
		notification_language: api === 'ere' ? (language ?? 'FR') : undefined,
		pre_notification: api === 'lre' && typeof pre === 'boolean' ? pre : undefined,
	};
}

function createSending(
	sandbox: Sandbox,
	state: ElectronicState,
	api: ElectronicApi,
	body: Buffer,
	base: string,
	res: ServerResponse,
): void {
	const now = sandbox.clock.now();
	const sending: SendingState = {
		api,
		id: randomUUID(),
		...sendingFields(state, api, parseJson(body)),
		created: now,
		modified: now,
		documents: [],
		recipients: [],
	};
	state.sendings.push(sending);
	json(res, 201, sendingResponse(sandbox, sending), { location: `${base}${PREFIX[api]}/sendings/${sending.id}` });
}

async function addDocument(
	sending: SendingState,
	req: IncomingMessage,
	body: Buffer,
	base: string,
	res: ServerResponse,
): Promise<void> {
	const { data, metadata } = await readDocumentPart(
		req,
		body,
		{ storedBytes: sending.documents.reduce((n, d) => n + d.size, 0), maxBytes: 256 * 1024 * 1024, label: '256 MB' },
		'"document" and "metadata"',
		(code, message) => new ApiError(400, code, message),
	);
	const meta = metadata ? parseJson(Buffer.from(metadata)) : undefined;
	if (!meta || typeof meta.name !== 'string' || !meta.name)
		throw new ApiError(400, 'BAD_REQUEST', 'metadata.name: must not be empty');
	const md5 = createHash('md5').update(data).digest('hex');
	if (typeof meta.hcode === 'string' && meta.hcode && meta.hcode.toLowerCase() !== md5)
		throw new ApiError(400, 'INVALID_HCODE', 'metadata.hcode does not match the MD5 of the document');
	const document: DocumentState = { id: randomUUID(), name: meta.name, size: data.length, md5 };
	sending.documents.push(document);
	json(res, 201, documentResponse(document), {
		location: `${base}${PREFIX[sending.api]}/sendings/${sending.id}/documents/${document.id}`,
	});
}

function addRecipient(
	sandbox: Sandbox,
	state: ElectronicState,
	sending: SendingState,
	body: Buffer,
	base: string,
	res: ServerResponse,
): void {
	const recipient: RecipientState = {
		id: randomUUID(),
		...recipientFields(sending.api, parseJson(body)),
		reference: `${sending.api === 'lre' ? 'LQ' : 'RE'}${String(sandbox.clock.now() % 1e13).padStart(13, '0')}${String(state.sendings.length).padStart(2, '0')}`,
	};
	sending.recipients.push(recipient);
	const shown = recipientResponse(sandbox, base, sending, recipient);
	json(res, 201, sending.api === 'lre' ? shown : draftRecipient(shown), {
		location: recipientUrl(base, sending, recipient),
	});
}

/** What a recipient was added or last changed with, as a request would give it (the base of a PATCH). */
function recipientInput(recipient: RecipientState): Record<string, unknown> {
	const { id: _id, reference: _reference, ...input } = recipient;
	return input;
}

/** The fields of a recipient from a request body (RecipientCreation; a PATCH's RecipientUpdate merged over it). */
function recipientFields(api: ElectronicApi, input: Record<string, unknown>): Omit<RecipientState, 'id' | 'reference'> {
	const lre = api === 'lre';
	const email = field(input, 'email', { max: 255, required: true }) as string;
	if (!EMAIL.test(email)) throw new ApiError(400, 'BAD_REQUEST', 'email: must match the e-mail pattern');
	const legal = field(input, 'legal_status', { max: 12, required: true });
	if (legal !== 'PROFESSIONAL' && legal !== 'INDIVIDUAL')
		throw new ApiError(400, 'BAD_REQUEST', 'legal_status: allowed values PROFESSIONAL, INDIVIDUAL');
	const names = {
		first_name: field(input, 'first_name', { max: 50, required: lre }),
		last_name: field(input, 'last_name', { max: 50, required: lre }),
		company: field(input, 'company', { max: lre ? 38 : 255 }),
	};
	if (!lre && legal === 'INDIVIDUAL' && (!names.first_name || !names.last_name))
		throw new ApiError(400, 'BAD_REQUEST', 'first_name, last_name: required for an INDIVIDUAL recipient');
	if (!lre && legal === 'PROFESSIONAL' && !names.company)
		throw new ApiError(400, 'BAD_REQUEST', 'company: required for a PROFESSIONAL recipient');
	return {
		custom_id: field(input, 'custom_id', { max: 255 }),
		...(lre ? {} : { custom_data: field(input, 'custom_data', { max: 255 }) }),
		legal_status: legal,
		...names,
		email,
	};
}

/** An ERE recipient as a draft shows it (recipient_draft_response). */
function draftRecipient(shown: Record<string, unknown>): Record<string, unknown> {
	const names = [
		'id',
		'custom_id',
		'custom_data',
		'legal_status',
		'first_name',
		'last_name',
		'email',
		'company',
		'status',
	];
	return Object.fromEntries(Object.entries(shown).filter(([name]) => names.includes(name)));
}

function documentResponse(document: DocumentState): Record<string, unknown> {
	return { id: document.id, name: document.name, size: document.size };
}
