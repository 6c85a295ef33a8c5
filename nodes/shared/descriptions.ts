/** Fields several operations share. */
import type { INodeProperties } from 'n8n-workflow';
import { PROOF_TYPES } from '../../lib/letter/lifecycle';

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
	bounce: { name: 'Bounce', description: 'The notification e-mail could not be delivered' },
	deposit: {
		name: 'Deposit (Preuve De Dépôt)',
		description: 'Proof of deposit (proof_dp_url); for letters without one, the proof of deposit and sending (proof_ev_url)',
	},
	sending: { name: 'Sending (Preuve D\'envoi)', description: 'Proof of sending and first presentation (proof_ev_url)' },
	negligence: { name: 'Negligence (Not Claimed)', description: 'The recipient did not claim the letter within 15 days' },
	refusal: { name: 'Refusal', description: 'The recipient refused the letter' },
};

export const proofTypeOptions = [...PROOF_TYPES]
	.sort()
	.map((type) => ({ name: PROOF_LABELS[type].name, value: type, description: PROOF_LABELS[type].description }));
