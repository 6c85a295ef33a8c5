/**
 * Our own typesetting on a pdfkit document (issue #20). pdfkit still writes the PDF (objects, pages, fonts, XMP,
 * output intent), but no longer wraps nor shapes text:
 * - `ownLayout(doc)` replaces the document's `text`, `widthOfString` and `heightOfString`: words are measured once
 *   per process (lib/notice/measure.ts), lines broken and justified by lib/notice/layout.ts (French rules), and each
 *   line is written as one positioned `TJ` run of glyph ids (kerning and justification as TJ adjustments, the
 *   space glyph kept so that text extraction sees the words);
 * - `reuseFontFiles(doc)` keeps the compressed font file of a subset across letters: the subset's bytes depend
 *   only on its glyph list (in order), so a letter whose glyphs are the same as an earlier letter's embeds the
 *   same, already compressed, file. Every glyph a letter uses is still in its embedded subset (PDF/A), and the
 *   output is byte-identical to encoding the subset again.
 * The letter layout (lib/notice/pdf.ts) calls the same three methods with either path.
 */
import { breakLines, type Align, type Line } from './layout';
import { WordMeter, type ShapedGlyph, type ShapingFont } from './measure';

/** The parts of pdfkit's EmbeddedFont this module uses (pdfkit 0.20). */
interface EmbeddedFont {
	id: string;
	font: ShapingFont;
	ascender: number;
	descender: number;
	lineGap: number;
	scale: number;
	widths: number[];
	unicode: number[][];
	subset: { includeGlyph(id: number): number; glyphs: number[]; encode(): Uint8Array };
	ref(): unknown;
	embed(): void;
	toUnicodeCmap(): unknown;
	lreReuse?: boolean;
}

interface TextOptions {
	width?: number;
	align?: Align;
	lineGap?: number;
	lineBreak?: boolean;
}

/** The parts of a pdfkit document this module uses. */
interface TypesetDoc {
	x: number;
	y: number;
	_font: EmbeddedFont;
	_fontSize: number;
	_fillColor?: unknown[];
	_fontFamilies: Record<string, EmbeddedFont>;
	page: {
		width: number;
		height: number;
		margins: { top: number; right: number };
		fonts: Record<string, unknown>;
		maxY(): number;
	};
	addPage(): unknown;
	addContent(data: string | Uint8Array): unknown;
	fillColor(...args: unknown[]): unknown;
	ref(data?: Record<string, unknown>): { data: Record<string, unknown> };
	text: unknown;
	widthOfString: unknown;
	heightOfString: unknown;
}

const meters = new WeakMap<ShapingFont, WordMeter>();
/** Texts already broken into lines, per font (key: size, width, alignment, text); bounded. */
const lineCaches = new WeakMap<WordMeter, Map<string, readonly Line[]>>();
const MAX_CACHED_TEXTS = 2_000;
const allMeters: WordMeter[] = [];

function meterOf(font: ShapingFont): WordMeter {
	let meter = meters.get(font);
	if (!meter) {
		meter = new WordMeter(font);
		meters.set(font, meter);
		allMeters.push(meter);
	}
	return meter;
}

/** Words shaped and kept by the own layout (tests, bench). */
export function ownLayoutWordCount(): number {
	return allMeters.reduce((sum, m) => sum + m.size, 0);
}

const HEX = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));

/** A number in a content stream: 3 decimals, no exponent, no "-0". */
function num(n: number): string {
	const r = Math.round(n * 1000) / 1000;
	return r === 0 ? '0' : String(r);
}

/** The glyph's id in the document's subset; records its width and characters (W array, ToUnicode) like pdfkit. */
function encodeGlyph(font: EmbeddedFont, glyph: ShapedGlyph): number {
	const gid = font.subset.includeGlyph(glyph.id);
	if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
	if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
	return gid;
}

/**
 * The characters of almost every French or English letter, included first in each subset in this fixed order, so
 * that the subset (and its compressed file) does not depend on which glyph a letter happens to use first (a
 * debtor's name in bold, a reference): letters then share one font file per font. A glyph outside this set is
 * appended in order of use, as before. Unused glyphs in a subset are allowed (PDF/A asks that the used ones be there).
 */
