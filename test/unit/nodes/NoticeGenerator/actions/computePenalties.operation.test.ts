/** Notice Generator → Compute Penalties (nodes/NoticeGenerator/actions/computePenalties.operation.ts). */
import { NoticeGenerator } from '../../../../../nodes/NoticeGenerator/NoticeGenerator.node';
import { failureOf, runNode } from '../../../../helpers/n8nContext';

const invoice = (number: string, amount: number, payments: unknown[] = []) => ({
	number,
	issueDate: '2025-12-01',
	dueDate: '2025-12-31',
	amount,
	payments,
});
const compute = (parameters: Record<string, unknown>, continueOnFail = false, items = 1) =>
	runNode(new NoticeGenerator(), {
		credentials: {},
		parameters: {
			operation: 'computePenalties',
			debtorType: 'professional',
			asOf: '2026-02-20',
			options: {},
			...parameters,
		},
		items: Array.from({ length: items }, () => ({ json: {} })),
		continueOnFail,
	});

describe('Notice Generator → Compute Penalties', () => {
	it('professional debtor: interest per invoice, €40 per invoice, totals that add up; paired, no binary', async () => {
		const { out } = await compute({ invoices: JSON.stringify([invoice('F-1', 1234.5), invoice('F-2', 600)]) });
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].binary).toBeUndefined();
		const r = out[0].json as Record<string, number>;
		expect(r).toMatchObject({ asOf: '2026-02-20', totalIndemnity: 80 });
		expect(r.totalInterest).toBeGreaterThan(0);
		expect(r.totalDue).toBeCloseTo(1234.5 + 600 + r.totalInterest + 80, 2);
		// Interest is proportional to the principal (same dates, same rate).
		const one = (await compute({ invoices: [invoice('F-1', 1000)] })).out[0].json as Record<string, number>;
		const two = (await compute({ invoices: [invoice('F-1', 2000)] })).out[0].json as Record<string, number>;
		expect(two.totalInterest).toBeCloseTo(one.totalInterest * 2, 1);
	});

	it('a payment lowers the interest; an individual debtor owes no €40 indemnity', async () => {
		const full = (await compute({ invoices: [invoice('F-1', 1000)] })).out[0].json as Record<string, number>;
		const paid = (await compute({ invoices: [invoice('F-1', 1000, [{ date: '2026-01-10', amount: 500 }])] })).out[0]
			.json as Record<string, number>;
		expect(paid.totalInterest).toBeLessThan(full.totalInterest);
		const individual = (
			await compute({
				debtorType: 'individual',
				invoices: [invoice('F-1', 1000)],
				options: { formalNoticeDate: '2026-01-15' },
			})
		).out[0].json;
		expect(individual.totalIndemnity).toBe(0);
	});

	it('errors name the item and the field; Continue On Fail keeps the other items', async () => {
		expect((await failureOf(compute({ invoices: '[{"number": ' }))).message).toBe(
			'Item 0: "Invoices" is not valid JSON',
		);
		expect((await failureOf(compute({ invoices: [invoice('F-1', 1000)], asOf: '2026-02-31' }))).message).toBe(
			'Item 0: "As Of" must be a date YYYY-MM-DD, not "2026-02-31"',
		);
		expect((await failureOf(compute({ invoices: [invoice('F-1', 1000)], asOf: '2031-09-01' }))).message).toMatch(
			/^Item 0: "Rate Overrides \(JSON\)": /,
		);
		const { out } = await compute({ invoices: (i: number) => (i === 1 ? 'oops' : [invoice('F-1', 1000)]) }, true, 2);
		expect(out.map((item) => item.json.error ?? 'ok')).toEqual(['ok', 'Item 1: "Invoices" is not valid JSON']);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});
});
