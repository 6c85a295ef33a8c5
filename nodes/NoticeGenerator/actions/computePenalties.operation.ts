import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { todayInParis } from '../../../lib/notice/format';
import { computePenalties, PenaltyInputError, type PenaltyInput } from '../../../lib/notice/penalties';
import { MissingRateError } from '../../../lib/notice/rates';
import { updateDisplayOptions } from '../../shared/display';
import { dateParameter, INVOICES_HINT, jsonParameter } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Debtor Type',
		name: 'debtorType',
		type: 'options',
		options: [
			{ name: 'Professional (Company)', value: 'professional', description: 'L441-10: ECB rate + 10 points from the day after the due date, €40 per invoice' },
			{ name: 'Individual (Consumer)', value: 'individual', description: 'Legal interest rate from the formal notice date, no €40' },
		],
		default: 'professional',
	},
	{ displayName: 'Invoices', name: 'invoices', type: 'json', default: '={{ $json.invoices }}', required: true, description: INVOICES_HINT },
	{ displayName: 'As Of', name: 'asOf', type: 'string', default: '', placeholder: '2026-02-20', description: 'Day to compute to. Empty = today in France.' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Contractual Penalty Rate (%)', name: 'contractualRate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0, description: '0 = the legal default (ECB rate + 10 points)' },
			{ displayName: 'Creditor Is an Individual', name: 'creditorIndividual', type: 'boolean', default: false, description: 'Whether the creditor is a private person (legal interest rate column)' },
			{ displayName: 'Formal Notice Received On', name: 'formalNoticeDate', type: 'string', default: '', placeholder: '2026-01-10', description: 'Consumers only: legal interest runs from this day' },
			{ displayName: 'Rate Overrides (JSON)', name: 'rates', type: 'json', default: '', description: 'For example {"ecb": {"2026-H2": 2.15}}' },
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['computePenalties'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { contractualRate?: number; creditorIndividual?: boolean };
	const input: PenaltyInput = {
		debtorType: this.getNodeParameter('debtorType', itemIndex) as PenaltyInput['debtorType'],
		creditorType: options.creditorIndividual ? 'individual' : 'professional',
		invoices: jsonParameter(this, itemIndex, 'invoices', 'Invoices', INVOICES_HINT) as PenaltyInput['invoices'],
		asOf: dateParameter(this, itemIndex, 'asOf', 'As Of') ?? todayInParis(),
		formalNoticeDate: dateParameter(this, itemIndex, 'options.formalNoticeDate', 'Formal Notice Received On'),
		contractualRate: options.contractualRate ? options.contractualRate : undefined,
		rates: jsonParameter(this, itemIndex, 'options.rates', 'Rate Overrides (JSON)', 'Use {"ecb": {"2026-H2": 2.15}}.') as PenaltyInput['rates'],
	};
	let result;
	try {
		result = computePenalties(input);
	} catch (error) {
		result = error as Error;
	}
	if (result instanceof PenaltyInputError || result instanceof MissingRateError) {
		const field = result instanceof MissingRateError ? 'Rate Overrides (JSON)' : /^invoices/.test(result.message) ? 'Invoices' : 'As Of';
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: "${field}": ${result.message}`, { itemIndex, description: INVOICES_HINT });
	}
	if (result instanceof Error) throw new NodeOperationError(this.getNode(), result, { itemIndex });
	return [{ json: { asOf: input.asOf, ...result }, pairedItem: { item: itemIndex } }];
}
