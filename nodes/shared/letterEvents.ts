/**
 * What both LRE triggers emit for a letter event: the normalized letter, the event's date, and (optionally) the
 * matching proof PDF as binary with its SHA-256 and archive file name. Shared, so webhook and polling output match.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IPollFunctions, IWebhookFunctions, INodeProperties } from 'n8n-workflow';
import { proofArchiveName } from '../../lib/letter/archive';
import { eventKey } from '../../lib/letter/eventMemory';
import {
	pickProof,
	proofFieldFor,
	proofFieldForState,
	type LetterState,
	type ProofType,
} from '../../lib/letter/lifecycle';
import type { Letter } from '../../lib/letter/normalize';
import { downloadPdf } from './download';

export type LetterEvent = Exclude<LetterState, 'pending'>;

export const EVENT_OPTIONS: Array<{ name: string; value: LetterEvent; description: string }> = [
	{ name: 'Accepted', value: 'accepted', description: 'The recipient accepted the letter (accusé de réception)' },
	{ name: 'Bounced', value: 'bounced', description: 'The notification email could not be delivered' },
	{
		name: 'Failed (AR24 Could Not Send)',
		value: 'failed',
		description: 'AR24 reports a technical failure (send_fail): the letter did not go out',
	},
	{
		name: 'Negligence (Not Claimed in 15 Days)',
		value: 'negligence',
		description: 'The recipient let the 15 days pass',
	},
	{ name: 'Refused', value: 'refused', description: 'The recipient refused the letter' },
	{ name: 'Sent', value: 'sent', description: 'The letter was deposited and presented to the recipient' },
];

export const eventProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['accepted', 'refused', 'negligence', 'bounced', 'failed'],
		required: true,
		description: 'Which status changes start the workflow',
	},
	{
		displayName: 'Download Proof',
		name: 'downloadProof',
		type: 'boolean',
		default: true,
		description:
			'Whether to attach the proof PDF of the event (binary "proof") with its SHA-256 and an archive file name',
	},
	{
		displayName: 'Proof for "Sent" Events',
		name: 'sentProof',
		type: 'options',
		displayOptions: { show: { downloadProof: [true] } },
		options: [
			{
				name: "Sending Proof (Preuve D'envoi)",
				value: 'sending',
				description: 'The proof_ev_url: the letter was sent and presented',
			},
			{
				name: 'Deposit Proof (Preuve De Dépôt)',
				value: 'deposit',
				description: 'The proof_dp_url: the letter was deposited (the sending proof when AR24 has no separate one)',
			},
		],
		default: 'sending',
		description: 'Which of the two proofs AR24 makes when a letter goes out is attached to a "Sent" event',
	},
];

/** AR24's Events field, shown for *Provider* AR24 (the triggers that also speak Maileva show its own beside it). */
export const ar24EventsField: INodeProperties = {
	...eventProperties[0],
	displayOptions: { show: { provider: ['ar24'] } },
};

/** Download Proof, and the AR24-only choice of the proof of a "Sent" event, for a trigger with a Provider field. */
export const proofPropertiesByProvider: INodeProperties[] = eventProperties
	.slice(1)
	.map((property) =>
		property.name === 'sentProof'
			? { ...property, displayOptions: { show: { ...property.displayOptions?.show, provider: ['ar24'] } } }
			: property,
	);

export function eventDate(letter: Letter, state: LetterEvent): string | null {
	const map: Record<LetterEvent, string | null> = {
		sent: letter.events.sentAt,
		accepted: letter.events.acceptedAt,
		refused: letter.events.refusedAt,
		negligence: letter.events.negligenceAt,
		bounced: letter.events.bouncedAt,
		// AR24 gives no date for a technical failure: the deposit is the last known moment.
		failed: letter.events.depositedAt,
	};
	return map[state];
}

export async function eventItem(
	this: IWebhookFunctions | IPollFunctions,
	letter: Letter,
	state: LetterEvent,
	withProof: boolean,
	/** How to fetch the proof (default: AR24's self-authenticated proof URLs). */
	fetchProof?: (proof: { type: ProofType; url: string }, what: string) => Promise<Buffer>,
): Promise<INodeExecutionData> {
	const json: IDataObject = {
		event: state,
		// The idempotent key of this event (see nodes/shared/eventLedger.ts): downstream, act once per key.
		eventKey: eventKey(letter.letterId, state),
		letterId: letter.letterId,
		state: letter.state,
		eventDate: eventDate(letter, state),
		reference: letter.reference,
		clientReference: letter.clientReference,
		billingReference: letter.billingReference,
		recipient: letter.recipient,
		acceptanceDelayHours: letter.acceptanceDelayHours,
		letter: letter as unknown as IDataObject,
	};
	if (!withProof) return { json };
	let type: ProofType | undefined = proofFieldForState(state)?.type;
	// A postal letter (Maileva) has one proof when it goes out: La Poste's deposit proof.
	if (
		state === 'sent' &&
		(letter.provider === 'maileva' || (this as IPollFunctions).getNodeParameter('sentProof', 'sending') === 'deposit')
	)
		type = 'deposit';
	const proof = type && pickProof(letter.proofs, type);
	if (!type || !proof) return { json: { ...json, proof: null } };
	const field = proofFieldFor(proof.type);
	const what = `${field.type} proof of letter ${letter.letterId}`;
	const pdf = fetchProof ? await fetchProof(proof, what) : await downloadPdf.call(this, proof.url, what);
	const fileName = proofArchiveName(field.archiveWord, letter, proof.date ?? letter.events.depositedAt ?? '');
	const sha256 = createHash('sha256').update(pdf).digest('hex');
	return {
		json: { ...json, proof: { type: field.type, date: proof.date, sha256, fileName, size: pdf.length } },
		binary: { proof: await this.helpers.prepareBinaryData(pdf, fileName, 'application/pdf') },
	};
}
