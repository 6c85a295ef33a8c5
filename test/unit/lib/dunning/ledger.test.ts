import { foldLedger, readLedgerRow } from '../../../../lib/dunning/ledger';
import type { LedgerRow } from '../../../../lib/dunning/model';
import { plannedRow, resultRow, eventRow, dataErrorRow } from '../../../../lib/dunning/record';
import { canonicalId } from '../../../../lib/dunning/reference';

const plan = {
	asOf: '2026-05-10',
	debtorId: 'D02',
	step: 'formalNotice',
	channel: 'lre',
	reference: 'MED-D02-540B3280',
	invoiceNumbers: ['F-1', 'F-2'],
	amountDue: 1540,
	reason: '',
};
const at = (iso: string) => new Date(iso);

describe('ledger rows and their fold per reference', () => {
	it('keeps an outcome recorded before the "sent" row (a fast trigger), and the day the letter went out', () => {
		const rows: LedgerRow[] = [
			plannedRow(plan, at('2026-05-10T06:00:00Z')),
			eventRow(
				{
					event: 'accepted',
					letterId: '100001',
					reference: plan.reference,
					eventDate: '2026-05-10T08:00:05+02:00',
					proof: { fileName: 'p.pdf' },
				},
				at('2026-05-10T06:00:05Z'),
			),
			resultRow(plan, { letterId: '100001', state: 'pending' }, 'a'.repeat(64), at('2026-05-10T06:00:06Z')),
		];
		const letter = foldLedger(rows).get(canonicalId('MED-D02-540B3280'));
		expect(letter).toMatchObject({
			state: 'accepted',
			takenOn: '2026-05-10',
			letterId: '100001',
			proofFile: 'p.pdf',
			step: 'formalNotice',
			invoices: ['F-1', 'F-2'],
		});
	});

	it('does not let a re-run\'s "planned" or "failed" row make a sent letter unsent', () => {
		const rows = [
			resultRow(plan, { letterId: '100001' }, '', at('2026-05-10T06:00:00Z')),
			plannedRow({ ...plan, asOf: '2026-05-11' }, at('2026-05-11T06:00:00Z')),
			resultRow({ ...plan, asOf: '2026-05-11' }, { error: 'AR24 timeout' }, '', at('2026-05-11T06:00:01Z')),
		];
		expect(foldLedger(rows).get(canonicalId('MED-D02-540B3280'))).toMatchObject({
			state: 'sent',
			takenOn: '2026-05-10',
		});
	});

	it('a failed send stays unsent (so it is planned again), with its error', () => {
		const rows = [
			plannedRow(plan, at('2026-05-10T06:00:00Z')),
			resultRow(
				plan,
				{ error: 'Item 0: AR24 is in maintenance', details: { description: 'run it again' } },
				'',
				at('2026-05-10T06:00:01Z'),
			),
		];
		expect(foldLedger(rows).get(canonicalId('MED-D02-540B3280'))).toMatchObject({
			state: 'failed',
			takenOn: '',
			error: 'Item 0: AR24 is in maintenance — run it again',
		});
	});

	it('reads rows back as a Data Table returns them (extra columns, numbers) and refuses what it cannot read, naming row and column', () => {
		const row = {
			id: 7,
			createdAt: '2026-05-10T06:00:00.000Z',
			...resultRow(plan, { letterId: '100001' }, '', at('2026-05-10T06:00:00Z')),
		};
		expect(readLedgerRow(row, 3)).toMatchObject({ reference: plan.reference, state: 'sent', amount: 1540 });
		expect(readLedgerRow({ id: 8, createdAt: 'x', updatedAt: 'y' }, 4)).toBeUndefined();
		expect(() => readLedgerRow({ ...row, state: 'snt' }, 5)).toThrow(
			'Ledger item 5 (debtor D02): column "state" is "snt", not one of',
		);
		expect(() => readLedgerRow({ ...row, businessDate: '10/05/2026' }, 6)).toThrow(
			'Ledger item 6 (debtor D02): column "businessDate" is "10/05/2026", not a date like 2026-06-15',
		);
		expect(() => readLedgerRow({ ...row, reference: '' }, 9)).toThrow('column "reference" is empty');
	});

	it('records what the send nodes say: LRE Send, an e-mail node, errors, and refuses what it cannot tell', () => {
		expect(resultRow(plan, { accepted: ['a@b.fr'], messageId: '<m1>' }).state).toBe('sent');
		expect(resultRow(plan, { accepted: [], rejected: ['a@b.fr'] }).state).toBe('failed');
		expect(() => resultRow(plan, { foo: 1 })).toThrow('cannot tell whether the letter was sent');
		expect(() => resultRow({ ...plan, step: 'none', reason: 'paid' }, { letterId: '1' })).toThrow(
			'no step is due for D02 (paid)',
		);
		// A paper letter is posted by LRE Send (Maileva): planned, then sent or failed like any other.
		expect(plannedRow({ ...plan, channel: 'paper' }).state).toBe('planned');
		expect(
			resultRow(
				{ ...plan, channel: 'paper' },
				{ letterId: '2c9f1e0a-0000-4000-8000-000000000001', type: 'postal', state: 'pending' },
			).state,
		).toBe('sent');
		// Maileva's postal letter type is the ledger's paper channel (a ledger row with "postal" would not read back).
		const ar = eventRow({
			event: 'accepted',
			letterId: '2c9f1e0a-0000-4000-8000-000000000001',
			reference: 'LRAR-D09-00000000',
			letter: { type: 'postal' },
			proof: { fileName: 'LRE_AccuseReception_x.pdf' },
		});
		expect(ar).toMatchObject({ channel: 'paper', state: 'accepted' });
		expect(readLedgerRow({ ...ar }, 0)).toMatchObject({ channel: 'paper' });
		expect(eventRow({ event: 'failed', letterId: '9', reference: 'MED-X-00000000' }).state).toBe('providerFailed');
		expect(() => eventRow({ event: 'accepted', letterId: '9', reference: '' })).toThrow('no case reference');
		const error = dataErrorRow({
			error: 'Debtor D11: nothing planned',
			details: { debtorId: 'D11', asOf: '2026-05-01' },
		});
		expect(error).toMatchObject({ reference: 'DATA-D11-2026-05-01', state: 'dataError', debtorId: 'D11' });
	});
});

