/**
 * The case reference of a letter, derived from what the letter is — (debtor, step, the invoices it covers) — and
 * never from the date it is sent: the same letter planned on two days has the same reference, so LRE Send's
 * "once per reference" and the ledger both recognise it.
 *
 *   R1-D05-3F9A1C2B (first reminder) · R2-… (second reminder) · MED-… (formal notice by LRE/ERE) · LRAR-… (paper)
 */
import { createHash } from 'node:crypto';
import type { Channel, Step } from './model';

export const PREFIX: Record<Step, string> = { firstReminder: 'R1', secondReminder: 'R2', formalNotice: 'MED' };
const PAPER_PREFIX = 'LRAR';

const canonical = new Map<string, string>();

/** One canonical form for identifiers typed by people: Unicode NFKC, no zero-width characters, spaces collapsed, upper case. */
export function canonicalId(text: string): string {
	let id = canonical.get(text);
	if (id === undefined) {
		id = text
			.normalize('NFKC')
			.replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
			.replace(/\s+/g, ' ')
			.trim()
			.toUpperCase();
		// A plan sees each invoice number and debtor id many times; the memo stays bounded.
		if (canonical.size > 100_000) canonical.clear();
		canonical.set(text, id);
	}
	return id;
}

/** The debtor id as it may appear inside a reference: letters, digits and dashes, at most 20 characters. */
function slug(debtorId: string): string {
	const ascii = canonicalId(debtorId)
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

/** The debtor slug of a reference this module made (to attribute a ledger row that lacks its debtor id). */
export function debtorSlugOf(reference: string): string | undefined {
	return /^(?:R1|R2|MED|LRAR)-(.+)-[0-9A-F]{8}$/.exec(canonicalId(reference))?.[1];
}

export { slug as debtorSlug };
