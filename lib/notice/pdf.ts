/**
 * The letter on A4 paper, with pdfkit (the package's one runtime dependency, README "Why pdfkit").
 *
 * - Fonts: DejaVu Sans (embedded, subset) so that names and amounts print right (Œ, ë, —, €, U+202F in French
 *   amounts). `npm run build` subsets it to French and English letters' characters (Latin-1, Latin Extended-A,
 *   punctuation: scripts/build-fonts.js) into fonts.generated.ts, so no font file is read at run time.
 * - Speed: the font files are parsed once per process, glyph outlines decoded once. Text is laid out by our own
 *   code (lib/notice/typeset.ts: words shaped once per process, French line breaking and justification, positioned
 *   glyph runs; font files reused across letters); the letter layout below calls `text`, `widthOfString` and
 *   `heightOfString` the same way with either path. `layout: 'pdfkit'` keeps the former path (pdfkit's wrapping,
 *   its per-document word cache replaced by one per process) as the bench baseline; `npm run bench` measures both.
 * - Layout: letterhead top left, recipient block where a French window envelope shows it (110 mm from the left,
 *   50 mm from the top), invoice table, totals, penalty detail, signature, a footer with the reference and page n/N.
 * - Output is deterministic: the same letter gives the same bytes (the creation date is the letter date), so its
 *   SHA-256 identifies it.
 */
// pdfkit is the documented runtime dependency of the notice engine (README "Why pdfkit").
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import PDFDocument from 'pdfkit';
import { enclosurePhrase, type ComposedLetter } from './compose';
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from './fonts.generated';
import { longDate, money, shortDate } from './format';
import { ownLayout, ownLayoutWordCount, reuseFontFiles } from './typeset';

export interface RenderOptions {
	/** PDF/A-2b (archival): PDF 1.7, XMP metadata, sRGB output intent, every font embedded. */
	pdfA?: boolean;
	/**
	 * Internal, for the bench: 'own' (default) breaks and justifies lines in lib/notice/layout.ts and hands pdfkit
	 * positioned glyph runs, and reuses embedded font files across letters; 'pdfkit' is the former path (pdfkit's
	 * own line wrapping, a font subset encoded and compressed per letter), kept as the baseline `npm run bench`
	 * measures against.
	 */
	layout?: 'own' | 'pdfkit';
}

type FontObject = { layout: (...args: unknown[]) => unknown };
type Doc = PDFKit.PDFDocument & { _font: { layoutCache?: Record<string, unknown>; font: FontObject } };

/** The subset fonts' bytes (base64 in the generated module, decoded once). */
const FONT_DATA = { regular: DEJAVU_SANS, bold: DEJAVU_SANS_BOLD } as const;
type FontName = keyof typeof FONT_DATA;

let parsedFonts: Record<FontName, FontObject> | undefined;
const layoutCaches: Record<FontName, Record<string, unknown>> = {
	regular: Object.create(null),
	bold: Object.create(null),
};
const MAX_CACHED_WORDS = 50_000;

/** The fontkit font objects, parsed once: pdfkit opens the file, we keep what it parsed. */
function fonts(): Record<FontName, FontObject> {
	if (!parsedFonts) {
		const probe = new PDFDocument({ font: null as unknown as string, autoFirstPage: false }) as Doc;
		const parse = (name: FontName) => {
			probe.font(Buffer.from(FONT_DATA[name], 'base64'));
			return probe._font.font;
		};
		parsedFonts = { regular: parse('regular'), bold: parse('bold') };
		memoizeGlyphDecoding(parsedFonts.regular);
		memoizeGlyphDecoding(parsedFonts.bold);
	}
	return parsedFonts;
}

type Glyph = { _decode: () => unknown; memoized?: boolean; codePoints?: number[] };

/**
 * The parsed fonts are shared by every letter of the process, and so are fontkit's glyph objects:
 * - fontkit decodes a glyph's outline again each time a document's subset includes it (~30 % of a letter's time);
 *   the outline never changes, so the first decoding is kept on the glyph;
 * - a glyph's characters must be those of the text, whichever letter met the glyph first.
 */
