import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { consentKey } from '../../../lib/consent/token';
import { debtorTypeField } from '../../shared/descriptions';
import { ar24Credentials } from '../../shared/transport';
import { requiredEmail } from '../../shared/validate';

export async function consentSigningKey(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await ar24Credentials.call(this, itemIndex);
	return consentKey(String(credentials.privateKey ?? ''), String(credentials.consentSecret ?? ''));
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
