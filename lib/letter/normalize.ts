/**
 * The provider-neutral letter every LRE node outputs. AR24 dates are Paris wall-clock strings; here they become ISO
 * 8601 with their offset, so a spreadsheet or a court reads the same instant.
 */
import { parseParisDate } from '../ar24/protocol';
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
	recipient: { email: string; firstName: string; lastName: string; company: string; status: 'professional' | 'individual' };
	sender: { name: string; email: string };
	events: {
		depositedAt: string | null;
		sentAt: string | null;
		acceptedAt: string | null;
		refusedAt: string | null;
		negligenceAt: string | null;
		bouncedAt: string | null;
	};
	/** Hours from presentation to acceptance, when accepted. */
	acceptanceDelayHours: number | null;
	proofs: Array<{ type: ProofType; date: string | null; url: string }>;
	contentSha256: string | null;
	attachments: LetterAttachment[];
	price: { amountExclVat: number; currency: 'EUR' } | null;
	raw: Ar24Mail;
}

/** `2026-03-10 15:00:00` (Paris) → `2026-03-10T15:00:00+01:00`; null for empty or unreadable values. */
export function parisToIso(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const instant = parseParisDate(value.trim());
	if (instant === undefined) return null;
	const wall = Date.UTC(
		...(value
			.trim()
			.split(/[- :]/)
			.map(Number)
			.map((n, i) => (i === 1 ? n - 1 : n)) as [number, number, number, number, number, number]),
	);
	const offsetMinutes = Math.round((wall - instant) / 60_000);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return `${value.trim().replace(' ', 'T')}${offset}`;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export function normalizeAr24Mail(mail: Ar24Mail, uploadedSha256: Record<string, string> = {}): Letter {
	const isEidas = mail.is_eidas === true || mail.is_eidas === 1 || mail.is_eidas === '1' || mail.is_eidas === 'true';
	const sentAt = parisToIso(mail.ts_ev_date);
	const acceptedAt = parisToIso(mail.view_date);
	const price = Number(mail.price_ht);
	const details = Array.isArray(mail.attachments_details) ? mail.attachments_details : [];
	const attachments: LetterAttachment[] = details.map((detail) => ({
		id: text(detail.id),
		name: text(detail.name),
		size: typeof detail.file_size === 'number' ? detail.file_size : detail.file_size ? Number(detail.file_size) : null,
		sha1: detail.hash_sha1 ? text(detail.hash_sha1) : null,
		sha256: uploadedSha256[text(detail.id)] ?? (detail.hash_sha256 ? text(detail.hash_sha256) : null),
	}));
	const sentMs = mail.ts_ev_date ? parseParisDate(String(mail.ts_ev_date)) : undefined;
	const acceptedMs = mail.view_date ? parseParisDate(String(mail.view_date)) : undefined;
	return {
		provider: 'ar24',
		letterId: text(mail.id),
		type: isEidas ? 'lre' : 'ere',
		state: stateOfAr24Mail(mail),
		providerStatus: mail.status === undefined ? null : text(mail.status),
		reference: text(mail.ref_dossier),
		clientReference: text(mail.ref_client),
		billingReference: text(mail.ref_facturation),
		recipient: {
			email: text(mail.to_email),
			firstName: text(mail.to_firstname),
			lastName: text(mail.to_lastname),
			company: text(mail.to_company),
			status: mail.dest_statut === 'particulier' ? 'individual' : 'professional',
		},
		sender: { name: text(mail.from_name), email: text(mail.from_email) },
		events: {
			depositedAt: parisToIso(mail.date),
			sentAt,
			acceptedAt,
			refusedAt: parisToIso(mail.refused_date),
			negligenceAt: parisToIso(mail.negligence_date),
			bouncedAt: parisToIso(mail.bounced_date),
		},
		acceptanceDelayHours:
			sentMs !== undefined && acceptedMs !== undefined ? Math.round(((acceptedMs - sentMs) / 3_600_000) * 100) / 100 : null,
		proofs: proofsOfAr24Mail(mail).map((proof) => ({ type: proof.type, date: parisToIso(proof.date), url: proof.url })),
		contentSha256: mail.full_hash_sha256 ? text(mail.full_hash_sha256).toLowerCase() : null,
		attachments,
		price: Number.isFinite(price) && mail.price_ht !== undefined && mail.price_ht !== null ? { amountExclVat: price, currency: 'EUR' } : null,
		raw: mail,
	};
}
