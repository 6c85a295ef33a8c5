import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { itemLoop } from './itemLoop';

export interface Operation {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** Runs the node's chosen `operation` over every item (for nodes with one resource, one file per operation). */
export async function runOperation(this: IExecuteFunctions, operations: Record<string, Operation>): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const action = operations[operation];
	if (!action) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	return await itemLoop.call(this, (itemIndex) => action.execute.call(this, itemIndex));
}
