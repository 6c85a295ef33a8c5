import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getSender } from '../../../shared/sender';

export const description: INodeProperties[] = [];

/** The sender account of the credential: name, email, whether its identity is verified for eIDAS letters. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sender = await getSender.call(this, itemIndex);
	return [{ json: sender, pairedItem: { item: itemIndex } }];
}