const CORE_TEXT = [
	...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
	...'àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»‘’“”–—…€°×§\u00a0\u202f→',
	'fi',
	'fl',
];
const withCore = new WeakSet<EmbeddedFont>();
/** Fonts whose subset began with the core glyphs: their core glyph ids are the same in every letter. */
const canonicalCore = new WeakSet<EmbeddedFont>();
/** The highest subset id a core glyph gets, per font. */
const coreSizes = new WeakMap<WordMeter, number>();

function includeCore(font: EmbeddedFont): void {
	withCore.add(font);
	const fresh = font.subset.glyphs.length === 1; // only .notdef
	const meter = meterOf(font.font);
	let highest = 0;
	for (const text of CORE_TEXT)
		for (const glyph of meter.shape(text).glyphs) highest = Math.max(highest, encodeGlyph(font, glyph));
	if (fresh && (coreSizes.get(meter) ?? highest) === highest) {
		coreSizes.set(meter, highest);
		canonicalCore.add(font);
	}
}

/** Replaces pdfkit's text wrapping and shaping on `doc` with ours (see the module comment). */
export function ownLayout(target: unknown, parsedFonts: Record<string, unknown>): void {
	const doc = target as TypesetDoc;
	for (const font of Object.values(parsedFonts)) meterOf(font as ShapingFont);
	const lineHeight = () => ((doc._font.ascender - doc._font.descender + doc._font.lineGap) / 1000) * doc._fontSize;
	const layout = (text: string, options: TextOptions, width: number): readonly Line[] => {
		const meter = meterOf(doc._font.font);
		const size = doc._fontSize;
		// Labels, headings, fixed sentences and table cells recur in every letter: broken once per process.
		const key = `${size}|${width}|${options.align ?? 'left'}|${options.lineBreak === false ? 0 : 1}|${text}`;
		let cache = lineCaches.get(meter);
		if (!cache || cache.size >= MAX_CACHED_TEXTS) lineCaches.set(meter, (cache = new Map()));
		const cached = cache.get(key);
		if (cached) return cached;
		const measure = (t: string) => meter.width(t, size);
		const space = meter.width(' ', size);
		const lines =
			options.lineBreak !== false
				? breakLines(text, width, measure, space, options.align)
				: // No wrapping: one line per '\n', placed in the box.
					breakLines(text, Number.MAX_SAFE_INTEGER, measure, space, 'left').map((line) => {
						const free = Math.max(0, width - line.width);
						return { ...line, x: options.align === 'right' ? free : options.align === 'center' ? free / 2 : 0 };
					});
		cache.set(key, lines);
		return lines;
	};
	doc.widthOfString = (text: string) => meterOf(doc._font.font).width(String(text), doc._fontSize);
	doc.heightOfString = (text: string, options: TextOptions = {}) => {
		const width = options.width ?? doc.page.width - doc.x - doc.page.margins.right;
		return layout(String(text), options, width).length * (lineHeight() + (options.lineGap ?? 0));
	};
	doc.text = (text: string, x: number, y: number, options: TextOptions = {}) => {
		const width = options.width ?? doc.page.width - x - doc.page.margins.right;
		const lines = layout(String(text ?? ''), options, width);
		const step = lineHeight() + (options.lineGap ?? 0);
		doc.x = x;
		doc.y = y;
		for (const line of lines) {
			// pdfkit's rule: a line that would cross the bottom margin goes to the next page.
			if (doc.y + lineHeight() > doc.page.maxY()) {
				doc.addPage();
				doc.y = doc.page.margins.top;
				if (doc._fillColor) doc.fillColor(...doc._fillColor);
			}
			if (line.tokens.length) drawLine(doc, line, x + line.x, doc.y);
			doc.y += step;
		}
		return doc;
	};
}

/**
 * Each word's piece of a TJ array (`<gids> kerning <gids>`), kept per font when every glyph of the word is a core
 * glyph: core glyphs have the same subset id in every letter (included first, in a fixed order), so the piece is
 * the same in every letter.
 */
const fragments = new WeakMap<WordMeter, Map<string, string>>();
const MAX_FRAGMENTS = 20_000;

