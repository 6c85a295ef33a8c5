import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { evidenceOfResponse, parseEvidence, recordList } from '../../../lib/consent/evidence';
import { EventMemory, type EventRecord } from '../../../lib/letter/eventMemory';
import { resultPage } from '../../../lib/consent/page';
import { consentText } from '../../../lib/consent/text';
import { verifyConsentToken } from '../../../lib/consent/token';
import { updateDisplayOptions } from '../../shared/display';
import { inputError } from '../../shared/validate';
import { consentSigningKey } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.body.token }}',
		description: 'The token the consent page sent back',
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'string',
		default: '={{ $json.body.decision }}',
		description: 'What the person chose: "accept" or "decline"',
	},
	{
		displayName: 'IP Address',
		name: 'ip',
		type: 'string',
		default: "={{ ($json.headers['x-forwarded-for'] || '').split(',')[0].trim() || $json.headers['x-real-ip'] || '' }}",
		description: "The person's IP address as received by the consent page",
	},
	{
		displayName: 'User Agent',
		name: 'userAgent',
		type: 'string',
		default: "={{ $json.headers['user-agent'] || '' }}",
	},
	{
		displayName: 'Previous Records',
		name: 'previousRecords',
		type: 'json',
		default: '[]',
		description: 'Consent records already stored (optional): a token already used in one of them is refused',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['recordResponse'] } }, properties);

const REASONS: Record<string, string> = {
	malformed: 'is not a consent token',
	forged: 'was not signed with this credential (forged or altered)',
	expired: 'has expired',
};

/** Checks the token and turns the answer into an evidence record (plus the page to show the person). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const check = verifyConsentToken(await consentSigningKey.call(this, itemIndex), this.getNodeParameter('token', itemIndex, ''));
	if (!check.ok) {
		throw inputError(node, itemIndex, 'Token', REASONS[check.reason], 'Nothing was recorded. Send the person a new invitation (Create Invite).');
	}
	const raw = String(this.getNodeParameter('decision', itemIndex, '')).trim().toLowerCase();
	const decision = ['accept', 'accepted', 'yes', 'oui'].includes(raw) ? 'accepted' : ['decline', 'declined', 'no', 'non'].includes(raw) ? 'declined' : undefined;
	if (!decision) throw inputError(node, itemIndex, 'Decision', `must be "accept" or "decline", not "${raw}"`, 'Map the decision sent by the consent page.');
	const { payload } = check;
	const previous = recordList(this.getNodeParameter('previousRecords', itemIndex, []))
		.map(parseEvidence)
		.some((r) => 'evidence' in r && r.evidence.tokenId === payload.id);
	const staticData = this.getWorkflowStaticData('node');
	const used = new EventMemory({ ...((staticData.usedTokens as EventRecord | undefined) ?? {}) });
	if (previous || !used.add(payload.id, 'used')) {
		throw inputError(node, itemIndex, 'Token', 'was already used: each invitation records one answer', 'Send a new invitation if the person wants to change their answer, or record a withdrawal.');
	}
	staticData.usedTokens = { ...used.record };
	const text = consentText(payload.lang, payload.sender, payload.email);
	const evidence = evidenceOfResponse(payload, text, {
		decision,
		at: Date.now(),
		ip: String(this.getNodeParameter('ip', itemIndex, '') ?? ''),
		userAgent: String(this.getNodeParameter('userAgent', itemIndex, '') ?? ''),
	});
	return [
		{
			json: { consent: evidence as unknown as IDataObject, html: resultPage(payload.lang, decision) },
			pairedItem: { item: itemIndex },
		},
	];
}
