import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { routeOperation, type Operations } from '../shared/router';
import { operationProperties, refuseToolWrites, toolWritesProperties, type ToolWrites } from '../shared/tool';
import { SIGNING_KEYS_TEST, testSigningKeys } from '../shared/webhookKey';
import * as check from './actions/check.operation';
import * as createInvite from './actions/createInvite.operation';
import * as recordResponse from './actions/recordResponse.operation';
import * as renderPage from './actions/renderPage.operation';
import * as withdraw from './actions/withdraw.operation';

const operations = { check, createInvite, recordResponse, renderPage, withdraw } satisfies Operations<
	'check' | 'createInvite' | 'recordResponse' | 'renderPage' | 'withdraw'
>;

/** What the AI tool version may not do unless the user allows it: make or change consent evidence. */
const TOOL_WRITES: ToolWrites = {
	switchName: 'Allow Consent Changes When Used as a Tool',
	what: 'create consent invitations and record or withdraw consents (the evidence that allows registered letters to individuals)',
	operations: { '': ['createInvite', 'recordResponse', 'withdraw'] },
};

export class DebtorConsentInvite implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Debtor Consent Invite',
		name: 'debtorConsentInvite',
		icon: { light: 'file:consent.svg', dark: 'file:consent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { check: "check consent", createInvite: "create a consent invite", recordResponse: "record a consent response", renderPage: "render the consent page", withdraw: "withdraw a consent" }[$parameter["operation"]] }}',
		description: 'Collect, prove and check the consent of individuals to electronic registered letters (CPCE L100)',
		defaults: { name: 'Debtor Consent Invite' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The consent key: the LRE Signing Keys API credential (new set-ups, Maileva-only businesses), or the AR24 API
		// credential of workflows made before it; both attached, new links are signed with the first and links already
		// sent are checked with either (nodes/shared/webhookKey.ts). Check and Withdraw need neither.
		credentials: [
			{ name: 'lreSigningKeysApi', required: false, testedBy: 'lreSigningKeysApiTest' },
			{ name: 'ar24Api', required: false },
		],
		properties: [
			...toolWritesProperties(TOOL_WRITES),
			...operationProperties(
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					options: [
						{
							name: 'Check',
							value: 'check',
							description: 'Whether a qualified LRE may be sent to this person',
							action: 'Check consent',
						},
						{
							name: 'Create Invite',
							value: 'createInvite',
							description: 'Create a signed consent link and its invitation email',
							action: 'Create a consent invite',
						},
						{
							name: 'Record Response',
							value: 'recordResponse',
							description: "Turn the consent page's answer into an evidence record",
							action: 'Record a consent response',
						},
						{
							name: 'Render Consent Page',
							value: 'renderPage',
							description: 'The HTML of the consent page for a link',
							action: 'Render the consent page',
						},
						{
							name: 'Withdraw',
							value: 'withdraw',
							description: 'Record that the person withdrew their consent',
							action: 'Withdraw a consent',
						},
					],
					default: 'createInvite',
				},
				TOOL_WRITES.operations[''],
				'check',
			),
			...createInvite.description,
			...renderPage.description,
			...recordResponse.description,
			...check.description,
			...withdraw.description,
		],
	};

	methods = { credentialTest: { [SIGNING_KEYS_TEST]: testSigningKeys } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		refuseToolWrites(this, TOOL_WRITES);
		return await routeOperation.call(this, operations);
	}
}
