/**
 * The item loop every action node uses: one call per input item, `concurrency` at a time, results kept in item
 * order. Errors are tagged with their item; with "Continue On Fail" a failed item becomes
 * `{ error, details: { description, httpCode } }` paired with its input (routed by n8n to the error output
 * when the node is set to "Continue (using error output)"), and the other items go on.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { asNodeError } from './errors';

export async function itemLoop(
	this: IExecuteFunctions,
	execute: (itemIndex: number) => Promise<INodeExecutionData[]>,
	concurrency = 1,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[][] = new Array(items.length);
	const stop: { failure?: { index: number; error: unknown } } = {};
	const fail = (index: number, error: unknown) => {
		if (!stop.failure || index < stop.failure.index) stop.failure = { index, error };
	};
	let next = 0;
	const worker = async () => {
		while (next < items.length && !stop.failure) {
			const itemIndex = next++;
			try {
				results[itemIndex] = await execute(itemIndex);
			} catch (error) {
				if (!this.continueOnFail()) {
					fail(itemIndex, error);
					return;
				}
				const nodeError = asNodeError(this.getNode(), error, itemIndex);
				// Only `error`/`message`/`details` keys (or `item.error`): n8n's "Continue (using error output)"
				// routes such items to the error output; other keys would send them down the success branch.
				results[itemIndex] = [
					{
						json: {
							error: nodeError.message,
							details: {
								description: nodeError.description ?? null,
								httpCode: 'httpCode' in nodeError ? (nodeError.httpCode ?? null) : null,
							},
						},
						error: nodeError,
						pairedItem: { item: itemIndex },
					},
				];
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(concurrency, 1), Math.max(items.length, 1)) }, worker));
	if (stop.failure) throw asNodeError(this.getNode(), stop.failure.error, stop.failure.index);
	return [results.flat()];
}
