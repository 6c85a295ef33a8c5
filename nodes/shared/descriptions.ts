/** Fields several operations share. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { PROOF_TYPES } from '../../lib/letter/lifecycle';
import type { PartyType } from '../../lib/notice/model';
import { inputError } from './validate';

export const letterIdField: INodeProperties = {
	displayName: 'Letter ID',
	name: 'letterId',
	type: 'string',
	default: '={{ $json.letterId }}',
	required: true,
	placeholder: '100001',
	description: 'The AR24 ID of the registered letter (the letterId output by Send, Get or the LRE Trigger)',
};

const PROOF_LABELS: Record<(typeof PROOF_TYPES)[number], { name: string; description: string }> = {
	acceptance: { name: 'Acceptance (Accusé De Réception)', description: 'The recipient accepted the letter' },
	bounce: { name: 'Bounce', description: 'The notification email could not be delivered' },
	deposit: {
		name: 'Deposit (Preuve De Dépôt)',
		description:
			'Proof of deposit (proof_dp_url); for letters without one, the proof of deposit and sending (proof_ev_url)',
	},
	sending: { name: "Sending (Preuve D'envoi)", description: 'Proof of sending and first presentation (proof_ev_url)' },
	negligence: {
		name: 'Negligence (Not Claimed)',
		description: 'The recipient did not claim the letter within 15 days',
	},
	refusal: { name: 'Refusal', description: 'The recipient refused the letter' },
};

export const proofTypeOptions = [...PROOF_TYPES]
	.sort()
	.map((type) => ({ name: PROOF_LABELS[type].name, value: type, description: PROOF_LABELS[type].description }));

/**
 * "Debtor Type": one parameter name (`debtorType`) and one value set for LRE Send, Debtor Consent Invite, Notice
 * Generator and Dunning Plan (whose output items carry `debtorType`), so a field maps as `{{ $json.debtorType }}`.
 */
export function debtorTypeField(
	overrides: Partial<INodeProperties> & { optionDescriptions?: Record<PartyType, string> } = {},
): INodeProperties {
	const { optionDescriptions, ...rest } = overrides;
	return {
		displayName: 'Debtor Type',
		name: 'debtorType',
		type: 'options',
		options: [
			{
				name: 'Professional (Company)',
				value: 'professional',
				...(optionDescriptions ? { description: optionDescriptions.professional } : {}),
			},
			{
				name: 'Individual (Consumer)',
				value: 'individual',
				...(optionDescriptions ? { description: optionDescriptions.individual } : {}),
			},
		],
		default: 'professional',
		...rest,
	};
}

/** The item's Debtor Type, or an error naming the item and the field. */
export function readDebtorType(ctx: IExecuteFunctions, itemIndex: number, fallback: PartyType): PartyType {
	const value = ctx.getNodeParameter('debtorType', itemIndex, fallback) as unknown;
	if (value !== 'professional' && value !== 'individual') {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			'Debtor Type',
			`must be "professional" or "individual", not ${JSON.stringify(value)}`,
			'Choose Professional or Individual, or map a field holding one of these words.',
		);
	}
	return value;
}
