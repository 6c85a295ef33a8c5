import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parisIso } from '../../../lib/time';
import { invitationEmail } from '../../../lib/consent/page';
import { consentText, type ConsentLanguage } from '../../../lib/consent/text';
import { createConsentToken, MAX_VALID_DAYS } from '../../../lib/consent/token';
import { updateDisplayOptions } from '../../shared/display';
import { readDebtorType } from '../../shared/descriptions';
import { inputError, requiredText } from '../../shared/validate';
import { consentSigningKey, debtorEmailField, readDebtorEmail, debtorTypeConsentField } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Debtor Name',
		name: 'debtorName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Marie Durand',
	},
	debtorEmailField,
	debtorTypeConsentField,
	{
		displayName: 'Your Company Name',
		name: 'senderName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ACME Industries SAS',
		description: 'Who asks for the consent: shown in the consent text',
	},
	{
		displayName: 'Consent Page URL',
		name: 'pageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/lre-consent',
		description: 'The address of the consent page workflow (see the consent example); the token is added to it',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'English', value: 'en' },
			{ name: 'French', value: 'fr' },
		],
		default: 'fr',
	},
	{
		displayName: 'Link Valid For (Days)',
		name: 'validDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_VALID_DAYS },
		default: 14,
		description: 'How long the person may answer: 1 to 90 days',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['createInvite'] } }, properties);

/** A signed, expiring consent link, the exact text (version + SHA-256) and a ready invitation email. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const name = requiredText(
		node,
		itemIndex,
		'Debtor Name',
		this.getNodeParameter('debtorName', itemIndex, ''),
		"Map the debtor's name.",
	);
	const email = readDebtorEmail.call(this, itemIndex);
	const sender = requiredText(
		node,
		itemIndex,
		'Your Company Name',
		this.getNodeParameter('senderName', itemIndex, ''),
		'Type your company name.',
	);
	const pageUrl = requiredText(
		node,
		itemIndex,
		'Consent Page URL',
		this.getNodeParameter('pageUrl', itemIndex, ''),
		'Paste the URL of the consent page workflow.',
	);
	if (!/^https?:\/\/\S+$/i.test(pageUrl))
		throw inputError(
			node,
			itemIndex,
			'Consent Page URL',
			`is not an http(s) URL: "${pageUrl}"`,
			'Paste the production URL of the consent page workflow.',
		);
	const language = this.getNodeParameter('language', itemIndex, 'fr') as ConsentLanguage;
	if (language !== 'fr' && language !== 'en')
		throw inputError(
			node,
			itemIndex,
			'Language',
			`must be "fr" or "en", not ${JSON.stringify(language)}`,
			'Choose French or English.',
		);
	const validDays = this.getNodeParameter('validDays', itemIndex, 14) as number;
	if (typeof validDays !== 'number' || !Number.isInteger(validDays) || validDays < 1 || validDays > MAX_VALID_DAYS) {
		throw inputError(
			node,
			itemIndex,
			'Link Valid For (Days)',
			`must be a whole number of days from 1 to ${MAX_VALID_DAYS}, not ${JSON.stringify(validDays)}`,
			'Use e.g. 14.',
		);
	}
	const status = readDebtorType(this, itemIndex, 'individual');
	const key = await consentSigningKey.call(this, itemIndex);
	const { token, payload } = createConsentToken(key, { email, name, status, sender, lang: language }, validDays);
	const link = new URL(pageUrl);
	link.searchParams.set('token', token);
	const text = consentText(language, sender, email);
	const expiresAt = parisIso(payload.exp * 1000);
	return [
		{
			json: {
				inviteId: payload.id,
				token,
				consentUrl: link.toString(),
				expiresAt,
				debtor: { name, email, status },
				consentText: { language, version: text.version, title: text.title, text: text.body, sha256: text.sha256 },
				email: { to: email, ...invitationEmail(text, link.toString(), name, expiresAt) },
			} as IDataObject,
			pairedItem: { item: itemIndex },
		},
	];
}
