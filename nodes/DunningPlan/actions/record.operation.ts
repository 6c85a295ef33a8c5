import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { TAKEN, type LedgerRow } from '../../../lib/dunning/model';
import { dataErrorRow, eventRow, plannedRow, RecordError, resultRow } from '../../../lib/dunning/record';
import { updateDisplayOptions } from '../../shared/display';
import { rememberSent } from './memory';

type Source = 'planned' | 'result' | 'event' | 'planError';

const properties: INodeProperties[] = [
	{
		displayName: 'Record',
		name: 'recordFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Planned Letter (Before Sending)',
				value: 'planned',
				description:
					'A Dunning Plan item about to be sent: the ledger says "planned" (a paper letter too: LRE Send posts it on Maileva) so that a crash cannot lose it',
			},
			{
				name: 'Sending Result',
				value: 'result',
				description:
					'The output of LRE Send or an email node — or their error output — for a planned letter: "sent" or "failed"',
			},
			{
				name: 'LRE Trigger Event',
				value: 'event',
				description:
					'A status change from the LRE Trigger or LRE Poll Trigger: accepted, refused, negligence, bounced…',
			},
			{
				name: 'Dunning Plan Error',
				value: 'planError',
				description: "The Dunning Plan's error output (rows that could not be read): a ledger row that says so",
			},
		],
		default: 'result',
	},
	{
		displayName: 'Plan Item',
		name: 'planItem',
		type: 'json',
		default: "={{ $('Dunning Plan').item.json }}",
		required: true,
		displayOptions: { show: { recordFrom: ['result'] } },
		description:
			'The Dunning Plan output this letter was made from. If you renamed the Dunning Plan node, put its new name here.',
	},
	{
		displayName: 'Notice SHA-256',
		name: 'noticeSha256',
		type: 'string',
		default: '',
		placeholder: "{{ $('Notice Generator').item.json.sha256 }}",
		displayOptions: { show: { recordFrom: ['result'] } },
		description: 'The SHA-256 of the letter PDF, as the Notice Generator outputs it, to keep in the ledger',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Remember Sent Letters',
				name: 'remember',
				type: 'boolean',
				default: true,
				description:
					"Whether to also write each letter actually sent into n8n's own database, so that the Dunning Plan never plans it again even if the ledger is lost",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['record'] } }, properties);

function planItemParameter(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const value = ctx.getNodeParameter('planItem', itemIndex, {}) as unknown;
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return undefined; // reported by planFields as "not a Dunning Plan item"
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('recordFrom', itemIndex) as Source;
	const { remember = true } = this.getNodeParameter('options', itemIndex, {}) as { remember?: boolean };
	const json = this.getInputData()[itemIndex].json;
	let row: LedgerRow;
	try {
		if (source === 'planned') row = plannedRow(json);
		else if (source === 'result')
			row = resultRow(
				planItemParameter(this, itemIndex),
				json,
				String(this.getNodeParameter('noticeSha256', itemIndex, '') ?? ''),
			);
		else if (source === 'event') row = eventRow(json);
		else row = dataErrorRow(json);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			error instanceof RecordError ? `Item ${itemIndex}: ${error.message}` : (error as Error),
			{ itemIndex },
		);
	}
	// The safety net: what went out is remembered by n8n itself (the trigger's workflow needs no such memory).
	if (remember && source !== 'event' && TAKEN.has(row.state) && row.step)
		await rememberSent(this, row.reference, row.businessDate);
	return [{ json: row as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
