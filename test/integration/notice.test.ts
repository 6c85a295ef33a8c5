/**
 * The notice engine end to end: data → PDF, read back with poppler (pdftotext, pdfinfo, pdffonts) — not with the
 * library that wrote it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNotice } from '../../lib/notice/generate';
import { NoticeInputError, type NoticeInput, type NoticeKind } from '../../lib/notice/model';
import { cachedWordCount } from '../../lib/notice/pdf';
import { flat, noticeInput } from '../helpers/notice';
import { pdfText } from '../helpers/pdf';

function poppler(tool: 'pdfinfo' | 'pdffonts', pdf: Buffer): string {
	const file = join(mkdtempSync(join(tmpdir(), 'lre-notice-')), 'n.pdf');
	writeFileSync(file, pdf);
	return execFileSync(tool, [file], { encoding: 'utf8' });
}

async function problemsOf(input: NoticeInput): Promise<string[]> {
	try {
		await generateNotice(input);
	} catch (error) {
		if (error instanceof NoticeInputError) return error.problems;
		throw error;
	}
	throw new Error('the notice was generated');
}

describe('Notice Generator engine: every required element is in the PDF, read back as text', () => {
	const kinds: NoticeKind[] = ['firstReminder', 'secondReminder', 'formalNotice'];
	for (const language of ['fr', 'en'] as const) {
		for (const kind of kinds) {
			it(`${kind} (${language})`, async () => {
				const input = noticeInput({
					kind,
					language,
					invoices: [
						{ number: 'F-2025-118', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 1234.5 },
						{ number: 'F-2025-120', issueDate: '2025-11-15', dueDate: '2025-12-15', amount: 12480, payments: [{ date: '2026-01-10', amount: 2480 }] },
					],
				});
				const notice = await generateNotice(input);
				// A URL may wrap after a "/": read it back joined.
				const raw = flat(pdfText(notice.pdf));
				const text = raw.replace(/\/ /g, '/');
				const fr = language === 'fr';
				const expected = [
					'Atelier Lefèvre & Fils', 'SARL', 'SIREN 512 345 678', '12, rue de la République', '69002 Lyon', 'compta@atelier-lefevre.fr',
					'Œuvre & Cie — Zoë', '45, avenue des Élysées', '06000 Nice', 'François Régnier',
					'MED-2026-0042', fr ? 'Lyon, le 20 février 2026' : 'Lyon, 20 February 2026',
					'F-2025-118', 'F-2025-120', '01/12/2025', '31/12/2025', '15/11/2025', '15/12/2025',
					fr ? '1 234,50 €' : '€1,234.50', fr ? '12 480,00 €' : '€12,480.00', fr ? '2 480,00 €' : '€2,480.00', fr ? '10 000,00 €' : '€10,000.00',
					// A formal notice sent by LRE counts its deadline from receipt (CPCE R53-3: up to 15 days to accept it).
					kind === 'formalNotice' ? (fr ? 'dans un délai de 8 jours à compter de la réception de la présente' : 'within 8 days of your receipt of this letter') : fr ? 'au plus tard le 28 février 2026' : 'by 28 February 2026',
					'FR76 3000 6000 0112 3456 7890 189', 'https://pay.example.fr/MED-2026-0042',
					'L441-10', 'D441-5',
				];
				if (kind !== 'firstReminder') {
					expected.push(fr ? 'nos relances des 5 et 15 janvier 2026' : 'our reminders of 5 and 15 January 2026');
					expected.push(fr ? '80,00 €' : '€80.00', fr ? `${notice.amounts.interest.toFixed(2).replace('.', ',')} €` : `€${notice.amounts.interest.toFixed(2)}`);
				}
				if (kind === 'formalNotice') {
					expected.push(fr ? 'MISE EN DEMEURE DE PAYER' : 'FORMAL NOTICE TO PAY', fr ? 'vaut mise en demeure' : 'constitutes formal notice');
					expected.push(fr ? 'injonction de payer' : 'competent court', 'Claire Lefèvre', fr ? 'LETTRE RECOMMANDÉE ÉLECTRONIQUE' : 'ELECTRONIC REGISTERED LETTER');
				}
				if (kind === 'secondReminder') expected.push(fr ? 'mise en demeure de payer' : 'formal notice to pay');
				for (const element of expected) expect(text).toContain(flat(element));
				// No garbled narrow no-break space (standard fonts would print "1 /234,50").
				expect(raw).not.toMatch(/\d \/\d{3}/);
				expect(notice.check.passed).toBe(true);
				expect(notice.check.items.every((i) => i.ok)).toBe(true);
				expect(notice.sha256).toBe(createHash('sha256').update(notice.pdf).digest('hex'));
				expect(text).toContain(flat(notice.subject.slice(0, 40)));
			});
		}
	}

	it('prints the worked example of dunning-domain §1.4: €1,234.50 due 2025-12-31, as of 2026-02-20 → €20.96 + €40', async () => {
		const notice = await generateNotice(noticeInput());
		expect(notice.amounts).toMatchObject({ outstanding: 1234.5, interest: 20.96, indemnity: 40, totalClaimed: 1295.46, deadline: '2026-02-28' });
		const text = flat(pdfText(notice.pdf));
		expect(text).toContain('20,96 €');
		expect(text).toContain('1 295,46 €');
		expect(text).toContain(flat('51 j × 12,15 % × 1 234,50 € / 365 = 20,96 €'));
		expect(notice.fileName).toBe('LRE_MiseEnDemeure_OeuvreCieZoe_2026-02-20.pdf');
	});

	it('a consumer formal notice claims no €40 and says legal interest runs from receipt', async () => {
		const notice = await generateNotice(noticeInput({ debtor: { type: 'individual', name: 'Jean Dupont', address: '3 rue Nationale\n59000 Lille' } }));
		const text = flat(pdfText(notice.pdf));
		expect(notice.amounts.indemnity).toBe(0);
		expect(text).toContain('1231-6');
		expect(text).not.toContain('D441-5');
		expect(text).not.toContain('40,00 €');
		expect(notice.fileName).toBe('LRE_MiseEnDemeure_JeanDupont_2026-02-20.pdf');
	});

	it('a first reminder asks only for the principal and is named as a notice, not an LRE', async () => {
		const notice = await generateNotice(noticeInput({ kind: 'firstReminder', previousReminders: [] }));
		expect(notice.amounts.totalClaimed).toBe(1234.5);
		expect(notice.fileName).toBe('Notice_Relance1_OeuvreCieZoe_2026-02-20.pdf');
		expect(flat(notice.text)).toContain('1 234,50 €');
		expect(notice.text).not.toContain('{{');
	});

	it('many invoices flow onto several pages, each numbered, none lost', async () => {
		const invoices = Array.from({ length: 45 }, (_, i) => ({ number: `F-2025-${String(i + 1).padStart(4, '0')}`, issueDate: '2025-11-01', dueDate: '2025-12-01', amount: 100 + i }));
		const notice = await generateNotice(noticeInput({ invoices }));
		const text = flat(pdfText(notice.pdf));
		expect(notice.pages).toBeGreaterThan(1);
		for (const invoice of invoices) expect(text).toContain(invoice.number);
		expect(text).toContain(`page ${notice.pages}/${notice.pages}`);
		expect(notice.amounts.indemnity).toBe(45 * 40);
	});

	it('PDF/A-2b: PDF 1.7, XMP pdfaid part 2 conformance B, sRGB output intent, every font embedded', async () => {
		const notice = await generateNotice(noticeInput(), { pdfA: true });
		const raw = notice.pdf.toString('latin1');
		expect(poppler('pdfinfo', notice.pdf)).toMatch(/PDF version:\s+1\.7/);
		expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
		expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
		expect(raw).toContain('/OutputIntents');
		const fonts = poppler('pdffonts', notice.pdf).split('\n').slice(2).filter(Boolean);
		expect(fonts.length).toBeGreaterThan(0);
		for (const line of fonts) expect(line).toMatch(/DejaVuSans.*\byes\s+yes\s+yes\b/);
		expect(flat(pdfText(notice.pdf))).toContain('MISE EN DEMEURE');
	});

	it('the same letter gives the same bytes (its SHA-256 identifies it); another reference does not', async () => {
		const a = await generateNotice(noticeInput());
		const b = await generateNotice(noticeInput());
		const c = await generateNotice(noticeInput({ reference: 'MED-2026-0043' }));
		expect(b.sha256).toBe(a.sha256);
		expect(c.sha256).not.toBe(a.sha256);
	});

	it('reuses laid-out words across letters (process-wide layout cache)', async () => {
		await generateNotice(noticeInput({ reference: 'CACHE-1' }));
		const words = cachedWordCount();
		expect(words).toBeGreaterThan(50);
		await generateNotice(noticeInput({ reference: 'CACHE-1' }));
		expect(cachedWordCount()).toBe(words);
	});
});

describe('Notice Generator engine: nothing is written with a blank', () => {
	it('lists every missing required field at once', async () => {
		const input = noticeInput();
		const problems = await problemsOf({
			...input,
			creditor: { ...input.creditor, siren: '', legalForm: undefined },
			debtor: { ...input.debtor, address: ' ' },
			invoices: [{ number: 'F-1', issueDate: '2025-12-01', dueDate: '', amount: 10 }],
			payment: {},
		});
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('creditor.siren is missing'),
				expect.stringContaining('creditor.legalForm is missing'),
				expect.stringContaining('debtor.address is missing'),
				expect.stringContaining('invoices[0].dueDate must be a date'),
				expect.stringContaining('payment.iban or payment.link is missing'),
			]),
		);
		expect(problems).toHaveLength(5);
	});

	it('refuses an invoice not yet due, a second reminder without the first, and an unknown rate', async () => {
		expect(await problemsOf(noticeInput({ invoices: [{ number: 'F-9', issueDate: '2026-02-01', dueDate: '2026-03-01', amount: 50 }] }))).toEqual([
			expect.stringContaining('is not overdue'),
		]);
		expect(await problemsOf(noticeInput({ kind: 'secondReminder', previousReminders: [] }))).toEqual([expect.stringContaining('previousReminders is missing')]);
		expect(await problemsOf(noticeInput({ date: '2026-09-15' }))).toEqual([expect.stringContaining("rates.ecb['2026-H2']")]);
	});

	it('a custom template: French placeholders and English aliases filled; unknown and empty ones all listed', async () => {
		const notice = await generateNotice(
			noticeInput({
				kind: 'firstReminder',
				template: { subject: 'Facture {{numero_facture}} – {{client_name}}', body: 'Bonjour {{nom_client}},\n\nMerci de régler {{montant_restant_du}} avant le {{date_limite_paiement}} sur {{iban}}.' },
			}),
		);
		const text = flat(pdfText(notice.pdf));
		expect(text).toContain('Facture F-2025-118 – Œuvre & Cie — Zoë');
		expect(text).toContain(flat('Merci de régler 1 234,50 € avant le 28 février 2026 sur FR7630006000011234567890189.'));

		const problems = await problemsOf(
			noticeInput({ debtor: { ...noticeInput().debtor, siren: '' }, template: { subject: 'MISE EN DEMEURE {{nom_clien}}', body: '{{client_siren}} {{foo}} {{total_reclame}}' } }),
		);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain('{{nom_clien}}');
		expect(problems[0]).toContain('{{foo}}');
		expect(problems[0]).toContain('no value for {{client_siren}}');
	});

	it('a custom formal notice without the formal-notice wording, the deadline or the consequences is refused', async () => {
		const problems = await problemsOf(noticeInput({ template: { subject: 'Facture {{numero_facture}}', body: 'Merci de payer {{total_reclame}}, IBAN {{iban}}.' } }));
		expect(problems.join('\n')).toMatch(/formalNoticeWording/);
		expect(problems.join('\n')).toMatch(/deadline/);
		expect(problems.join('\n')).toMatch(/consequences/);
	});
});
