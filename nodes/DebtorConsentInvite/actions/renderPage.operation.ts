import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { consentPage, resultPage } from '../../../lib/consent/page';
import { consentText } from '../../../lib/consent/text';
import { verifyConsentToken } from '../../../lib/consent/token';
import { updateDisplayOptions } from '../../shared/display';
import { inputError } from '../../shared/validate';
import { consentAcceptedKeys } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.query.token }}',
		description: 'The token from the consent link (the Webhook node puts it in query.token)',
	},
	{
		displayName: 'Form Action URL',
		name: 'actionUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/lre-consent',
		description: 'Where the page sends the answer (a POST webhook that runs Record Response)',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['renderPage'] } }, properties);

/** The HTML of the consent page for a link's token — or of a "link not valid" page. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const actionUrl = String(this.getNodeParameter('actionUrl', itemIndex, '')).trim();
	if (!/^https?:\/\/\S+$/i.test(actionUrl)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Form Action URL',
			`is not an http(s) URL: "${actionUrl}"`,
			'Paste the URL of the POST webhook that records the answer.',
		);
	}
	const token = String(this.getNodeParameter('token', itemIndex, '') ?? '');
	const check = verifyConsentToken(await consentAcceptedKeys.call(this, itemIndex), token);
	if (!check.ok) {
		return [
			{
				json: { valid: false, reason: check.reason, html: resultPage('fr', 'invalid') } as IDataObject,
				pairedItem: { item: itemIndex },
			},
		];
	}
	const { payload } = check;
	const text = consentText(payload.lang, payload.sender, payload.email);
	return [
		{
			json: {
				valid: true,
				inviteId: payload.id,
				language: payload.lang,
				consentTextVersion: text.version,
				html: consentPage(text, token, actionUrl, payload.name),
			} as IDataObject,
			pairedItem: { item: itemIndex },
		},
	];
}
