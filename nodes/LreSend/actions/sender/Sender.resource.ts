import type { INodeProperties } from 'n8n-workflow';
import { operationProperties } from '../../../shared/tool';
import * as get from './get.operation';
import * as startOtpSession from './startOtpSession.operation';

export { get, startOtpSession };

export const description: INodeProperties[] = [
	...operationProperties(
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['sender'] } },
			options: [
				{
					name: 'Get',
					value: 'get',
					description: 'Read the sender account of the credential',
					action: 'Get the sender account',
				},
				{
					name: 'Start OTP Session',
					value: 'startOtpSession',
					description: 'Open a one-hour session for qualified (eIDAS) letters with one OTP code',
					action: 'Start an OTP session',
				},
			],
			default: 'get',
		},
		['startOtpSession'],
		'get',
	),
	...get.description,
	...startOtpSession.description,
];
