/** The Dunning Plan node itself (nodes/DunningPlan/DunningPlan.node.ts): routing, inputs per operation, AI tool limits. */
import type { INode } from 'n8n-workflow';
import { DunningPlan } from '../../../../nodes/DunningPlan/DunningPlan.node';
import { dunningContext } from '../../../helpers/dunningContext';

const asTool = (context: ReturnType<typeof dunningContext>) => {
	const node = { ...context.getNode(), type: 'n8n-nodes-lre.dunningPlanTool' } as INode;
	return Object.assign(context, { getNode: () => node });
};
const planned = {
	asOf: '2026-05-10',
	debtorId: 'D1',
	step: 'firstReminder',
	channel: 'email',
	reference: 'R1-D1-00000001',
	email: 'a@b.example',
};

describe('Dunning Plan node', () => {
	it('Plan has three inputs (Invoices, Ledger, Consent Records), Record and Forget one', () => {
		expect(String(new DunningPlan().description.inputs)).toMatch(
			/\['record', 'forget'\]\.includes\(\$parameter\.operation\) \? \['main'\] : \[.*Invoices.*Ledger.*Consent Records/,
		);
	});

	it('an unknown operation is refused by name', async () => {
		await expect(
			new DunningPlan().execute.call(dunningContext({ inputs: [[{ json: {} }]], parameters: { operation: 'send' } })),
		).rejects.toThrow('The operation "send" is not supported');
	});

	it('as an AI tool, Record and Forget are off unless the switch is on; Plan works', async () => {
		const record = asTool(
			dunningContext({ inputs: [[{ json: planned }]], parameters: { operation: 'record', recordFrom: 'planned' } }),
		);
		await expect(new DunningPlan().execute.call(record)).rejects.toThrow(
			/^The operation "record" is off when this node is used as an AI tool/,
		);
		const allowed = asTool(
			dunningContext({
				inputs: [[{ json: planned }]],
				parameters: { operation: 'record', recordFrom: 'planned', allowWritesAsTool: true },
			}),
		);
		expect((await new DunningPlan().execute.call(allowed))[0][0].json.state).toBe('planned');
		const forget = asTool(
			dunningContext({ inputs: [[{ json: {} }]], parameters: { operation: 'forget', confirmAll: true } }),
		);
		await expect(new DunningPlan().execute.call(forget)).rejects.toThrow(/"forget" is off/);
		const plan = asTool(dunningContext({ inputs: [[]], parameters: { operation: 'plan', asOf: '2026-05-10' } }));
		expect(await new DunningPlan().execute.call(plan)).toEqual([[]]);
	});
});
