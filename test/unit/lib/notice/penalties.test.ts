import { computePenalties, PenaltyInputError } from '../../../../lib/notice/penalties';
import { MissingRateError } from '../../../../lib/notice/rates';

describe('computePenalties — B2B (L441-10)', () => {
	it('reproduces worked example A: €1,234.50 due 2025-12-31, as of 2026-02-20 → €20.96 + €40', () => {
		const result = computePenalties({
			debtorType: 'professional',
			invoices: [{ number: 'F-1', amount: 1234.5, dueDate: '2025-12-31' }],
			asOf: '2026-02-20',
		});
		expect(result.invoices[0]).toMatchObject({ daysLate: 51, interest: 20.96, indemnity: 40, outstanding: 1234.5 });
		expect(result.invoices[0].slices).toEqual([
			{ from: '2026-01-01', to: '2026-02-20', days: 51, ratePercent: 12.15, base: 1234.5, interest: 20.96 },
		]);
		expect(result).toMatchObject({ totalInterest: 20.96, totalIndemnity: 40, totalDue: 1295.46, warnings: [] });
	});

	it('reproduces worked example B: slices across 30 June at each half-year rate (€103.97)', () => {
		const result = computePenalties({
			debtorType: 'professional',
			invoices: [
				{ number: 'F-2', amount: 10000, dueDate: '2025-06-15', payments: [{ date: '2025-07-15', amount: 10000 }] },
			],
			asOf: '2025-09-01',
		});
		const [invoice] = result.invoices;
		expect(invoice.slices.map((s) => [s.from, s.to, s.days, s.ratePercent, s.interest])).toEqual([
			['2025-06-16', '2025-06-30', 15, 13.15, 54.04],
			['2025-07-01', '2025-07-15', 15, 12.15, 49.93],
		]);
		expect(invoice).toMatchObject({ interest: 103.97, indemnity: 40, outstanding: 0 });
	});

	it('slices across 31 December', () => {
		const [invoice] = computePenalties({
			debtorType: 'professional',
			invoices: [{ number: 'F-3', amount: 1000, dueDate: '2025-12-21' }],
			asOf: '2026-01-10',
		}).invoices;
		expect(invoice.slices.map((s) => [s.from, s.to, s.days, s.ratePercent])).toEqual([
			['2025-12-22', '2025-12-31', 10, 12.15],
			['2026-01-01', '2026-01-10', 10, 12.15],
		]);
	});

	it('reduces the base from the day after a partial payment', () => {
		const [invoice] = computePenalties({
			debtorType: 'professional',
			invoices: [
				{ number: 'F-4', amount: 1000, dueDate: '2026-01-31', payments: [{ date: '2026-02-10', amount: 400 }] },
			],
			asOf: '2026-02-20',
		}).invoices;
		expect(invoice.slices.map((s) => [s.from, s.to, s.days, s.base])).toEqual([
			['2026-02-01', '2026-02-10', 10, 1000],
			['2026-02-11', '2026-02-20', 10, 600],
		]);
		expect(invoice.interest).toBe(
			Math.round(((1000 * 0.1215 * 10) / 365) * 100) / 100 + Math.round(((600 * 0.1215 * 10) / 365) * 100) / 100,
		);
		expect(invoice.outstanding).toBe(600);
	});

	it('adds €40 per late invoice, none for an invoice not yet due', () => {
		const result = computePenalties({
			debtorType: 'professional',
			invoices: [
				{ number: 'A', amount: 100, dueDate: '2026-01-10' },
				{ number: 'B', amount: 200, dueDate: '2026-01-20' },
				{ number: 'C', amount: 300, dueDate: '2026-03-01' },
			],
			asOf: '2026-02-01',
		});
		expect(result.invoices.map((i) => i.indemnity)).toEqual([40, 40, 0]);
		expect(result.totalIndemnity).toBe(80);
		expect(result.totalOutstanding).toBe(600);
	});

	it('raises a contractual rate below 3 × the legal rate to that floor, with a warning', () => {
		const low = computePenalties({
			debtorType: 'professional',
			contractualRate: 5,
			invoices: [{ number: 'F', amount: 1000, dueDate: '2025-01-31' }],
			asOf: '2025-03-02',
		});
		expect(low.invoices[0].slices[0].ratePercent).toBe(11.13);
		expect(low.warnings[0]).toContain('below the legal floor');
		const high = computePenalties({
			debtorType: 'professional',
			contractualRate: 15,
			invoices: [{ number: 'F', amount: 1000, dueDate: '2025-01-31' }],
			asOf: '2025-03-02',
		});
		expect(high.invoices[0].slices[0].ratePercent).toBe(15);
		expect(high.warnings).toEqual([]);
	});

	it('refuses to guess an unknown half-year rate, and says which one to give', () => {
		const input = {
			debtorType: 'professional' as const,
			invoices: [{ number: 'F', amount: 1000, dueDate: '2026-06-15' }],
			asOf: '2026-07-15',
		};
		expect(() => computePenalties(input)).toThrow(MissingRateError);
		expect(() => computePenalties(input)).toThrow("rates.ecb['2026-H2']");
		const given = computePenalties({ ...input, rates: { ecb: { '2026-H2': 2.4 } } });
		expect(given.invoices[0].slices.map((s) => s.ratePercent)).toEqual([12.15, 12.4]);
	});
});

