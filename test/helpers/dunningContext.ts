/**
 * A stand-in for n8n's IExecuteFunctions, enough to run the Dunning Plan node in-process: three inputs, parameters,
 * Continue On Fail, and n8n's de-duplication helpers over a Map (the real, database-backed ones run in the e2e tests).
 */
import type { ICheckProcessedOptions, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

export interface DunningContextOptions {
	inputs: INodeExecutionData[][];
	parameters: Record<string, unknown>;
	continueOnFail?: boolean;
	/** n8n's memory of processed items for this workflow (share it between runs, as the database does). */
	memory?: Set<string>;
	/** Leave out the de-duplication helpers, as an n8n without them would. */
	withoutMemory?: boolean;
}

export function dunningContext(options: DunningContextOptions): IExecuteFunctions & { memory: Set<string> } {
	const memory = options.memory ?? new Set<string>();
	const node = {
		name: 'Dunning Plan',
		type: 'n8n-nodes-lre.dunningPlan',
		typeVersion: 1,
		parameters: {},
	} as unknown as INode;
	const dedup = {
		checkProcessedAndRecord: async (
			items: Array<string | number>,
			_scope: string,
			_options: ICheckProcessedOptions,
		) => {
			const result = { new: [] as Array<string | number>, processed: [] as Array<string | number> };
			for (const item of items) {
				if (memory.has(String(item))) result.processed.push(item);
				else {
					memory.add(String(item));
					result.new.push(item);
				}
			}
			return result;
		},
		removeProcessed: async (items: Array<string | number>) => {
			for (const item of items) memory.delete(String(item));
		},
		clearAllProcessedItems: async () => memory.clear(),
	};
	const context = {
		memory,
		getInputData: (index = 0) => options.inputs[index] ?? [],
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], options.parameters);
			return value === undefined ? fallback : value;
		},
		helpers: options.withoutMemory ? {} : dedup,
	};
	return context as unknown as IExecuteFunctions & { memory: Set<string> };
}