function memoizeGlyphDecoding(font: FontObject): void {
	const f = font as unknown as { getGlyph: (id: number, chars?: number[]) => Glyph };
	const getGlyph = f.getGlyph.bind(f);
	f.getGlyph = (id, chars) => {
		const glyph = getGlyph(id, chars);
		// A glyph first met as a component of another (E inside É) was cached without its characters; text
		// extraction (the PDF's ToUnicode map) needs them, so the first caller that knows them fills them in.
		if (glyph && chars?.length && !glyph.codePoints?.length) glyph.codePoints = chars;
		if (glyph && !glyph.memoized) {
			const decode = glyph._decode.bind(glyph);
			let decoded: unknown;
			let done = false;
			glyph._decode = () => (done ? decoded : ((done = true), (decoded = decode())));
			glyph.memoized = true;
		}
		return glyph;
	};
}

/** Selects a font on a document, sharing the process-wide word layout cache with it. */
function useFont(doc: Doc, name: FontName, size: number): void {
	doc.font(name).fontSize(size);
	const cache = layoutCaches[name];
	if (doc._font.layoutCache !== cache) {
		if (Object.keys(cache).length > MAX_CACHED_WORDS) layoutCaches[name] = Object.create(null);
		doc._font.layoutCache = layoutCaches[name];
	}
}

/** How many words the shared layout caches hold (tests, bench). */
export function cachedWordCount(): number {
	return Object.keys(layoutCaches.regular).length + Object.keys(layoutCaches.bold).length + ownLayoutWordCount();
}

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const LEFT = 20 * MM;
const RIGHT = PAGE.width - 20 * MM;
const WIDTH = RIGHT - LEFT;
const BOTTOM = PAGE.height - 22 * MM;
const INK = '#1a1a1a';
const GREY = '#555555';
const RULE = '#b8b8b8';

const label = (letter: ComposedLetter, fr: string, en: string) => (letter.language === 'fr' ? fr : en);
const lines = (text: string) =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);

function ensureRoom(doc: Doc, height: number): void {
	if (doc.y + height > BOTTOM) {
		doc.addPage();
		doc.y = 20 * MM;
	}
}

function paragraph(doc: Doc, text: string, size = 10): void {
	useFont(doc, 'regular', size);
	ensureRoom(doc, size * 2.5);
	doc.fillColor(INK).text(text, LEFT, doc.y, { width: WIDTH, align: 'justify', lineGap: 1.5 });
	doc.y += 6;
}

function letterhead(doc: Doc, letter: ComposedLetter): void {
	const c = letter.input.creditor;
	useFont(doc, 'bold', 13);
	doc.fillColor(INK).text(c.name.trim(), LEFT, 15 * MM, { width: 90 * MM });
	useFont(doc, 'regular', 8.5);
	const contact = [c.email?.trim(), c.phone?.trim()].filter(Boolean).join(' – ');
	doc
		.fillColor(GREY)
		.text([letter.registry, ...lines(c.address), contact].filter(Boolean).join('\n'), LEFT, doc.y + 2, {
			width: 90 * MM,
			lineGap: 1,
		});
}

function recipient(doc: Doc, letter: ComposedLetter): void {
	const d = letter.input.debtor;
	const x = 110 * MM;
	let y = 50 * MM;
	if (letter.input.kind === 'formalNotice') {
		useFont(doc, 'bold', 8);
		doc
			.fillColor(INK)
			.text(label(letter, 'LETTRE RECOMMANDÉE ÉLECTRONIQUE', 'ELECTRONIC REGISTERED LETTER'), x, 42 * MM, {
				width: 85 * MM,
			});
	}
	useFont(doc, 'bold', 10.5);
	doc.fillColor(INK).text(d.name.trim(), x, y, { width: 85 * MM });
	y = doc.y;
	useFont(doc, 'regular', 10);
	const attention = d.contactName?.trim()
		? [label(letter, `À l’attention de ${d.contactName.trim()}`, `For the attention of ${d.contactName.trim()}`)]
		: [];
	const siren = d.type === 'professional' && d.siren?.trim() ? [`SIREN ${d.siren.trim()}`] : [];
	doc.text([...attention, ...lines(d.address), ...siren].join('\n'), x, y + 1, { width: 85 * MM, lineGap: 1 });
	recipientBottom = doc.y;
}

/** Where the recipient block ended (a long name or address pushes the date line down). */
let recipientBottom = 0;

