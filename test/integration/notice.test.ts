/**
 * The notice engine end to end: data → PDF, read back with poppler (pdftotext, pdfinfo, pdffonts) — not with the
 * library that wrote it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeNotice } from '../../lib/notice/compose';
import { money, shortDate } from '../../lib/notice/format';
import { clearEcbCache } from '../../lib/notice/ecb';
import { computePenaltiesOnline, generateNotice, type EcbOnline } from '../../lib/notice/generate';
import { NoticeInputError, type NoticeInput, type NoticeInvoice, type NoticeKind } from '../../lib/notice/model';
import { computePenalties } from '../../lib/notice/penalties';
import { cachedWordCount } from '../../lib/notice/pdf';
import { flat, noticeInput } from '../helpers/notice';
import { ecbServer, httpGet, type EcbServer } from '../helpers/ecb';
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
						{
							number: 'F-2025-120',
							issueDate: '2025-11-15',
							dueDate: '2025-12-15',
							amount: 12480,
							payments: [{ date: '2026-01-10', amount: 2480 }],
						},
					],
				});
				const notice = await generateNotice(input);
				// A URL may wrap after a "/": read it back joined.
				const raw = flat(pdfText(notice.pdf));
				const text = raw.replace(/\/ /g, '/');
				const fr = language === 'fr';
				const expected = [
					'Atelier Lefèvre & Fils',
					'SARL',
					'SIREN 512 345 678',
					'12, rue de la République',
					'69002 Lyon',
					'compta@atelier-lefevre.fr',
					'Œuvre & Cie — Zoë',
					'45, avenue des Élysées',
					'06000 Nice',
					'François Régnier',
					'MED-2026-0042',
					fr ? 'Lyon, le 20 février 2026' : 'Lyon, 20 February 2026',
					'F-2025-118',
					'F-2025-120',
					'01/12/2025',
					'31/12/2025',
					'15/11/2025',
					'15/12/2025',
					fr ? '1 234,50 €' : '€1,234.50',
					fr ? '12 480,00 €' : '€12,480.00',
					fr ? '2 480,00 €' : '€2,480.00',
					fr ? '10 000,00 €' : '€10,000.00',
					// A formal notice sent by LRE counts its deadline from receipt (CPCE R53-3: up to 15 days to accept it).
					kind === 'formalNotice'
						? fr
							? 'dans un délai de 8 jours à compter de la réception de la présente'
							: 'within 8 days of your receipt of this letter'
						: fr
							? 'au plus tard le 28 février 2026'
							: 'by 28 February 2026',
					'FR76 3000 6000 0112 3456 7890 189',
					'https://pay.example.fr/MED-2026-0042',
					'L441-10',
					'D441-5',
				];
				if (kind !== 'firstReminder') {
					expected.push(fr ? 'nos relances des 5 et 15 janvier 2026' : 'our reminders of 5 and 15 January 2026');
					expected.push(
						fr ? '80,00 €' : '€80.00',
						fr ? `${notice.amounts.interest.toFixed(2).replace('.', ',')} €` : `€${notice.amounts.interest.toFixed(2)}`,
					);
				}
				if (kind === 'formalNotice') {
					expected.push(
						fr ? 'MISE EN DEMEURE DE PAYER' : 'FORMAL NOTICE TO PAY',
						fr ? 'vaut mise en demeure' : 'constitutes formal notice',
					);
					expected.push(
						fr ? 'injonction de payer' : 'competent court',
						'Claire Lefèvre',
						fr ? 'LETTRE RECOMMANDÉE ÉLECTRONIQUE' : 'ELECTRONIC REGISTERED LETTER',
					);
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

	it('prints the worked example: €1,234.50 due 2025-12-31, as of 2026-02-20 → €20.96 + €40', async () => {
		const notice = await generateNotice(noticeInput());
		expect(notice.amounts).toMatchObject({
			outstanding: 1234.5,
			interest: 20.96,
			indemnity: 40,
			totalClaimed: 1295.46,
			deadline: '2026-02-28',
		});
		const text = flat(pdfText(notice.pdf));
		expect(text).toContain('20,96 €');
		expect(text).toContain('1 295,46 €');
		expect(text).toContain(flat('51 j × 12,15 % × 1 234,50 € / 365 = 20,96 €'));
		expect(notice.fileName).toBe('LRE_MiseEnDemeure_OeuvreCieZoe_2026-02-20.pdf');
	});

	it('a consumer formal notice claims no €40 and says legal interest runs from receipt', async () => {
		const notice = await generateNotice(
			noticeInput({ debtor: { type: 'individual', name: 'Jean Dupont', address: '3 rue Nationale\n59000 Lille' } }),
		);
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
		const invoices = Array.from({ length: 45 }, (_, i) => ({
			number: `F-2025-${String(i + 1).padStart(4, '0')}`,
			issueDate: '2025-11-01',
			dueDate: '2025-12-01',
			amount: 100 + i,
		}));
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
		expect(
			await problemsOf(
				noticeInput({ invoices: [{ number: 'F-9', issueDate: '2026-02-01', dueDate: '2026-03-01', amount: 50 }] }),
			),
		).toEqual([expect.stringContaining('is not overdue')]);
		expect(await problemsOf(noticeInput({ kind: 'secondReminder', previousReminders: [] }))).toEqual([
			expect.stringContaining('previousReminders is missing'),
		]);
		expect(await problemsOf(noticeInput({ date: '2026-09-15' }))).toEqual([
			expect.stringContaining("rates.ecb['2026-H2']"),
		]);
	});

	it('a custom template: French placeholders and English aliases filled; unknown and empty ones all listed', async () => {
		const notice = await generateNotice(
			noticeInput({
				kind: 'firstReminder',
				template: {
					subject: 'Facture {{numero_facture}} – {{client_name}}',
					body: 'Bonjour {{nom_client}},\n\nMerci de régler {{montant_restant_du}} avant le {{date_limite_paiement}} sur {{iban}}.',
				},
			}),
		);
		const text = flat(pdfText(notice.pdf));
		expect(text).toContain('Facture F-2025-118 – Œuvre & Cie — Zoë');
		expect(text).toContain(
			flat('Merci de régler 1 234,50 € avant le 28 février 2026 sur FR7630006000011234567890189.'),
		);

		const problems = await problemsOf(
			noticeInput({
				debtor: { ...noticeInput().debtor, siren: '' },
				template: { subject: 'MISE EN DEMEURE {{nom_clien}}', body: '{{client_siren}} {{foo}} {{total_reclame}}' },
			}),
		);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain('{{nom_clien}}');
		expect(problems[0]).toContain('{{foo}}');
		expect(problems[0]).toContain('no value for {{client_siren}}');
	});

	it('a custom formal notice without the formal-notice wording, the deadline or the consequences is refused', async () => {
		const problems = await problemsOf(
			noticeInput({
				template: { subject: 'Facture {{numero_facture}}', body: 'Merci de payer {{total_reclame}}, IBAN {{iban}}.' },
			}),
		);
		expect(problems.join('\n')).toMatch(/formalNoticeWording/);
		expect(problems.join('\n')).toMatch(/deadline/);
		expect(problems.join('\n')).toMatch(/consequences/);
	});
});

/* ------------------------------------------------------------------------------------------------------------------
 * Issue #14: every item read back from the PDF (pdftotext), in French and English, B2B and consumer, with the
 * arithmetic of every letter checked (rows, totals, detail lines).
 * ---------------------------------------------------------------------------------------------------------------- */

