import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { itemLoop } from '../../shared/itemLoop';
import * as letter from './letter/Letter.resource';
import type { LreSendType } from './node.type';
import { RunState } from './runState';
import * as sender from './sender/Sender.resource';

type Operation = {
	execute: (this: IExecuteFunctions, itemIndex: number, run: RunState) => Promise<INodeExecutionData[]>;
	/** How many items may run at once (default 1). */
	concurrency?: (this: IExecuteFunctions) => number;
};

const resources = { letter, sender } as unknown as Record<LreSendType['resource'], Record<string, Operation | undefined>>;

/** Picks the operation (typed by node.type.ts) and runs it over the items with one shared RunState. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as LreSendType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const action = resources[resource]?.[operation];
	if (!action?.execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	const run = new RunState(this);
	return await itemLoop.call(this, (itemIndex) => action.execute.call(this, itemIndex, run), action.concurrency?.call(this) ?? 1);
}
