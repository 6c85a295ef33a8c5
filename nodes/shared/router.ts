/**
 * The one router of every action node, shaped on n8n's Postgres v2 router: the node names its operations in a typed
 * map (checked with `satisfies`, no cast), the router picks the chosen one and runs it — once per item through
 * `itemLoop` (pairedItem, Continue On Fail, `concurrency` at a time), or once for the whole batch — handing each
 * call the node's shared per-execution state (e.g. LRE Send's RunState with its provider client).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { itemLoop } from './itemLoop';

/** An operation: per item (an `*.operation.ts` module as it is), or once for all items (`runsOnce: true`). */
export type Operation<Shared = undefined> =
	| {
			runsOnce?: false;
			execute(this: IExecuteFunctions, itemIndex: number, shared: Shared): Promise<INodeExecutionData[]>;
			/** How many items may run at once (default 1). */
			concurrency?: (this: IExecuteFunctions) => number;
	  }
	| { runsOnce: true; execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

/** The operations of a node with one resource, by `operation` value. */
export type Operations<Names extends string, Shared = undefined> = { [Name in Names]: Operation<Shared> };

/** The operations of a node with resources, by `resource` then `operation` (from n8n's `AllEntities`). */
export type ResourceOperations<Entities extends { resource: string; operation: string }, Shared = undefined> = {
	[Resource in Entities['resource']]: Operations<Extract<Entities, { resource: Resource }>['operation'], Shared>;
};

async function run<Shared>(
	this: IExecuteFunctions,
	action: Operation<Shared> | undefined,
	what: string,
	shared: () => Shared,
): Promise<INodeExecutionData[][]> {
	if (!action) throw new NodeOperationError(this.getNode(), `The operation ${what} is not supported`);
	if (action.runsOnce) return await action.execute.call(this);
	const state = shared();
	return await itemLoop.call(
		this,
		(itemIndex) => action.execute.call(this, itemIndex, state),
		action.concurrency?.call(this) ?? 1,
	);
}

type Lookup<Value> = { readonly [key: string]: Value };

function own<Value>(map: Lookup<Value>, key: string): Value | undefined {
	return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** Runs the chosen `operation` of a node with one resource. */
export async function routeOperation<Names extends string, Shared = undefined>(
	this: IExecuteFunctions,
	operations: Operations<Names, Shared>,
	shared: () => Shared = () => undefined as Shared,
): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return await run.call(this, own(operations, operation), `"${operation}"`, shared);
}

/** Runs the chosen `operation` of the chosen `resource`. */
export async function routeResource<Entities extends { resource: string; operation: string }, Shared = undefined>(
	this: IExecuteFunctions,
	resources: ResourceOperations<Entities, Shared>,
	shared: () => Shared = () => undefined as Shared,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const byResource: Lookup<Lookup<Operation<Shared>>> = resources;
	const operations = own(byResource, resource);
	return await run.call(this, operations && own(operations, operation), `"${operation}" for "${resource}"`, shared);
}