/** Writes one line as a single TJ run of glyph ids at (x, top y), in the current font, size and colour. */
function drawLine(doc: TypesetDoc, line: Line, x: number, top: number): void {
	const font = doc._font;
	const size = doc._fontSize;
	const meter = meterOf(font.font);
	if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
	if (!withCore.has(font)) includeCore(font);
	const canonical = canonicalCore.has(font);
	const coreSize = coreSizes.get(meter) ?? 0;
	let cache = fragments.get(meter);
	if (!cache || cache.size > MAX_FRAGMENTS) fragments.set(meter, (cache = new Map()));
	const baseline = doc.page.height - top - (font.ascender / 1000) * size;
	const toThousandths = 1000 / (font.font.unitsPerEm || 1000);
	const pointsPerUnit = meter.scale(size);
	// pdfkit's pages draw top-down (a flipped matrix at the start of each page): text is drawn in PDF space again.
	const out: string[] = [
		'q',
		`1 0 0 -1 0 ${num(doc.page.height)} cm`,
		'BT',
		`/${font.id} ${num(size)} Tf`,
		`1 0 0 1 ${num(x)} ${num(baseline)} Tm`,
	];
	let run = '';
	let cursor = 0;
	const flush = () => {
		if (run) out.push(`[${run}] TJ`);
		run = '';
	};
	/** Appends a word's glyphs; returns its TJ piece when it can be reused by later letters. */
	const word = (text: string) => {
		const shaped = meter.shape(text);
		let piece = '';
		let hex = '';
		let reusable = canonical;
		for (let i = 0; i < shaped.glyphs.length; i++) {
			const g = shaped.glyphs[i];
			const advance = shaped.advances[i];
			const gid = encodeGlyph(font, g);
			if (gid > coreSize) reusable = false;
			if (shaped.xOffsets[i] || shaped.yOffsets[i]) {
				// A positioned mark (a decomposed accent): drawn at its offset, then back on the line.
				reusable = false;
				run += piece + (hex ? `<${hex}>` : '');
				piece = hex = '';
				flush();
				out.push(
					`1 0 0 1 ${num(x + (cursor + shaped.xOffsets[i]) * pointsPerUnit)} ${num(baseline + shaped.yOffsets[i] * pointsPerUnit)} Tm`,
					`<${HEX[gid]}> Tj`,
				);
				out.push(`1 0 0 1 ${num(x + (cursor + advance) * pointsPerUnit)} ${num(baseline)} Tm`);
			} else {
				hex += HEX[gid];
				const adjust = advance - g.advanceWidth;
				if (adjust !== 0) {
					piece += `<${hex}> ${num(-adjust * toThousandths)} `;
					hex = '';
				}
			}
			cursor += advance;
		}
		piece += hex ? `<${hex}>` : '';
		run += piece;
		if (reusable) cache.set(text, piece);
	};
	const part = (text: string) => {
		const piece = canonical ? cache.get(text) : undefined;
		if (piece === undefined) word(text);
		else {
			run += piece;
			cursor += meter.shape(text).width;
		}
	};
	const space = meter.space;
	const spaceHex = `<${HEX[encodeGlyph(font, space.glyphs[0])]}>`;
	const stretch = line.stretch ? ` ${num((-line.stretch / pointsPerUnit) * toThousandths)} ` : '';
	const last = line.tokens.length - 1;
	for (let t = 0; t <= last; t++) {
		const token = line.tokens[t];
		// Spaces inside a token do not break and are not stretched ("Objet :", "« Lyon »").
		if (token.text.includes(' ')) {
			const parts = token.text.split(' ');
			for (let p = 0; p < parts.length; p++) {
				if (parts[p]) part(parts[p]);
				if (p < parts.length - 1) {
					run += spaceHex;
					cursor += space.width;
				}
			}
		} else part(token.text);
		if (token.space && t < last) {
			run += spaceHex + stretch;
			cursor += space.width + line.stretch / pointsPerUnit;
		}
	}
	flush();
	out.push('ET', 'Q', '');
	// Bytes rather than a string: pdfkit converts strings character by character.
	doc.addContent(Buffer.from(out.join('\n'), 'latin1'));
}

interface Ref {
	data: Record<string, unknown>;
	finalize(): void;
	end(chunk?: Uint8Array): void;
	/** The stream's bytes as pdfkit wrote them (compressed), kept by `capturing`. */
	lreBytes?: Uint8Array;
}

interface WritingDoc extends TypesetDoc {
	_write(data: unknown): void;
}

