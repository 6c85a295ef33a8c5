/**
 * The Dunning Plan node in-process (a fake n8n context with n8n's de-duplication helpers over a Map): errors that
 * name the row and the column while the other debtors go on, and n8n's memory of sent letters as the safety net.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { dunningContext } from '../helpers/dunningContext';
import { DunningPlan } from '../../nodes/DunningPlan/DunningPlan.node';
import { csvOf, loadScenario, rowsOn } from '../../demo/scenario';
import { canonicalId } from '../../lib/dunning/reference';

const ROOT = join(__dirname, '..', '..');
const node = new DunningPlan();
const items = (rows: Array<Record<string, unknown>>): INodeExecutionData[] =>
	rows.map((json) => ({ json: json as INodeExecutionData['json'] }));
const scenario = loadScenario(ROOT);
const consents = items(JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'consents.json'), 'utf8')));

async function run(
	inputs: INodeExecutionData[][],
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean; memory?: Set<string>; withoutMemory?: boolean } = {},
) {
	const context = dunningContext({
		inputs,
		parameters: { operation: 'plan', asOf: '2026-05-10', ...parameters },
		...extra,
	});
	const [out] = await node.execute.call(context);
	return { out, memory: context.memory };
}

async function record(
	recordFrom: string,
	input: INodeExecutionData[],
	memory: Set<string>,
	parameters: Record<string, unknown> = {},
) {
	const context = dunningContext({
		inputs: [input],
		parameters: { operation: 'record', recordFrom, ...parameters },
		memory,
	});
	return (await node.execute.call(context))[0].map((i) => i.json);
}

describe('Dunning Plan node (in-process)', () => {
	it('plans every debtor once, paired with its invoice rows', async () => {
		const rows = rowsOn(scenario, '2026-05-10');
		const { out } = await run([items(rows), [{ json: {} }], consents]);
		expect(out.map((i) => i.json.debtorId)).toEqual([
			'D01',
			'D02',
			'D03',
			'D04',
			'D05',
			'D06',
			'D07',
			'D08',
			'D09',
			'D10',
			'D11',
		]);
		const d09 = out.find((i) => i.json.debtorId === 'D09');
		expect(d09?.pairedItem).toEqual([
			{ item: 9, input: 0 },
			{ item: 10, input: 0 },
		]);
		// D11's e-mail address cannot be read: without Continue On Fail the node stops and says where
	});

	it('a bad row gets an error naming the row and the column, nothing is planned for that debtor, the others go on', async () => {
		const rows = rowsOn(scenario, '2026-05-10').filter((r) => r.debtor_id !== 'D11');
		const bad: Array<Record<string, unknown>> = [
			{ ...rows[1], invoice_number: 'X-1', due_date: '' },
			{ ...rows[2], invoice_number: 'X-2', debtor_id: 'D03', amount: '' },
			{ ...rows[3], invoice_number: 'X-3', debtor_id: 'D04', due_date: '12/04/2026' },
			{ ...rows[4], invoice_number: 'X-4', debtor_id: 'D05', amount: '-120.00' },
		];
		const ledger = [
			{ json: { reference: 'R1-D06-00000000', debtorId: 'D06', state: 'snt', businessDate: '2026-04-17' } },
		];
		const { out } = await run([items([...rows, ...bad]), ledger, consents], {}, { continueOnFail: true });
		const errors = Object.fromEntries(
			out
				.filter((i) => i.json.error)
				.map((i) => [(i.json.details as { debtorId: string }).debtorId, String(i.json.error)]),
		);
		expect(errors).toEqual({
			D02: expect.stringMatching(
				/^Debtor D02: nothing planned — Invoice item \d+ \(debtor D02\): column "due_date" is empty: a date is required$/,
			),
			D03: expect.stringMatching(/column "amount" is empty: an amount is required$/),
			D04: expect.stringMatching(
				/column "due_date" is "12\/04\/2026", not a date like 2026-06-15 \(see "Date Format"\)$/,
			),
			D05: expect.stringMatching(/column "amount" is negative \(-120\): record a credit note/),
			D06: 'Debtor D06: nothing planned — Ledger item 0 (debtor D06): column "state" is "snt", not one of planned, sent, delivered, accepted, refused, negligence, bounced, providerFailed, paperNeeded, failed, dataError',
		});
		const planned = out.filter((i) => !i.json.error).map((i) => i.json.debtorId);
		expect(planned).toEqual(['D01', 'D07', 'D08', 'D09', 'D10']);
		// what n8n routes to the error output and keeps whole: only error/details keys, no item.error
		for (const item of out.filter((i) => i.json.error)) {
			expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
			expect(item.error).toBeUndefined();
		}
	});

	it('without Continue On Fail, a bad row stops the node with the row and column in the message', async () => {
		const rows = rowsOn(scenario, '2026-04-20');
		await expect(run([items(rows), [], consents], { asOf: '2026-04-20' })).rejects.toThrow(
			/^Debtor D11: nothing planned — Invoice item 12 \(debtor D11\): column "debtor_email" is "compta@faure", not an e-mail address$/,
		);
	});

	it('reads French dates when told so, and refuses ISO ones then only if they are not dates', async () => {
		const rows = rowsOn(scenario, '2026-05-10')
			.filter((r) => r.debtor_id === 'D02')
			.map((r) => ({ ...r, issue_date: '11/03/2026', due_date: '10/04/2026' }));
		const { out } = await run([items(rows), [], consents], { dateFormat: 'dmy' });
		expect(out[0].json).toMatchObject({ step: 'firstReminder', daysLate: 30 });
	});

	it("a lost ledger does not plan a letter twice: n8n's own memory knows what Record wrote", async () => {
		const memory = new Set<string>();
		const rows = items(rowsOn(scenario, '2026-05-10'));
		const day1 = await run([rows, [], consents], {}, { continueOnFail: true, memory });
		const d02 = day1.out.find((i) => i.json.debtorId === 'D02') as INodeExecutionData;
		expect(d02.json).toMatchObject({ step: 'firstReminder', channel: 'email' });
		// The workflow sends it and records the result (not the ledger: it is lost right after).
		await record('result', [{ json: { messageId: '<1@x>', accepted: ['factures@garage-petit.example'] } }], memory, {
			planItem: d02.json,
		});
		const again = await run([rows, [], consents], {}, { continueOnFail: true, memory });
		expect(again.out.find((i) => i.json.debtorId === 'D02')?.json).toMatchObject({
			step: 'none',
			reference: '',
			reason: expect.stringMatching(/nothing due today|last letter on 2026-05-10/),
		});
		// a week later the ledger is still lost, but the next step is planned from the remembered day
		const later = await run([rows, [], consents], { asOf: '2026-05-17' }, { continueOnFail: true, memory });
		expect(later.out.find((i) => i.json.debtorId === 'D02')?.json).toMatchObject({ step: 'secondReminder' });
		// the look-ups left nothing recorded but what Record wrote
		expect([...memory].filter((k) => !k.startsWith(canonicalId(String(d02.json.reference))))).toEqual([]);
		// and Forget lets it be planned again
		const forgetContext = dunningContext({
			inputs: [[{ json: {} }]],
			parameters: { operation: 'forget', references: String(d02.json.reference) },
			memory,
		});
		await node.execute.call(forgetContext);
		expect(memory.size).toBe(0);
	});

	it('a send that failed is planned again, with the same reference', async () => {
		const memory = new Set<string>();
		const rows = items(rowsOn(scenario, '2026-05-10'));
		const { out } = await run([rows, [], consents], {}, { continueOnFail: true, memory });
		const d02 = out.find((i) => i.json.debtorId === 'D02') as INodeExecutionData;
		const ledger = [
			...(await record('planned', [d02], memory)),
			...(await record('result', [{ json: { error: 'Item 0: AR24 is in maintenance' } }], memory, {
				planItem: d02.json,
			})),
		];
		expect(memory.size).toBe(0);
		const next = await run([rows, items(ledger), consents], { asOf: '2026-05-11' }, { continueOnFail: true, memory });
		expect(next.out.find((i) => i.json.debtorId === 'D02')?.json).toMatchObject({
			step: 'firstReminder',
			reference: d02.json.reference,
			replanned: true,
		});
	});

	it('fails closed when n8n offers no memory helpers, and says how to go on', async () => {
		await expect(
			run([items(rowsOn(scenario, '2026-05-10')), [], consents], {}, { withoutMemory: true, continueOnFail: true }),
		).rejects.toThrow('This n8n does not offer its memory of processed items');
		const { out } = await run(
			[items(rowsOn(scenario, '2026-05-10')), [], consents],
			{ options: { checkMemory: false } },
			{ withoutMemory: true, continueOnFail: true },
		);
		expect(out).toHaveLength(11);
	});

	it('writes the CSV the scenario exports (round trip through the row reader)', () => {
		expect(csvOf(rowsOn(scenario, '2026-04-17')).split('\n')[0]).toBe(
			'invoice_number,debtor_id,debtor_name,debtor_type,language,debtor_email,debtor_siren,debtor_address,contact,issue_date,due_date,amount,paid,paid_date,status,promise_until,reminder1_date,reminder2_date',
		);
	});
});
