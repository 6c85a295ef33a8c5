/** What every sandbox handler gets: options, state, clock, lifecycle, and the AR24 error to throw. */
import type { SandboxClock } from './clock';
import type { Lifecycle } from './engine';
import type { ParsedRequest } from './http';
import type { Outcome } from './model';
import type { Store } from './store';
import type { WebhookQueue } from './webhooks';

export interface SandboxOptions {
	port: number;
	host: string;
	token: string;
	privateKey: string;
	dataDir: string;
	/** Sandbox seconds per real second (86400 = a day per second). */
	timeScale: number;
	defaultOutcome: Outcome;
	/** Accepted age of a request `date` (real clock), and how far ahead it may be. */
	datePastSeconds: number;
	dateFutureSeconds: number;
	/** eIDAS letter without `otp`/`auth_otp_hash`: AR24 error, or a `to_valid` draft (both reported; UNCONFIRMED). */
	eidasWithoutOtp: 'error' | 'draft';
	/** An OTP code always accepted besides the TOTP (demo convenience; off unless set). */
	staticOtp?: string;
	maxAttachmentBytes: number;
	contentLimit: number;
	webhookFormat: 'form' | 'json';
	senderEmail: string;
	otpKey: string;
	/**
	 * `honour` (default): `GET /user/mail` pages with `max`/`start`/`sort`. `ignore`: it answers every listing with its
	 * default page, the 50 newest letters, whatever the parameters — what AR24 might do (its paging is UNCONFIRMED).
	 */
	paging: 'honour' | 'ignore';
	/** Seed for fault probabilities, so a faulty run can be replayed. */
	seed: number;
	quiet: boolean;
}

export const DEFAULT_OPTIONS: SandboxOptions = {
	port: 4024,
	host: '127.0.0.1',
	token: 'sandbox-token',
	privateKey: 'sandbox-private-key',
	dataDir: '.sandbox-data',
	timeScale: 1,
	defaultOutcome: 'accept',
	datePastSeconds: 300,
	dateFutureSeconds: 600,
	eidasWithoutOtp: 'error',
	maxAttachmentBytes: 256 * 1024 * 1024,
	contentLimit: 8000,
	webhookFormat: 'form',
	senderEmail: 'recouvrement@acme-industries.example',
	otpKey: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
	paging: 'honour',
	seed: 24,
	quiet: false,
};

export interface Sandbox {
	options: SandboxOptions;
	store: Store;
	clock: SandboxClock;
	lifecycle: Lifecycle;
	webhooks: WebhookQueue;
	/** Base URL of this sandbox, e.g. http://127.0.0.1:4024 (the API is under /api). */
	url(): string;
}

/** An AR24 error answer: plain JSON `{status:"ERROR", slug, message}` with HTTP 200. */
export class SlugError extends Error {
	constructor(
		readonly slug: string,
		message: string,
	) {
		super(message);
	}
}

export type Handler = (sandbox: Sandbox, request: ParsedRequest) => Promise<unknown> | unknown;
