/** Letter → Get / Get Many with "Simplify" on (n8n's pattern for outputs of more than 10 fields): the ten fields a workflow mostly needs. */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

export const SIMPLIFY_OPERATIONS = ['get', 'getMany'];

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	displayOptions: { show: { resource: ['letter'], operation: SIMPLIFY_OPERATIONS } },
	description:
		'Whether to return a simplified version of the response instead of the raw data: letterId, reference, clientReference, type, state, recipient, events, proofs, sendFailed, acceptanceDelayHours',
};

const RECIPIENT_FIELDS = ['email', 'company', 'firstName', 'lastName', 'status'];

/** The simplified letter; an error item (Continue On Fail) or anything that is not a letter passes unchanged. */
export function simplifyLetter(item: INodeExecutionData): INodeExecutionData {
	const letter = item.json;
	if (item.error || typeof letter.letterId !== 'string') return item;
	const recipient = (letter.recipient ?? {}) as IDataObject;
	return {
		...item,
		json: {
			letterId: letter.letterId,
			reference: letter.reference,
			clientReference: letter.clientReference,
			type: letter.type,
			state: letter.state,
			recipient: Object.fromEntries(
				RECIPIENT_FIELDS.filter((key) => key in recipient).map((key) => [key, recipient[key]]),
			),
			events: letter.events,
			proofs: letter.proofs,
			sendFailed: letter.sendFailed,
			acceptanceDelayHours: letter.acceptanceDelayHours,
		},
	};
}
