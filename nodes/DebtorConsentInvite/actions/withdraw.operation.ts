import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { withdrawal } from '../../../lib/consent/evidence';
import { updateDisplayOptions } from '../../shared/display';
import { readDebtorEmail, debtorEmailField } from './shared';

const properties: INodeProperties[] = [
	debtorEmailField,
	{ displayName: 'Debtor Name', name: 'debtorName', type: 'string', default: '' },
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'Asked by phone on 12 March',
		description: 'How the withdrawal reached you (kept in the record)',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['withdraw'] } }, properties);

/** A withdrawal record: from now on Check answers "not allowed" for this address. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const email = readDebtorEmail.call(this, itemIndex);
	const record = withdrawal(
		email,
		String(this.getNodeParameter('debtorName', itemIndex, '')),
		Date.now(),
		String(this.getNodeParameter('reason', itemIndex, '')),
	);
	return [{ json: { consent: record as unknown as IDataObject }, pairedItem: { item: itemIndex } }];
}
