/**
 * Case references, the idempotency key of LRE Send. Two references are the same when their canonical forms are equal:
 *
 *   1. Unicode NFKC (composed, compatibility forms folded: full-width `０４２` → `042`, `ﬁ` → `fi`, NFD accents composed);
 *   2. zero-width and invisible format characters removed (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+00AD soft hyphen,
 *      U+180E, U+034F);
 *   3. every kind of space (no-break U+00A0, narrow U+202F, U+2000–U+200A, U+205F, U+3000, tabs, line breaks) becomes
 *      one plain space, runs of spaces collapse to one, and the ends are trimmed;
 *   4. case folded (lower case after NFKC, then NFKC again so a folded letter stays composed).
 *
 * `displayReference` applies 1–3 only: it is what LRE Send sends to AR24 (`ref_dossier`), so the letter keeps the
 * case the user typed. `canonicalReference` applies 1–4: it is what lookups, locks and n8n's send record compare.
 * Exported for other nodes that derive references (e.g. a dunning plan): call it on any reference you compare.
 */

const INVISIBLE = /\u034f|[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/g;
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** The reference as sent to AR24: NFKC, invisible characters removed, spaces normalised and trimmed. */
export function displayReference(reference: string): string {
	return reference.normalize('NFKC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

/** The one canonical form two references are compared in (see the rules above). */
export function canonicalReference(reference: string): string {
	return displayReference(reference).toLowerCase().normalize('NFKC');
}

/** Whether two references name the same case. */
export function sameReference(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && canonicalReference(a) === canonicalReference(b);
}
