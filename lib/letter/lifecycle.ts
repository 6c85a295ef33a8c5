/**
 * A registered letter's life, provider-neutral: the states, the proofs that go with them, and how AR24's letter
 * object maps onto them. Shared by LRE Send (normalized output), LRE Trigger (dedupe on letter + state) and the
 * sandbox (its state machine).
 */
import { ar24Flag } from '../ar24/values';
import type { Ar24Mail } from '../ar24/wire';

/**
 * `pending` = deposited, not yet presented; `failed` = AR24 could not send the letter (`send_fail`); the five last
 * ones are final.
 */
export const LETTER_STATES = ['pending', 'sent', 'accepted', 'refused', 'negligence', 'bounced', 'failed'] as const;
export type LetterState = (typeof LETTER_STATES)[number];

export const FINAL_STATES: readonly LetterState[] = ['accepted', 'refused', 'negligence', 'bounced', 'failed'];

/**
 * Proof kinds: deposit (`proof_dp_url`, preuve de dépôt), sending (`proof_ev_url`, preuve d'envoi — AR24's 2017
 * documentation calls it "dépôt et envoi"), acceptance (AR), refusal, negligence (not claimed in 15 days), bounce.
 */
export const PROOF_TYPES = ['deposit', 'sending', 'acceptance', 'refusal', 'negligence', 'bounce'] as const;
export type ProofType = (typeof PROOF_TYPES)[number];

interface ProofField {
	type: ProofType;
	/** The state this proof goes with (`pending` for the deposit, made when the letter is created). */
	state: LetterState;
	/** AR24's short code in proof URLs (`/get/proof/<code>-<id>`). */
	code: 'dp' | 'ev' | 'ar' | 'rf' | 'ng' | 'bc';
	urlField: keyof Ar24Mail;
	dateField: keyof Ar24Mail;
	/** The word used in archive file names (`LRE_<Word>_…`). */
	archiveWord: string;
}

export const PROOF_FIELDS: readonly ProofField[] = [
	{ type: 'deposit', state: 'pending', code: 'dp', urlField: 'proof_dp_url', dateField: 'date', archiveWord: 'Depot' },
	{
		type: 'sending',
		state: 'sent',
		code: 'ev',
		urlField: 'proof_ev_url',
		dateField: 'ts_ev_date',
		archiveWord: 'Envoi',
	},
	{
		type: 'acceptance',
		state: 'accepted',
		code: 'ar',
		urlField: 'proof_ar_url',
		dateField: 'view_date',
		archiveWord: 'AccuseReception',
	},
	{
		type: 'refusal',
		state: 'refused',
		code: 'rf',
		urlField: 'proof_rf_url',
		dateField: 'refused_date',
		archiveWord: 'Refus',
	},
	{
		type: 'negligence',
		state: 'negligence',
		code: 'ng',
		urlField: 'proof_ng_url',
		dateField: 'negligence_date',
		archiveWord: 'Negligence',
	},
	{
		type: 'bounce',
		state: 'bounced',
		code: 'bc',
		urlField: 'proof_bc_url',
		dateField: 'bounced_date',
		archiveWord: 'Rebond',
	},
];

export function proofFieldFor(type: ProofType): ProofField {
	return PROOF_FIELDS.find((field) => field.type === type) as ProofField;
}

/** The proof that documents reaching `state` (the sending proof for `sent`), if any. */
export function proofFieldForState(state: LetterState): ProofField | undefined {
	return PROOF_FIELDS.find((field) => field.state === state && field.type !== 'deposit');
}

const present = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * The state of an AR24 letter, derived from its date fields and `send_fail`, never from its `status` string (whose
 * vocabulary is not documented): a final event wins, then a technical failure, then bounce, then presentation, else
 * pending.
 */
export function stateOfAr24Mail(mail: Ar24Mail): LetterState {
	if (present(mail.view_date)) return 'accepted';
	if (present(mail.refused_date)) return 'refused';
	if (present(mail.negligence_date)) return 'negligence';
	if (ar24Flag(mail.send_fail)) return 'failed';
	if (present(mail.bounced_date)) return 'bounced';
	if (present(mail.ts_ev_date)) return 'sent';
	return 'pending';
}

/** The proofs an AR24 letter offers now, with their URL and event date. */
export function proofsOfAr24Mail(mail: Ar24Mail): Array<{ type: ProofType; url: string; date: string | null }> {
	const proofs: Array<{ type: ProofType; url: string; date: string | null }> = [];
	for (const field of PROOF_FIELDS) {
		const url = mail[field.urlField];
		if (!present(url)) continue;
		const date = mail[field.dateField];
		proofs.push({ type: field.type, url, date: present(date) ? date : null });
	}
	return proofs;
}

/**
 * The proof to hand out for `type`. A letter from an AR24 API version without a separate deposit proof (no
 * `proof_dp_url`) documents its deposit in the sending proof ("preuve de dépôt et d'envoi"): asking for `deposit`
 * then gives that one.
 */
export function pickProof<T extends { type: ProofType }>(proofs: T[], type: ProofType): T | undefined {
	return (
		proofs.find((proof) => proof.type === type) ??
		(type === 'deposit' ? proofs.find((proof) => proof.type === 'sending') : undefined)
	);
}
