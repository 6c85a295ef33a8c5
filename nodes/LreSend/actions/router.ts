import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { asNodeError } from '../../shared/errors';
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

/**
 * The item loop: one operation call per input item, `concurrency` at a time, results kept in item order. Errors are
 * tagged with their item; with "Continue On Fail" a failed item becomes `{ error, description, code }` paired with
 * its input, and the other items go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as LreSendType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const action = resources[resource]?.[operation];
	if (!action?.execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	const run = new RunState(this);
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
				results[itemIndex] = await action.execute.call(this, itemIndex, run);
			} catch (error) {
				if (!this.continueOnFail()) {
					fail(itemIndex, error);
					return;
				}
				const nodeError = asNodeError(this.getNode(), error, itemIndex);
				results[itemIndex] = [
					{
						json: {
							error: nodeError.message,
							description: nodeError.description ?? null,
							code: 'httpCode' in nodeError ? (nodeError.httpCode ?? null) : null,
						},
						pairedItem: { item: itemIndex },
					},
				];
			}
		}
	};
	const parallel = Math.min(action.concurrency?.call(this) ?? 1, Math.max(items.length, 1));
	await Promise.all(Array.from({ length: parallel }, worker));
	if (stop.failure) throw asNodeError(this.getNode(), stop.failure.error, stop.failure.index);
	return [results.flat()];
}
