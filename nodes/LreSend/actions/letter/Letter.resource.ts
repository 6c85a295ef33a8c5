import type { INodeProperties } from 'n8n-workflow';
import { operationProperties } from '../../../shared/tool';
import { simplifyField } from './simplify';
import * as downloadProof from './downloadProof.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as send from './send.operation';

export { downloadProof, get, getMany, send };

export const description: INodeProperties[] = [
	...operationProperties(
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['letter'] } },
			options: [
				{
					name: 'Download Proof',
					value: 'downloadProof',
					description:
						'Download a proof PDF (deposit, sending, acceptance, refusal, negligence, bounce) with its SHA-256',
					action: 'Download a proof',
				},
				{
					name: 'Get',
					value: 'get',
					description: 'Read a letter and its current state',
					action: 'Get a letter',
				},
				{
					name: 'Get Many',
					value: 'getMany',
					description: 'List letters by reference, date or state',
					action: 'Get many letters',
				},
				{
					name: 'Send',
					value: 'send',
					description: 'Send a registered letter, once per case reference',
					action: 'Send a registered letter',
				},
			],
			default: 'send',
		},
		['send'],
		'get',
	),
	...send.description,
	...get.description,
	...getMany.description,
	simplifyField,
	...downloadProof.description,
];