const cents = (v: number) => Math.round(v * 100) / 100;
const consumer = { type: 'individual' as const, name: 'Mme Marie Durand', address: '3 rue Nationale\n59000 Lille' };
const invoice = (
	number: string,
	dueDate: string,
	amount: number,
	extra: Partial<NoticeInvoice> = {},
): NoticeInvoice => ({ number, issueDate: '2025-11-01', dueDate, amount, ...extra });

/** Generates, reads back, and checks the arithmetic of what the letter prints. */
async function letter(input: NoticeInput) {
	const composed = composeNotice(input);
	const notice = await generateNotice(input);
	const layout = pdfText(notice.pdf);
	// The running footer (reference, page n/N) may fall inside a paragraph that flows onto the next page.
	const text = flat(
		layout
			.split('\n')
			.filter((line) => !/·\s+page \d+\/\d+/.test(line))
			.join('\n'),
	).replace(/\/ /g, '/');
	const l = input.language;
	const fr = l === 'fr';
	for (const r of composed.rows) {
		expect(cents(r.amount - r.paid)).toBe(r.outstanding);
		// pdftotext may glue a short right-aligned "1 j" into "1j".
		// A long number wraps inside its column: the rest of the row is read back.
		const before = flat(
			`${r.number.length > 18 ? '' : `${r.number} `}${shortDate(l, r.issueDate)} ${shortDate(l, r.dueDate)} ${r.daysLate}`,
		);
		const after = flat(`${fr ? 'j' : 'd'} ${money(l, r.amount)} ${money(l, r.paid)} ${money(l, r.outstanding)}`);
		const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		expect(text).toMatch(new RegExp(`${escape(before)} ?${escape(after)}`));
	}
	const a = notice.amounts;
	expect(cents(composed.rows.reduce((s, r) => s + r.outstanding, 0))).toBe(a.outstanding);
	expect(cents(a.outstanding + a.interest + a.indemnity)).toBe(a.totalClaimed);
	for (const i of notice.penalties.invoices)
		expect(cents(i.slices.reduce((s, x) => s + x.interest, 0))).toBe(i.interest);
	for (const [name, value] of composed.totals) expect(text).toContain(flat(`${name} ${value}`));
	if (a.interest > 0) {
		// A long invoice number may wrap after one of its hyphens.
		const unwrapped = text.replace(/- /g, '-');
		for (const line of composed.penaltyDetail)
			expect(unwrapped).toContain(flat(line).replace(/\/ /g, '/').replace(/- /g, '-'));
		for (const s of notice.penalties.invoices.flatMap((i) => i.slices))
			expect(s.interest).toBe(cents((s.base * s.ratePercent * s.days) / 36500));
	}
	// Fixed units never split across lines (U+00A0 in the text; pdftotext shows the line ends).
	for (const line of layout.split('\n').map((x) => x.trimEnd())) {
		expect(line).not.toMatch(/(\bn°|\barticle|\bart\.|Réf\.|\bArticle)$/);
		expect(line.trimStart()).not.toMatch(fr ? /^[€:;]/ : /^[:;]/);
	}
	// The engine knows the count: no hedges.
	expect(text).not.toMatch(/\((s|nt|les|es|e)\)/);
	return { notice, composed, text, layout };
}

const problems = async (input: NoticeInput, ecbOnline?: EcbOnline) => {
	try {
		await generateNotice(input, { ecbOnline });
	} catch (error) {
		if (error instanceof NoticeInputError) return error.problems.join('\n');
		throw error;
	}
	throw new Error('the notice was generated');
};