/**
 * Runs `fn` with the first stream it creates on `doc` recorded: its bytes as pdfkit writes them (compressed with
 * pdfkit's own zlib call: the package may not import zlib, n8n's scanner refuses it) land in `lreBytes`.
 */
function capturing<T>(doc: WritingDoc, fn: () => T): { result: T; bytes: () => Uint8Array | undefined } {
	const ref = doc.ref;
	let first: Ref | undefined;
	doc.ref = ((data?: Record<string, unknown>) => {
		const created = ref.call(doc, data) as unknown as Ref;
		if (!first) {
			first = created;
			const finalize = created.finalize.bind(created);
			created.finalize = () => {
				const write = doc._write;
				doc._write = (chunk: unknown) => {
					if (chunk instanceof Uint8Array) created.lreBytes = chunk;
					write.call(doc, chunk);
				};
				try {
					finalize();
				} finally {
					doc._write = write;
				}
			};
		}
		return created;
	}) as TypesetDoc['ref'];
	try {
		return { result: fn(), bytes: () => first?.lreBytes };
	} finally {
		doc.ref = ref;
	}
}

/**
 * Marks a new stream as holding bytes compressed already: pdfkit writes them as they are, with the dictionary
 * pdfkit itself would write (/Length, then /Filter), so a letter is byte-identical whether the bytes were cached.
 */
function precompressed(created: Ref): Ref {
	const stream = created as Ref & { compress: boolean; write(chunk: Uint8Array): void };
	stream.compress = false;
	const write = stream.write.bind(stream);
	stream.write = (chunk: Uint8Array) => {
		write(chunk);
		stream.data.Filter = 'FlateDecode';
	};
	return stream;
}

/** Runs `fn` with the first stream it creates on `doc` written as `compressed` (FlateDecode bytes). */
function writingCompressed<T>(doc: WritingDoc, compressed: Uint8Array, fn: (raw: () => Uint8Array) => T): T {
	const ref = doc.ref;
	let first = true;
	doc.ref = ((data?: Record<string, unknown>) => {
		const created = ref.call(doc, data) as unknown as Ref;
		if (!first) return created;
		first = false;
		return precompressed(created);
	}) as TypesetDoc['ref'];
	try {
		return fn(() => compressed);
	} finally {
		doc.ref = ref;
	}
}

/** Compressed font files and ToUnicode maps by glyph list, shared across letters; bounded (the output does not depend on it). */
const fontFiles = new Map<string, Uint8Array>();
const toUnicodeMaps = new Map<string, Uint8Array>();
const MAX_FONT_FILES = 256;

function keep(cache: Map<string, Uint8Array>, key: string, bytes: Uint8Array | undefined): void {
	if (!bytes) return;
	if (cache.size >= MAX_FONT_FILES) cache.clear();
	cache.set(key, bytes);
}

/**
 * Makes each font of `doc` embed the font file (and ToUnicode map) already compressed for an earlier letter with
 * the same glyphs, or let pdfkit encode and compress it and keep the bytes. Call before `doc.end()`.
 */
export function reuseFontFiles(target: unknown): void {
	const doc = target as WritingDoc;
	for (const font of new Set(Object.values(doc._fontFamilies))) {
		if (font.lreReuse || !font.subset) continue;
		font.lreReuse = true;
		const embed = font.embed.bind(font);
		const toUnicode = font.toUnicodeCmap.bind(font);
		font.embed = () => {
			const key = `${String((font as unknown as { name: string }).name)}:${font.subset.glyphs.join(',')}`;
			font.toUnicodeCmap = () => {
				const map = `${key}|${font.unicode.map((c) => (c ? c.join('.') : '')).join(',')}`;
				const bytes = toUnicodeMaps.get(map);
				if (bytes) {
					const cmap = precompressed(doc.ref() as unknown as Ref);
					cmap.end(bytes);
					return cmap;
				}
				const run = capturing(doc, toUnicode);
				keep(toUnicodeMaps, map, run.bytes());
				return run.result;
			};
			// pdfkit's embed() creates the font file stream first.
			const file = fontFiles.get(key);
			if (file) {
				writingCompressed(doc, file, (raw) => {
					font.subset.encode = raw;
					embed();
				});
			} else {
				const run = capturing(doc, embed);
				keep(fontFiles, key, run.bytes());
			}
		};
	}
}
