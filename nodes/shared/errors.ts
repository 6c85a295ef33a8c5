import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The error to throw for a failed item: n8n errors keep their text and gain the item index; anything else is
 * wrapped. Our own errors are built without request details, so no token, key or signature reaches the UI or logs.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
