/**
 * The Dunning Plan's policy run the way it is used: every day for 60 days on the scenario's changing export,
 * with the ledger it writes read back the next day. Each debtor's letters are exactly those the policy demands.
 */
import { foldLedger } from '../../../../lib/dunning/ledger';
import { simulate, timelines } from '../../../helpers/dunningSim';

describe('60 days of the dunning policy (in-process, examples/data/dunning-60-days.json)', () => {
	const run = simulate();
	const lines = timelines(run.sent);

	it('sends each debtor exactly the letters the policy demands, on the right days', () => {
		expect(lines).toEqual({
			// paid in full on 28 April, after the first reminder: nothing after it
			D01: ['2026-04-25 firstReminder email F-2026-0201'],
			// never pays: D+7 (first day of the run), D+15, D+30 by qualified LRE
			D02: [
				'2026-04-17 firstReminder email F-2026-0202',
				'2026-04-25 secondReminder email F-2026-0202',
				'2026-05-10 formalNotice lre F-2026-0202',
			],
			// disputed from 22 April to 20 May: the sequence pauses, then resumes (7 days between letters)
			D03: [
				'2026-04-20 firstReminder email F-2026-0203',
				'2026-05-20 secondReminder email F-2026-0203',
				'2026-05-27 formalNotice lre F-2026-0203',
			],
			// promise to pay until 15 May, not kept: the formal notice goes on the 16th
			D04: [
				'2026-04-17 firstReminder email F-2026-0204',
				'2026-04-27 secondReminder email F-2026-0204',
				'2026-05-16 formalNotice lre F-2026-0204',
			],
			// reminded before the ledger existed; the invoice that appears on 20 April starts its own sequence
			D05: [
				'2026-05-01 formalNotice lre F-2026-0205',
				'2026-05-25 firstReminder email F-2026-0206',
				'2026-06-04 secondReminder email F-2026-0206',
			],
			// an individual without consent: the formal notice needs a paper letter (no LRE)
			D06: [
				'2026-04-17 firstReminder email F-2026-0207',
				'2026-04-25 secondReminder email F-2026-0207',
				'2026-05-10 formalNotice paper F-2026-0207',
			],
			// an individual who consented: qualified LRE
			D07: [
				'2026-04-25 firstReminder email F-2026-0208',
				'2026-05-05 secondReminder email F-2026-0208',
				'2026-05-20 formalNotice lre F-2026-0208',
			],
			// the LRE bounces on 5 May: the next run asks for a paper letter for the same invoice
			D08: [
				'2026-04-20 secondReminder email F-2026-0209',
				'2026-05-05 formalNotice lre F-2026-0209',
				'2026-05-06 formalNotice paper F-2026-0209',
			],
			// two invoices due the same day share every letter; a part payment keeps them in the sequence
			D09: [
				'2026-04-30 firstReminder email F-2026-0210+F-2026-0211',
				'2026-05-10 secondReminder email F-2026-0210+F-2026-0211',
				'2026-05-25 formalNotice lre F-2026-0210+F-2026-0211',
			],
			// paid in full on 8 May, after the second reminder
			D10: ['2026-04-25 firstReminder email F-2026-0212', '2026-05-05 secondReminder email F-2026-0212'],
			// its e-mail address could not be read until it was corrected on 5 May: no step is skipped
			D11: [
				'2026-05-05 firstReminder email F-2026-0213',
				'2026-05-12 secondReminder email F-2026-0213',
				'2026-05-20 formalNotice lre F-2026-0213',
			],
		});
	});

	it('never sends one reference twice, nor two formal notices for the same invoices', () => {
		const references = run.sent.map((s) => s.reference);
		expect(new Set(references).size).toBe(references.length);
		const notices = run.sent
			.filter((s) => s.step === 'formalNotice' && s.channel !== 'paper')
			.map((s) => `${s.debtorId}:${s.invoices.join('+')}`);
		expect(new Set(notices).size).toBe(notices.length);
	});

	it('posts each paper letter once (LRE Send on Maileva) and records its acknowledgement of receipt', () => {
		const paper = [...foldLedger(run.ledger).values()]
			.filter((l) => l.channel === 'paper')
			.map((l) => `${l.debtorId} ${l.takenOn} ${l.state}`);
		expect(paper.sort()).toEqual(['D06 2026-05-10 accepted', 'D08 2026-05-06 accepted']);
	});

	it('reports the unreadable row every day until it is fixed, and only for that debtor', () => {
		const days = [...run.errors.keys()];
		expect(days[0]).toBe('2026-04-17');
		expect(days.at(-1)).toBe('2026-05-04');
		expect(days).toHaveLength(18);
		for (const messages of run.errors.values()) {
			expect(messages).toEqual([
				expect.stringMatching(
					/^Invoice item \d+ \(debtor D11\): column "debtor_email" is "compta@faure", not an e-mail address$/,
				),
			]);
		}
	});

	it('says every day why nothing is sent', () => {
		const d01 = run.plans.get('D01') ?? [];
		expect(d01.find((p) => p.asOf === '2026-05-10')?.reason).toBe('no invoice to chase (paid)');
		const d03 = run.plans.get('D03') ?? [];
		expect(d03.find((p) => p.asOf === '2026-05-01')?.reason).toMatch(/disputed/);
		const d04 = run.plans.get('D04') ?? [];
		expect(d04.find((p) => p.asOf === '2026-05-10')?.reason).toBe(
			'no invoice to chase (promise to pay until 2026-05-15)',
		);
		const d12 = run.plans.get('D12') ?? [];
		expect(d12.at(-1)).toMatchObject({ asOf: '2026-06-15', step: 'none', nextStepOn: '2026-06-17' });
		const d02 = run.plans.get('D02') ?? [];
		expect(d02.at(-1)?.reason).toBe(
			'formal notice already sent on 2026-05-10: the next step (court action or settlement) is outside this plan',
		);
	});

	it('gives the formal notice its earlier reminders and the consent evidence', () => {
		const med = (run.plans.get('D07') ?? []).find((p) => p.step === 'formalNotice');
		expect(med?.previousReminders).toBe('2026-04-25, 2026-05-05');
		expect(med?.consentAllowed).toBe(true);
		expect(med?.consent).toHaveLength(1);
		const paper = (run.plans.get('D06') ?? []).find((p) => p.step === 'formalNotice');
		expect(paper).toMatchObject({ channel: 'paper', consentAllowed: false });
		expect(paper?.reference).toMatch(/^LRAR-D06-[0-9A-F]{8}$/);
		const external = (run.plans.get('D05') ?? []).find((p) => p.step === 'formalNotice');
		expect(external?.previousReminders).toBe('2026-04-06, 2026-04-16');
	});
});
