import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from '../../../shared/display';
import type { RunState } from '../runState';

const properties: INodeProperties[] = [
	{
		displayName: 'OTP Code',
		name: 'otp',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123456',
		description:
			"The current 6-digit code of the sender's OTP key (the key AR24, or Maileva after verify_identity, posted to verify the sender's identity)",
		hint: 'The session lasts one hour: qualified LRE sends during that hour need no new code',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sender'], operation: ['startOtpSession'] } },
	properties,
);

/**
 * Opens the provider's one-hour eIDAS session (AR24 `POST /user/auth_otp`; Maileva `authenticate_by_otp` for the
 * credential's Sender ID): qualified letters then need no new OTP code.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const otp = String(this.getNodeParameter('otp', itemIndex, '')).trim();
	if (!/^\d{6,8}$/.test(otp)) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: "OTP Code" must be the 6-digit code of the sender's OTP key`,
			{
				itemIndex,
				description: 'Type or map the code shown by the OTP key at the moment the workflow runs.',
			},
		);
	}
	const provider = run.provider(itemIndex);
	const sender = await provider.getSender();
	const session = await provider.startOtpSession(sender.senderId, otp);
	return [
		{
			json: { senderId: sender.senderId, otpSessionHash: session.hash, expiresAt: session.expiresAt },
			pairedItem: { item: itemIndex },
		},
	];
}
