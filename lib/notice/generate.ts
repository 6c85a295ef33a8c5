/**
 * The Notice Generator engine, usable without n8n: data in → checked letter, PDF, SHA-256, archive file name.
 */
import { createHash } from 'crypto';
import { archiveFileName } from '../letter/archive';
import { composeNotice, type ComposedLetter } from './compose';
import { money, shortDate } from './format';
import { KIND_WORD, type NoticeInput } from './model';
import { renderPdf, type RenderOptions } from './pdf';

export interface GeneratedNotice {
	pdf: Buffer;
	sha256: string;
	fileName: string;
	subject: string;
	/** The same letter as plain text (for a reminder sent by e-mail). */
	text: string;
	amounts: ComposedLetter['amounts'];
	penalties: ComposedLetter['penalties'];
	check: ComposedLetter['check'];
	pages: number;
}

/** The letter as plain text: the words of the PDF, the invoice table as lines. */
export function plainText(letter: ComposedLetter): string {
	const l = letter.language;
	const c = letter.input.creditor;
	const rows = letter.rows.map(
		(r) => `- ${r.number} (${l === 'fr' ? 'échéance' : 'due'} ${shortDate(l, r.dueDate)})${l === 'fr' ? ' : ' : ': '}${money(l, r.amount)}, ${l === 'fr' ? 'restant dû' : 'outstanding'} ${money(l, r.outstanding)}`,
	);
	const totals = letter.totals.map(([name, value]) => `${name}${l === 'fr' ? ' : ' : ': '}${value}`);
	const signature = [c.signatoryName?.trim(), c.signatoryTitle?.trim(), c.name.trim()].filter(Boolean);
	return [letter.salutation, ...letter.before, [...rows, ...totals].join('\n'), ...letter.after, letter.closing, signature.join('\n')].join('\n\n');
}

function pageCount(pdf: Buffer): number {
	const match = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
	return match ? Number(match[1]) : 1;
}

export async function generateNotice(input: NoticeInput, options: RenderOptions = {}): Promise<GeneratedNotice> {
	const letter = composeNotice(input);
	const pdf = await renderPdf(letter, options);
	return {
		pdf,
		sha256: createHash('sha256').update(pdf).digest('hex'),
		fileName: archiveFileName(KIND_WORD[input.kind], input.debtor.name, input.date, input.kind === 'formalNotice' ? 'LRE' : 'Notice'),
		subject: letter.subject,
		text: plainText(letter),
		amounts: letter.amounts,
		penalties: letter.penalties,
		check: letter.check,
		pages: pageCount(pdf),
	};
}