function heading(doc: Doc, letter: ComposedLetter): void {
	useFont(doc, 'regular', 10);
	const when =
		letter.language === 'fr'
			? `${letter.input.place.trim()}, le ${longDate('fr', letter.input.date)}`
			: `${letter.input.place.trim()}, ${longDate('en', letter.input.date)}`;
	doc.fillColor(INK).text(when, LEFT, Math.max(90 * MM, recipientBottom + 8), { width: WIDTH, align: 'right' });
	doc.y += 10;
	doc.text(`${label(letter, 'Réf.\u00a0:', 'Ref.:')} ${letter.input.reference.trim()}`, LEFT, doc.y, { width: WIDTH });
	useFont(doc, 'bold', 10.5);
	doc.text(`${label(letter, 'Objet\u00a0:', 'Subject:')} ${letter.subject}`, LEFT, doc.y + 2, { width: WIDTH });
	doc.y += 12;
	paragraph(doc, letter.salutation);
}

/** Text in a cell of fixed width: the font shrinks until it fits (a billion euros stays in its column). */
function fitted(
	doc: Doc,
	font: FontName,
	size: number,
	text: string,
	x: number,
	y: number,
	width: number,
	align: 'left' | 'right',
): void {
	useFont(doc, font, size);
	const natural = doc.widthOfString(text);
	if (natural > width) useFont(doc, font, Math.max(4, (size * width) / natural - 0.05));
	doc.fillColor(INK).text(text, x, y, { width, align, lineBreak: false });
	useFont(doc, font, size);
}

function invoiceRows(doc: Doc, letter: ComposedLetter): void {
	const fr = letter.language === 'fr';
	const columns = [
		{ title: fr ? 'Facture n°' : 'Invoice no.', width: 0.17, align: 'left' as const },
		{ title: fr ? 'Émise le' : 'Issued', width: 0.12, align: 'left' as const },
		{ title: fr ? 'Échéance' : 'Due', width: 0.12, align: 'left' as const },
		{ title: fr ? 'Retard' : 'Days late', width: 0.1, align: 'right' as const },
		{ title: fr ? 'Montant TTC' : 'Incl. VAT', width: 0.17, align: 'right' as const },
		{ title: fr ? 'Réglé' : 'Paid', width: 0.15, align: 'right' as const },
		{ title: fr ? 'Restant dû' : 'Outstanding', width: 0.17, align: 'right' as const },
	];
	// The invoice number wraps inside its column (up to 60 characters); the other cells shrink to fit their width.
	const row = (cells: string[], bold: boolean, fill?: string) => {
		useFont(doc, bold ? 'bold' : 'regular', 8.5);
		const numberWidth = columns[0].width * WIDTH - 6;
		const numberHeight =
			doc.widthOfString(cells[0]) > numberWidth
				? doc.heightOfString(cells[0], { width: numberWidth, lineBreak: true })
				: 10;
		const height = Math.max(15, numberHeight + 5);
		ensureRoom(doc, height + 1);
		const y = doc.y;
		if (fill) doc.rect(LEFT, y - 2, WIDTH, height).fill(fill);
		let x = LEFT;
		cells.forEach((cell, i) => {
			const w = columns[i].width * WIDTH;
			if (i === 0 && numberHeight > 10) doc.fillColor(INK).text(cell, x + 3, y + 1, { width: w - 6, lineBreak: true });
			else fitted(doc, bold ? 'bold' : 'regular', 8.5, cell, x + 3, y + 1, w - 6, columns[i].align);
			x += w;
		});
		doc.y = y + height;
		doc
			.moveTo(LEFT, doc.y - 2)
			.lineTo(RIGHT, doc.y - 2)
			.lineWidth(0.4)
			.strokeColor(RULE)
			.stroke();
	};
	doc.y += 2;
	row(
		columns.map((c) => c.title),
		true,
		'#ececec',
	);
	const l = letter.language;
	for (const r of letter.rows) {
		const late = `${r.daysLate} ${fr ? 'j' : 'd'}`;
		row(
			[
				r.number,
				shortDate(l, r.issueDate),
				shortDate(l, r.dueDate),
				late,
				money(l, r.amount),
				money(l, r.paid),
				money(l, r.outstanding),
			],
			false,
		);
	}
}

