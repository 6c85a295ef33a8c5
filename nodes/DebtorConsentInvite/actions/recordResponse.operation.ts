import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ClientAddress } from '../../../lib/consent/clientAddress';
import { evidenceOfResponse, parseEvidence, recordList } from '../../../lib/consent/evidence';
import { claimOnce } from '../../../lib/consent/oneAnswer';
import { resultPage } from '../../../lib/consent/page';
import { consentText } from '../../../lib/consent/text';
import { MAX_VALID_DAYS, verifyConsentToken } from '../../../lib/consent/token';
import { updateDisplayOptions } from '../../shared/display';
import { inputError } from '../../shared/validate';
import { consentAcceptedKeys } from './shared';

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
		displayName: 'Client Address',
		name: 'clientAddress',
		type: 'json',
		default: '={{ $json.client ?? {} }}',
		description:
			"Where the answer came from, as the Debtor Consent Answer Trigger measured it (its socket address, or a trusted proxy's X-Forwarded-For). With another trigger no address is recorded: headers a client sends are not evidence.",
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
	forged:
		'was not signed with the credentials of this node (forged, altered, or signed with a credential not attached here)',
	expired: 'has expired',
	'too-long': `is valid for longer than ${MAX_VALID_DAYS} days (or issued in the future), which Create Invite never does`,
};

/** The client address from the Debtor Consent Answer Trigger, or nothing (never a header value). */
function measuredAddress(value: unknown): ClientAddress | undefined {
	let v = value;
	if (typeof v === 'string') {
		try {
			v = JSON.parse(v);
		} catch {
			return undefined;
		}
	}
	if (typeof v !== 'object' || v === null) return undefined;
	const c = v as Record<string, unknown>;
	if (
		typeof c.ip !== 'string' ||
		c.ip === '' ||
		(c.ipSource !== 'socket' && c.ipSource !== 'x-forwarded-for') ||
		typeof c.socketAddress !== 'string'
	)
		return undefined;
	return {
		ip: c.ip,
		ipSource: c.ipSource,
		socketAddress: c.socketAddress,
		via: Array.isArray(c.via) ? c.via.map(String) : [],
	};
}

/** Checks the token and turns the answer into an evidence record (plus the page to show the person). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const check = verifyConsentToken(
		await consentAcceptedKeys.call(this, itemIndex),
		this.getNodeParameter('token', itemIndex, ''),
	);
	if (!check.ok) {
		throw inputError(
			node,
			itemIndex,
			'Token',
			REASONS[check.reason],
			'Nothing was recorded. Send the person a new invitation (Create Invite).',
		);
	}
	const raw = String(this.getNodeParameter('decision', itemIndex, ''))
		.trim()
		.toLowerCase();
	const decision = ['accept', 'accepted', 'yes', 'oui'].includes(raw)
		? 'accepted'
		: ['decline', 'declined', 'no', 'non'].includes(raw)
			? 'declined'
			: undefined;
	if (!decision)
		throw inputError(
			node,
			itemIndex,
			'Decision',
			`must be "accept" or "decline", not "${raw.slice(0, 40)}"`,
			'Map the decision sent by the consent page.',
		);
	const { payload } = check;
	const alreadyAnswered = () =>
		inputError(
			node,
			itemIndex,
			'Token',
			'was already answered: each invitation records one answer',
			'Nothing was recorded. Send a new invitation if the person wants to change their answer, or record a withdrawal.',
		);
	const previous = recordList(this.getNodeParameter('previousRecords', itemIndex, []))
		.map(parseEvidence)
		.some((r) => 'evidence' in r && r.evidence.tokenId === payload.id);
	if (previous) throw alreadyAnswered();
	// The memory of used tokens is n8n's de-duplication store (its database): kept across restarts, unbounded,
	// so a token stays refused for all its validity (at most 90 days).
	const record = this.helpers.checkProcessedAndRecord;
	if (typeof record !== 'function') {
		throw inputError(
			node,
			itemIndex,
			'Token',
			'cannot be checked for reuse in this n8n',
			'Nothing was recorded. Record Response needs n8n 1.72 or later (its de-duplication store).',
		);
	}
	const workflowId = String(this.getWorkflow().id ?? '');
	const first = await claimOnce(`${workflowId}:${node.id}`, payload.id, async () => {
		const result = await record.call(this.helpers, [`lre-consent-token:${payload.id}`], 'node', { mode: 'entries' });
		return result.new.length === 1;
	});
	if (!first) throw alreadyAnswered();
	const text = consentText(payload.lang, payload.sender, payload.email);
	const evidence = evidenceOfResponse(payload, text, {
		decision,
		at: Date.now(),
		client: measuredAddress(this.getNodeParameter('clientAddress', itemIndex, {})),
		userAgent: String(this.getNodeParameter('userAgent', itemIndex, '') ?? '').slice(0, 1000),
	});
	return [
		{
			json: { consent: evidence as unknown as IDataObject, html: resultPage(payload.lang, decision) },
			pairedItem: { item: itemIndex },
		},
	];
}
