/**
 * A registered letter's life, provider-neutral: the states, the proofs that go with them, and how AR24's letter
 * object maps onto them. Shared by LRE Send (normalized output), LRE Trigger (dedupe on letter + state) and the
 * sandbox (its state machine).
 */
import type { Ar24Mail } from '../ar24/wire';

/** `pending` = deposited, not yet presented; the four last ones are final. */
export const LETTER_STATES = ['pending', 'sent', 'accepted', 'refused', 'negligence', 'bounced'] as const;
export type LetterState = (typeof LETTER_STATES)[number];

export const FINAL_STATES: readonly LetterState[] = ['accepted', 'refused', 'negligence', 'bounced'];

/** Proof kinds: deposit (dépôt et envoi), acceptance (AR), refusal, negligence (not claimed in 15 days), bounce. */
export const PROOF_TYPES = ['deposit', 'acceptance', 'refusal', 'negligence', 'bounce'] as const;
export type ProofType = (typeof PROOF_TYPES)[number];

interface ProofField {
	type: ProofType;
	state: LetterState;
	/** AR24's short code in proof URLs (`/get/proof/<code>-<id>`). */
	code: 'ev' | 'ar' | 'rf' | 'ng' | 'bc';
	urlField: keyof Ar24Mail;
	dateField: keyof Ar24Mail;
	/** The word used in archive file names (`LRE_<Word>_…`). */
	archiveWord: string;
}

export const PROOF_FIELDS: readonly ProofField[] = [
	{ type: 'deposit', state: 'sent', code: 'ev', urlField: 'proof_ev_url', dateField: 'ts_ev_date', archiveWord: 'Depot' },
	{ type: 'acceptance', state: 'accepted', code: 'ar', urlField: 'proof_ar_url', dateField: 'view_date', archiveWord: 'AccuseReception' },
	{ type: 'refusal', state: 'refused', code: 'rf', urlField: 'proof_rf_url', dateField: 'refused_date', archiveWord: 'Refus' },
	{ type: 'negligence', state: 'negligence', code: 'ng', urlField: 'proof_ng_url', dateField: 'negligence_date', archiveWord: 'Negligence' },
	{ type: 'bounce', state: 'bounced', code: 'bc', urlField: 'proof_bc_url', dateField: 'bounced_date', archiveWord: 'Rebond' },
];

export function proofFieldFor(type: ProofType): ProofField {
	return PROOF_FIELDS.find((field) => field.type === type) as ProofField;
}

const present = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * The state of an AR24 letter, derived from its date fields and never from its `status` string (whose vocabulary
 * is not documented): a final event wins, then bounce, then presentation, else pending.
 */
export function stateOfAr24Mail(mail: Ar24Mail): LetterState {
	if (present(mail.view_date)) return 'accepted';
	if (present(mail.refused_date)) return 'refused';
	if (present(mail.negligence_date)) return 'negligence';
	if (present(mail.bounced_date)) return 'bounced';
	if (present(mail.ts_ev_date)) return 'sent';
	return 'pending';
}

/** The proofs an AR24 letter offers now, with their URL and event date. */
export function proofsOfAr24Mail(mail: Ar24Mail): Array<{ type: ProofType; url: string; date: string | null }> {
	const proofs: Array<{ type: ProofType; url: string; date: string | null }> = [];
	const depositUrl = present(mail.proof_dp_url) ? mail.proof_dp_url : mail.proof_ev_url;
	for (const field of PROOF_FIELDS) {
		const url = field.type === 'deposit' ? depositUrl : mail[field.urlField];
		if (!present(url)) continue;
		const date = mail[field.dateField];
		proofs.push({ type: field.type, url, date: present(date) ? date : null });
	}
	return proofs;
}
