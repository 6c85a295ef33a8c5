import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The two secrets this package signs with, apart from any provider: consent links (Debtor Consent Invite) and the
 * LRE Trigger URLs that LRE Send gives the provider. A business on Maileva only has no AR24 credential, where these
 * keys used to live (the AR24 credential keeps its fields for existing workflows). Nothing here is sent to anyone:
 * the keys sign and check inside n8n, so the credential is tested by a function (`testedBy` on Debtor Consent
 * Invite, nodes/shared/webhookKey.ts), not by an HTTP request.
 */
export class LreSigningKeysApi implements ICredentialType {
	name = 'lreSigningKeysApi';

	displayName = 'LRE Signing Keys API';

	icon: Icon = { light: 'file:../icons/lreSigningKeys.svg', dark: 'file:../icons/lreSigningKeys.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lre/n8n-nodes-lre#signing-keys';

	properties: INodeProperties[] = [
		{
			displayName:
				'Attach this credential to Debtor Consent Invite, LRE Send and LRE Trigger. A workflow that already signs with its AR24 API credential keeps it attached too: new links and URLs are then signed with these secrets, and those already sent still work.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Consent Secret',
			name: 'consentSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'generate one with: openssl rand -base64 32',
			description:
				'Signs the consent links of the Debtor Consent Invite node (at least 16 characters; generate one with <code>openssl rand -base64 32</code>). Changing it invalidates the links already sent.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'generate one with: openssl rand -base64 32',
			description:
				'Signs the LRE Trigger URLs that LRE Send gives the provider, so the trigger accepts only genuine calls (at least 16 characters; generate one with <code>openssl rand -base64 32</code>). Changing it invalidates the URLs of letters already sent.',
		},
	];
}
