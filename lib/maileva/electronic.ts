/**
 * Maileva's two electronic registered letters, both ways: the qualified LRE (`electronic_qualified_registered_mail/v1`,
 * spec 1.3, eIDAS art. 44 — the sender authenticated by the OTP of `electronic_mail_emitter/v1`) and the simple ERE
 * (`secured_electronic_mail/v1`, spec 1.0, eIDAS art. 43 — no OTP). Both have the resource shape of the postal
 * letter: a sending (DRAFT) → its documents (multipart `document` + `metadata` {name}) → its one recipient (e-mail,
 * names, `legal_status`, `custom_id`) → submit; then the sending and its recipient are read back.
 *
 * The letter id tells the API apart: `LRE-<sending id>` (qualified), `ERE-<sending id>` (simple ERE); a bare sending
 * id is a postal letter (`registered_mail/v4`, unchanged from earlier versions). 4 + 36 characters fit the 40 that
 * archive names keep (lib/letter/archive.ts).
 *
 * States are read from the recipient, proof first (UNCONFIRMED semantics, README):
 *   LRE  delivery_proof.type ACKNOWLEDGMENT_OF_RECEIPT → accepted; REFUSAL_PROOF or status REFUSED → refused;
 *        NOT_CLAIMED_PROOF or status NOT_CLAIMED → negligence; status ERROR → bounced when its detail says the e-mail
 *        bounced, else failed; REJECTED / CANCELED (or the sending REJECTED) → failed; a deposit proof, PROCESSED or
 *        ACCEPTED without an acknowledgement of receipt → sent; else pending. Maileva's "ACCEPTED" recipient is not
 *        documented, so it alone never makes a letter accepted.
 *   ERE  delivery_status DELIVERED → accepted; UNDELIVERED with delivery_status_detail REFUSED → refused,
 *        NOT_CLAIMED → negligence, BOUNCED (or anything else) → bounced; REJECTED / SENDING_REJECTED → failed;
 *        a deposit proof, DELIVERING or PROCESSED → sent; else pending.
 */
import type { Letter } from '../letter/normalize';
import type { LetterState, ProofType } from '../letter/lifecycle';

export type ElectronicKind = 'lre' | 'ere';
export type MailevaKind = ElectronicKind | 'postal';

export const POSTAL_API = '/registered_mail/v4';
export const ELECTRONIC_API: Record<ElectronicKind, string> = {
	lre: '/electronic_qualified_registered_mail/v1',
	ere: '/secured_electronic_mail/v1',
};
export const EMITTER_API = '/electronic_mail_emitter/v1';
export const API_OF: Record<MailevaKind, string> = { ...ELECTRONIC_API, postal: POSTAL_API };

/** The prefix of an electronic letter's id. */
export const LETTER_ID_PREFIX: Record<ElectronicKind, string> = { lre: 'LRE-', ere: 'ERE-' };

/** Maileva's limits on what LRE Send puts in an electronic letter (OpenAPI files). */
export const MAILEVA_MESSAGE_LIMIT = 450;
export const MAILEVA_NAME_LIMIT = 50;
export const MAILEVA_COMPANY_LIMIT = 38;
export const MAILEVA_SENDER_NAME_LIMIT = 255;

/** A Maileva sender id (electronic_mail_emitter): a UUID, as `SendingCreation.sender_id` requires. */
export const SENDER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type MailevaObject = Record<string, unknown>;

/** The letter id of a sending of this kind. */
export function letterIdOf(kind: MailevaKind, sendingId: string): string {
	return kind === 'postal' ? sendingId : `${LETTER_ID_PREFIX[kind]}${sendingId}`;
}

/** Which API a letter id belongs to, and the sending id inside it. */
export function parseLetterId(letterId: string): { kind: MailevaKind; sendingId: string } {
	const id = letterId.trim();
	for (const kind of ['lre', 'ere'] as const) {
		if (id.toUpperCase().startsWith(LETTER_ID_PREFIX[kind])) return { kind, sendingId: id.slice(4) };
	}
	return { kind: 'postal', sendingId: id };
}

const text = (value: unknown): string =>
	typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
