/** The sender account named in the node's credential, read from its provider and normalized. */
import type { IDataObject } from 'n8n-workflow';
import type { SenderAccount } from '../../lib/provider/types';
import { providerFor } from './provider';
import type { Ar24Context } from './transport';

export type SenderInfo = SenderAccount & IDataObject;

export async function getSender(this: Ar24Context, itemIndex?: number): Promise<SenderInfo> {
	const { provider } = providerFor.call(this, itemIndex);
	return (await provider.getSender()) as SenderInfo;
}
