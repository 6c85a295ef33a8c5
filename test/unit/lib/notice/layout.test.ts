/**
 * Our own line layout (issue #20): French breaking rules, justification, determinism — on a monospaced measure
 * (every character 1 point wide) so that each expectation can be counted by hand, then the word meter on the real
 * DejaVu Sans (kerning, ligatures, one measurement per word and process).
 */
import { breakLines, tokenize, type Line } from '../../../../lib/notice/layout';
import { WordMeter, type ShapingFont } from '../../../../lib/notice/measure';
import { DEJAVU_SANS } from '../../../../lib/notice/fonts.generated';
import { generateNotice } from '../../../../lib/notice/generate';
import { flat, noticeInput } from '../../../helpers/notice';
import { pdfText } from '../../../helpers/pdf';

const mono = (text: string) => Array.from(text).length;
const texts = (lines: Line[]) =>
	lines.map((l) => l.tokens.map((t, i) => t.text + (t.space && i < l.tokens.length - 1 ? ' ' : '')).join(''));
const lay = (text: string, width: number, align: 'left' | 'justify' | 'right' | 'center' = 'left') =>
	breakLines(text, width, mono, 1, align);

describe('own line layout: French breaking rules', () => {
	it('breaks at plain spaces, greedily, each line within the width', () => {
		const lines = lay('un deux trois quatre cinq six', 10);
		expect(texts(lines)).toEqual(['un deux', 'trois', 'quatre', 'cinq six']);
		for (const line of lines) expect(line.width).toBeLessThanOrEqual(10);
	});

	it('never breaks at a no-break space (U+00A0) or a narrow no-break space (U+202F)', () => {
		const amount = '1\u202f234,50\u00a0€';
		const lines = lay(`payer ${amount} avant le 15\u00a0mars`, 12);
		expect(texts(lines)).toEqual(['payer', amount, 'avant le', '15\u00a0mars']);
	});

	it('no break before « : ; ! ? » nor after «, even with a plain space there', () => {
		// Width 8 would put ":" alone at the start of a line if the space before it could break.
		expect(texts(lay('Objet : relance', 8))).toEqual(['Objet :', 'relance']);
		expect(texts(lay('vraiment ? oui ; non ! fin', 10))).toEqual(['vraiment ?', 'oui ;', 'non ! fin']);
		expect(texts(lay('dit « bonjour » ici', 12))).toEqual(['dit', '« bonjour »', 'ici']);
		for (const line of texts(lay('a : b ; c ! d ? e « f » g', 3))) expect(line).not.toMatch(/^[:;!?»]|«$/);
	});

	it('a line may end after a hyphen before a letter, never inside "F-2026-0042" or a date', () => {
		expect(texts(lay('Côte-d’Azur', 6))).toEqual(['Côte-', 'd’Azur']);
		expect(tokenize('F-2026-0042 13/01/2026', mono).map((t) => t.text)).toEqual(['F-2026-0042', '13/01/2026']);
		expect(tokenize('https://pay.example.fr/MED', mono).map((t) => t.text)).toEqual(['https://pay.example.fr/', 'MED']);
	});

	it('cuts a word wider than the line between characters, losing none', () => {
		const word = 'F-2025-1187-ABCDEFGHIJ';
		const lines = lay(word, 8);
		expect(texts(lines).join('')).toBe(word);
		for (const line of lines) expect(line.width).toBeLessThanOrEqual(8);
	});

	it("'\\n' forces a break; an empty line between paragraphs keeps its place", () => {
		expect(texts(lay('a b\n\nc', 20))).toEqual(['a b', '', 'c']);
	});
});