import { readAmount, readDate } from '../../../../lib/dunning/values';
import { dayNumber, isoDay, plusDays } from '../../../../lib/time';

describe('day arithmetic and cell readers', () => {
	it('counts days like the calendar, across months, leap years and centuries', () => {
		for (const [iso, days, expected] of [
			['2026-02-28', 1, '2026-03-01'],
			['2024-02-28', 1, '2024-02-29'],
			['2026-12-31', 1, '2027-01-01'],
			['2000-02-28', 1, '2000-02-29'],
			['2100-02-28', 1, '2100-03-01'],
			['2026-06-15', -59, '2026-04-17'],
		] as const) {
			expect(plusDays(iso, days)).toBe(expected);
		}
		for (let n = dayNumber('1999-12-25'); n < dayNumber('2031-01-05'); n += 1)
			expect(isoDay(n)).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
	});

	it('reads dates strictly in the chosen format and amounts to the cent', () => {
		expect(readDate('2026-02-29', 'iso')).toBeUndefined();
		expect(readDate('2024-02-29', 'iso')).toBe('2024-02-29');
		expect(readDate('15/06/2026', 'iso')).toBeUndefined();
		expect(readDate('15/06/2026', 'dmy')).toBe('2026-06-15');
		expect(readDate('06/15/2026', 'mdy')).toBe('2026-06-15');
		expect(readDate('2026-06-14T22:30:00.000Z', 'iso')).toBe('2026-06-15');
		expect(readDate('2026-06-15T00:00:00', 'iso')).toBe('2026-06-15');
		expect(readAmount('1 234,50 €')).toBe(1234.5);
		expect(readAmount('1,234.50')).toBe(1234.5);
		expect(readAmount(1098.7500000000002)).toBe(1098.75);
		expect(readAmount('12.345')).toBeUndefined();
		expect(readAmount(12.345)).toBeUndefined();
		expect(readAmount('12,3,4')).toBeUndefined();
	});
});

import { planAll } from '../../../../lib/dunning/plan';
import { DEFAULT_POLICY } from '../../../../lib/dunning/model';
import { DEFAULT_COLUMNS, DEFAULT_STATUS_WORDS, readInvoiceRow } from '../../../../lib/dunning/rows';

describe('letters the Notice Generator accepts', () => {
	const options = {
		columns: DEFAULT_COLUMNS,
		dateFormat: 'iso' as const,
		statusWords: DEFAULT_STATUS_WORDS,
		defaultDebtorType: 'professional' as const,
		defaultLanguage: 'fr' as const,
	};
	const row = (i: number) => ({
		invoice_number: `F-${String(i).padStart(3, '0')}`,
		debtor_id: 'D1',
		debtor_name: 'Big SAS',
		debtor_email: 'a@b.fr',
		issue_date: '2026-03-01',
		due_date: `2026-04-${String(1 + (i % 20)).padStart(2, '0')}`,
		amount: '10.00',
	});

	it('puts at most 60 invoices in one letter, the oldest first, and says the rest follow', () => {
		const invoices = Array.from({ length: 75 }, (_, i) => readInvoiceRow(row(i), i, options));
		const [result] = planAll(
			{ asOf: '2026-05-10', policy: DEFAULT_POLICY, invoices, letters: new Map(), consents: [] },
			[],
			DEFAULT_COLUMNS,
		);
		const plan = 'plan' in result ? result.plan : undefined;
		expect(plan?.invoiceNumbers).toHaveLength(60);
		expect(plan?.invoices.every((i) => i.dueDate <= '2026-04-17')).toBe(true);
		expect(plan?.reason).toContain('60 invoices at most per letter: 15 more in the next letter');
	});

	it('refuses an invoice number longer than a letter can print', () => {
		expect(() => readInvoiceRow({ ...row(1), invoice_number: 'F'.repeat(41) }, 3, options)).toThrow(
			'column "invoice_number" is longer than 40 characters',
		);
	});
});
