import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { normalizeAr24Mail } from '../../../../lib/letter/normalize';
import { letterIdField } from '../../../shared/descriptions';
import { updateDisplayOptions } from '../../../shared/display';
import { ar24Request } from '../../../shared/transport';
import { inputError, requiredText } from '../../../shared/validate';

export const description = updateDisplayOptions({ show: { resource: ['letter'], operation: ['get'] } }, [letterIdField]);

export function readLetterId(this: IExecuteFunctions, itemIndex: number): string {
	const node = this.getNode();
	const id = requiredText(node, itemIndex, 'Letter ID', this.getNodeParameter('letterId', itemIndex, ''), 'Map the letterId of a letter sent with LRE Send.');
	if (!/^\d+$/.test(id)) throw inputError(node, itemIndex, 'Letter ID', `must be a number, not "${id}"`, 'AR24 letter IDs are numbers, e.g. 100001.');
	return id;
}

export async function fetchLetter(this: IExecuteFunctions, id: string, itemIndex: number): Promise<Ar24Mail> {
	return (await ar24Request.call(this, { method: 'GET', path: '/mail', params: { id }, itemIndex })) as Ar24Mail;
}

/** One letter, as AR24 reports it now. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mail = await fetchLetter.call(this, readLetterId.call(this, itemIndex), itemIndex);
	return [{ json: normalizeAr24Mail(mail) as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
