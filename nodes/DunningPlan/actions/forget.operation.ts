import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { todayInParis } from '../../../lib/time';
import { updateDisplayOptions } from '../../shared/display';
import { forget } from './memory';

const properties: INodeProperties[] = [
	{
		displayName:
			"Run this once, inside the dunning workflow itself (n8n's memory is kept per workflow), to let the Dunning Plan plan again letters that n8n remembers as sent. The ledger is not changed.",
		name: 'forgetNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'References',
		name: 'references',
		type: 'string',
		default: '',
		placeholder: 'MED-D05-3F9A1C2B, R1-D07-0A1B2C3D',
		description:
			'Case references to forget, separated by commas. Empty: forget every letter this workflow remembers (then also tick the confirmation).',
	},
	{
		displayName: 'Forget All Letters of This Workflow',
		name: 'confirmAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { references: [''] } },
		description: 'Whether to really forget every letter (needed when References is empty)',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['forget'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const references = String(this.getNodeParameter('references', 0, '') ?? '')
		.split(/[,\n]/)
		.map((r) => r.trim())
		.filter(Boolean);
	if (!references.length && !this.getNodeParameter('confirmAll', 0, false)) {
		throw new NodeOperationError(
			this.getNode(),
			'"References" is empty and "Forget All Letters of This Workflow" is off: nothing forgotten',
			{
				description: 'Give the references to forget, or switch the confirmation on to forget them all.',
			},
		);
	}
	const count = await forget(this, references, todayInParis());
	return [[{ json: { forgotten: count < 0 ? 'all' : count, references }, pairedItem: { item: 0 } }]];
}
