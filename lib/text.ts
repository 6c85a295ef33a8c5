/**
 * Characters that never belong in a name, a reference or a letter: C0 controls (but tab and line breaks), DEL,
 * bidirectional overrides and isolates (they can make "Dupont" display as something else) and the BOM.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function hasUnsafeCharacters(text: string): boolean {
	return UNSAFE_CHARACTERS.test(text);
}
