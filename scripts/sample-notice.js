#!/usr/bin/env node
// Renders the README's sample letter (page 1 as PNG) from the built package: node scripts/sample-notice.js
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { generateNotice } = require('../dist/lib/notice/generate');
const letter = require('../bench/fixture');

(async () => {
	const notice = await generateNotice(
		{ ...letter(0), debtor: { ...letter(0).debtor, name: 'Œuvre & Cie — Zoë' } },
		{ pdfA: true },
	);
	const dir = mkdtempSync(join(tmpdir(), 'notice-'));
	const pdf = join(dir, notice.fileName);
	writeFileSync(pdf, notice.pdf);
	execFileSync('pdftoppm', [
		'-png',
		'-r',
		'80',
		'-f',
		'1',
		'-l',
		'1',
		'-singlefile',
		pdf,
		join(__dirname, '..', 'docs', 'notice-formal-notice'),
	]);
	console.log(
		`docs/notice-formal-notice.png from ${notice.fileName} (${notice.pages} pages, SHA-256 ${notice.sha256})`,
	);
})();
