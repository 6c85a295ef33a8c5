/** Test stand-ins for what a real n8n gives a node and fakeContext does not (issue #16 tests). */
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * n8n's de-duplication store as n8n 2.41 implements it (`n8n/dist/deduplication/deduplication-helper.js`): one
 * record per workflow and node, read, then written after a database round trip (no lock), trimmed to `maxEntries`
 * when that option is given. `store` plays the database and survives "restarts" of the node's module.
 */
export function withDedupStore<T extends IExecuteFunctions>(
	context: T,
	store: Map<string, string[]>,
	nodeId = 'record-node',
	roundTripMs = 5,
): T {
	const node = { ...context.getNode(), id: nodeId };
	return Object.assign(context, {
		getNode: () => node,
		getWorkflow: () => ({ id: 'wf-consent', name: 'consent', active: true }),
		helpers: {
			...context.helpers,
			checkProcessedAndRecord: async (
				items: string[],
				scope: string,
				options: { mode: string; maxEntries?: number },
			) => {
				const key = `wf-consent:${scope === 'node' ? nodeId : ''}`;
				const data = [...(store.get(key) ?? [])];
				await new Promise((resolve) => (roundTripMs > 0 ? setTimeout(resolve, roundTripMs) : setImmediate(resolve)));
				const result = { new: [] as string[], processed: [] as string[] };
				for (const item of items) {
					if (data.includes(item)) result.processed.push(item);
					else {
						result.new.push(item);
						data.push(item);
					}
				}
				if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
				store.set(key, data);
				return result;
			},
		},
	});
}
