/**
 * Maileva behind the provider seam (`lib/provider/types.ts`): the Postal Registered Letter (`registered_mail/v4`: a
 * paper letter with acknowledgement of receipt, printed from the PDF and posted by La Poste), the qualified LRE
 * (`electronic_qualified_registered_mail/v1`, the sender authenticated by an OTP session of
 * `electronic_mail_emitter/v1`) and the simple ERE (`secured_electronic_mail/v1`); the electronic protocol's reading
 * is in ./electronic.ts. The whole wire protocol both ways lives in these two files: the sending, its documents, its
 * one recipient, the submit, and the reading of the sending + recipient into the provider-neutral `Letter`. The node
 * injects `wire` (Bearer token of the Maileva API credential, errors) and `download` (an authenticated GET of a proof
 * URL).
 *
 * One letter = one Maileva sending with one recipient; the letter id is the sending id, prefixed `LRE-` / `ERE-` for
 * the electronic APIs (./electronic.ts). The case reference goes in the sending's and the recipient's `custom_id`
 * (Maileva allows 36 to 38 characters), which is how LRE Send finds an earlier letter: the listing merges the three
 * APIs' sendings, newest first, so one case reference is one letter whatever its kind (Maileva does not enforce
 * `custom_id` uniqueness: UNCONFIRMED). A sending still in DRAFT carries no letter: a failed send deletes its draft,
 * and a draft never counts as sent.
 */
import type { Letter, LetterRequest } from '../letter/normalize';
import type { LetterState, ProofType } from '../letter/lifecycle';
import type {
	LetterKind,
	LetterProvider,
	ProofDownload,
	ProviderFile,
	ProviderWire,
	SenderAccount,
} from '../provider/types';
import {
	API_OF,
	ELECTRONIC_API,
	EMITTER_API,
	letterIdOf,
	electronicState,
	normalizeElectronic,
	otpSessionToken,
	parseLetterId,
	POSTAL_API,
	readOtpSessionToken,
	SENDER_ID_PATTERN,
	SUBMITTED_STATUSES,
	uploadedAttachments,
	type ElectronicKind,
	type MailevaKind,
} from './electronic';

const API = POSTAL_API;
/** Maileva's `custom_id` limits: 38 on a sending, 36 on a recipient. */
export const MAILEVA_REFERENCE_LIMIT = 36;
/** `reference_to_print` (printed on the letter): 26 characters. */
export const MAILEVA_PRINTED_REFERENCE_LIMIT = 26;
/** Maileva prints at most 20 MB of documents per sending. */
export const MAILEVA_MAX_DOCUMENTS_MB = 20;

export type MailevaObject = Record<string, unknown>;

/**
 * Marks a failure after which the letter may exist at Maileva (an unanswered submit, or a read that failed after
 * the submit was accepted): LRE Send then looks the reference up instead of reporting that nothing was sent.
 */
export function letterMayExist<E>(error: E): E {
	if (error && typeof error === 'object')
		Object.defineProperty(error, 'mailevaLetterMayExist', { value: true, configurable: true });
	return error;
}

/** Whether a failed Maileva send may nevertheless have posted the letter (see `letterMayExist`). */
export function mayLetterExist(error: unknown): boolean {
	return Boolean(
		error && typeof error === 'object' && (error as { mailevaLetterMayExist?: unknown }).mailevaLetterMayExist === true,
	);
}

/**
 * A sending (`sending_response`) and, when read, its one recipient (`recipient_response`); `kind` names the API of an
 * electronic letter (absent: a postal letter of `registered_mail/v4`).
 */
export interface MailevaLetter {
	kind?: ElectronicKind;
	sending: MailevaObject;
	recipient?: MailevaObject;
}

const text = (value: unknown): string =>
	typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
