import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { todayInParis } from '../../../lib/time';
import { computePenaltiesOnline } from '../../../lib/notice/generate';
import { PenaltyInputError, type PenaltyInput } from '../../../lib/notice/penalties';
import { MissingRateError } from '../../../lib/notice/rates';
import { updateDisplayOptions } from '../../shared/display';
import { ecbOnline } from './ecb';
import {
	dateParameter,
	noticeDebtorTypeField,
	INVOICES_HINT,
	invoicesField,
	penaltyOptionFields,
	penaltyParameters,
} from './shared';

const properties: INodeProperties[] = [
	noticeDebtorTypeField,
	invoicesField,
	{
		displayName: 'As Of',
		name: 'asOf',
		type: 'dateTime',
		default: '',
		description: 'Day to compute to. Empty = today in France.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: penaltyOptionFields,
	},
];

export const description = updateDisplayOptions({ show: { operation: ['computePenalties'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const penalty = penaltyParameters(this, itemIndex);
	const { ecbOnline: online, ecbBaseUrl, ...rest } = penalty;
	const input: PenaltyInput = {
		...rest,
		invoices: penalty.invoices as PenaltyInput['invoices'],
		asOf: dateParameter(this, itemIndex, 'asOf', 'As Of') ?? todayInParis(),
	};
	let result;
	try {
		result = await computePenaltiesOnline(input, online ? ecbOnline(this, ecbBaseUrl) : undefined);
	} catch (error) {
		result = error as Error;
	}
	if (result instanceof PenaltyInputError || result instanceof MissingRateError) {
		const field =
			result instanceof MissingRateError || /^rates/.test(result.message)
				? 'Rate Overrides (JSON)'
				: /^invoices/.test(result.message)
					? 'Invoices'
					: /^contractualRate/.test(result.message)
						? 'Contractual Penalty Rate (%)'
						: /^formalNoticeDate/.test(result.message)
							? 'Formal Notice Received On'
							: 'As Of';
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: "${field}": ${result.message}`, {
			itemIndex,
			description: INVOICES_HINT,
		});
	}
	if (result instanceof Error) throw new NodeOperationError(this.getNode(), result, { itemIndex });
	return [{ json: { asOf: input.asOf, ...result }, pairedItem: { item: itemIndex } }];
}
