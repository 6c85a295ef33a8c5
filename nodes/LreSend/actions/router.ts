import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { asNodeError } from '../../shared/errors';
import type { LreSendType } from './node.type';
import * as sender from './sender/Sender.resource';

const resources = { sender };

/**
 * The item loop: one operation call per input item, errors tagged with their item; with "Continue On Fail" a failed
 * item becomes `{ error, code }` paired with its input and the other items go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as LreSendType['resource'];
	const operation = this.getNodeParameter('operation', 0) as LreSendType['operation'];
	const actions = resources[resource] as unknown as Record<
		string,
		{ execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]> }
	>;
	const execute = actions?.[operation]?.execute;
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...(await execute.call(this, itemIndex)));
		} catch (error) {
			if (this.continueOnFail()) {
				const failure = asNodeError(this.getNode(), error, itemIndex);
				output.push({
					json: {
						error: failure.message,
						description: failure.description ?? null,
						code: 'httpCode' in failure ? (failure.httpCode ?? null) : null,
					},
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	}
	return [output];
}