function totalsBlock(doc: Doc, letter: ComposedLetter): void {
	doc.y += 4;
	letter.totals.forEach(([name, value], i) => {
		const last = i === letter.totals.length - 1;
		ensureRoom(doc, 14);
		const y = doc.y;
		const size = last ? 9.5 : 8.5;
		useFont(doc, last ? 'bold' : 'regular', size);
		doc.fillColor(INK).text(name, LEFT, y, { width: WIDTH * 0.78 - 6, align: 'right' });
		const after = doc.y;
		fitted(doc, last ? 'bold' : 'regular', size, value, LEFT + WIDTH * 0.78, y, WIDTH * 0.22 - 3, 'right');
		doc.y = Math.max(after, y + 12) + 1;
	});
}

function smallPrint(doc: Doc, letter: ComposedLetter): void {
	const b2b = letter.input.debtor.type === 'professional';
	useFont(doc, 'regular', 7.5);
	for (const note of letter.notes) {
		doc.y += 3;
		ensureRoom(doc, 20);
		doc.fillColor(GREY).text(note, LEFT, doc.y, { width: WIDTH, lineGap: 1 });
	}
	if (letter.penaltyDetail.length) {
		doc.y += 3;
		ensureRoom(doc, 20);
		const title = b2b
			? label(letter, 'Détail du calcul des pénalités\u00a0: ', 'Interest calculation: ')
			: label(letter, 'Détail du calcul des intérêts\u00a0: ', 'Interest calculation: ');
		doc.fillColor(GREY).text(`${title}${letter.penaltyDetail.join(label(letter, '\u00a0; ', '; '))}`, LEFT, doc.y, {
			width: WIDTH,
			lineGap: 1,
		});
	}
}

function invoiceTable(doc: Doc, letter: ComposedLetter): void {
	if (letter.annex) {
		// Many invoices: a summary here, every row in the annex.
		const l = letter.language;
		const amount = letter.rows.reduce((s, r) => s + r.amount, 0);
		const paid = letter.rows.reduce((s, r) => s + r.paid, 0);
		useFont(doc, 'regular', 9);
		doc.y += 2;
		doc
			.fillColor(INK)
			.text(
				label(
					letter,
					`Récapitulatif des ${letter.rows.length}\u00a0factures (détail en annexe)\u00a0: montant TTC ${money(l, amount)}, réglé ${money(l, paid)}.`,
					`Summary of the ${letter.rows.length} invoices (listed in the annex): ${money(l, amount)} incl. VAT, ${money(l, paid)} paid.`,
				),
				LEFT,
				doc.y,
				{ width: WIDTH },
			);
		totalsBlock(doc, letter);
		doc.y += 10;
		return;
	}
	invoiceRows(doc, letter);
	totalsBlock(doc, letter);
	smallPrint(doc, letter);
	doc.y += 10;
}

function annex(doc: Doc, letter: ComposedLetter): void {
	if (!letter.annex) return;
	doc.addPage();
	doc.y = 20 * MM;
	useFont(doc, 'bold', 11);
	doc
		.fillColor(INK)
		.text(
			label(
				letter,
				`Annexe – détail des ${letter.rows.length}\u00a0factures`,
				`Annex – the ${letter.rows.length} invoices`,
			),
			LEFT,
			doc.y,
			{ width: WIDTH },
		);
	doc.y += 6;
	invoiceRows(doc, letter);
	totalsBlock(doc, letter);
	smallPrint(doc, letter);
}

const SIGNATURE_HEIGHT = 62;

/** Closing, signature and enclosures; the signature never stands alone on a page (the last paragraph goes with it). */
function signature(doc: Doc, letter: ComposedLetter, lastParagraph?: string): void {
	useFont(doc, 'regular', 10);
	const height = (text: string) => doc.heightOfString(text, { width: WIDTH, align: 'justify', lineGap: 1.5 }) + 6;
	const enclosures = `${label(letter, 'Pièces jointes\u00a0: ', 'Enclosures: ')}${enclosurePhrase(letter.language, letter.enclosures, letter.annex)}.`;
	useFont(doc, 'regular', 8);
	const enclosureHeight = letter.enclosures.length
		? doc.heightOfString(enclosures, { width: WIDTH, lineGap: 1 }) + 10
		: 0;
	useFont(doc, 'regular', 10);
	const needed =
		(lastParagraph ? height(lastParagraph) : 0) + height(letter.closing) + SIGNATURE_HEIGHT + enclosureHeight;
	if (doc.y + needed > BOTTOM) {
		doc.addPage();
		doc.y = 20 * MM;
	}
	if (lastParagraph) paragraph(doc, lastParagraph);
	paragraph(doc, letter.closing);
	const c = letter.input.creditor;
	doc.y += 12;
	const x = 110 * MM;
	useFont(doc, 'bold', 10);
	doc.fillColor(INK).text(c.signatoryName?.trim() || c.name.trim(), x, doc.y, { width: 85 * MM });
	useFont(doc, 'regular', 9);
	doc.text(
		[c.signatoryTitle?.trim(), c.signatoryName?.trim() ? c.name.trim() : ''].filter(Boolean).join('\n'),
		x,
		doc.y,
		{ width: 85 * MM },
	);
	if (letter.enclosures.length) {
		doc.y += 10;
		useFont(doc, 'regular', 8);
		doc.fillColor(GREY).text(enclosures, LEFT, doc.y, { width: WIDTH, lineGap: 1 });
	}
}

