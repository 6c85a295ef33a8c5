/**
 * Maileva behind the provider seam (`lib/provider/types.ts`), for the Postal Registered Letter
 * (`registered_mail/v4`: a paper letter with acknowledgement of receipt, printed from the PDF and posted by La Poste).
 * The whole wire protocol both ways lives here: the sending, its documents, its one recipient, the submit, and the
 * reading of the sending + recipient into the provider-neutral `Letter`. The node injects `wire` (Bearer token of
 * the Maileva API credential, errors) and `download` (an authenticated GET of a proof URL).
 *
 * One letter = one Maileva sending with one recipient; the letter id is the sending id. The case reference goes in
 * the sending's and the recipient's `custom_id` (Maileva allows 38 and 36 characters), which is how LRE Send finds
 * an earlier letter in the sendings list (Maileva does not enforce `custom_id` uniqueness: UNCONFIRMED). A sending
 * still in DRAFT carries no letter: a failed send deletes its draft, and a draft never counts as sent.
 * Maileva's qualified LRE and simple ERE APIs are not implemented here yet: such a request is refused before any call.
 */
import type { Letter, LetterRequest } from '../letter/normalize';
import type { LetterState, ProofType } from '../letter/lifecycle';
import type { LetterProvider, ProofDownload, ProviderFile, ProviderWire, SenderAccount } from '../provider/types';

const API = '/registered_mail/v4';
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

/** A sending (`sending_response`) and, when read, its one recipient (`recipient_response`). */
export interface MailevaLetter {
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
export function stateOfMailevaLetter({ sending, recipient }: MailevaLetter): LetterState {
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

export function normalizeMailevaLetter(
	letter: MailevaLetter,
	uploadedSha256: Record<string, string> = {},
): Letter<MailevaLetter> {
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
		billingReference: '',
		// A postal recipient is its address: line 1 names a company, line 2 a person (line 1 then empty).
		recipient: {
			email: '',
			firstName: '',
			lastName: lines[0] || lines[1],
			company: '',
			status: 'professional',
			corrected: false,
			asSent: { firstName: '', lastName: lines[0] || lines[1], company: '' },
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
		attachments: Object.entries(uploadedSha256).map(([id, sha256]) => ({
			id,
			name: '',
			size: null,
			sha1: null,
			sha256,
		})),
		price: Number.isFinite(price) && r.postage_price !== undefined ? { amountExclVat: price, currency: 'EUR' } : null,
		raw: letter,
	};
}

export interface MailevaProviderOptions {
	wire: ProviderWire;
	download: ProofDownload;
	/** The Maileva login of the credential (the "sender" LRE Send names), or how to read it. */
	username: string | (() => Promise<string>);
}

export function mailevaProvider({ wire, download, username }: MailevaProviderOptions): LetterProvider<MailevaLetter> {
	/** Files are attached to a sending, which exists only once the letter is sent: they wait here until then. */
	const held = new Map<string, ProviderFile>();
	let nextFile = 0;
	const getRecipient = async (sendingId: string): Promise<MailevaObject | undefined> => {
		const list = (await wire({
			method: 'GET',
			path: `${API}/sendings/${sendingId}/recipients`,
			params: { count: 1 },
		})) as { recipients?: MailevaObject[] };
		return list.recipients?.[0];
	};
	return {
		name: 'maileva',
		label: 'Maileva',
		capabilities: { letterTypes: ['postal'], statusWebhooks: false, otpSession: false, paper: true },
		async getSender(): Promise<SenderAccount> {
			const login = typeof username === 'string' ? username : await username();
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
		async startOtpSession() {
			throw new Error('The Maileva provider here sends postal registered letters only, which need no OTP session');
		},
		async uploadAttachment(_senderId, file) {
			const id = `held-${++nextFile}`;
			held.set(id, file);
			return id;
		},
		async sendLetter(request: LetterRequest): Promise<MailevaLetter> {
			if (request.type !== 'postal' || !request.postal) {
				throw new Error(
					'This version sends Maileva postal registered letters only: choose Letter Type "Postal Registered Letter"',
				);
			}
			if (request.reference.length > MAILEVA_REFERENCE_LIMIT) {
				throw new Error(
					`The case reference is longer than the ${MAILEVA_REFERENCE_LIMIT} characters Maileva keeps (custom_id): use a shorter reference. Nothing was sent.`,
				);
			}
			const files = request.attachmentIds.map((id) => held.get(id));
			if (files.length === 0 || files.some((file) => !file))
				throw new Error(
					'A postal registered letter prints its PDF attachments: attach at least one PDF. Nothing was sent.',
				);
			const { postal } = request;
			const sending = (await wire({
				method: 'POST',
				path: `${API}/sendings`,
				json: {
					name: request.reference,
					custom_id: request.reference,
					...(request.billingReference ? { custom_data: request.billingReference.slice(0, 255) } : {}),
					acknowledgement_of_receipt: postal.acknowledgementOfReceipt,
					postage_type: postal.postage,
					archiving_duration: postal.archivingYears,
				},
			})) as MailevaObject;
			const sendingId = text(sending.id);
			if (!sendingId) throw new Error('Maileva created no sending (no id in its answer). Nothing was sent.');
			try {
				for (const [i, file] of files.entries()) {
					await wire({
						method: 'POST',
						path: `${API}/sendings/${sendingId}/documents`,
						params: { metadata: JSON.stringify({ name: (file as ProviderFile).fileName, priority: i + 1 }) },
						files: [{ ...(file as ProviderFile), field: 'document' }],
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
						...(request.clientReference
							? { reference_to_print: request.clientReference.slice(0, MAILEVA_PRINTED_REFERENCE_LIMIT) }
							: {}),
					},
				});
			} catch (error) {
				// The letter was not submitted: remove the draft, so it never stands for a letter (best effort).
				await wire({ method: 'DELETE', path: `${API}/sendings/${sendingId}` }).catch(() => undefined);
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
		},
		async getLetter(letterId) {
			const sending = (await wire({ method: 'GET', path: `${API}/sendings/${letterId}` })) as MailevaObject;
			return { sending, recipient: await getRecipient(letterId) };
		},
		async listLetters(_senderId, { start, max }) {
			// Maileva pages from 1 (`start_index`) and at most 500 at a time; newest first is UNCONFIRMED (LRE Send checks
			// the order and fails closed when it is not).
			const page = (await wire({
				method: 'GET',
				path: `${API}/sendings`,
				params: { start_index: start + 1, count: Math.min(max, 500) },
			})) as { sendings?: MailevaObject[] };
			return (page.sendings ?? []).map((sending) => ({ sending }));
		},
		async readFully(letter) {
			return letter.recipient
				? letter
				: { sending: letter.sending, recipient: await getRecipient(text(letter.sending.id)) };
		},
		identify({ sending }) {
			const created = Date.parse(text(sending.creation_date));
			return {
				letterId: text(sending.id),
				reference:
					text(sending.status) === 'DRAFT' || typeof sending.custom_id !== 'string' ? undefined : sending.custom_id,
				depositedAtMs: Number.isNaN(created) ? undefined : created,
			};
		},
		normalize: normalizeMailevaLetter,
		letterIdProblem(letterId) {
			return /^[0-9a-f-]{8,64}$/i.test(letterId)
				? undefined
				: {
						problem: `is not a Maileva sending id: "${letterId}"`,
						fix: 'Maileva letter IDs are sending ids such as 2c9f1e0a-…; map the letterId LRE Send output.',
					};
		},
		async fetchProof(proof, what) {
			return await download(proof.url, what);
		},
	};
}
