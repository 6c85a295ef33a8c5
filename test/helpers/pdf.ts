import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF, read back with poppler's pdftotext (a real PDF reader, not our writer). */
export function pdfText(pdf: Buffer): string {
	const file = join(mkdtempSync(join(tmpdir(), 'lre-pdf-')), 'doc.pdf');
	writeFileSync(file, pdf);
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