function footers(doc: Doc, letter: ComposedLetter): void {
	const range = doc.bufferedPageRange();
	const c = letter.input.creditor;
	const legal = [c.name.trim(), letter.registry].filter(Boolean).join(' – ');
	for (let i = 0; i < range.count; i++) {
		doc.switchToPage(range.start + i);
		useFont(doc, 'regular', 7);
		const text = `${legal}   ·   ${label(letter, 'Réf.', 'Ref.')} ${letter.input.reference.trim()}   ·   ${label(letter, 'page', 'page')} ${i + 1}/${range.count}`;
		// Drawn inside the bottom margin: keep pdfkit from starting a new page for it.
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.fillColor(GREY).text(text, LEFT, PAGE.height - 14 * MM, { width: WIDTH, align: 'center', lineBreak: false });
		doc.page.margins.bottom = margin;
	}
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * pdfkit writes the document info into the XMP packet (PDF/A) without escaping it: "Œuvre & Cie" would make the
 * packet invalid XML. The info dictionary is written before the XMP packet, so the values are escaped only while
 * pdfkit writes the packet.
 */
function escapeXmp(doc: Doc): void {
	const target = doc as unknown as { _addInfo: () => void; info: Record<string, unknown> };
	const addInfo = target._addInfo.bind(doc);
	target._addInfo = () => {
		const saved = target.info;
		target.info = Object.fromEntries(
			Object.entries(saved).map(([k, v]) => [
				k,
				typeof v === 'string' ? v.replace(/[&<>]/g, (ch) => XML_ESCAPES[ch]) : v,
			]),
		);
		try {
			addInfo();
		} finally {
			target.info = saved;
		}
	};
}

/** Renders a composed letter; resolves to the PDF bytes. */
export function renderPdf(letter: ComposedLetter, options: RenderOptions = {}): Promise<Buffer> {
	const parsed = fonts();
	const created = new Date(`${letter.input.date}T00:00:00Z`);
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: 20 * MM, bottom: PAGE.height - BOTTOM, left: LEFT, right: PAGE.width - RIGHT },
		font: null as unknown as string,
		bufferPages: true,
		lang: letter.language === 'fr' ? 'fr-FR' : 'en-GB',
		displayTitle: true,
		info: {
			Title: letter.subject,
			Author: letter.input.creditor.name.trim(),
			Subject: `${letter.input.reference.trim()} – ${letter.input.debtor.name.trim()}`,
			Keywords: `${letter.input.kind} ${letter.input.reference.trim()}`,
			Creator: 'n8n-nodes-lre Notice Generator',
			Producer: 'n8n-nodes-lre (pdfkit)',
			CreationDate: created,
			ModDate: created,
		},
		...(options.pdfA ? { pdfVersion: '1.7' as const, subset: 'PDF/A-2b' as const } : {}),
	}) as Doc;
	escapeXmp(doc);
	doc.registerFont('regular', parsed.regular as unknown as string);
	doc.registerFont('bold', parsed.bold as unknown as string);
	const own = options.layout !== 'pdfkit';
	if (own) ownLayout(doc, parsed);
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	letterhead(doc, letter);
	recipient(doc, letter);
	heading(doc, letter);
	letter.before.forEach((p) => paragraph(doc, p));
	invoiceTable(doc, letter);
	const last = letter.after.length ? letter.after[letter.after.length - 1] : undefined;
	letter.after.slice(0, -1).forEach((p) => paragraph(doc, p));
	signature(doc, letter, last);
	annex(doc, letter);
	footers(doc, letter);
	if (own) reuseFontFiles(doc);
	doc.end();
	return done;
}
