import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The error to throw for a failed item: n8n errors keep their text and gain the item index; anything else is
 * wrapped. Our own errors are built without request details, so no token, key or signature reaches the UI or logs.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		// Every failure names its item, in the editor and in "Continue On Fail" output alike.
		if (!/^Item \d+/.test(error.message)) error.message = `Item ${error.context.itemIndex as number}: ${error.message}`;
		return error;
	}
	return new NodeOperationError(node, `Item ${itemIndex}: ${error instanceof Error ? error.message : String(error)}`, {
		itemIndex,
	});
}
