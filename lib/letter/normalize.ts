/**
 * The provider-neutral letter every LRE node outputs. AR24 dates are Paris wall-clock strings; here they become ISO
 * 8601 with their offset, so a spreadsheet or a court reads the same instant.
 */
import { parisToIso, parseParisDate } from '../time';
import { ar24Flag, ar24Id } from '../ar24/values';
import type { Ar24Mail } from '../ar24/wire';
import { proofsOfAr24Mail, stateOfAr24Mail, type LetterState, type ProofType } from './lifecycle';

export interface LetterAttachment {
	id: string;
	name: string;
	size: number | null;
	sha1: string | null;
	/** Computed by LRE Send from the bytes it uploaded (AR24 itself reports SHA-1). */
	sha256: string | null;
}

export interface Letter {
	provider: 'ar24';
	letterId: string;
	type: 'lre' | 'ere';
	state: LetterState;
	providerStatus: string | null;
	reference: string;
	clientReference: string;
	billingReference: string;
	/**
	 * The recipient as AR24 knows it now: the latest identity correction of `update[]` (AR24 verified or corrected the
	 * name) over the name the sender typed, which stays in `asSent`.
	 */
	recipient: {
		email: string;
		firstName: string;
		lastName: string;
		company: string;
		status: 'professional' | 'individual';
		corrected: boolean;
		asSent: { firstName: string; lastName: string; company: string };
	};
	/** AR24's recipient identity corrections (`update[]`), oldest first, dates in ISO 8601. */
	recipientUpdates: Array<{ date: string | null; firstName: string; lastName: string; company: string }>;
	sender: { name: string; email: string };
	events: {
		depositedAt: string | null;
		sentAt: string | null;
		acceptedAt: string | null;
		refusedAt: string | null;
		negligenceAt: string | null;
		bouncedAt: string | null;
	};
	/** Whether AR24 reports it could not send the letter (`send_fail`); the state is then `failed`. */
	sendFailed: boolean;
	/** Hours from presentation to acceptance, when accepted. */
	acceptanceDelayHours: number | null;
	proofs: Array<{ type: ProofType; date: string | null; url: string }>;
	contentSha256: string | null;
	attachments: LetterAttachment[];
	price: { amountExclVat: number; currency: 'EUR' } | null;
	raw: Ar24Mail;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function recipientUpdates(mail: Ar24Mail): Letter['recipientUpdates'] {
	const list = Array.isArray(mail.update) ? (mail.update as unknown[]) : [];
	return list
		.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
		.map((entry) => ({
			date: parisToIso(entry.date),
			firstName: text(entry.firstname).trim(),
			lastName: text(entry.lastname).trim(),
			company: text(entry.company).trim(),
		}))
		.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
}

export function normalizeAr24Mail(mail: Ar24Mail, uploadedSha256: Record<string, string> = {}): Letter {
	const isEidas = ar24Flag(mail.is_eidas);
	const asSent = { firstName: text(mail.to_firstname), lastName: text(mail.to_lastname), company: text(mail.to_company) };
	const updates = recipientUpdates(mail);
	const latest = updates.at(-1);
	const identity = latest
		? {
				firstName: latest.firstName || asSent.firstName,
				lastName: latest.lastName || asSent.lastName,
				company: latest.company || asSent.company,
			}
		: asSent;
	const sentAt = parisToIso(mail.ts_ev_date);
	const acceptedAt = parisToIso(mail.view_date);
	const price = Number(mail.price_ht);
	const details = Array.isArray(mail.attachments_details) ? mail.attachments_details : [];
	const attachments: LetterAttachment[] = details.map((detail) => ({
		id: ar24Id(detail.id),
		name: text(detail.name),
		size: typeof detail.file_size === 'number' ? detail.file_size : detail.file_size ? Number(detail.file_size) : null,
		sha1: detail.hash_sha1 ? text(detail.hash_sha1) : null,
		sha256: uploadedSha256[ar24Id(detail.id)] ?? (detail.hash_sha256 ? text(detail.hash_sha256) : null),
	}));
	const sentMs = mail.ts_ev_date ? parseParisDate(String(mail.ts_ev_date)) : undefined;
	const acceptedMs = mail.view_date ? parseParisDate(String(mail.view_date)) : undefined;
	return {
		provider: 'ar24',
		letterId: ar24Id(mail.id),
		type: isEidas ? 'lre' : 'ere',
		state: stateOfAr24Mail(mail),
		providerStatus: mail.status === undefined ? null : text(mail.status),
		reference: text(mail.ref_dossier),
		clientReference: text(mail.ref_client),
		billingReference: text(mail.ref_facturation),
		recipient: {
			email: text(mail.to_email),
			...identity,
			status: mail.dest_statut === 'particulier' ? 'individual' : 'professional',
			corrected: identity.firstName !== asSent.firstName || identity.lastName !== asSent.lastName || identity.company !== asSent.company,
			asSent,
		},
		recipientUpdates: updates,
		sender: { name: text(mail.from_name), email: text(mail.from_email) },
		events: {
			depositedAt: parisToIso(mail.date),
			sentAt,
			acceptedAt,
			refusedAt: parisToIso(mail.refused_date),
			negligenceAt: parisToIso(mail.negligence_date),
			bouncedAt: parisToIso(mail.bounced_date),
		},
		sendFailed: ar24Flag(mail.send_fail),
		acceptanceDelayHours:
			sentMs !== undefined && acceptedMs !== undefined ? Math.round(((acceptedMs - sentMs) / 3_600_000) * 100) / 100 : null,
		proofs: proofsOfAr24Mail(mail).map((proof) => ({ type: proof.type, date: parisToIso(proof.date), url: proof.url })),
		contentSha256: mail.full_hash_sha256 ? text(mail.full_hash_sha256).toLowerCase() : null,
		attachments,
		price: Number.isFinite(price) && mail.price_ht !== undefined && mail.price_ht !== null ? { amountExclVat: price, currency: 'EUR' } : null,
		raw: mail,
	};
}

/** What LRE Send asks AR24 to send: the provider-neutral request, encoded by `ar24MailParams`. */
export interface LetterRequest {
	senderId: string;
	type: 'lre' | 'ere';
	recipient: { email: string; firstName: string; lastName: string; company: string; status: 'professional' | 'individual' };
	content: string;
	attachmentIds: string[];
	reference: string;
	clientReference: string;
	billingReference: string;
	customSenderName: string;
	webhookUrl: string;
	/** `otp` (a code) or `auth_otp_hash` (an OTP session), for a qualified LRE. */
	authentication: { otp?: string; auth_otp_hash?: string };
}

/**
 * The `POST /mail` parameters for a letter (AR24's API documentation, sending a letter): the other direction of `normalizeAr24Mail`, so one
 * module speaks AR24's letter fields both ways. The recipient's first and last name go with a company recipient too
 * when given (some AR24 clients treat them as required for every recipient); empty fields are left out.
 */
export function ar24MailParams(request: LetterRequest): Record<string, string | boolean | string[] | undefined> {
	const { recipient } = request;
	return {
		id_user: request.senderId,
		eidas: request.type === 'lre',
		to_email: recipient.email,
		to_firstname: recipient.firstName || undefined,
		to_lastname: recipient.lastName || undefined,
		to_company: recipient.status === 'professional' ? recipient.company || undefined : undefined,
		dest_statut: recipient.status === 'individual' ? 'particulier' : 'professionnel',
		content: request.content,
		attachment: request.attachmentIds,
		ref_dossier: request.reference,
		ref_client: request.clientReference || undefined,
		ref_facturation: request.billingReference || undefined,
		custom_name_sender: request.customSenderName || undefined,
		webhook: request.webhookUrl || undefined,
		...request.authentication,
	};
}
