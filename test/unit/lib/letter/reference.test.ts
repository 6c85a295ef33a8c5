import { canonicalReference, displayReference, sameReference } from '../../../../lib/letter/reference';

describe('canonicalReference', () => {
	const variants = [
		'MED-2026-0042',
		'med-2026-0042',
		'Med-2026-0042 ',
		'  MED-2026-0042',
		'MED-\u200b2026-0042', // zero-width space
		'MED-2026-\ufeff0042', // BOM
		'MED-\u00ad2026-0042', // soft hyphen
		'MED-２０２６-００４２', // full-width digits
		'ＭＥＤ-2026-0042', // full-width letters
	];

	it.each(variants)('%j is the same reference as "MED-2026-0042"', (variant) => {
		expect(canonicalReference(variant)).toBe('med-2026-0042');
		expect(sameReference(variant, 'MED-2026-0042')).toBe(true);
	});

	it('treats NFC and NFD spellings, and every kind of space, alike', () => {
		const nfc = 'Dossier Éloïse 42'.normalize('NFC');
		const nfd = 'Dossier Éloïse 42'.normalize('NFD');
		expect(nfc).not.toBe(nfd);
		expect(canonicalReference(nfd)).toBe(canonicalReference(nfc));
		expect(canonicalReference('Dossier\u00a0Éloïse\u202f42')).toBe(canonicalReference(nfc));
		expect(canonicalReference('Dossier   Éloïse\t42')).toBe(canonicalReference(nfc));
	});

	it('keeps references that differ in something visible apart', () => {
		expect(sameReference('MED-2026-0042', 'MED-2026-0043')).toBe(false);
		expect(sameReference('MED-2026-0042', 'MED 2026 0042')).toBe(false);
		expect(sameReference('A1', 'A 1')).toBe(false);
	});

	it('sends the display form: case kept, invisible characters and odd spaces cleaned', () => {
		expect(displayReference(' MED-\u200b２０２６-0042\u00a0 ')).toBe('MED-2026-0042');
	});
});
