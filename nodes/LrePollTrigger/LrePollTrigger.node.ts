import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { canonicalLetterId } from '../../lib/letter/eventMemory';
import { normalizeAr24Mail, type Letter } from '../../lib/letter/normalize';
import { EventLedger } from '../shared/eventLedger';
import { eventItem, eventProperties, type LetterEvent } from '../shared/letterEvents';
import { letterPages } from '../shared/letterPages';
import { getSender } from '../shared/sender';

const DAY_MS = 86_400_000;

/**
 * For n8n instances AR24 cannot reach: every poll reads the sender's recent letters (newest first, as far back as
 * "Look Back") and starts the workflow once for each new (letter, state) among the chosen events — with the same
 * output and the same once-only memory as the LRE Trigger.
 */
export class LrePollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LRE Poll Trigger',
		name: 'lrePollTrigger',
		icon: { light: 'file:lrePollTrigger.svg', dark: 'file:lrePollTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Checks AR24 on a schedule and starts the workflow when a registered letter changes state',
		defaults: { name: 'LRE Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ar24Api', required: true }],
		properties: [
			{
				displayName:
					'Use this trigger when AR24 cannot reach your n8n (no public URL). It asks AR24 for recent letters at each poll; with a public URL prefer the LRE Trigger, which reacts at once.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...eventProperties,
			{
				displayName: 'Look Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365 },
				default: 45,
				description: 'Letters deposited longer ago than this are not checked any more (a letter ends at the latest 16 days after it is sent)',
			},
			{
				displayName: 'Emit Past Events on First Run',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description: 'Whether the first poll after activation starts the workflow for events that happened before. Off: they are only remembered.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = this.getNodeParameter('events', []) as LetterEvent[];
		const lookBackDays = this.getNodeParameter('lookBackDays', 45) as number;
		const withProof = this.getNodeParameter('downloadProof', true) as boolean;
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		// n8n 2.41 saves a poll's static data only when the poll emits: the ledger also keeps what this process saw.
		const ledger = new EventLedger(this, !manual);
		const firstRun = staticData.polledAt === undefined && !ledger.knownInProcess;
		const emitNow = manual || !firstRun || (this.getNodeParameter('emitExisting', false) as boolean);

		const sender = await getSender.call(this);
		const oldest = Date.now() - lookBackDays * DAY_MS;
		const found: Letter[] = [];
		const listed = new Set<string>();
		for await (const page of letterPages.call(this, sender.senderId)) {
			const recent = page.map((mail) => normalizeAr24Mail(mail)).filter((letter) => Date.parse(letter.events.depositedAt ?? '') >= oldest);
			// Only the credential's sender's letters (AR24 may list a team's), each once under its canonical id.
			for (const letter of recent) {
				const id = canonicalLetterId(letter.letterId);
				if (id === undefined || listed.has(id) || canonicalLetterId(letter.raw.id_sender) !== canonicalLetterId(sender.senderId)) continue;
				listed.add(id);
				found.push(letter);
			}
			if (recent.length < page.length) break;
		}

		const due = found
			.filter((letter) => letter.state !== 'pending' && events.includes(letter.state as LetterEvent))
			.filter((letter) => !ledger.has(letter.letterId, letter.state))
			.reverse();
		if (manual) {
			// A test run shows the most recent matching event and remembers nothing.
			const latest = due.at(-1) ?? found.find((letter) => events.includes(letter.state as LetterEvent));
			return latest ? [[await eventItem.call(this, latest, latest.state as LetterEvent, withProof)]] : null;
		}
		const items: INodeExecutionData[] = [];
		for (const letter of due) {
			// Prepared first: an event whose proof cannot be fetched is not claimed, and the next poll tries again.
			const item = emitNow ? await eventItem.call(this, letter, letter.state as LetterEvent, withProof) : undefined;
			if (ledger.claim(letter.letterId, letter.state) && item) items.push(item);
		}
		ledger.save();
		staticData.polledAt = new Date().toISOString();
		return items.length ? [items] : null;
	}
}
