/**
 * The provider-neutral letter every LRE node outputs, and the provider-neutral request LRE Send gives a provider.
 * Dates are ISO 8601 with their offset, so a spreadsheet or a court reads the same instant. Each provider module
 * reads its own letter object into this shape (`lib/ar24/letter.ts` for AR24) and keeps that object under `raw`.
 */
import type { Ar24Mail } from '../ar24/wire';
import type { ProviderName } from '../provider/types';
import type { LetterState, ProofType } from './lifecycle';

// For the nodes that read AR24 directly (the triggers) until they go through the provider seam.
export { normalizeAr24Mail } from '../ar24/letter';
export { parisToIso } from '../ar24/protocol';

export interface LetterAttachment {
	id: string;
	name: string;
	size: number | null;
	sha1: string | null;
	/** Computed by LRE Send from the bytes it uploaded (AR24 itself reports SHA-1). */
	sha256: string | null;
}

/** `Raw` is the provider's own letter object (AR24's `mail` by default). */
export interface Letter<Raw = Ar24Mail> {
	/** Which provider carries the letter; `raw` is that provider's own object, as it answered. */
	provider: ProviderName;
	letterId: string;
	/** `postal`: a paper registered letter (Maileva `registered_mail/v4`). */
	type: 'lre' | 'ere' | 'postal';
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
	raw: Raw;
}

/** What LRE Send asks a provider to send, provider-neutral (AR24 encodes it in `ar24MailParams`, lib/ar24/letter.ts). */
export interface LetterRequest {
	senderId: string;
	type: 'lre' | 'ere' | 'postal';
	recipient: {
		email: string;
		firstName: string;
		lastName: string;
		company: string;
		status: 'professional' | 'individual';
	};
	content: string;
	attachmentIds: string[];
	reference: string;
	clientReference: string;
	billingReference: string;
	customSenderName: string;
	webhookUrl: string;
	/** For a Maileva simple ERE: the language of the e-mail telling the recipient it is waiting (Maileva's default FR). */
	notificationLanguage?: NotificationLanguage;
	/** For a postal registered letter: where and how it is posted. */
	postal?: PostalOptions;
	/** For a qualified LRE: the sender's current OTP code, or the hash of an OTP session opened with one. */
	authentication: { otpCode?: string; otpSession?: string };
}

/** The languages Maileva writes an ERE's notification e-mail in (secured_electronic_mail `notification_language`). */
export const NOTIFICATION_LANGUAGES = ['FR', 'EN', 'NL'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** A paper registered letter's address and options (Maileva `registered_mail/v4`). */
export interface PostalOptions {
	/** Up to six lines of 38 characters, the last one "postcode city" (French postal standard NF Z10-011). */
	addressLines: string[];
	countryCode: string;
	acknowledgementOfReceipt: boolean;
	/** FAST: delivered in 3 days; URGENT: in 2 days. */
	postage: 'FAST' | 'URGENT';
	/** How long Maileva archives the proofs: 3, 6 or 10 years. */
	archivingYears: 3 | 6 | 10;
}
