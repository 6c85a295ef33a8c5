import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { SIMPLIFY_OPERATIONS, simplifyLetter } from './actions/letter/simplify';
import { router } from './actions/router';
import { refuseToolWrites } from '../shared/tool';
import { LRE_SEND_TOOL_WRITES, versionDescription } from './actions/versionDescription';

export class LreSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LRE Send',
		name: 'lreSend',
		icon: { light: 'file:lre.svg', dark: 'file:lre.dark.svg' },
		group: ['output'],
		subtitle:
			'={{ ({ letter: { send: "send a registered letter", get: "get a letter", getMany: "get many letters", downloadProof: "download a proof" }, sender: { get: "get the sender account", startOtpSession: "start an OTP session" } }[$parameter["resource"]] ?? {})[$parameter["operation"]] }}',
		description:
			'Send registered letters and read their proofs: qualified electronic (LRE) and ERE through AR24, postal (paper) through Maileva',
		defaults: { name: 'LRE Send' },
		usableAsTool: true,
		...versionDescription,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		refuseToolWrites(this, LRE_SEND_TOOL_WRITES);
		const output = await router.call(this);
		const resource = this.getNodeParameter('resource', 0);
		const operation = String(this.getNodeParameter('operation', 0));
		if (
			resource !== 'letter' ||
			!SIMPLIFY_OPERATIONS.includes(operation) ||
			this.getNodeParameter('simplify', 0, true) !== true
		)
			return output;
		return output.map((items) => items.map(simplifyLetter));
	}
}
