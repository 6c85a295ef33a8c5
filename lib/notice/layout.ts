/**
 * Line breaking and justification of the letter's text, ours rather than pdfkit's (issue #20): pure code, no
 * pdfkit, no n8n. The caller measures (lib/notice/measure.ts) and draws (lib/notice/pdf.ts).
 *
 * French rules, whatever the author typed:
 * - U+00A0 (no-break space) and U+202F (narrow no-break space, French amounts and « guillemets ») never break;
 * - no break before « : ; ! ? » nor after «, even when the text has a plain space there (the space is kept, it just
 *   does not break and is not stretched);
 * - a line may end after a hyphen or a slash followed by a letter ("Côte-d’Azur", URLs); "F-2026-0042" and
 *   "13/01/2026" stay whole (as in Unicode line breaking);
 * - a word wider than the line is cut between characters (what else can be done with a 60-character reference).
 * Justified lines stretch only the breakable spaces; the last line of a paragraph is not stretched. Nothing here
 * depends on anything but the text and the measure, so the same input always gives the same lines.
 */

/** Width of a string (points), spaces included: supplied by the caller. */
export type Measure = (text: string) => number;

export type Align = 'left' | 'right' | 'center' | 'justify';

/** A piece of a line: `text` never breaks inside; `space` says whether a breakable space follows it. */
export interface Token {
	text: string;
	width: number;
	space: boolean;
}

export interface Line {
	tokens: Token[];
	/** Natural width: tokens and the spaces between them, without the trailing space. */
	width: number;
	/** Offset of the line from the left edge of the box (right, center alignment). */
	x: number;
	/** Extra width added to each breakable space of the line (justification), 0 otherwise. */
	stretch: number;
}

const NO_BREAK_BEFORE = new Set([':', ';', '!', '?', '»', '\u203a']);
const NO_BREAK_AFTER = new Set(['«', '\u2039']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Splits one paragraph (no '\n') into unbreakable tokens. */
export function tokenize(paragraph: string, measure: Measure): Token[] {
	// Breakable spaces: U+0020 and tab only (U+00A0 and U+202F are not matched).
	const words = paragraph.split(/[ \t]+/);
	const glued: string[] = [];
	for (const word of words) {
		if (!word) continue;
		const previous = glued.length ? glued[glued.length - 1] : undefined;
		if (previous !== undefined && (NO_BREAK_BEFORE.has(word[0]) || NO_BREAK_AFTER.has(previous[previous.length - 1]))) {
			glued[glued.length - 1] = `${previous} ${word}`;
		} else glued.push(word);
	}
	const tokens: Token[] = [];
	for (let w = 0; w < glued.length; w++) {
		const pieces = splitAtHyphens(glued[w]);
		for (let p = 0; p < pieces.length; p++) {
			const last = p === pieces.length - 1;
			tokens.push({ text: pieces[p], width: measure(pieces[p]), space: last && w < glued.length - 1 });
		}
	}
	return tokens;
}

/** "F-2025-1187" → ["F-", "2025-", "1187"]: a line may end after the hyphen (or a slash before a letter). */
function splitAtHyphens(word: string): string[] {
	if (!/[-\u2010/]/.test(word)) return [word];
	const pieces: string[] = [];
	let start = 0;
	for (let i = 1; i < word.length - 1; i++) {
		const ch = word[i];
		// Unicode line breaking (UAX #14) keeps a hyphen with a following number ("F-2026", "-5"): so do we.
		const breakable =
			(ch === '-' || ch === '\u2010' || ch === '/') && WORD_CHAR.test(word[i - 1]) && /\p{L}/u.test(word[i + 1]);
		if (breakable) {
			pieces.push(word.slice(start, i + 1));
			start = i + 1;
		}
	}
	pieces.push(word.slice(start));
	return pieces;
}

/** Cuts a token wider than the line between characters (code points), each piece as long as fits. */
function cutToken(token: Token, width: number, measure: Measure): Token[] {
	const chars = Array.from(token.text);
	const pieces: Token[] = [];
	let start = 0;
	while (start < chars.length) {
		let end = start + 1;
		while (end < chars.length && measure(chars.slice(start, end + 1).join('')) <= width) end++;
		const text = chars.slice(start, end).join('');
		pieces.push({ text, width: measure(text), space: false });
		start = end;
	}
	pieces[pieces.length - 1].space = token.space;
	return pieces;
}

/**
 * Breaks `text` into lines of at most `width` points (greedy, first fit), '\n' forcing a break; positions each line
 * for `align`.
 */
export function breakLines(
	text: string,
	width: number,
	measure: Measure,
	spaceWidth: number,
	align: Align = 'left',
): Line[] {
	const lines: Line[] = [];
	const paragraphs = text.split('\n');
	for (const paragraph of paragraphs) {
		if (!paragraph.trim() && paragraphs.length > 1) {
			// An empty line between two paragraphs takes its height, as it does in pdfkit.
			lines.push({ tokens: [], width: 0, x: 0, stretch: 0 });
			continue;
		}
		const tokens = tokenize(paragraph, measure).flatMap((t) => (t.width > width ? cutToken(t, width, measure) : [t]));
		const first = lines.length;
		let current: Token[] = [];
		let used = 0;
		for (const token of tokens) {
			const previous = current[current.length - 1];
			const gap = previous?.space ? spaceWidth : 0;
			if (current.length && used + gap + token.width > width + 1e-9) {
				lines.push({ tokens: current, width: used, x: 0, stretch: 0 });
				current = [];
				used = 0;
			}
			used += (current.length && current[current.length - 1].space ? spaceWidth : 0) + token.width;
			current.push(token);
		}
		if (current.length) lines.push({ tokens: current, width: used, x: 0, stretch: 0 });
		for (let i = first; i < lines.length; i++) place(lines[i], width, align, i === lines.length - 1);
	}
	return lines;
}

function place(line: Line, width: number, align: Align, lastOfParagraph: boolean): void {
	const free = Math.max(0, width - line.width);
	if (align === 'right') line.x = free;
	else if (align === 'center') line.x = free / 2;
	else if (align === 'justify' && !lastOfParagraph) {
		const gaps = line.tokens.slice(0, -1).filter((t) => t.space).length;
		if (gaps) line.stretch = free / gaps;
	}
}