describe('computePenalties — B2C', () => {
	it('uses the legal rate from the formal notice date, without €40 (€500 → €2.12)', () => {
		const result = computePenalties({
			debtorType: 'individual',
			invoices: [
				{ number: 'C-1', amount: 500, dueDate: '2025-12-15', payments: [{ date: '2026-03-10', amount: 500 }] },
			],
			formalNoticeDate: '2026-01-10',
			asOf: '2026-03-31',
		});
		expect(result.invoices[0]).toMatchObject({ interest: 2.12, indemnity: 0 });
		expect(result.invoices[0].slices).toEqual([
			{ from: '2026-01-11', to: '2026-03-10', days: 59, ratePercent: 2.62, base: 500, interest: 2.12 },
		]);
	});

	it('takes the individual-creditor column when the creditor is an individual', () => {
		const result = computePenalties({
			debtorType: 'individual',
			creditorType: 'individual',
			invoices: [{ number: 'C-2', amount: 500, dueDate: '2025-12-15' }],
			formalNoticeDate: '2026-01-10',
			asOf: '2026-03-10',
		});
		expect(result.invoices[0].slices[0].ratePercent).toBe(6.67);
	});

	it('owes no interest before a formal notice, and says so', () => {
		const result = computePenalties({
			debtorType: 'individual',
			invoices: [{ number: 'C-3', amount: 500, dueDate: '2025-12-15' }],
			asOf: '2026-03-10',
		});
		expect(result.totalInterest).toBe(0);
		expect(result.warnings[0]).toContain('formal notice');
	});
});

describe('computePenalties — bad input', () => {
	it.each([
		[{ debtorType: 'company' }, 'debtorType'],
		[{ invoices: [] }, 'invoices must be a non-empty list'],
		[{ asOf: '20/02/2026' }, 'asOf must be a date'],
		[{ invoices: [{ number: 'X', amount: -5, dueDate: '2026-01-01' }] }, 'invoices[0].amount'],
		[{ invoices: [{ number: 'X', amount: 5, dueDate: '2026-02-30' }] }, 'invoices[0].dueDate'],
		[{ invoices: [{ number: '', amount: 5, dueDate: '2026-01-01' }] }, 'invoices[0].number'],
	])('refuses %j with a message naming the field', (patch, message) => {
		const input = {
			debtorType: 'professional',
			invoices: [{ number: 'F', amount: 10, dueDate: '2026-01-01' }],
			asOf: '2026-02-01',
			...patch,
		};
		expect(() => computePenalties(input as never)).toThrow(PenaltyInputError);
		expect(() => computePenalties(input as never)).toThrow(message);
	});
});

describe('computePenalties — issue #14', () => {
	it('counts days late to the payment that settled an invoice', () => {
		const [invoice] = computePenalties({
			debtorType: 'professional',
			invoices: [
				{
					number: 'F',
					amount: 500,
					dueDate: '2025-12-01',
					payments: [
						{ date: '2025-12-20', amount: 200 },
						{ date: '2026-01-10', amount: 300 },
					],
				},
			],
			asOf: '2026-02-20',
		}).invoices;
		expect(invoice).toMatchObject({ daysLate: 40, paid: 500, paidOn: '2026-01-10', outstanding: 0, indemnity: 40 });
	});

	it('reports the basis of every rate applied', () => {
		const input = {
			debtorType: 'professional' as const,
			invoices: [{ number: 'F', amount: 1000, dueDate: '2025-06-15' }],
			asOf: '2025-07-15',
		};
		expect(computePenalties(input).rates).toEqual([
			{ halfYear: '2025-H1', percent: 13.15, basis: 'ecb' },
			{ halfYear: '2025-H2', percent: 12.15, basis: 'ecb' },
		]);
		expect(computePenalties({ ...input, contractualRate: 10 }).rates).toEqual([
			{ halfYear: '2025-H1', percent: 11.13, basis: 'floor', contractualPercent: 10 },
			{ halfYear: '2025-H2', percent: 10, basis: 'contractual' },
		]);
	});

	it('computes no interest and needs no rate when asked (a first reminder)', () => {
		const result = computePenalties({
			debtorType: 'professional',
			invoices: [{ number: 'F', amount: 1000, dueDate: '2026-06-15' }],
			asOf: '2026-09-15',
			withoutInterest: true,
		});
		expect(result).toMatchObject({ totalInterest: 0, totalIndemnity: 40, rates: [] });
	});

	it.each([
		[{ contractualRate: 0 }, 'contractualRate must be a yearly rate in percent from 0.01 to 100'],
		[{ contractualRate: 150 }, 'contractualRate must be a yearly rate'],
		[{ rates: { ecb: { '2026-H1': 25 } } }, "rates.ecb['2026-H1'] must be a yearly rate in percent from 0 to 20"],
		[{ rates: { legalProfessionalCreditor: { '2026-H1': -1 } } }, 'from 0 to 30'],
		[{ rates: { bce: {} } }, 'rates.bce is not a rate table'],
		[
			{
				invoices: [{ number: 'F', amount: 10, dueDate: '2026-01-01', payments: [{ date: '2026-01-05', amount: 11 }] }],
			},
			'overpaid by 1.00 €',
		],
	])('refuses %j', (patch, message) => {
		const input = {
			debtorType: 'professional',
			invoices: [{ number: 'F', amount: 10, dueDate: '2026-01-01' }],
			asOf: '2026-02-01',
			...patch,
		};
		expect(() => computePenalties(input as never)).toThrow(message);
	});
});
