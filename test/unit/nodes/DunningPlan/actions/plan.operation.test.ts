/** Dunning Plan → Plan (nodes/DunningPlan/actions/plan.operation.ts) on a fake n8n context with its de-duplication memory. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DunningPlan } from '../../../../../nodes/DunningPlan/DunningPlan.node';
import { dunningContext } from '../../../../helpers/dunningContext';

/** One invoice row of the accounts-receivable export; due `late` days before 2026-05-10. */
function row(debtorId: string, late: number, fields: IDataObject = {}): IDataObject {
	const due = new Date(Date.UTC(2026, 4, 10 - late)).toISOString().slice(0, 10);
	return {
		invoice_number: `F-${debtorId}-${late}`,
		debtor_id: debtorId,
		debtor_name: `Client ${debtorId}`,
		debtor_type: 'professional',
		language: 'fr',
		debtor_email: `compta@${debtorId.toLowerCase()}.example`,
		debtor_siren: '512345678',
		debtor_address: '1 rue A\n75001 Paris',
		issue_date: '2026-01-02',
		due_date: due,
		amount: '1200.00',
		paid: '0',
		status: 'open',
		...fields,
	};
}
const items = (rows: IDataObject[]): INodeExecutionData[] => rows.map((json) => ({ json }));

async function plan(
	inputs: INodeExecutionData[][],
	parameters: IDataObject = {},
	extra: { continueOnFail?: boolean; memory?: Set<string>; withoutMemory?: boolean } = {},
) {
	const context = dunningContext({
		inputs,
		parameters: { operation: 'plan', asOf: '2026-05-10', ...parameters },
		...extra,
	});
	return (await new DunningPlan().execute.call(context))[0];
}

describe('Dunning Plan → Plan', () => {
	it('plans one letter per debtor once its oldest invoice is 5 days late, paired with its rows; no step is skipped', async () => {
		const out = await plan([items([row('A', 2), row('B', 6), row('C', 16), row('D', 31), row('B', 8)])]);
		const steps = Object.fromEntries(out.map((item) => [item.json.debtorId, item.json.step]));
		expect(steps).toEqual({ A: 'none', B: 'firstReminder', C: 'firstReminder', D: 'firstReminder' });
		const b = out.find((item) => item.json.debtorId === 'B');
		expect(b?.pairedItem).toEqual([
			{ item: 1, input: 0 },
			{ item: 4, input: 0 },
		]);
		expect(b?.json).toMatchObject({
			amountDue: 2400,
			invoiceNumbers: ['F-B-8', 'F-B-6'],
			reference: expect.stringMatching(/^R1-B-/),
		});
	});

	it('after the first reminder went out (its ledger row, as Record writes it), the second comes at D+15', async () => {
		const invoices = items([row('C', 16)]);
		const [first] = await plan([invoices], { asOf: '2026-04-30' });
		expect(first.json.step).toBe('firstReminder');
		const recorded = dunningContext({
			inputs: [[{ json: { messageId: '<1@x>', accepted: ['compta@c.example'] } }]],
			parameters: { operation: 'record', recordFrom: 'result', planItem: first.json },
		});
		const ledger = (await new DunningPlan().execute.call(recorded))[0];
		expect((await plan([invoices, ledger], { asOf: '2026-05-03' }))[0].json.step).toBe('none');
		expect((await plan([invoices, ledger]))[0].json).toMatchObject({
			step: 'secondReminder',
			previousSteps: expect.arrayContaining([expect.objectContaining({ step: 'firstReminder' })]),
		});
	});

	it('a ledger row saying a letter went out today means no second letter; the settings move the steps', async () => {
		const [first] = (await plan([items([row('B', 6)])])).map((item) => item.json);
		const ledger = items([
			{ reference: first.reference, debtorId: 'B', step: 'firstReminder', state: 'sent', businessDate: '2026-05-10' },
		]);
		expect((await plan([items([row('B', 6)]), ledger]))[0].json.step).toBe('none');
		expect(
			(await plan([items([row('B', 6)])], { firstReminderDays: 10, secondReminderDays: 20, formalNoticeDays: 40 }))[0]
				.json.step,
		).toBe('none');
	});

	it('a bad row fails its debtor only (Continue On Fail), naming the item and the column; without it the node stops', async () => {
		const rows = items([row('A', 6), row('B', 6, { amount: 'abc' })]);
		const out = await plan([rows], {}, { continueOnFail: true });
		expect(out.map((item) => item.json.error ?? item.json.step)).toEqual([
			'firstReminder',
			expect.stringMatching(/^Debtor B: nothing planned — Invoice item 1 \(debtor B\): column "amount"/),
		]);
		expect(out[1].pairedItem).toEqual([{ item: 1, input: 0 }]);
		await expect(plan([rows])).rejects.toThrow(/^Debtor B: nothing planned — Invoice item 1/);
	});

	it('settings that cannot work are refused by name', async () => {
		await expect(plan([items([row('A', 6)])], { asOf: 'tomorrow' })).rejects.toThrow(
			'"As Of" is "tomorrow", not a date',
		);
		await expect(plan([items([row('A', 6)])], { firstReminderDays: 20, secondReminderDays: 15 })).rejects.toThrow(
			/The steps must come in order/,
		);
	});

	it('a letter n8n remembers as sent is not planned again even when the ledger lost it', async () => {
		const memory = new Set<string>();
		const [first] = await plan([items([row('B', 6)])], {}, { memory });
		const record = dunningContext({
			inputs: [[{ json: { messageId: '<1@x>', accepted: ['compta@b.example'] } }]],
			parameters: { operation: 'record', recordFrom: 'result', planItem: first.json },
			memory,
		});
		await new DunningPlan().execute.call(record);
		expect((await plan([items([row('B', 6)])], {}, { memory }))[0].json.step).toBe('none');
	});
});