describe('issue #14 — legal errors', () => {
	it.each(['fr', 'en'] as const)(
		'1. a consumer formal notice threatens no €40, no recovery costs and calls legal interest by its name (%s)',
		async (language) => {
			const { text } = await letter(noticeInput({ language, debtor: consumer, formalNoticeDate: '2026-01-12' }));
			const fr = language === 'fr';
			expect(text).not.toMatch(
				fr ? /40\s?€|indemnit|frais de procédure|pénalit/i : /€40|indemnity|costs of proceedings|penalt/i,
			);
			expect(text).toMatch(
				fr
					? /Intérêts au taux légal \(art\. 1231-6 C\. civ\., 2,62 %\)/
					: /Statutory interest \(Art\. 1231-6 C\. civ\., 2\.62%\)/,
			);
			expect(text).toContain(
				fr
					? 'paiement des sommes dues et des intérêts au taux légal'
					: 'recover the sums due together with interest at the statutory rate',
			);
		},
	);

	it.each(['fr', 'en'] as const)(
		'2. a paid invoice is named only as the basis of its penalties; a first reminder leaves it out (%s)',
		async (language) => {
			const fr = language === 'fr';
			const invoices = [
				invoice('F-OPEN', '2025-12-31', 1234.5),
				invoice('F-PAID', '2025-12-01', 500, { payments: [{ date: '2026-01-10', amount: 500 }] }),
			];
			const { notice, text } = await letter(noticeInput({ language, invoices }));
			expect(notice.subject).toContain('F-OPEN');
			expect(notice.subject).not.toContain('F-PAID');
			expect(text).toContain(
				fr
					? 'la facture n° F-OPEN, échue depuis le 31 décembre 2025, demeure impayée'
					: 'invoice no. F-OPEN, due on 31 December 2025, remains unpaid',
			);
			expect(text).toContain(
				fr
					? 'La facture n° F-PAID, réglée le 10 janvier 2026 avec 40 jours de retard, n’est plus due en principal : elle ne figure dans ce courrier qu’au titre des pénalités de retard et de l’indemnité forfaitaire qu’elle a entraînées.'
					: 'Invoice no. F-PAID, paid on 10 January 2026, 40 days late, is no longer outstanding: it appears in this letter solely as the basis of the late-payment interest and the fixed indemnity it gave rise to.',
			);
			const first = await letter(noticeInput({ language, kind: 'firstReminder', invoices }));
			expect(first.text).not.toContain('F-PAID');
			expect(first.notice.check.warnings.join('\n')).toContain('Invoice F-PAID is paid in full');
		},
	);

	it.each(['fr', 'en'] as const)(
		'3. the deadline of a formal notice runs from its receipt; the latest possible end is output (%s)',
		async (language) => {
			const { notice, text } = await letter(noticeInput({ language }));
			expect(text).toContain(
				language === 'fr'
					? 'dans un délai de 8 jours à compter de la réception de la présente'
					: 'within 8 days of your receipt of this letter',
			);
			expect(text).not.toContain(language === 'fr' ? 'au plus tard le 28 février 2026' : 'by 28 February 2026');
			expect(notice.amounts).toMatchObject({ deadline: '2026-02-28', deadlineLatest: '2026-03-15' });
		},
	);

	it('4. a consumer debt due over 2 years ago gets no formal notice or second reminder unless the limitation was interrupted', async () => {
		const old = noticeInput({
			debtor: consumer,
			date: '2026-02-20',
			invoices: [invoice('F-OLD', '2024-01-31', 300, { issueDate: '2024-01-01' })],
			rates: {},
		});
		expect(await problems(old)).toMatch(
			/invoices\[0\]: this consumer debt may be time-barred since 2026-01-31 \(C\. conso\. L218-2.*limitationInterruptedOn/,
		);
		expect(await problems({ ...old, kind: 'secondReminder' })).toContain('no second reminder is written');
		const first = await letter({ ...old, kind: 'firstReminder' });
		expect(first.notice.check.warnings.join('\n')).toContain(
			'F-OLD: this consumer debt may be time-barred since 2026-01-31',
		);
		await letter({ ...old, limitationInterruptedOn: '2025-03-01' });
		// A payment (an acknowledgement) restarts the period; a professional debtor is not concerned.
		await letter({
			...old,
			invoices: [
				invoice('F-OLD', '2024-01-31', 300, {
					issueDate: '2024-01-01',
					payments: [{ date: '2024-06-01', amount: 100 }],
				}),
			],
		});
		await letter({ ...old, debtor: noticeInput().debtor, rates: { ecb: { '2024-H1': 4.5 } } });
	});

	it.each(['fr', 'en'] as const)(
		'5. a contractual rate cites the terms of sale; a floor replacing it says so; the CGV extract is enclosed (%s)',
		async (language) => {
			const fr = language === 'fr';
			const high = await letter(noticeInput({ language, contractualRate: 15 }));
			expect(high.text).toContain(
				fr
					? 'Conformément à nos conditions générales de vente et à l’article L441-10 du Code de commerce'
					: 'Under our terms and conditions of sale and Article L441-10',
			);
			expect(high.text).toContain(
				fr
					? 'au taux de 15,00 % l’an prévu par nos conditions générales de vente'
					: 'at the rate of 15.00% per annum set in our terms and conditions of sale',
			);
			expect(high.text).toContain(
				fr ? 'extrait de nos conditions générales de vente' : 'extract from our terms and conditions of sale',
			);
			expect(high.notice.enclosures.map((e) => e.type)).toEqual(['invoice', 'termsOfSale']);
			expect(high.notice.penalties.rates).toEqual([{ halfYear: '2026-H1', percent: 15, basis: 'contractual' }]);
			const low = await letter(noticeInput({ language, contractualRate: 5 }));
			expect(low.text).toContain(
				fr
					? 'au taux de 7,86 % l’an : le taux de 5,00 % prévu par nos conditions générales de vente étant inférieur au minimum légal de trois fois le taux de l’intérêt légal, c’est ce minimum qui s’applique'
					: 'at the rate of 7.86% per annum: the rate of 5.00% set in our terms and conditions of sale being below the statutory minimum of three times the French legal interest rate, that minimum applies',
			);
			const statutory = await letter(noticeInput({ language }));
			expect(statutory.text).not.toMatch(fr ? /conditions générales/ : /terms and conditions/);
		},
	);

	it.each(['fr', 'en'] as const)(
		'6. a consumer notice after an earlier notice names it and its receipt, and claims interest from that receipt only (%s)',
		async (language) => {
			const fr = language === 'fr';
			const previousReminders = [
				{ date: '2026-01-05', step: 'firstReminder' as const },
				{ date: '2026-01-20', step: 'formalNotice' as const, reference: 'MED-1', receivedAt: '2026-01-22' },
			];
			const { notice, text } = await letter(noticeInput({ language, debtor: consumer, previousReminders }));
			expect(text).toContain(
				fr
					? 'Malgré notre relance du 5 janvier 2026 et notre mise en demeure du 20 janvier 2026 (réf. MED-1), reçue le 22 janvier 2026,'
					: 'Despite our reminder of 5 January 2026 and our formal notice of 20 January 2026 (ref. MED-1), received on 22 January 2026,',
			);
			expect(text).toContain(
				fr
					? 'depuis le 22 janvier 2026, date de réception de notre mise en demeure, soit 2,57 € à ce jour'
					: 'from 22 January 2026, the day you received our formal notice, amounting to €2.57 to date',
			);
			expect(text).not.toMatch(
				fr
					? /intérêts au taux légal à compter de la réception de la présente/
					: /statutory rate from your receipt of this letter/,
			);
			expect(notice.penalties.invoices[0].slices[0]).toMatchObject({
				from: '2026-01-23',
				to: '2026-02-20',
				days: 29,
				ratePercent: 2.62,
				interest: 2.57,
			});
			// Given as "Formal Notice Received On" only: the earlier notice is still named with its receipt day.
			const plain = await letter(
				noticeInput({
					language,
					debtor: consumer,
					formalNoticeDate: '2026-01-22',
					previousReminders: [{ date: '2026-01-05' }],
				}),
			);
			expect(plain.text).toContain(
				fr
					? 'Notre précédente mise en demeure, reçue par vous le 22 janvier 2026, est restée sans effet.'
					: 'Our earlier formal notice, which you received on 22 January 2026, has gone unanswered.',
			);
			const first = await letter(noticeInput({ language, debtor: consumer }));
			expect(first.text).toContain(
				fr
					? 'porteront intérêts au taux légal à compter de la réception de la présente'
					: 'will bear interest at the statutory rate from your receipt of this letter',
			);
		},
	);
});

describe('issue #14 — wrong amounts or facts', () => {
	it('7. an overpayment is refused with the surplus, never capped', async () => {
		const input = noticeInput({
			invoices: [invoice('F-1', '2025-12-31', 1000, { payments: [{ date: '2026-01-10', amount: 1500 }] })],
		});
		expect(await problems(input)).toContain(
			"invoices[0].payments add up to 1500.00 €, more than the invoice's 1000.00 € (overpaid by 500.00 €)",
		);
		expect(() =>
			computePenalties({ debtorType: 'professional', invoices: input.invoices, asOf: '2026-02-20' }),
		).toThrow('overpaid by 500.00 €');
	});

	it('8. amounts with more than 2 decimals are refused (engine and calculator)', async () => {
		expect(await problems(noticeInput({ invoices: [invoice('F-1', '2025-12-31', 100.005)] }))).toContain(
			'invoices[0].amount has more than 2 decimals (100.005)',
		);
		expect(
			await problems(
				noticeInput({
					invoices: [invoice('F-1', '2025-12-31', 100, { payments: [{ date: '2026-01-10', amount: 99.999 }] })],
				}),
			),
		).toContain('invoices[0].payments[0].amount has more than 2 decimals');
		expect(() =>
			computePenalties({
				debtorType: 'professional',
				invoices: [{ number: 'F', amount: 0.125, dueDate: '2026-01-01' }],
				asOf: '2026-02-01',
			}),
		).toThrow('more than 2 decimals');
	});

	it.each(['fr', 'en'] as const)('9. a billion euros stays in its cell, on one line (%s)', async (language) => {
		const { layout } = await letter(
			noticeInput({
				language,
				invoices: [invoice('F-1', '2025-12-31', 999999999.99), invoice('F-2', '2025-12-30', 999999999.99)],
			}),
		);
		const total = layout
			.split('\n')
			.find((l) => l.includes(language === 'fr' ? 'Total réclamé' : 'Total claimed')) as string;
		expect(total).toMatch(
			language === 'fr' ? /Total réclamé\s+2 0\d\d \d{3} \d{3},\d\d €$/ : /Total claimed\s+€2,0\d\d,\d{3},\d{3}\.\d\d$/,
		);
		expect(layout).toMatch(
			language === 'fr' ? /999 999 999,99 €\s+0,00 €\s+999 999 999,99 €/ : /€999,999,999.99\s+€0.00\s+€999,999,999.99/,
		);
	});

	it('10. the same invoice twice is refused', async () => {
		expect(
			await problems(
				noticeInput({ invoices: [invoice('F-1', '2025-12-31', 100), invoice(' f-1 ', '2025-12-31', 100)] }),
			),
		).toContain('invoices[1].number "f-1" is the same invoice as invoices[0]');
		expect(() =>
			computePenalties({
				debtorType: 'professional',
				invoices: [
					{ number: 'A', amount: 1, dueDate: '2026-01-01' },
					{ number: 'A', amount: 1, dueDate: '2026-01-01' },
				],
				asOf: '2026-02-01',
			}),
		).toThrow('same invoice');
	});

	it('11. days late per invoice; a paid invoice counts to its payment date (PDF and computePenalties)', async () => {
		const invoices = [
			invoice('F-OPEN', '2025-12-31', 100),
			invoice('F-PAID', '2025-12-01', 500, { payments: [{ date: '2026-01-10', amount: 500 }] }),
		];
		const { notice, text } = await letter(noticeInput({ kind: 'secondReminder', invoices }));
		expect(notice.penalties.invoices.map((i) => [i.number, i.daysLate, i.paidOn])).toEqual([
			['F-OPEN', 51, undefined],
			['F-PAID', 40, '2026-01-10'],
		]);
		expect(text).toMatch(/F-PAID 01\/11\/2025 01\/12\/2025 40 ?j/);
		expect(text).toMatch(/F-OPEN 01\/11\/2025 31\/12\/2025 51 ?j/);
	});

	it('12. impossible dates are refused: a reminder after the letter, an issue date after the due date, a payment after the letter', async () => {
		const text = await problems(
			noticeInput({
				previousReminders: [{ date: '2026-03-01' }],
				invoices: [
					invoice('F-1', '2025-12-31', 100, {
						issueDate: '2026-01-15',
						payments: [{ date: '2026-02-25', amount: 10 }],
					}),
				],
			}),
		);
		expect(text).toContain('previousReminders[0].date 2026-03-01 is after the letter date 2026-02-20');
		expect(text).toContain('invoices[0].issueDate 2026-01-15 is after its dueDate 2025-12-31');
		expect(text).toContain('invoices[0].payments[0].date 2026-02-25 is after the letter date 2026-02-20');
	});

	it('13. a contractual rate for a consumer is not applied, and the output says so', async () => {
		const { notice, text } = await letter(
			noticeInput({ debtor: consumer, formalNoticeDate: '2026-01-22', contractualRate: 15 }),
		);
		expect(notice.check.warnings.join('\n')).toContain(
			'The contractual rate 15 % is not applied: a consumer owes interest at the legal rate',
		);
		expect(notice.penalties.rates).toEqual([{ halfYear: '2026-H1', percent: 2.62, basis: 'legal' }]);
		expect(text).not.toContain('15,00 %');
	});

	it('14. absurd rates are refused with the field and the bounds', async () => {
		expect(await problems(noticeInput({ contractualRate: 1e12 }))).toContain(
			'contractualRate must be a yearly rate in percent from 0.01 to 100, not 1000000000000',
		);
		expect(await problems(noticeInput({ rates: { ecb: { '2026-H1': -50 } } }))).toContain(
			"rates.ecb['2026-H1'] must be a yearly rate in percent from 0 to 20, not -50",
		);
		expect(await problems(noticeInput({ rates: { ecb: { 'H2-2026': 2 } } }))).toContain(
			'the key must be a half-year like 2026-H2',
		);
	});
});

describe('issue #14 — missing mentions', () => {
	it.each(['fr', 'en'] as const)(
		'15. B2B penalties keep running until payment in full (second reminder and formal notice, %s)',
		async (language) => {
			for (const kind of ['secondReminder', 'formalNotice'] as const) {
				const { text } = await letter(noticeInput({ language, kind }));
				expect(text).toContain(
					language === 'fr'
						? 'Ces pénalités continueront de courir jusqu’à complet paiement.'
						: 'This interest will continue to accrue until payment in full.',
				);
			}
		},
	);

	it('16. every French letter says it is an amicable recovery step (and the English ones too)', async () => {
		for (const kind of ['firstReminder', 'secondReminder', 'formalNotice'] as const) {
			expect((await letter(noticeInput({ kind }))).text).toContain('recouvrement amiable');
			expect((await letter(noticeInput({ kind, language: 'en' }))).text).toContain(
				'amicable (out-of-court) collection process',
			);
		}
	});

	it.each(['fr', 'en'] as const)(
		'17. the enclosures are listed in the PDF, the e-mail text and the output (%s)',
		async (language) => {
			const { notice, text } = await letter(
				noticeInput({ language, invoices: [invoice('F-1', '2025-12-31', 100), invoice('F-2', '2025-12-30', 200)] }),
			);
			const phrase =
				language === 'fr'
					? 'Pièces jointes : Copie des factures n° F-1 et F-2.'
					: 'Enclosures: Copies of invoices nos. F-1 and F-2.';
			expect(text).toContain(phrase);
			expect(flat(notice.text)).toContain(phrase.slice(0, -1));
			expect(notice.enclosures).toEqual([
				expect.objectContaining({ type: 'invoice', number: 'F-1' }),
				expect.objectContaining({ type: 'invoice', number: 'F-2' }),
			]);
		},
	);

	it.each(['fr', 'en'] as const)(
		'18. order and contract references, and partial payments with their dates (%s)',
		async (language) => {
			const fr = language === 'fr';
			const { text } = await letter(
				noticeInput({
					language,
					contractReference: 'C-2025-17',
					invoices: [
						invoice('F-1', '2025-12-31', 1000, {
							orderReference: 'PO-77',
							payments: [
								{ date: '2026-01-10', amount: 200 },
								{ date: '2026-02-01', amount: 100.5 },
							],
						}),
					],
				}),
			);
			expect(text).toContain(fr ? 'Contrat ou commande : C-2025-17' : 'Contract or order: C-2025-17');
			expect(text).toContain(fr ? 'Références de commande : F-1 → PO-77' : 'Order references: F-1 → PO-77');
			expect(text).toContain(
				fr
					? 'Règlements reçus : F-1 : 200,00 € le 10 janvier 2026, 100,50 € le 1er février 2026'
					: 'Payments received: F-1: €200.00 on 10 January 2026, €100.50 on 1 February 2026',
			);
		},
	);

	it.each(['fr', 'en'] as const)('19. a first reminder keeps the instalment offer (%s)', async (language) => {
		const { text } = await letter(noticeInput({ language, kind: 'firstReminder', instalments: 3 }));
		expect(text).toContain(
			language === 'fr'
				? 'nous acceptons un règlement en 3 mensualités (3 × 411,50 €)'
				: 'we will accept payment in 3 monthly instalments',
		);
		expect(text).toContain(
			language === 'fr' ? 'la première au plus tard le 28 février 2026' : 'the first by 28 February 2026 at the latest',
		);
	});

	it('20. registry mentions: SIREN or SIRET by length, RCS city, legal form and share capital', async () => {
		const base = noticeInput();
		const siret = await letter({
			...base,
			creditor: { ...base.creditor, siren: '51234567800021', rcsCity: 'Lyon', shareCapital: 10000 },
		});
		expect(siret.text).toContain('SARL au capital de 10 000 € – RCS Lyon 512 345 678 – SIRET 512 345 678 00021');
		expect(siret.notice.check.warnings.join('\n')).not.toContain('RCS');
		const siren = await letter({ ...base, language: 'en', creditor: { ...base.creditor, shareCapital: '7 500 €' } });
		expect(siren.text).toContain('SARL with a share capital of 7 500 € – SIREN 512 345 678');
		expect(siren.text).not.toContain('SIRET');
		expect(siren.notice.check.warnings.join('\n')).toContain('RCS registry city');
	});

	it.each(['fr', 'en'] as const)(
		'21. an invitation to dispute by a date, to a named contact (%s)',
		async (language) => {
			const base = noticeInput({ language, kind: 'secondReminder' });
			const { text } = await letter({ ...base, creditor: { ...base.creditor, contactName: 'Julie Martin' } });
			expect(text).toContain(
				language === 'fr'
					? 'Si vous contestez tout ou partie de ces sommes, nous vous invitons à nous en faire connaître les motifs par écrit avant le 28 février 2026, auprès de Julie Martin (Atelier Lefèvre & Fils, compta@atelier-lefevre.fr, 04 72 00 00 00).'
					: 'If you dispute all or part of these sums, please set out your reasons in writing by 28 February 2026 to Julie Martin (Atelier Lefèvre & Fils, compta@atelier-lefevre.fr, 04 72 00 00 00).',
			);
		},
	);

	it('22. the e-mail text carries the creditor identity, the date, the reference and the penalty detail', async () => {
		const { notice, composed } = await letter(noticeInput({ kind: 'secondReminder' }));
		const text = flat(notice.text);
		for (const part of [
			'Atelier Lefèvre & Fils',
			'SARL – SIREN 512 345 678',
			'12, rue de la République',
			'69002 Lyon',
			'Lyon, le 20 février 2026',
			'Réf. : MED-2026-0042',
			`Objet : ${notice.subject}`,
			'51 j de retard',
			...composed.penaltyDetail,
		]) {
			expect(text).toContain(flat(part));
		}
	});
});

describe('issue #14 — French and English', () => {
	it.each(['fr', 'en'] as const)(
		'23–24. singular and plural agree with the count; dates share month and year (%s)',
		async (language) => {
			const fr = language === 'fr';
			const one = await letter(
				noticeInput({
					language,
					kind: 'secondReminder',
					previousReminders: [{ date: '2026-02-05' }],
					date: '2026-02-20',
				}),
			);
			expect(one.text).toContain(
				fr
					? 'Malgré notre relance du 5 février 2026, la facture n° F-2025-118, échue depuis le 31 décembre 2025 (51 jours de retard), demeure impayée.'
					: 'Despite our reminder of 5 February 2026, invoice no. F-2025-118, due on 31 December 2025 (51 days overdue), remains unpaid.',
			);
			expect(flat(one.notice.subject)).toBe(
				fr
					? 'Deuxième relance – facture n° F-2025-118 impayée – 1 295,46 €'
					: 'Second reminder – unpaid invoice no. F-2025-118 – €1,295.46',
			);
			const two = await letter(
				noticeInput({
					language,
					kind: 'secondReminder',
					previousReminders: [{ date: '2026-02-05' }, { date: '2026-02-15' }],
					invoices: [invoice('F-A', '2025-06-15', 100, { issueDate: '2025-05-15' }), invoice('F-B', '2025-12-01', 200)],
					rates: { ecb: { '2025-H1': 3.15 } },
				}),
			);
			expect(two.text).toContain(
				fr
					? 'Malgré nos relances des 5 et 15 février 2026, les factures n° F-A et F-B, échues depuis les 15 juin et 1er décembre 2025, demeurent impayées.'
					: 'Despite our reminders of 5 and 15 February 2026, invoices nos. F-A and F-B, due on 15 June and 1 December 2025, remain unpaid.',
			);
			expect(flat(two.notice.subject)).toBe(
				fr
					? 'Deuxième relance – factures n° F-A et F-B impayées – 393,76 €'
					: 'Second reminder – unpaid invoices nos. F-A and F-B – €393.76',
			);
		},
	);

	it.each(['fr', 'en'] as const)(
		'25–26. "1 jour" / "1 day", and "1er" for the first of the month (%s)',
		async (language) => {
			const fr = language === 'fr';
			const { text } = await letter(
				noticeInput({
					language,
					kind: 'secondReminder',
					date: '2026-02-21',
					invoices: [invoice('F-1', '2026-02-20', 100, { issueDate: '2026-01-20' })],
					paymentDeadlineDays: 8,
					previousReminders: [{ date: '2026-02-21' }],
				}),
			);
			expect(text).toContain(fr ? '(1 jour de retard)' : '(1 day overdue)');
			expect(text).not.toMatch(/1 jours|1 days/);
			const first = await letter(
				noticeInput({
					language,
					kind: 'secondReminder',
					date: '2026-02-21',
					previousReminders: [{ date: '2026-02-01' }],
				}),
			);
			expect(first.text).toContain(
				fr ? 'Malgré notre relance du 1er février 2026' : 'Despite our reminder of 1 February 2026',
			);
			expect(first.text).toContain(fr ? 'soit au plus tard le 1er mars 2026' : 'that is by 1 March 2026');
		},
	);

	it('27. fixed units carry non-breaking spaces in the words of the letter', () => {
		for (const language of ['fr', 'en'] as const) {
			const composed = composeNotice(noticeInput({ language, kind: 'secondReminder' }));
			const words = [composed.subject, ...composed.before, ...composed.after, ...composed.totals.map((t) => t[0])].join(
				'\n',
			);
			if (language === 'fr') {
				for (const unit of [
					'40\u00a0€',
					'n°\u00a0F-2025-118',
					'article\u00a0L441-10',
					'article\u00a0D441-5',
					'art.\u00a0L441-10',
					'20\u00a0février\u00a02026'.replace('20', '28'),
					'8\u00a0jours',
				])
					expect(words).toContain(unit);
				expect(words).not.toMatch(/ [:;]/);
			} else {
				for (const unit of ['no.\u00a0F-2025-118', 'Article\u00a0L441-10', 'Article\u00a0D441-5', '8\u00a0days'])
					expect(words).toContain(unit);
			}
		}
	});

	it('28. a personal salutation and closing when the contact is named', async () => {
		const base = noticeInput();
		const cases: Array<[NoticeInput, string, string]> = [
			[
				noticeInput({ debtor: { ...base.debtor, contactName: 'Mme Claire Durand' } }),
				'Madame Durand,',
				'Nous vous prions d’agréer, Madame, l’expression de nos salutations distinguées.',
			],
			[
				noticeInput({ debtor: { ...base.debtor, contactName: 'M. François Régnier, gérant' } }),
				'Monsieur Régnier,',
				'Nous vous prions d’agréer, Monsieur, l’expression',
			],
			[
				noticeInput({ language: 'en', debtor: { ...base.debtor, contactName: 'Ms Claire Durand' } }),
				'Dear Ms Durand,',
				'Yours sincerely,',
			],
			[
				noticeInput({ debtor: { ...base.debtor, contactName: 'Service comptabilité' } }),
				'Madame, Monsieur,',
				'Nous vous prions d’agréer, Madame, Monsieur,',
			],
			[
				noticeInput({ language: 'en', debtor: { ...base.debtor, contactName: undefined } }),
				'Dear Sir or Madam,',
				'Yours faithfully,',
			],
		];
		for (const [input, salutation, closing] of cases) {
			const { text } = await letter(input);
			expect(text).toContain(salutation);
			expect(text).toContain(closing);
		}
	});

	it('29. an English formal notice demands, it does not ask', async () => {
		const { text } = await letter(noticeInput({ language: 'en' }));
		expect(text).toContain('We hereby formally demand payment of the sum of €1,295.46');
		expect(text).toContain('Payment of €1,295.46 must be made within 8 days of your receipt of this letter');
		expect(text).not.toMatch(/Please pay|We hereby give you formal notice to pay/);
	});

	it.each(['fr', 'en'] as const)(
		'30. 60 invoices: a short subject, a summary, the full table in an annex; the signature never alone (%s)',
		async (language) => {
			const fr = language === 'fr';
			const invoices = Array.from({ length: 60 }, (_, i) =>
				invoice(`F-2025-${String(i + 1).padStart(4, '0')}`, '2025-12-01', 100 + i),
			);
			const { notice, text, layout } = await letter(noticeInput({ language, invoices }));
			expect(flat(notice.subject)).toBe(
				fr
					? 'MISE EN DEMEURE DE PAYER – 60 factures – 10 379,61 €'
					: 'FORMAL NOTICE TO PAY (mise en demeure) – 60 invoices – €10,379.61',
			);
			expect(text).toContain(
				fr
					? 'les 60 factures détaillées en annexe, échues depuis le 1er décembre 2025, demeurent impayées'
					: 'the 60 invoices listed in the annex, due on 1 December 2025, remain unpaid',
			);
			expect(text).toContain(
				fr ? 'Récapitulatif des 60 factures (détail en annexe)' : 'Summary of the 60 invoices (listed in the annex)',
			);
			expect(text).toContain(fr ? 'Annexe – détail des 60 factures' : 'Annex – the 60 invoices');
			expect(text).toContain(
				fr ? 'Copie des 60 factures listées en annexe' : 'Copies of the 60 invoices listed in the annex',
			);
			for (const i of invoices) expect(text).toContain(i.number);
			// The signatory's page also carries the closing and the last paragraph of the letter.
			const pages = layout.split('\f');
			const signed = pages.find((p) => p.includes('Claire Lefèvre\n') || /^\s+Claire Lefèvre\s*$/m.test(p)) as string;
			expect(flat(signed)).toContain(fr ? 'vaut mise en demeure' : 'constitutes formal notice');
			expect(notice.amounts.indemnity).toBe(60 * 40);
		},
	);

	it('30. however long the body, the signature page carries the last paragraph and the closing', async () => {
		for (let n = 1; n <= 9; n++) {
			const invoices = Array.from({ length: n }, (_, i) =>
				invoice(`F-${i + 1}`, '2025-12-01', 100, {
					payments: [
						{ date: '2026-01-05', amount: 10 },
						{ date: '2026-01-25', amount: 10 },
					],
				}),
			);
			const { layout } = await letter(noticeInput({ invoices, instalments: 3 }));
			const signed = layout.split('\f').find((p) => /^\s+Gérante\s*$/m.test(p)) as string;
			expect(flat(signed)).toContain('vaut mise en demeure');
			expect(flat(signed)).toContain('salutations distinguées');
		}
	});
});

describe('issue #14 — rates a letter needs', () => {
	let server: EcbServer;
	beforeAll(async () => {
		// The test server's 2026 value is test data, not an ECB decision.
		server = await ecbServer({ '2026-06-10': 2.0 });
	});
	afterAll(async () => server.close());
	beforeEach(() => clearEcbCache());

	it('31. 2024-H2 is in the table (ECB MRO 4.25 % on 1 July 2024 → 14.25 %)', async () => {
		const { notice, text } = await letter(
			noticeInput({
				date: '2024-08-01',
				invoices: [invoice('F-1', '2024-06-30', 1000, { issueDate: '2024-06-01' })],
				previousReminders: [],
			}),
		);
		expect(notice.penalties.invoices[0].slices).toEqual([
			{ from: '2024-07-01', to: '2024-08-01', days: 32, ratePercent: 14.25, base: 1000, interest: 12.49 },
		]);
		expect(text).toContain(flat('32 j × 14,25 % × 1 000,00 € / 365 = 12,49 €').replace(/\/ /g, '/'));
	});

	it('31. a half-year the table lacks: a clear error naming it and the override, unless ECB Rates Online is on', async () => {
		const input = noticeInput({ date: '2026-09-15' });
		const missing = await problems(input);
		expect(missing).toContain("No ECB main refinancing rate is known for 2026-H2: pass it as rates.ecb['2026-H2']");
		expect(missing).toContain('ECB Rates Online');
		const online = { get: httpGet, baseUrl: server.url, today: '2026-12-01' };
		const notice = await generateNotice(input, { ecbOnline: online });
		expect(notice.penalties.invoices[0].slices.map((s) => [s.from, s.ratePercent])).toEqual([
			['2026-01-01', 12.15],
			['2026-07-01', 12],
		]);
		expect(notice.check.warnings.join('\n')).toContain('ECB rate 2026-H2 = 2 % taken from the ECB Data Portal');
		expect(flat(pdfText(notice.pdf))).toContain('12,00 %');
		expect(server.requests.at(-1)).toBe(
			'/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=csvdata&detail=dataonly&endPeriod=2026-07-01&lastNObservations=1',
		);
		// Cached: the next letter asks nothing; a known half-year is never fetched.
		const before = server.requests.length;
		await generateNotice(noticeInput({ date: '2026-09-16' }), { ecbOnline: online });
		await generateNotice(noticeInput(), { ecbOnline: online });
		expect(server.requests.length).toBe(before);
	});

	it('31. the online source failing or not fixed yet stays a clear error naming the half-year and the override', async () => {
		server.status = 503;
		try {
			expect(
				await problems(noticeInput({ date: '2026-09-15' }), { get: httpGet, baseUrl: server.url, today: '2026-12-01' }),
			).toMatch(
				/No ECB main refinancing rate is known for 2026-H2 \(the ECB Data Portal was asked: the ECB Data Portal could not be read for 2026-H2 \(HTTP 503\)\): pass it as rates\.ecb\['2026-H2'\]/,
			);
		} finally {
			server.status = 200;
		}
		expect(
			await problems(noticeInput({ date: '2026-09-15' }), { get: httpGet, baseUrl: server.url, today: '2026-06-30' }),
		).toContain('the ECB rate for 2026-H2 is not fixed yet');
		expect(
			await computePenaltiesOnline(
				{
					debtorType: 'professional',
					invoices: [{ number: 'F', amount: 1000, dueDate: '2026-06-15' }],
					asOf: '2026-07-15',
				},
				{ get: httpGet, baseUrl: server.url, today: '2026-12-01' },
			),
		).toMatchObject({ totalInterest: expect.any(Number) });
	});

	it.each(['fr', 'en'] as const)('32. a first reminder needs no rate (%s)', async (language) => {
		const { notice, text } = await letter(noticeInput({ language, kind: 'firstReminder', date: '2026-09-15' }));
		expect(notice.amounts).toMatchObject({ interest: 0, indemnity: 0, totalClaimed: 1234.5 });
		expect(text).toContain(
			language === 'fr'
				? 'au taux de refinancement de la Banque centrale européenne majoré de 10 points'
				: 'at the European Central Bank refinancing rate plus 10 percentage points',
		);
		expect(notice.check.warnings.join('\n')).toContain('this first reminder claims no interest and needs none');
	});
});

describe('issue #14 — names, metadata and bounds', () => {
	it('PDF/A metadata: the XMP packet escapes & and < (well-formed XML)', async () => {
		const base = noticeInput();
		const notice = await generateNotice(
			{
				...base,
				creditor: { ...base.creditor, name: 'Atelier <Lefèvre> & Fils' },
				debtor: { ...base.debtor, name: 'Œuvre & Cie — Zoë d’Arc' },
			},
			{ pdfA: true },
		);
		const raw = notice.pdf.toString('utf8');
		const xmp = raw.slice(raw.indexOf('<?xpacket begin'), raw.indexOf('<?xpacket end'));
		expect(xmp).toContain('Atelier &lt;Lefèvre&gt; &amp; Fils');
		expect(xmp).toContain('Œuvre &amp; Cie — Zoë d’Arc');
		expect(xmp.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&|<(?![?/a-zA-Z])/);
		expect(flat(pdfText(notice.pdf))).toContain('Atelier <Lefèvre> & Fils');
		expect(poppler('pdfinfo', notice.pdf)).toContain('Atelier <Lefèvre> & Fils');
	});

	it('issue #16 item 9: what a letter may contain is bounded, each error naming the field', async () => {
		const base = noticeInput();
		const tooMany = Array.from({ length: 61 }, (_, i) => invoice(`F-${i}`, '2025-12-01', 10));
		expect(await problems(noticeInput({ invoices: tooMany }))).toContain(
			'invoices has 61 entries; at most 60 fit a letter (split the claim into several letters)',
		);
		expect(await problems(noticeInput({ invoices: [invoice('F'.repeat(41), '2025-12-01', 10)] }))).toContain(
			'invoices[0].number is longer than 40 characters (41)',
		);
		const payments = Array.from({ length: 21 }, () => ({ date: '2026-01-10', amount: 0.01 }));
		expect(await problems(noticeInput({ invoices: [invoice('F-1', '2025-12-01', 10, { payments })] }))).toContain(
			'invoices[0].payments has 21 entries; at most 20 per invoice',
		);
		expect(await problems({ ...base, debtor: { ...base.debtor, name: 'x'.repeat(301) } })).toContain(
			'debtor.name is longer than 300 characters (301)',
		);
		expect(await problems({ ...base, debtor: { ...base.debtor, address: 'x\n'.repeat(9) } })).toContain(
			'debtor.address has more than 8 lines',
		);
		expect(await problems({ ...base, reference: 'R'.repeat(101) })).toContain(
			'reference is longer than 100 characters',
		);
		const many = Array.from({ length: 7 }, (_, i) =>
			invoice(`F-${i}`, '2025-12-01', 100, {
				payments: Array.from({ length: 18 }, () => ({ date: '2026-01-10', amount: 1 })),
			}),
		);
		expect(await problems(noticeInput({ invoices: many }))).toContain(
			'invoices have 126 payments in all; at most 120 per letter',
		);
		// At the bounds a letter is written.
		const full = Array.from({ length: 60 }, (_, i) =>
			invoice(`F-${String(i).padStart(4, '0')}-${'X'.repeat(33)}`, '2025-12-01', 1000, {
				payments: [
					{ date: '2026-01-05', amount: 1 },
					{ date: '2026-01-25', amount: 1 },
				],
			}),
		);
		const { layout } = await letter({ ...base, invoices: full, debtor: { ...base.debtor, name: 'N'.repeat(300) } });
		// A 300-character name pushes the date line down instead of running over it.
		expect(
			layout
				.split('\n')
				.find((line) => line.includes('Lyon, le 20 février 2026'))
				?.trim(),
		).toBe('Lyon, le 20 février 2026');
	});
});

describe('issue #14 — the check of a custom second reminder', () => {
	it('refuses a custom second reminder that does not recall the earlier reminders', async () => {
		const template = {
			subject: 'Relance {{numero_facture}}',
			body: 'Merci de régler {{total_reclame}} avant le {{date_limite_paiement}} sur {{iban}} (pénalités L441-10, indemnité D441-5).',
		};
		expect(await problems(noticeInput({ kind: 'secondReminder', template }))).toContain('(previousReminders)');
		await letter(
			noticeInput({
				kind: 'secondReminder',
				template: { ...template, body: `${template.body}\n\nSuite à nos relances des {{dates_relances_precedentes}}.` },
			}),
		);
	});
});
