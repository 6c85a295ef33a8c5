/**
 * AR24's letter ("mail") object both ways: `ar24MailParams` encodes LRE Send's provider-neutral request as the
 * `POST /mail` parameters, `normalizeAr24Mail` reads AR24's answer into the provider-neutral `Letter`, and
 * `normalizeAr24User` reads the sender account. AR24 dates are Paris wall-clock strings; they become ISO 8601.
 */
import type { Letter, LetterAttachment, LetterRequest } from '../letter/normalize';
import { proofsOfAr24Mail, stateOfAr24Mail } from '../letter/lifecycle';
import type { SenderAccount } from '../provider/types';
import { parisToIso, parseParisDate } from './protocol';
import { ar24Boolean, ar24Flag, ar24Id } from './values';
import type { Ar24Mail, Ar24User } from './wire';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function recipientUpdates(mail: Ar24Mail): Letter['recipientUpdates'] {
	const list = Array.isArray(mail.update) ? (mail.update as unknown[]) : [];
	return list
		.filter(
			(entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry),
		)
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
	const asSent = {
		firstName: text(mail.to_firstname),
		lastName: text(mail.to_lastname),
		company: text(mail.to_company),
	};
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
			corrected:
				identity.firstName !== asSent.firstName ||
				identity.lastName !== asSent.lastName ||
				identity.company !== asSent.company,
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
			sentMs !== undefined && acceptedMs !== undefined
				? Math.round(((acceptedMs - sentMs) / 3_600_000) * 100) / 100
				: null,
		proofs: proofsOfAr24Mail(mail).map((proof) => ({ type: proof.type, date: parisToIso(proof.date), url: proof.url })),
		contentSha256: mail.full_hash_sha256 ? text(mail.full_hash_sha256).toLowerCase() : null,
		attachments,
		price:
			Number.isFinite(price) && mail.price_ht !== undefined && mail.price_ht !== null
				? { amountExclVat: price, currency: 'EUR' }
				: null,
		raw: mail,
	};
}

/**
 * The `POST /mail` parameters for a letter (`ar24-api.md` §7.1): the other direction of `normalizeAr24Mail`, so one
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
		otp: request.authentication.otpCode || undefined,
		auth_otp_hash: request.authentication.otpSession || undefined,
	};
}

/** AR24's user (`GET /user`) as the provider-neutral sender account. */
export function normalizeAr24User(user: Ar24User): SenderAccount {
	const name = user.name ?? [user.firstname, user.lastname].filter(Boolean).join(' ');
	return {
		senderId: ar24Id(user.id),
		name: String(name ?? ''),
		email: String(user.email ?? ''),
		company: String(user.company ?? ''),
		status: String(user.statut ?? ''),
		// A flag ("0"/"1", 0/1, true/false) or the date the identity was verified.
		identityVerified:
			ar24Boolean(user.is_identity_verified) ??
			(typeof user.is_identity_verified === 'string' && user.is_identity_verified.trim() !== ''),
		canPay: ar24Flag(user.is_payment_possible ?? user.payment_active),
		raw: user,
	};
}