const objectOf = (value: unknown): MailevaObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as MailevaObject) : {};
const isoOrNull = (value: unknown): string | null => {
	if (typeof value !== 'string' || !value.trim()) return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** The proof date: `creation_date` (LRE's RecipientProofResource) or `date` (ERE's proofs). */
const proofDate = (proof: MailevaObject): string | null => isoOrNull(proof.creation_date) ?? isoOrNull(proof.date);

/** The neutral state of an electronic letter (see the table at the top of this file). */
export function electronicState(kind: ElectronicKind, sending: MailevaObject, recipient?: MailevaObject): LetterState {
	const r = recipient ?? {};
	const status = text(r.status);
	const sendingStatus = text(sending.status);
	const delivery = text(objectOf(r.delivery_proof).type);
	const deposited = text(objectOf(r.deposit_proof).href) !== '';
	if (kind === 'lre') {
		if (delivery === 'ACKNOWLEDGMENT_OF_RECEIPT') return 'accepted';
		if (delivery === 'REFUSAL_PROOF' || status === 'REFUSED') return 'refused';
		if (delivery === 'NOT_CLAIMED_PROOF' || status === 'NOT_CLAIMED') return 'negligence';
		if (status === 'ERROR') return /BOUNCE|UNDELIVER|INVALID_EMAIL/i.test(text(r.status_detail)) ? 'bounced' : 'failed';
		if (['REJECTED', 'CANCELED'].includes(status) || sendingStatus === 'REJECTED') return 'failed';
		if (deposited || status === 'PROCESSED' || status === 'ACCEPTED') return 'sent';
		return 'pending';
	}
	const deliveryStatus = text(r.delivery_status);
	if (deliveryStatus === 'DELIVERED') return 'accepted';
	if (deliveryStatus === 'UNDELIVERED') {
		const detail = text(r.delivery_status_detail);
		return detail === 'REFUSED' ? 'refused' : detail === 'NOT_CLAIMED' ? 'negligence' : 'bounced';
	}
	if (['REJECTED', 'SENDING_REJECTED'].includes(status) || sendingStatus === 'REJECTED') return 'failed';
	if (deposited || deliveryStatus === 'DELIVERING' || status === 'PROCESSED') return 'sent';
	return 'pending';
}

const DELIVERY_PROOF: Record<string, ProofType> = {
	ACKNOWLEDGMENT_OF_RECEIPT: 'acceptance',
	REFUSAL_PROOF: 'refusal',
	NOT_CLAIMED_PROOF: 'negligence',
	UNDELIVERED_PROOF: 'bounce',
};

function electronicProofs(recipient: MailevaObject): Letter['proofs'] {
	const proofs: Letter['proofs'] = [];
	const deposit = objectOf(recipient.deposit_proof);
	if (text(deposit.href)) proofs.push({ type: 'deposit', date: proofDate(deposit), url: text(deposit.href) });
	const delivery = objectOf(recipient.delivery_proof);
	const type = DELIVERY_PROOF[text(delivery.type)];
	if (type && text(delivery.href)) proofs.push({ type, date: proofDate(delivery), url: text(delivery.href) });
	return proofs;
}

/** The date of the first ERE distribution status with this code (and detail), ISO 8601. */
function deliveryDate(recipient: MailevaObject, code: string, detail?: string): string | null {
	const list = Array.isArray(recipient.delivery_statuses) ? (recipient.delivery_statuses as MailevaObject[]) : [];
	const found = list.find((s) => text(s.code) === code && (detail === undefined || text(s.detail) === detail));
	return found ? isoOrNull(found.date) : null;
}

/** What `normalizeMailevaLetter` gives an electronic letter. */
export function normalizeElectronic<Raw>(
	kind: ElectronicKind,
	sending: MailevaObject,
	recipient: MailevaObject | undefined,
	raw: Raw,
	uploadedSha256: Record<string, string>,
): Letter<Raw> {
	const r = recipient ?? {};
	const state = electronicState(kind, sending, recipient);
	const proofs = electronicProofs(r);
	const proofAt = (type: ProofType) => proofs.find((p) => p.type === type)?.date ?? null;
	// The date of the final state: its proof, else (ERE) its distribution status, else (LRE) the recipient's status date.
	const finalAt = (target: LetterState, proof: ProofType, code: string, detail?: string) =>
		state === target
			? (proofAt(proof) ?? (kind === 'ere' ? deliveryDate(r, code, detail) : null) ?? isoOrNull(r.status_date) ?? null)
			: null;
	const firstName = text(r.first_name);
	const lastName = text(r.last_name);
	const company = text(r.company);
	return {
		provider: 'maileva',
		letterId: letterIdOf(kind, text(sending.id)),
		type: kind,
		state,
		providerStatus:
			(kind === 'ere' ? text(r.delivery_status_detail) || text(r.delivery_status) : '') ||
			text(r.status) ||
			text(sending.status) ||
			null,
		reference: text(sending.custom_id),
		clientReference: text(r.custom_data),
		billingReference: text(sending.custom_data),
		recipient: {
			email: text(r.email),
			firstName,
			lastName,
			company,
			status: text(r.legal_status) === 'INDIVIDUAL' ? 'individual' : 'professional',
			corrected: false,
			asSent: { firstName, lastName, company },
		},
		recipientUpdates: [],
		sender: { name: text(sending.additional_sender_name), email: '' },
		events: {
			depositedAt: isoOrNull(sending.submission_date) ?? isoOrNull(sending.creation_date),
			sentAt:
				proofAt('deposit') ??
				(kind === 'ere' ? deliveryDate(r, 'DELIVERING') : null) ??
				(state === 'pending' || state === 'failed' ? null : isoOrNull(sending.processed_date)),
			acceptedAt: finalAt('accepted', 'acceptance', 'DELIVERED'),
			refusedAt: finalAt('refused', 'refusal', 'UNDELIVERED', 'REFUSED'),
			negligenceAt: finalAt('negligence', 'negligence', 'UNDELIVERED', 'NOT_CLAIMED'),
			bouncedAt: finalAt('bounced', 'bounce', 'UNDELIVERED'),
		},
		sendFailed: state === 'failed',
		acceptanceDelayHours: null,
		proofs,
		contentSha256: null,
		attachments: uploadedAttachments(uploadedSha256),
		price: null,
		raw,
	};
}

/** The sending statuses Maileva documents after a submit (anything else: fail closed, see the provider's send). */
export const SUBMITTED_STATUSES: Record<MailevaKind, readonly string[]> = {
	lre: ['PENDING', 'ACCEPTED', 'REJECTED', 'PROCESSED', 'PROCESSED_WITH_ERRORS'],
	ere: ['PENDING', 'BLOCKED', 'ACCEPTED', 'PROCESSED', 'PROCESSED_WITH_ERRORS', 'REJECTED'],
	postal: ['PENDING', 'BLOCKED', 'ACCEPTED', 'REJECTED', 'CANCELED', 'PREPARING', 'PROCESSED', 'PROCESSED_WITH_ERRORS'],
};

/** The OTP session LRE Send hands around for Maileva: Maileva binds it to the sender, so this names both. */
export interface MailevaOtpSession {
	senderId: string;
	expiresAt: string;
}

const OTP_SESSION_PREFIX = 'maileva-otp:';

export function otpSessionToken(session: MailevaOtpSession): string {
	return `${OTP_SESSION_PREFIX}${session.senderId}:${session.expiresAt}`;
}

/** The session an `otpSessionHash` names, or undefined when it is not one of Maileva's (e.g. an AR24 hash). */
export function readOtpSessionToken(token: string): MailevaOtpSession | undefined {
	if (!token.startsWith(OTP_SESSION_PREFIX)) return undefined;
	const rest = token.slice(OTP_SESSION_PREFIX.length);
	const cut = rest.indexOf(':');
	if (cut < 0) return undefined;
	const senderId = rest.slice(0, cut);
	const expiresAt = rest.slice(cut + 1);
	if (!SENDER_ID_PATTERN.test(senderId) || Number.isNaN(Date.parse(expiresAt))) return undefined;
	return { senderId, expiresAt };
}

/** The attachments of a letter as LRE Send uploaded them: Maileva answers no hash, so the ones computed at upload. */
export function uploadedAttachments(uploadedSha256: Record<string, string>): Letter['attachments'] {
	return Object.entries(uploadedSha256).map(([id, sha256]) => ({ id, name: '', size: null, sha1: null, sha256 }));
}
