import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { canonicalLetterId } from '../../lib/letter/eventMemory';
import type { Letter } from '../../lib/letter/normalize';
import { SENDER_ID_PATTERN } from '../../lib/maileva/electronic';
import { postalDetails, type MailevaLetter } from '../../lib/maileva/provider';
import type { LetterProvider } from '../../lib/provider/types';
import { EventLedger } from '../shared/eventLedger';
import { ar24EventsField, eventItem, proofPropertiesByProvider, type LetterEvent } from '../shared/letterEvents';
import { providerPages } from '../shared/letterPages';
import { providerCredentials, providerField, providerFor } from '../shared/provider';
import {
	MAILEVA_EVENT_OPTIONS,
	mailevaEventsField,
	presentedItem,
	type MailevaTriggerEvent,
} from '../LreTrigger/mailevaTrigger';

const DAY_MS = 86_400_000;

/** The LRE Trigger's Maileva event texts that name postal letters only, as this trigger words them for all three kinds. */
const POLL_DESCRIPTIONS: Partial<Record<MailevaTriggerEvent, string>> = {
	bounced:
		'The notification email of a qualified LRE or ERE bounced, or La Poste could not deliver a postal letter (the reason is in "postal")',
	failed: 'Maileva rejected the letter (address, document or sender): it did not go out',
	presented:
		'Postal letters only: the postman presented the letter for the first time (delivered, refused, or a notice left), the date the law often counts from',
	sent: 'The letter went out: its deposit proof is available',
};

/** Maileva's events as this trigger sees them: of its three kinds of letters, not only the postal ones. */
const MAILEVA_POLL_EVENTS: typeof MAILEVA_EVENT_OPTIONS = MAILEVA_EVENT_OPTIONS.map((option) => ({
	...option,
	description: POLL_DESCRIPTIONS[option.value] ?? option.description,
}));

/** A (letter, event) the trigger may emit: a letter's state, or a postal letter's first presentation. */
interface PollEvent {
	letter: Letter<unknown>;
	event: MailevaTriggerEvent;
}

/**
 * For n8n instances AR24 cannot reach, and for Maileva (no per-letter webhook): every poll reads the sender's recent
 * letters through the provider seam (newest first, as far back as "Look Back") and starts the workflow once for each
 * new (letter, state) among the chosen events — with the same output, `eventKey` and once-only memory as the LRE
 * Trigger. Maileva's listing merges its qualified LRE, simple ERE and postal letters (lib/maileva/provider.ts). A
 * Maileva postal event also carries `postal`: the registered number, La Poste's last status, the first presentation
 * and the undelivered-mail reason.
 */
export class LrePollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LRE Poll Trigger',
		name: 'lrePollTrigger',
		icon: { light: 'file:lrePollTrigger.svg', dark: 'file:lrePollTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Checks AR24 or Maileva on a schedule and starts the workflow when a registered letter changes state',
		defaults: { name: 'LRE Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [
			providerField,
			{
				displayName:
					'Use this trigger when AR24 cannot reach your n8n (no public URL). It asks AR24 for recent letters at each poll; with a public URL prefer the LRE Trigger, which reacts at once.',
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { provider: ['ar24'] } },
			},
			{
				displayName:
					"Maileva sends no status of its qualified LRE and simple ERE to any URL: this trigger asks Maileva for the recent letters of the three kinds (qualified LRE, ERE, postal registered letter with its La Poste statuses) at each poll. With a Sender ID in the credential, only that sender's LRE and ERE letters are reported; without one, every sender's of the Maileva account.",
				name: 'mailevaNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { provider: ['maileva'] } },
			},
			ar24EventsField,
			{
				...mailevaEventsField,
				options: MAILEVA_POLL_EVENTS,
				description: 'Which status changes of Maileva letters (qualified LRE, ERE and postal) start the workflow',
			},
			...proofPropertiesByProvider,
			{
				displayName: 'Look Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365 },
				default: 45,
				description:
					'Letters deposited longer ago than this are not checked any more (a letter ends at the latest 16 days after it is sent)',
			},
			{
				displayName: 'Emit Past Events on First Run',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation starts the workflow for events that happened before. Off: they are only remembered.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = this.getNodeParameter('events', []) as MailevaTriggerEvent[];
		const lookBackDays = this.getNodeParameter('lookBackDays', 45) as number;
		const withProof = this.getNodeParameter('downloadProof', true) as boolean;
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		// n8n 2.41 saves a poll's static data only when the poll emits: the ledger also keeps what this process saw.
		const ledger = new EventLedger(this, !manual);
		const firstRun = staticData.polledAt === undefined && !ledger.knownInProcess;
		const emitNow = manual || !firstRun || (this.getNodeParameter('emitExisting', false) as boolean);

		const { provider } = providerFor.call(this);
		const sender = await provider.getSender();
		const found = await recentLetters(provider, sender.senderId, Date.now() - lookBackDays * DAY_MS);

		// Oldest letter first; a postal letter's first presentation before its final state.
		const due = [...found]
			.reverse()
			.flatMap((letter) => eventsOf(letter, events))
			.filter(({ letter, event }) => !ledger.has(letter.letterId, event));
		if (manual) {
			// A test run shows the most recent matching event and remembers nothing.
			const latest = due.at(-1) ?? found.map((letter) => eventsOf(letter, events).at(-1)).find(Boolean);
			return latest ? [[await providerEvent.call(this, provider, latest, withProof)]] : null;
		}
		const items: INodeExecutionData[] = [];
		for (const next of due) {
			// Prepared first: an event whose proof cannot be fetched is not claimed, and the next poll tries again.
			const item = emitNow ? await providerEvent.call(this, provider, next, withProof) : undefined;
			if (ledger.claim(next.letter.letterId, next.event) && item) items.push(item);
		}
		ledger.save();
		staticData.polledAt = new Date().toISOString();
		return items.length ? [items] : null;
	}
}

