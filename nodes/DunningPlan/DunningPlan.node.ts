import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { routeOperation, type Operations } from '../shared/router';
import { operationProperties, refuseToolWrites, toolWritesProperties, type ToolWrites } from '../shared/tool';
import * as forget from './actions/forget.operation';
import * as plan from './actions/plan.operation';
import * as record from './actions/record.operation';

/** Plan and Forget read the whole batch at once; Record runs per item. */
const operations = {
	plan: { runsOnce: true, execute: plan.execute },
	forget: { runsOnce: true, execute: forget.execute },
	record,
} satisfies Operations<'plan' | 'forget' | 'record'>;

/** Plan takes three inputs (invoices, ledger, consent records); Record and Forget take one. */
const inputs = `={{ ['record', 'forget'].includes($parameter.operation) ? ['main'] : [{ type: 'main', displayName: 'Invoices', required: true }, { type: 'main', displayName: 'Ledger' }, { type: 'main', displayName: 'Consent Records' }] }}`;

/** What the AI tool version may not do unless the user allows it: change n8n's memory of sent letters. */
const TOOL_WRITES: ToolWrites = {
	switchName: 'Allow Ledger Changes When Used as a Tool',
	what: "record letters as sent or forget sent letters in n8n's memory (the guard against sending a letter twice)",
	operations: { '': ['record', 'forget'] },
};

export class DunningPlan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dunning Plan',
		name: 'dunningPlan',
		icon: { light: 'file:dunning.svg', dark: 'file:dunning.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { plan: "plan today\'s letters", record: "record in the ledger", forget: "forget sent letters" }[$parameter["operation"]] }}',
		description:
			'Decide which reminder or formal notice each debtor is due today, and keep the ledger of what was sent',
		defaults: { name: 'Dunning Plan' },
		usableAsTool: true,
		inputs,
		outputs: [NodeConnectionTypes.Main],
		properties: [
			...toolWritesProperties(TOOL_WRITES),
			...operationProperties(
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					options: [
						{
							name: 'Forget Sent Letters',
							value: 'forget',
							description: "Clear n8n's memory of letters sent, for some references or all",
							action: 'Forget sent letters',
						},
						{
							name: 'Plan',
							value: 'plan',
							description: 'Which step each debtor is due today: reminder, formal notice or none, with the reason',
							action: 'Plan today s letters',
						},
						{
							name: 'Record',
							value: 'record',
							description: 'Turn a planned letter, a send result or an LRE event into a ledger row',
							action: 'Record a ledger row',
						},
					],
					default: 'plan',
				},
				TOOL_WRITES.operations[''],
				'plan',
			),
			...plan.description,
			...record.description,
			...forget.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		refuseToolWrites(this, TOOL_WRITES);
		return await routeOperation.call(this, operations);
	}
}
