/**
 * The provider seam: what LRE Send, the triggers and the tests need from a registered-mail provider, whatever its
 * protocol. One module per provider implements it (`lib/ar24/provider.ts`; Maileva next) and holds that provider's
 * whole wire protocol both ways: the requests it builds and the answers it reads. The node side only injects the
 * way to carry a request (`ProviderWire`: its credential, retries and errors, `nodes/shared/provider.ts`), as n8n's
 * Postgres v2 router injects its database client into operations. Pure: no n8n import.
 */
import type { Letter, LetterRequest } from '../letter/normalize';
import type { ProofType } from '../letter/lifecycle';

export type ProviderName = 'ar24' | 'maileva';

/** The kinds of letter a provider may carry. */
export type LetterKind = 'lre' | 'ere' | 'postal';

export interface ProviderCapabilities {
	/** The letter kinds this provider sends. */
	letterTypes: readonly LetterKind[];
	/** It pushes a letter's status changes to a URL given per letter (else: poll). */
	statusWebhooks: boolean;
	/** A qualified LRE needs the sender's OTP, and an OTP session can cover a batch. */
	otpSession: boolean;
	/** It prints and posts paper registered letters. */
	paper: boolean;
}

/** A file to upload with a request. */
export interface ProviderFile {
	field: string;
	data: Buffer;
	fileName: string;
	mimeType: string;
}

export type WireValue = string | number | boolean | undefined | null | Array<string | number>;

/** One request as the provider module describes it; the node's transport sends it (authentication, retries, errors). */
export interface WireCall {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path under the provider's API root, e.g. `/mail`. */
	path: string;
	params?: Record<string, WireValue>;
	/** A JSON body (providers that speak JSON, e.g. Maileva). */
	json?: Record<string, unknown>;
	files?: ProviderFile[];
}

/** Carries a call and returns the provider's decoded answer; throws the node's own errors. */
export type ProviderWire = (call: WireCall) => Promise<unknown>;

/** Downloads a proof from a URL the provider gave; `what` names it in errors. */
export type ProofDownload = (url: string, what: string) => Promise<Buffer>;

/** The sending account, provider-neutral. */
export interface SenderAccount {
	senderId: string;
	name: string;
	email: string;
	company: string;
	status: string;
	/** Whether the sender's identity is verified for qualified (eIDAS) letters. */
	identityVerified: boolean;
	canPay: boolean;
	/** The provider's own object, as it answered. */
	raw: Record<string, unknown>;
}

/** What the at-most-once send needs to know about a letter in the provider's own shape. */
export interface LetterIdentity {
	letterId: string;
	/** The case reference as the provider stored it (undefined when it holds none or not as text). */
	reference: string | undefined;
	/** The deposit instant (epoch ms), undefined when missing or unreadable. */
	depositedAtMs: number | undefined;
}

/**
 * One provider. `Native` is its own letter object (AR24's `mail`, Maileva's sending); every output goes through
 * `normalize` into the provider-neutral `Letter`, which keeps the native object under `raw`.
 */
export interface LetterProvider<Native = unknown> {
	readonly name: ProviderName;
	/** How messages name it, e.g. `AR24`. */
	readonly label: string;
	readonly capabilities: ProviderCapabilities;
	/** The sender configured in the credential. */
	getSender(): Promise<SenderAccount>;
	/** Opens an OTP session for qualified letters (`capabilities.otpSession`). */
	startOtpSession(senderId: string, otp: string): Promise<{ hash: string; expiresAt: string }>;
	/** Uploads one attachment before the send; returns the provider's file id. */
	uploadAttachment(senderId: string, file: ProviderFile): Promise<string>;
	/** Sends the letter (attachments uploaded already) and returns it as the provider answered. */
	sendLetter(request: LetterRequest): Promise<Native>;
	getLetter(letterId: string): Promise<Native>;
	/** One page of the sender's letters, newest first (`start` letters skipped). */
	listLetters(senderId: string, page: { start: number; max: number }): Promise<Native[]>;
	/**
	 * A listed letter with what the listing leaves out (Maileva's sendings list has no recipient, hence no state and
	 * no proof); absent when the listing gives whole letters (AR24).
	 */
	readFully?(letter: Native): Promise<Native>;
	identify(letter: Native): LetterIdentity;
	normalize(letter: Native, uploadedSha256?: Record<string, string>): Letter<Native>;
	/** Why `letterId` cannot be one of this provider's letter ids (undefined when it can), with the fix. */
	letterIdProblem(letterId: string): { problem: string; fix: string } | undefined;
	/** Downloads a proof listed in the normalized letter. */
	fetchProof(proof: { type: ProofType; url: string }, what: string): Promise<Buffer>;
}
