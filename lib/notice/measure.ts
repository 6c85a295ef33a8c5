/**
 * Word measurement for our own line layout (issue #20): each word is shaped once per process with the font's
 * advance widths, kerning and ligatures (fontkit's `layout`, the same shaping pdfkit does), then reused by every
 * letter. Widths are kept in font units, so one entry serves every font size (outlines scale linearly: there is no
 * hinting in a PDF's text layer). No pdfkit, no n8n here: only the parsed font's `layout` is needed.
 */

/** A shaped glyph as fontkit gives it (id, advance width in font units, the characters it stands for). */
export interface ShapedGlyph {
	id: number;
	advanceWidth: number;
	codePoints: number[];
}

/** What this module needs of a fontkit font. */
export interface ShapingFont {
	unitsPerEm: number;
	layout(text: string): {
		glyphs: ShapedGlyph[];
		positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>;
	};
}

/** One word, shaped: glyphs with their advances in font units (kerning applied) and offsets (marks). */
export interface ShapedWord {
	glyphs: ShapedGlyph[];
	/** Advance of each glyph, kerning included (font units). */
	advances: number[];
	/** Offsets of each glyph (font units), non-zero only for positioned marks (decomposed accents). */
	xOffsets: number[];
	yOffsets: number[];
	/** Sum of the advances (font units). */
	width: number;
}

/** Bound on the words kept per font; past it the cache starts again (the output does not depend on it). */
const MAX_WORDS = 20_000;

export class WordMeter {
	private words = new Map<string, ShapedWord>();
	private readonly unitsPerEm: number;
	readonly space: ShapedWord;

	constructor(private readonly font: ShapingFont) {
		this.unitsPerEm = font.unitsPerEm;
		this.space = this.shape(' ');
	}

	/** The shaped word (no breakable space inside), from the cache when it was met before. */
	shape(word: string): ShapedWord {
		let shaped = this.words.get(word);
		if (!shaped) {
			const run = this.font.layout(word);
			const advances = run.positions.map((p) => p.xAdvance);
			shaped = {
				glyphs: run.glyphs,
				advances,
				xOffsets: run.positions.map((p) => p.xOffset),
				yOffsets: run.positions.map((p) => p.yOffset),
				width: advances.reduce((s, a) => s + a, 0),
			};
			if (this.words.size >= MAX_WORDS) this.words = new Map();
			this.words.set(word, shaped);
		}
		return shaped;
	}

	/** Width in points at `size` of a text whose spaces are U+0020 (measured as the space glyph, not kerned). */
	width(text: string, size: number): number {
		let units = 0;
		let start = 0;
		for (let i = 0; i <= text.length; i++) {
			if (i === text.length || text.charCodeAt(i) === 32) {
				if (i > start) units += this.shape(text.slice(start, i)).width;
				if (i < text.length) units += this.space.width;
				start = i + 1;
			}
		}
		return (units * size) / this.unitsPerEm;
	}

	/** Points per font unit at `size`. */
	scale(size: number): number {
		return size / this.unitsPerEm;
	}

	/** How many words are cached (tests, bench). */
	get size(): number {
		return this.words.size;
	}
}
