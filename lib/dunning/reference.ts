/**
 * The case reference of a letter, derived from what the letter is — (debtor, step, the invoices it covers) — and
 * never from the date it is sent: the same letter planned on two days has the same reference, so LRE Send's
 * "once per reference" and the ledger both recognise it.
 *
 *   R1-D05-3F9A1C2B (first reminder) · R2-… (second reminder) · MED-… (formal notice by LRE/ERE) · LRAR-… (paper)
 */
import { createHash } from 'node:crypto';
import { canonicalReference } from '../letter/reference';
import type { Channel, Step } from './model';

const PREFIX: Record<Step, string> = { firstReminder: 'R1', secondReminder: 'R2', formalNotice: 'MED' };
const PAPER_PREFIX = 'LRAR';

const canonical = new Map<string, string>();

/**
 * One canonical form for identifiers typed by people — debtor ids, invoice numbers, references: LRE Send's
 * (`lib/letter/reference.ts`: NFKC, invisible characters removed, spaces normalised, case folded), memoised because a
 * plan compares each invoice number and debtor id many times.
 */
export function canonicalId(text: string): string {
	let id = canonical.get(text);
	if (id === undefined) {
		id = canonicalReference(text);
		if (canonical.size > 100_000) canonical.clear();
		canonical.set(text, id);
	}
	return id;
}

/** The debtor id as it may appear inside a reference: letters, digits and dashes, at most 20 characters. */
function slug(debtorId: string): string {
	const ascii = canonicalId(debtorId)
		.toUpperCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return ascii.slice(0, 20) || 'X';
}

export function caseReference(debtorId: string, step: Step, invoiceNumbers: string[], channel?: Channel): string {
	const numbers = [...new Set(invoiceNumbers.map(canonicalId))].sort();
	const paper = step === 'formalNotice' && channel === 'paper';
	const digest = createHash('sha256')
		.update(JSON.stringify([canonicalId(debtorId), step, paper ? 'paper' : '', numbers]))
		.digest('hex')
		.slice(0, 8)
		.toUpperCase();
	return `${paper ? PAPER_PREFIX : PREFIX[step]}-${slug(debtorId)}-${digest}`;
}

export { slug as debtorSlug };
