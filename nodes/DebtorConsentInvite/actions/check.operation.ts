import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mayDeliverLre } from '../../../lib/consent/policy';
import { readDebtorType } from '../../shared/descriptions';
import { updateDisplayOptions } from '../../shared/display';
import { recordList } from '../../../lib/consent/evidence';
import { readDebtorEmail, debtorEmailField, debtorTypeConsentField, evidenceField } from './shared';

export const description = updateDisplayOptions({ show: { operation: ['check'] } }, [
	debtorEmailField,
	debtorTypeConsentField,
	evidenceField,
]);

/** "May we send a qualified LRE to this person?" → { allowed, reason, evidence }. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const email = readDebtorEmail.call(this, itemIndex);
	const status = readDebtorType(this, itemIndex, 'individual');
	const verdict = mayDeliverLre({ email, status }, recordList(this.getNodeParameter('evidence', itemIndex, [])));
	return [{ json: { ...verdict, email, status } as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
