import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

/** Everything but the identity fields, which stay in LreSend.node.ts (n8n's base/version description split). */
export type VersionDescription = Omit<
	INodeTypeDescription,
	'displayName' | 'name' | 'icon' | 'group' | 'description' | 'defaults' | 'subtitle'
>;
import * as letter from './letter/Letter.resource';
import * as sender from './sender/Sender.resource';
import { providerCredentials, providerField } from '../../shared/provider';
import { toolWritesProperties, type ToolWrites } from '../../shared/tool';
import { signingKeysCredential } from '../../shared/webhookKey';

/** What the AI tool version may not do unless the user allows it. */
export const LRE_SEND_TOOL_WRITES: ToolWrites = {
	switchName: 'Allow Sending When Used as a Tool',
	what: 'send billable, legally binding registered letters (or open an OTP session to sign them)',
	operations: { letter: ['send'], sender: ['startOtpSession'] },
};

export const versionDescription: VersionDescription = {
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	// AR24 letters carry the LRE Trigger URL signed by LRE Send: with the LRE Signing Keys API credential when it is
	// attached, else the AR24 credential's key (README "Signing keys"). Maileva letters carry no URL.
	credentials: [...providerCredentials, { ...signingKeysCredential, displayOptions: { show: { provider: ['ar24'] } } }],
	properties: [
		...toolWritesProperties(LRE_SEND_TOOL_WRITES),
		providerField,
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
