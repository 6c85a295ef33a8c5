/**
 * AR24 behind the provider seam (`lib/provider/types.ts`): every AR24 route LRE Send uses, its parameters and the
 * reading of its answers. The node injects `wire` (nodes/shared/transport.ts: signature, decryption, retries,
 * errors) and `download` (the proof URLs AR24 gives carry their own token, so no credential goes with them).
 */
import type { LetterProvider, ProofDownload, ProviderWire, SenderAccount } from '../provider/types';
import { ar24MailParams, normalizeAr24Mail, normalizeAr24User } from './letter';
import { parseParisDate } from './protocol';
import { ar24Id } from './values';
import type { Ar24Mail, Ar24User } from './wire';

/** Who the credential names as sender: an AR24 user id, or an e-mail address. */
export function ar24SenderParam(sender: string): { id_user?: string; email?: string } {
	const value = sender.trim();
	return value.includes('@') ? { email: value } : { id_user: value };
}

export interface Ar24ProviderOptions {
	wire: ProviderWire;
	download: ProofDownload;
	/** The credential's sender: an AR24 user id or e-mail. */
	sender: () => Promise<string>;
}

export function ar24Provider({ wire, download, sender }: Ar24ProviderOptions): LetterProvider<Ar24Mail> {
	return {
		name: 'ar24',
		label: 'AR24',
		capabilities: { letterTypes: ['lre', 'ere'], statusWebhooks: true, otpSession: true, paper: false },
		async getSender(): Promise<SenderAccount> {
			return normalizeAr24User(
				(await wire({ method: 'GET', path: '/user', params: ar24SenderParam(await sender()) })) as Ar24User,
			);
		},
		async startOtpSession(senderId, otp) {
			const session = (await wire({ method: 'POST', path: '/user/auth_otp', params: { id_user: senderId, otp } })) as {
				hash?: string;
				expiration_date?: string;
			};
			return { hash: session.hash ?? '', expiresAt: session.expiration_date ?? '' };
		},
		async uploadAttachment(senderId, file) {
			const result = (await wire({
				method: 'POST',
				path: '/attachment',
				params: { id_user: senderId, file_name: file.fileName },
				files: [file],
			})) as {
				file_id?: number | string;
			};
			// AR24's clients read file_id as a string, the sandbox once sent a number: both are accepted.
			return String(result.file_id ?? '').trim();
		},
		async sendLetter(request) {
			// AR24 carries electronic letters only; a postal letter must never become an ERE here.
			if (request.type === 'postal')
				throw new Error(
					'AR24 does not post paper letters: use a Maileva API credential for a Postal Registered Letter',
				);
			return (await wire({ method: 'POST', path: '/mail', params: ar24MailParams(request) })) as Ar24Mail;
		},
		async getLetter(letterId) {
			return (await wire({ method: 'GET', path: '/mail', params: { id: letterId } })) as Ar24Mail;
		},
		async listLetters(senderId, { start, max }) {
			const page = await wire({
				method: 'GET',
				path: '/user/mail',
				params: { id_user: senderId, max, start, sort: 'DESC' },
			});
			return Array.isArray(page) ? (page as Ar24Mail[]) : [];
		},
		identify(mail) {
			return {
				letterId: ar24Id(mail.id),
				reference: typeof mail.ref_dossier === 'string' ? mail.ref_dossier : undefined,
				depositedAtMs: typeof mail.date === 'string' ? parseParisDate(mail.date.trim()) : undefined,
			};
		},
		normalize: normalizeAr24Mail,
		letterIdProblem(letterId) {
			return /^\d+$/.test(letterId)
				? undefined
				: { problem: `must be a number, not "${letterId}"`, fix: 'AR24 letter IDs are numbers, e.g. 100001.' };
		},
		async fetchProof(proof, what) {
			return await download(proof.url, what);
		},
	};
}