/** The chosen events a letter is in: its state, and for a Maileva postal letter its first presentation. */
function eventsOf(letter: Letter<unknown>, events: readonly MailevaTriggerEvent[]): PollEvent[] {
	const out: PollEvent[] = [];
	if (events.includes('presented') && isPostal(letter) && postalDetails(letter.raw as MailevaLetter).firstPresentedAt)
		out.push({ letter, event: 'presented' });
	if (letter.state !== 'pending' && events.includes(letter.state as LetterEvent))
		out.push({ letter, event: letter.state as LetterEvent });
	return out;
}

const isPostal = (letter: Letter<unknown>): boolean => letter.provider === 'maileva' && letter.type === 'postal';

/** The Maileva sender (electronic_mail_emitter) of a qualified LRE or ERE letter, lower case; '' when none is given. */
const electronicSenderOf = (letter: Letter<unknown>): string => {
	const senderId = (letter.raw as MailevaLetter).sending?.sender_id;
	return typeof senderId === 'string' ? senderId.toLowerCase() : '';
};

/** Whether a listed letter is the credential's sender's (a team's or an account's other senders are not). */
function isSendersOwn(provider: LetterProvider, senderId: string, letter: Letter<unknown>): boolean {
	if (provider.name === 'ar24')
		return canonicalLetterId((letter.raw as { id_sender?: unknown }).id_sender) === canonicalLetterId(senderId);
	// Maileva: postal letters are the account's; a qualified LRE or ERE names its sender, which must be the
	// credential's Sender ID when it has one (without one, every sender of the account is this credential's).
	if (isPostal(letter) || !SENDER_ID_PATTERN.test(senderId.toLowerCase())) return true;
	const own = electronicSenderOf(letter);
	return own === '' || own === senderId.toLowerCase();
}

/**
 * The sender's letters deposited since `oldest`, newest first, each once, normalized. AR24 may list a team's letters,
 * Maileva an account's several senders': only the credential's sender's are kept. Maileva lists sendings without
 * their recipient: each recent one is read whole (its state and proofs are on the recipient).
 */
async function recentLetters(
	provider: LetterProvider,
	senderId: string,
	oldest: number,
): Promise<Array<Letter<unknown>>> {
	const found: Array<Letter<unknown>> = [];
	const listed = new Set<string>();
	for await (const page of providerPages(provider, senderId)) {
		const recent = page.filter((native) => Date.parse(provider.normalize(native).events.depositedAt ?? '') >= oldest);
		for (const native of recent) {
			const letter = provider.normalize(provider.readFully ? await provider.readFully(native) : native);
			const id = provider.name === 'ar24' ? canonicalLetterId(letter.letterId) : letter.letterId || undefined;
			if (id === undefined || listed.has(id) || !isSendersOwn(provider, senderId, letter)) continue;
			listed.add(id);
			found.push(letter);
		}
		if (recent.length < page.length) break;
	}
	return found;
}

/** The item of one event, its proof fetched by the provider (Maileva's need its token). */
async function providerEvent(
	this: IPollFunctions,
	provider: LetterProvider,
	{ letter, event }: PollEvent,
	withProof: boolean,
): Promise<INodeExecutionData> {
	const postal = isPostal(letter) ? postalDetails(letter.raw as MailevaLetter) : undefined;
	const item =
		event === 'presented'
			? await presentedItem(this, letter as never, postal?.firstPresentedAt as string)
			: await eventItem.call(
					this,
					letter as Letter,
					event,
					withProof,
					async (proof, what) => await provider.fetchProof(proof, what),
				);
	if (postal) item.json.postal = postal as unknown as IDataObject;
	return item;
}
