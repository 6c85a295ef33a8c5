import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { debtorTypeField } from '../../shared/descriptions';
import { requiredEmail } from '../../shared/validate';
import { signingKeys } from '../../shared/webhookKey';

/** The key new consent links are signed with: the LRE Signing Keys API credential's, else the AR24 one's. */
export async function consentSigningKey(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return (await signingKeys.call(this, 'consent', itemIndex)).signing;
}

/** Every key a consent link may have been signed with (both credentials', while both are attached). */
export async function consentAcceptedKeys(this: IExecuteFunctions, itemIndex: number): Promise<string[]> {
	return (await signingKeys.call(this, 'consent', itemIndex)).accepted;
}

export const debtorEmailField: INodeProperties = {
	displayName: 'Debtor Email',
	name: 'debtorEmail',
	type: 'string',
	placeholder: 'marie.durand@example.org',
	default: '',
	required: true,
	description: 'The address registered letters would be sent to: consent is given for this exact address',
};

/** The item's Debtor Email, checked (the one reading of `debtorEmailField` the operations share). */
export function readDebtorEmail(this: IExecuteFunctions, itemIndex: number): string {
	return requiredEmail(
		this.getNode(),
		itemIndex,
		debtorEmailField.displayName,
		this.getNodeParameter(debtorEmailField.name, itemIndex, ''),
		"Map the debtor's email address.",
	);
}

export const debtorTypeConsentField: INodeProperties = debtorTypeField({
	default: 'individual',
	description: 'Professionals need no consent; individuals must agree beforehand (CPCE L100)',
});

export const evidenceField: INodeProperties = {
	displayName: 'Consent Records',
	name: 'evidence',
	type: 'json',
	default: '={{ $json.consent ?? [] }}',
	description:
		'The consent records known for this debtor (one object or a list), as produced by Record Response and Withdraw',
};