const isoOrNull = (value: unknown): string | null => {
	if (typeof value !== 'string' || !value.trim()) return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** The neutral state of a postal letter, from the recipient's proofs and its undelivered-mail reason. */
export function stateOfMailevaLetter({ kind, sending, recipient }: MailevaLetter): LetterState {
	if (kind) return electronicState(kind, sending, recipient);
	const r = recipient ?? {};
	if (text(r.acknowledgement_of_receipt_date)) return 'accepted';
	const reason = text(r.undelivered_mail_reason);
	if (reason === 'N05') return 'refused';
	if (reason === 'N03') return 'negligence';
	if (reason) return 'bounced';
	if (
		['REJECTED', 'SENDING_REJECTED', 'CANCELED'].includes(text(r.status)) ||
		['REJECTED', 'CANCELED'].includes(text(sending.status))
	)
		return 'failed';
	if (text(r.deposit_proof_date)) return 'sent';
	return 'pending';
}

const UNDELIVERED: Record<string, ProofType> = { N05: 'refusal', N03: 'negligence', N02: 'bounce', N07: 'bounce' };

function proofsOf({ recipient }: MailevaLetter): Letter['proofs'] {
	const r = recipient ?? {};
	const proofs: Letter['proofs'] = [];
	if (text(r.deposit_proof_url))
		proofs.push({ type: 'deposit', date: isoOrNull(r.deposit_proof_date), url: text(r.deposit_proof_url) });
	if (text(r.acknowledgement_of_receipt_url))
		proofs.push({
			type: 'acceptance',
			date: isoOrNull(r.acknowledgement_of_receipt_date),
			url: text(r.acknowledgement_of_receipt_url),
		});
	const reason = text(r.undelivered_mail_reason);
	if (text(r.undelivered_mail_url))
		proofs.push({
			type: UNDELIVERED[reason] ?? 'bounce',
			date: isoOrNull(r.undelivered_mail_date),
			url: text(r.undelivered_mail_url),
		});
	return proofs;
}

/** Maileva's undelivered-mail (PND) reasons, from its OpenAPI file. */
export const UNDELIVERED_REASONS: Record<string, string> = {
	N02: "Recipient unknown at this address (destinataire inconnu à l'adresse)",
	N03: 'Notified and not claimed (pli avisé et non réclamé)',
	N05: 'Refused by the recipient (pli refusé par le destinataire)',
	N07: "No access or faulty address (défaut d'accès ou d'adressage)",
};

/** What a postal letter's events say beyond the neutral state: La Poste's statuses, first presentation, PND reason. */
export interface PostalDetails {
	registeredNumber: string;
	lastStatus: { code: string; label: string; date: string | null } | null;
	/** The first time the postman presented the letter (delivered, refused, or left a notice), ISO 8601. */
	firstPresentedAt: string | null;
	undelivered: { reason: string; label: string; date: string | null } | null;
}

export function postalDetails({ recipient }: MailevaLetter): PostalDetails {
	const r = recipient ?? {};
	const main = Array.isArray(r.main_delivery_statuses) ? (r.main_delivery_statuses as MailevaObject[]) : [];
	// The first presentation ends the "DELIVERING" phase: a notice left (FIRST_PRESENTATION), or delivered / refused.
	const presented = main.find((s) => ['FIRST_PRESENTATION', 'DELIVERED', 'UNDELIVERED'].includes(text(s.category)));
	const last =
		main.at(-1) ?? (Array.isArray(r.delivery_statuses) ? (r.delivery_statuses as MailevaObject[]).at(-1) : undefined);
	const reason = text(r.undelivered_mail_reason);
	return {
		registeredNumber: text(r.registered_number),
		lastStatus: last ? { code: text(last.code), label: text(last.label), date: isoOrNull(last.date) } : null,
		firstPresentedAt: presented ? isoOrNull(presented.date) : null,
		undelivered: reason
			? { reason, label: UNDELIVERED_REASONS[reason] ?? reason, date: isoOrNull(r.undelivered_mail_date) }
			: null,
	};
}

/** The debtor type LRE Send wrote on a postal recipient (`custom_data` `debtor=individual|professional`). */
export const postalDebtorData = (status: 'professional' | 'individual'): string => `debtor=${status}`;
function postalDebtorStatus(customData: string): 'professional' | 'individual' | undefined {
	return (/^debtor=(individual|professional)$/.exec(customData)?.[1] as 'professional' | 'individual') ?? undefined;
}

export function normalizeMailevaLetter(
	letter: MailevaLetter,
	uploadedSha256: Record<string, string> = {},
): Letter<MailevaLetter> {
	if (letter.kind) return normalizeElectronic(letter.kind, letter.sending, letter.recipient, letter, uploadedSha256);
	const { sending } = letter;
	const r = letter.recipient ?? {};
	const lines = [1, 2, 3, 4, 5, 6].map((n) => text(r[`address_line_${n}`]));
	const state = stateOfMailevaLetter(letter);
	const reason = text(r.undelivered_mail_reason);
	const undeliveredAt = isoOrNull(r.undelivered_mail_date);
	const price = Number(r.postage_price);
	return {
		provider: 'maileva',
		letterId: text(sending.id),
		type: 'postal',
		state,
		providerStatus: text(r.last_delivery_status) || text(sending.status) || null,
		reference: text(sending.custom_id),
		clientReference: text(r.reference_to_print),
		billingReference: text(sending.custom_data),
		// A postal recipient is its address: line 1 names a company, line 2 a person (line 1 then empty). Whether the
		// debtor is an individual is what LRE Send wrote in the recipient's `custom_data` (`debtor=individual`); a
		// letter without it (posted elsewhere, or before) is taken as a company when line 1 names one.
		recipient: {
			email: '',
			firstName: '',
			lastName: lines[0] ? '' : lines[1],
			company: lines[0],
			status: postalDebtorStatus(text(r.custom_data)) ?? (lines[0] ? 'professional' : 'individual'),
			corrected: false,
			asSent: { firstName: '', lastName: lines[0] ? '' : lines[1], company: lines[0] },
		},
		recipientUpdates: [],
		sender: { name: '', email: '' },
		events: {
			depositedAt: isoOrNull(sending.submission_date) ?? isoOrNull(sending.creation_date),
			sentAt: isoOrNull(r.deposit_proof_date),
			acceptedAt: isoOrNull(r.acknowledgement_of_receipt_date),
			refusedAt: reason === 'N05' ? undeliveredAt : null,
			negligenceAt: reason === 'N03' ? undeliveredAt : null,
			bouncedAt: reason && reason !== 'N05' && reason !== 'N03' ? undeliveredAt : null,
		},
		sendFailed: state === 'failed',
		acceptanceDelayHours: null,
		proofs: proofsOf(letter),
		contentSha256: null,
		attachments: uploadedAttachments(uploadedSha256),
		price: Number.isFinite(price) && r.postage_price !== undefined ? { amountExclVat: price, currency: 'EUR' } : null,
		raw: letter,
	};
}

export interface MailevaProviderOptions {
	wire: ProviderWire;
	download: ProofDownload;
	/** The Maileva login of the credential (the "sender" LRE Send names), or how to read it. */
	username: string | (() => Promise<string>);
	/**
	 * The credential's Maileva sender (electronic_mail_emitter UUID) for qualified LRE and ERE letters, or how to read
	 * it; '' or absent: the account's login is the sender (postal letters only).
	 */
	senderId?: string | (() => Promise<string>);
	/** Now, in epoch ms (tests); the OTP session's expiry is checked against it. */
	now?: () => number;
}

/** An OTP session must have this much time left when a qualified LRE starts (its upload and submit take some). */
export const OTP_SESSION_MARGIN_MS = 5 * 60_000;

const read = async (value: string | (() => Promise<string>) | undefined): Promise<string> =>
	(typeof value === 'function' ? await value() : (value ?? '')).trim();

/** An error of the node's transport with this HTTP status (it carries `httpCode`, lib stays free of n8n). */
const httpStatusOf = (error: unknown): string =>
	error && typeof error === 'object' ? String((error as { httpCode?: unknown }).httpCode ?? '') : '';

export function mailevaProvider({
	wire,
	download,
	username,
	senderId: configuredSenderId,
	now = Date.now,
}: MailevaProviderOptions): LetterProvider<MailevaLetter> {
	/** Files are attached to a sending, which exists only once the letter is sent: they wait here until then. */
	const held = new Map<string, ProviderFile>();
	let nextFile = 0;
	const getRecipient = async (sendingId: string, kind: MailevaKind = 'postal'): Promise<MailevaObject | undefined> => {
		const list = (await wire({
			method: 'GET',
			path: `${API_OF[kind]}/sendings/${sendingId}/recipients`,
			params: { count: 1 },
		})) as { recipients?: MailevaObject[] };
		return list.recipients?.[0];
	};
	const tagged = (kind: MailevaKind, sending: MailevaObject, recipient?: MailevaObject): MailevaLetter => ({
		...(kind === 'postal' ? {} : { kind }),
		sending,
		...(recipient ? { recipient } : {}),
	});
	/** The first `n` sendings of one API, newest first (pages of at most 500, Maileva's maximum). */
	const head = async (kind: MailevaKind, n: number): Promise<MailevaObject[]> => {
		const rows: MailevaObject[] = [];
		try {
			for (let index = 1; rows.length < n;) {
				const count = Math.min(n - rows.length, 500);
				const page = (await wire({
					method: 'GET',
					path: `${API_OF[kind]}/sendings`,
					params: { start_index: index, count },
				})) as { sendings?: MailevaObject[] };
				const got = page.sendings ?? [];
				rows.push(...got);
				if (got.length < count) break;
				index += got.length;
			}
		} catch (error) {
			// An account without the electronic APIs (HTTP 403) cannot have sent a letter there (UNCONFIRMED: the code
			// Maileva answers for an API not opened for the contract).
			if (kind !== 'postal' && httpStatusOf(error) === '403') return [];
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			throw error;
		}
		return rows;
	};
	const electronicSender = async (): Promise<string> => {
		const id = (await read(configuredSenderId)).toLowerCase();
		if (id && !SENDER_ID_PATTERN.test(id))
			throw new Error(
				`The Sender ID of the Maileva API credential is not a Maileva sender id (a UUID such as 5b0c6c43-7f4e-4a52-9d0e-2f1a3c4b5d6e): "${id.slice(0, 60)}". Nothing was sent.`,
			);
		return id;
	};
	const openOtpSession = async (senderId: string, otp: string): Promise<{ hash: string; expiresAt: string }> => {
		if (!SENDER_ID_PATTERN.test(senderId))
			throw new Error(
				'A Maileva OTP session belongs to a Maileva sender: set Sender ID in the Maileva API credential (its UUID).',
			);
		const answer = (await wire({
			method: 'POST',
			path: `${EMITTER_API}/senders/${senderId}/authenticate_by_otp`,
			params: { otp_code: otp },
		})) as MailevaObject;
		const expires = Date.parse(text(answer?.expiration_date));
		if (Number.isNaN(expires))
			throw new Error(
				'Maileva accepted the OTP code but did not say until when the session is valid (no expiration_date in its answer). Nothing was sent: check the sender in Maileva, then try again.',
			);
		const expiresAt = new Date(expires).toISOString();
		return { hash: otpSessionToken({ senderId, expiresAt }), expiresAt };
	};
	/** Checks (or opens, from an OTP code) the sender's OTP session before a qualified LRE: Maileva binds it to the sender. */
	const authenticate = async (request: LetterRequest): Promise<void> => {
		const { otpCode, otpSession } = request.authentication;
		if (otpCode) {
			await openOtpSession(request.senderId, otpCode);
			return;
		}
		const session = otpSession ? readOtpSessionToken(otpSession) : undefined;
		if (!session)
			throw new Error(
				otpSession
					? 'The OTP Session Hash is not one of a Maileva OTP session: map the otpSessionHash output by LRE Send → Sender → Start OTP Session with Provider Maileva. Nothing was sent.'
					: 'A qualified LRE needs the sender to authenticate: give an OTP code or an OTP session. Nothing was sent.',
			);
		if (session.senderId !== request.senderId)
			throw new Error(
				`The OTP session was opened for Maileva sender ${session.senderId}, not for the sender of this credential (${request.senderId}): start an OTP session with this credential. Nothing was sent.`,
			);
		if (Date.parse(session.expiresAt) - OTP_SESSION_MARGIN_MS < now())
			throw new Error(
				`The Maileva OTP session expired at ${session.expiresAt} (it lasts one hour; LRE Send wants ${OTP_SESSION_MARGIN_MS / 60_000} minutes left): run LRE Send → Sender → Start OTP Session again with a fresh code. Nothing was sent.`,
			);
	};
	const deleteDraft = async (kind: MailevaKind, sendingId: string) =>
		await wire({ method: 'DELETE', path: `${API_OF[kind]}/sendings/${sendingId}` }).catch(() => undefined);
	/** Submits a complete draft and reads the letter back; fails closed on any answer it does not understand. */
	const submit = async (kind: MailevaKind, sendingId: string): Promise<MailevaLetter> => {
		const api = API_OF[kind];
		let answer: unknown;
		try {
			answer = await wire({ method: 'POST', path: `${api}/sendings/${sendingId}/submit` });
		} catch (error) {
			const status = Number(httpStatusOf(error));
			// A refusal (HTTP 4xx) of a sending that is still a draft submitted nothing: delete the draft and say why (for
			// a qualified LRE the OTP session is the usual cause). Anything else may have submitted it: the caller looks
			// the reference up (the transport marked the error).
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			if (!(status >= 400 && status < 500 && status !== 408)) throw error;
			const still = await wire({ method: 'GET', path: `${api}/sendings/${sendingId}` }).then(
				(found) => text((found as MailevaObject).status),
				() => undefined,
			);
			if (still !== 'DRAFT') throw letterMayExist(error);
			await deleteDraft(kind, sendingId);
			const said = error instanceof Error ? error.message : String(error);
			const check =
				kind === 'lre'
					? " Check that the sender's OTP session is open (Sender → Start OTP Session less than an hour before, with the code of this sender's OTP key) and that Sender ID in the Maileva API credential is that sender."
					: '';
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			throw new Error(
				`Maileva refused to submit the ${kind === 'lre' ? 'qualified LRE' : kind === 'ere' ? 'simple ERE' : 'postal registered letter'}: ${said}.${check} Nothing was sent.`,
			);
		}
		if (answer && typeof answer === 'object' && Array.isArray((answer as MailevaObject).errors))
			throw letterMayExist(
				new Error(
					`Maileva answered the submit of sending ${sendingId} with errors: ${JSON.stringify((answer as MailevaObject).errors).slice(0, 300)}. Check in Maileva whether this letter was sent before running again (LRE Send then finds it by its case reference).`,
				),
			);
		let sending: MailevaObject;
		let recipient: MailevaObject | undefined;
		try {
			sending = (await wire({ method: 'GET', path: `${api}/sendings/${sendingId}` })) as MailevaObject;
			recipient = await getRecipient(sendingId, kind);
		} catch (error) {
			throw letterMayExist(error);
		}
		const status = text(sending.status);
		// Not marked "may exist": LRE Send then reports this error, not a letter found by its reference. A re-run finds
		// the sending by its reference (it is no draft) and reports it with Maileva's status, never a second letter.
		if (!SUBMITTED_STATUSES[kind].includes(status))
			throw new Error(
				`Maileva accepted the submit of sending ${sendingId}, but then shows it as "${status || 'no status'}", which LRE Send does not know after a submit. It does not report the letter as sent: check this sending in Maileva (${api}); a re-run with the same case reference returns it instead of sending another.`,
			);
		return tagged(kind, sending, recipient);
	};
	const createDraft = async (kind: MailevaKind, body: Record<string, unknown>): Promise<string> => {
		const sending = (await wire({ method: 'POST', path: `${API_OF[kind]}/sendings`, json: body })) as MailevaObject;
		const sendingId = text(sending.id);
		if (!sendingId) throw new Error('Maileva created no sending (no id in its answer). Nothing was sent.');
		return sendingId;
	};
	const heldFiles = (request: LetterRequest, what: string): ProviderFile[] => {
		const files = request.attachmentIds.map((id) => held.get(id));
		if (files.length === 0 || files.some((file) => !file))
			throw new Error(`${what} attach at least one PDF. Nothing was sent.`);
		return files as ProviderFile[];
	};
	const sendElectronic = async (kind: ElectronicKind, request: LetterRequest): Promise<MailevaLetter> => {
		const what = kind === 'lre' ? 'qualified LRE' : 'simple ERE';
		if (!SENDER_ID_PATTERN.test(request.senderId))
			throw new Error(
				`A Maileva ${what} is sent by a Maileva sender: set Sender ID in the Maileva API credential (the sender's UUID, GET /electronic_mail_emitter/v1/senders). Nothing was sent.`,
			);
		const files = heldFiles(request, `A Maileva ${what} carries its letter as a document:`);
		if (kind === 'lre') await authenticate(request);
		const { recipient } = request;
		const sendingId = await createDraft(kind, {
			sender_id: request.senderId,
			name: request.reference,
			custom_id: request.reference,
			...(request.billingReference ? { custom_data: request.billingReference } : {}),
			...(request.customSenderName ? { additional_sender_name: request.customSenderName } : {}),
			...(request.content.trim() ? { message: request.content } : {}),
			// No pre-notification of a qualified LRE: R53-3 CPCE keeps the sender's name from the recipient until they
			// accept, and what Maileva's pre-notification e-mail says is UNCONFIRMED. An ERE's notification language is
			// stated (FR, Maileva's default, unless the item asks otherwise).
			...(kind === 'lre'
				? { pre_notification: false }
				: { notification_language: request.notificationLanguage ?? 'FR' }),
		});
		try {
			for (const file of files) {
				await wire({
					method: 'POST',
					path: `${ELECTRONIC_API[kind]}/sendings/${sendingId}/documents`,
					params: { metadata: JSON.stringify({ name: file.fileName }) },
					files: [{ ...file, field: 'document' }],
				});
			}
			await wire({
				method: 'POST',
				path: `${ELECTRONIC_API[kind]}/sendings/${sendingId}/recipients`,
				json: {
					email: recipient.email,
					legal_status: recipient.status === 'individual' ? 'INDIVIDUAL' : 'PROFESSIONAL',
					...(recipient.firstName ? { first_name: recipient.firstName } : {}),
					...(recipient.lastName ? { last_name: recipient.lastName } : {}),
					...(recipient.company ? { company: recipient.company } : {}),
					custom_id: request.reference,
					...(kind === 'ere' && request.clientReference ? { custom_data: request.clientReference } : {}),
				},
			});
		} catch (error) {
			await deleteDraft(kind, sendingId);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			throw error;
		}
		const letter = await submit(kind, sendingId);
		for (const id of request.attachmentIds) held.delete(id);
		return letter;
	};
	const sendPostal = async (request: LetterRequest): Promise<MailevaLetter> => {
		if (!request.postal)
			throw new Error('A postal registered letter needs its postal address and options. Nothing was sent.');
		const files = heldFiles(request, 'A postal registered letter prints its PDF attachments:');
		const { postal } = request;
		const sendingId = await createDraft('postal', {
			name: request.reference,
			custom_id: request.reference,
			...(request.billingReference ? { custom_data: request.billingReference.slice(0, 255) } : {}),
			acknowledgement_of_receipt: postal.acknowledgementOfReceipt,
			postage_type: postal.postage,
			archiving_duration: postal.archivingYears,
		});
		try {
			for (const [i, file] of files.entries()) {
				await wire({
					method: 'POST',
					path: `${API}/sendings/${sendingId}/documents`,
					params: { metadata: JSON.stringify({ name: file.fileName, priority: i + 1 }) },
					files: [{ ...file, field: 'document' }],
				});
			}
			const lines = Object.fromEntries(
				postal.addressLines.map((line, i) => [`address_line_${i + 1}`, line]).filter(([, line]) => line),
			);
			await wire({
				method: 'POST',
				path: `${API}/sendings/${sendingId}/recipients`,
				json: {
					...lines,
					country_code: postal.countryCode,
					custom_id: request.reference,
					custom_data: postalDebtorData(request.recipient.status),
					...(request.clientReference
						? { reference_to_print: request.clientReference.slice(0, MAILEVA_PRINTED_REFERENCE_LIMIT) }
						: {}),
				},
			});
		} catch (error) {
			// The letter was not submitted: remove the draft, so it never stands for a letter (best effort).
			await deleteDraft('postal', sendingId);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- pure lib: the node wraps what it throws (asNodeError)
			throw error;
		}
		await wire({ method: 'POST', path: `${API}/sendings/${sendingId}/submit` });
		for (const id of request.attachmentIds) held.delete(id);
		try {
			const submitted = (await wire({ method: 'GET', path: `${API}/sendings/${sendingId}` })) as MailevaObject;
			return { sending: submitted, recipient: await getRecipient(sendingId) };
		} catch (error) {
			throw letterMayExist(error);
		}
	};
	return {
		name: 'maileva',
		label: 'Maileva',
		capabilities: {
			letterTypes: ['lre', 'ere', 'postal'] satisfies LetterKind[],
			statusWebhooks: false,
			otpSession: true,
			paper: true,
		},
		async getSender(): Promise<SenderAccount> {
			const id = await electronicSender();
			if (id) {
				const sender = (await wire({ method: 'GET', path: `${EMITTER_API}/senders/${id}` })) as MailevaObject;
				return {
					senderId: id,
					name: [text(sender.first_name), text(sender.last_name)].filter(Boolean).join(' '),
					email: text(sender.email),
					company: text(sender.company_name),
					status: text(sender.status),
					// UNCONFIRMED: Maileva documents no "identity verified" flag; `has_certificate` is the closest.
					identityVerified: sender.has_certificate === true,
					canPay: true,
					raw: sender,
				};
			}
			const login = await read(username);
			// registered_mail/v4 has no account route: the credential's login is the sender (UNCONFIRMED: the token's
			// `context.user` would name it).
			return {
				senderId: login,
				name: login,
				email: login.includes('@') ? login : '',
				company: '',
				status: '',
				identityVerified: false,
				canPay: true,
				raw: {},
			};
		},
		startOtpSession: openOtpSession,
		async uploadAttachment(_senderId, file) {
			const id = `held-${++nextFile}`;
			held.set(id, file);
			return id;
		},
		async sendLetter(request: LetterRequest): Promise<MailevaLetter> {
			if (request.reference.length > MAILEVA_REFERENCE_LIMIT) {
				throw new Error(
					`The case reference is longer than the ${MAILEVA_REFERENCE_LIMIT} characters Maileva keeps (custom_id): use a shorter reference. Nothing was sent.`,
				);
			}
			if (request.type === 'postal') return await sendPostal(request);
			return await sendElectronic(request.type, request);
		},
		async getLetter(letterId) {
			const { kind, sendingId } = parseLetterId(letterId);
			const sending = (await wire({ method: 'GET', path: `${API_OF[kind]}/sendings/${sendingId}` })) as MailevaObject;
			return tagged(kind, sending, await getRecipient(sendingId, kind));
		},
		async listLetters(_senderId, { start, max }) {
			// The three APIs' sendings merged newest first by creation date; Maileva pages from 1 (`start_index`), at most
			// 500 at a time, and its order is UNCONFIRMED (LRE Send checks it and fails closed when it is not newest first).
			const kinds: MailevaKind[] = ['postal', 'lre', 'ere'];
			const heads = await Promise.all(kinds.map(async (kind) => await head(kind, start + max)));
			const merged = kinds
				.flatMap((kind, k) => heads[k].map((sending, i) => ({ letter: tagged(kind, sending), k, i })))
				.map((row) => ({ ...row, at: Date.parse(text(row.letter.sending.creation_date)) }))
				.sort((a, b) => (b.at || 0) - (a.at || 0) || a.k - b.k || a.i - b.i);
			return merged.slice(start, start + max).map((row) => row.letter);
		},
		async readFully(letter) {
			return letter.recipient
				? letter
				: tagged(
						letter.kind ?? 'postal',
						letter.sending,
						await getRecipient(text(letter.sending.id), letter.kind ?? 'postal'),
					);
		},
		identify({ kind, sending }) {
			const created = Date.parse(text(sending.creation_date));
			return {
				letterId: letterIdOf(kind ?? 'postal', text(sending.id)),
				reference:
					text(sending.status) === 'DRAFT' || typeof sending.custom_id !== 'string' ? undefined : sending.custom_id,
				depositedAtMs: Number.isNaN(created) ? undefined : created,
			};
		},
		normalize: normalizeMailevaLetter,
		letterIdProblem(letterId) {
			return /^(LRE-|ERE-)?[0-9a-f-]{8,64}$/i.test(letterId)
				? undefined
				: {
						problem: `is not a Maileva letter id: "${letterId}"`,
						fix: 'Maileva letter IDs are sending ids such as 2c9f1e0a-… (postal), LRE-2c9f1e0a-… (qualified LRE) or ERE-2c9f1e0a-… (simple ERE); map the letterId LRE Send output.',
					};
		},
		async fetchProof(proof, what) {
			return await download(proof.url, what);
		},
	};
}
