import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

/** Everything but the identity fields, which stay in LreSend.node.ts (n8n's base/version description split). */
export type VersionDescription = Omit<INodeTypeDescription, 'displayName' | 'name' | 'icon' | 'group' | 'description' | 'defaults' | 'subtitle'>;
import * as letter from './letter/Letter.resource';
import * as sender from './sender/Sender.resource';

export const versionDescription: VersionDescription = {
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'ar24Api', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Letter', value: 'letter' },
				{ name: 'Sender', value: 'sender' },
			],
			default: 'letter',
		},
		...letter.description,
		...sender.description,
	],
};
