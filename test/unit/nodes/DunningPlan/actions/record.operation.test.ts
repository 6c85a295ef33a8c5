/** Dunning Plan → Record (nodes/DunningPlan/actions/record.operation.ts): ledger rows from plans, results and events. */
import type { IDataObject } from 'n8n-workflow';
import { DunningPlan } from '../../../../../nodes/DunningPlan/DunningPlan.node';
import { dunningContext } from '../../../../helpers/dunningContext';
import { canonicalId } from '../../../../../lib/dunning/reference';

const planItem: IDataObject = {
	asOf: '2026-05-10',
	debtorId: 'D02',
	debtorName: 'Garage Petit',
	step: 'firstReminder',
	channel: 'email',
	reference: 'R1-D02-0A1B2C3D',
	email: 'factures@garage-petit.example',
	invoiceNumbers: ['F-1'],
	amountDue: 1200,
};

async function record(
	recordFrom: string,
	inputs: IDataObject[],
	parameters: IDataObject = {},
	extra: { memory?: Set<string>; continueOnFail?: boolean } = {},
) {
	const memory = extra.memory ?? new Set<string>();
	const context = dunningContext({
		inputs: [inputs.map((json) => ({ json }))],
		parameters: { operation: 'record', recordFrom, ...parameters },
		memory,
		continueOnFail: extra.continueOnFail,
	});
	return { out: (await new DunningPlan().execute.call(context))[0], memory };
}

describe('Dunning Plan → Record', () => {
	it('a planned letter becomes a "planned" ledger row, paired, and n8n remembers nothing yet', async () => {
		const { out, memory } = await record('planned', [planItem]);
		expect(out).toEqual([
			{
				json: expect.objectContaining({
					reference: 'R1-D02-0A1B2C3D',
					debtorId: 'D02',
					step: 'firstReminder',
					state: 'planned',
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(memory.size).toBe(0);
	});

	it('a sending result becomes "sent" and is remembered by n8n; an error output becomes "failed" and is not', async () => {
		const sent = await record('result', [{ messageId: '<1@x>', accepted: ['factures@garage-petit.example'] }], {
			planItem,
			noticeSha256: 'ab'.repeat(32),
		});
		expect(sent.out[0].json).toMatchObject({ reference: 'R1-D02-0A1B2C3D', state: 'sent' });
		expect([...sent.memory].some((key) => key.startsWith(canonicalId('R1-D02-0A1B2C3D')))).toBe(true);
		const failed = await record('result', [{ error: 'Item 0: AR24 is in maintenance' }], { planItem });
		expect(failed.out[0].json).toMatchObject({ state: 'failed' });
		expect(failed.memory.size).toBe(0);
		const notRemembered = await record('result', [{ messageId: '<1@x>', accepted: ['x@y.z'] }], {
			planItem,
			options: { remember: false },
		});
		expect(notRemembered.memory.size).toBe(0);
	});

	it('an item that is not what Record expects names the item; Continue On Fail keeps it as an error item', async () => {
		await expect(record('result', [{ messageId: '<1@x>' }], { planItem: 'not json' })).rejects.toThrow(/^Item 0: /);
		const { out } = await record('planned', [planItem, { nothing: true }], {}, { continueOnFail: true });
		expect(out[0].json.state).toBe('planned');
		expect(out[1]).toMatchObject({ json: { error: expect.stringMatching(/^Item 1: /) }, pairedItem: { item: 1 } });
	});
});
