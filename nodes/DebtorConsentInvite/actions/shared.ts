import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { consentKey } from '../../../lib/consent/token';
import { AR24_CREDENTIAL } from '../../shared/transport';

export async function consentSigningKey(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await this.getCredentials(AR24_CREDENTIAL, itemIndex);
	return consentKey(String(credentials.privateKey ?? ''), String(credentials.consentSecret ?? ''));
}

export const debtorEmailField: INodeProperties = {
	displayName: 'Debtor E-Mail',
	name: 'debtorEmail',
	type: 'string',
	placeholder: 'marie.durand@example.org',
	default: '',
	required: true,
	description: 'The address registered letters would be sent to: consent is given for this exact address',
};

export const debtorStatusField: INodeProperties = {
	displayName: 'Debtor Type',
	name: 'debtorStatus',
	type: 'options',
	options: [
		{ name: 'Individual (Consumer)', value: 'individual' },
		{ name: 'Professional (Company)', value: 'professional' },
	],
	default: 'individual',
	description: 'Professionals need no consent; individuals must agree beforehand (CPCE L100)',
};

export const evidenceField: INodeProperties = {
	displayName: 'Consent Records',
	name: 'evidence',
	type: 'json',
	default: '={{ $json.consent ?? [] }}',
	description: 'The consent records known for this debtor (one object or a list), as produced by Record Response and Withdraw',
};

/** One record, a list, or JSON text of either, as a list. */
export function recordList(value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') {
		try {
			return recordList(JSON.parse(value));
		} catch {
			return [value];
		}
	}
	return Array.isArray(value) ? value : [value];
}