describe('own line layout: justification and alignment', () => {
	it('justified lines fill the width by stretching only breakable spaces; the last line is not stretched', () => {
		const text = 'Nous vous mettons en demeure de payer la somme de 1\u202f234,50\u00a0€ sous huit jours.';
		const lines = lay(text, 24, 'justify');
		expect(lines.length).toBeGreaterThan(2);
		lines.forEach((line, i) => {
			const gaps = line.tokens.slice(0, -1).filter((t) => t.space).length;
			const filled = line.width + gaps * line.stretch;
			if (i < lines.length - 1 && gaps) expect(filled).toBeCloseTo(24, 9);
			else expect(line.stretch).toBe(0);
		});
		// The no-break spaces are inside one token: never stretched.
		expect(lines.flatMap((l) => l.tokens).find((t) => t.text.includes('\u202f'))?.text).toBe('1\u202f234,50\u00a0€');
	});

	it('right and center alignment offset each line by the free width (or half of it)', () => {
		const [right] = lay('Lyon, le 14 mars 2026', 30, 'right');
		expect(right.x).toBe(30 - mono('Lyon, le 14 mars 2026'));
		const [center] = lay('page 1/2', 20, 'center');
		expect(center.x).toBe((20 - 8) / 2);
	});

	it('is deterministic: the same text and width give the same lines', () => {
		const text =
			'Conformément à l’article L441-10 du Code de commerce : tout retard de paiement entraîne de plein droit des pénalités.';
		expect(JSON.stringify(lay(text, 33, 'justify'))).toBe(JSON.stringify(lay(text, 33, 'justify')));
	});
});

describe('word meter on DejaVu Sans', () => {
	// fontkit (pdfkit's font parser) has no type declarations: the meter only needs its ShapingFont surface.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const fontkit = require('fontkit') as { create(data: Buffer): unknown };
	const font = fontkit.create(Buffer.from(DEJAVU_SANS, 'base64')) as ShapingFont;
	const meter = new WordMeter(font);

	it('measures with kerning (AV is narrower than A + V) and scales linearly with the size', () => {
		expect(meter.width('AV', 10)).toBeLessThan(meter.width('A', 10) + meter.width('V', 10));
		expect(meter.width('Lefèvre', 20)).toBeCloseTo(2 * meter.width('Lefèvre', 10), 9);
		expect(meter.width('a b', 10)).toBeCloseTo(meter.width('a', 10) + meter.width(' ', 10) + meter.width('b', 10), 9);
	});

	it('shapes each word once per process and keeps the characters of every glyph (text extraction)', () => {
		const before = meter.size;
		const first = meter.shape('Réglé');
		expect(meter.shape('Réglé')).toBe(first);
		expect(meter.size).toBe(before + 1);
		expect(
			first.glyphs
				.flatMap((g) => g.codePoints)
				.map((c) => String.fromCodePoint(c))
				.join(''),
		).toBe('Réglé');
	});
});

describe('own layout in the PDF (read back with pdftotext)', () => {
	// Each test file has its own module registry: this file's first letter is rendered with empty caches.
	it('the same letter gives the same bytes with empty caches and after other letters (font files reused)', async () => {
		const cold = await generateNotice(noticeInput(), { pdfA: true });
		await generateNotice(
			noticeInput({
				reference: 'MED-2026-0099',
				debtor: { ...noticeInput().debtor, name: 'Ł. Wąsowski – Śródmieście' },
			}),
			{ pdfA: true },
		);
		await generateNotice(noticeInput({ language: 'en' }), { pdfA: true });
		const warm = await generateNotice(noticeInput(), { pdfA: true });
		expect(warm.sha256).toBe(cold.sha256);
	});

	it('every word pdfkit wrapping wrote is read back from the own layout, accents and ligatures included', async () => {
		const words = (pdf: Buffer) =>
			flat(pdfText(pdf))
				.replace(/([-/]) /g, '$1')
				.split(' ')
				.filter((w) => !/^\d+\/\d+$/.test(w))
				.sort();
		for (const language of ['fr', 'en'] as const) {
			const input = noticeInput({
				language,
				debtor: { ...noticeInput().debtor, name: 'Œuvre & Cie — Zoë d’Arc, Ł. Wąsowski' },
			});
			const own = await generateNotice(input, { pdfA: true });
			const baseline = await generateNotice(input, { pdfA: true, layout: 'pdfkit' });
			expect(words(own.pdf)).toEqual(words(baseline.pdf));
			expect(flat(pdfText(own.pdf))).toMatch(/afin|final|profession/);
		}
	});
});
