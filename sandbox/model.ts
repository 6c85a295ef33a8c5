/** Records the sandbox keeps (see store.ts). Mail records hold AR24's public fields plus a private `sandbox` part. */
import type { Ar24Mail } from '../lib/ar24/wire';
import type { LetterState } from '../lib/letter/lifecycle';

export interface SandboxUser {
	id: number;
	firstname: string;
	lastname: string;
	name: string;
	email: string;
	statut: 'professionnel' | 'particulier';
	company: string;
	company_siret: string;
	address1: string;
	zipcode: string;
	city: string;
	country: string;
	confirmed: boolean;
	cgu: boolean;
	payment_active: boolean;
	is_payment_possible: boolean;
	is_identity_verified?: string;
	creation: string;
	/** Sandbox-only: whether the user granted access to the API token (else `user_unavailable`). */
	api_access: boolean;
	/** Sandbox-only: base32 TOTP key of the sender's OTP key (eIDAS). Never returned by the API. */
	otp_key: string;
	/** Sandbox-only: live 1-hour OTP sessions (hash → sandbox expiry ms). */
	otp_sessions: Record<string, number>;
}

export interface SandboxAttachment {
	id: number;
	id_user: number;
	filename: string;
	filesize: number;
	hash_sha1: string;
	hash_sha256: string;
	upload_date: string;
	/** Letter that used it, once sent. */
	id_mail?: number;
}

export type Outcome = 'accept' | 'refuse' | 'negligence' | 'bounce' | 'fail' | 'hold';

export interface PlannedEvent {
	state: Exclude<LetterState, 'pending'>;
	/** Sandbox-clock ms. */
	at: number;
}

export interface ProofRecord {
	file: string;
	sha256: string;
	size: number;
}

export interface SandboxMail extends Ar24Mail {
	id: number;
	sandbox: {
		fileToken: string;
		webhook?: string;
		content: string;
		createdAt: number;
		outcome: Outcome;
		planned: PlannedEvent[];
		/** Event log: every state change with its sandbox time. */
		log: Array<{ state: LetterState | 'deposit'; at: string }>;
		proofs: Partial<Record<'dp' | 'ev' | 'ar' | 'rf' | 'ng' | 'bc', ProofRecord>>;
		draft?: boolean;
	};
}

export interface WebhookDelivery {
	id: number;
	id_mail: number;
	url: string;
	payload: Record<string, string>;
	state: LetterState;
	attempts: number;
	/** Sandbox-clock ms of the next attempt. */
	nextAt: number;
	status: 'pending' | 'delivered' | 'failed';
	lastError?: string;
	history: Array<{ at: string; ok: boolean; detail: string }>;
}
