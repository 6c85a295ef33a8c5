import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeResource, type ResourceOperations } from '../../shared/router';
import * as letter from './letter/Letter.resource';
import type { LreSendType } from './node.type';
import { RunState } from './runState';
import * as sender from './sender/Sender.resource';

/** Every operation of node.type.ts, typed: a missing or misspelt operation does not compile. */
const resources: ResourceOperations<LreSendType, RunState> = { letter, sender };

/** Picks the operation and runs it over the items with one shared RunState (sender, provider, send record). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await (routeResource<LreSendType, RunState>).call(this, resources, () => new RunState(this));
}
