import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialDescription,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { Ar24Mail } from '../../lib/ar24/wire';
import { normalizeAr24Mail } from '../../lib/letter/normalize';
import { ar24EventsField, eventItem, proofPropertiesByProvider, type LetterEvent } from '../shared/letterEvents';
import { ar24Request, senderParam } from '../shared/transport';
import { credentialWebhookKey, SIGNING_KEYS_TEST, testSigningKeys } from '../shared/webhookKey';
import { canonicalLetterId } from '../../lib/letter/eventMemory';
import { EventLedger } from '../shared/eventLedger';
import { providerCredentials, providerField } from '../shared/provider';
import { handleMailevaDelivery, mailevaEventsField, mailevaWebhookMethods } from './mailevaTrigger';
import {
	keyFingerprint,
	letterIdOf,
	notOwnedBecause,
	readBackShared,
	signedFor,
	withCachedCredentials,
} from './LreTriggerHelpers';

/**
 * One credential per provider, and on AR24 the optional LRE Signing Keys API credential: it signs/checks the URLs
 * instead of the AR24 key; both attached, URLs signed with either are accepted (README "Signing keys").
 */
const triggerCredentials: INodeCredentialDescription[] = [
	...providerCredentials,
	{
		name: 'lreSigningKeysApi',
		required: false,
		testedBy: SIGNING_KEYS_TEST,
		displayOptions: { show: { provider: ['ar24'] } },
	},
];

function answer(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

export class LreTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LRE Trigger',
		name: 'lreTrigger',
		icon: { light: 'file:lreTrigger.svg', dark: 'file:lreTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when a registered letter is accepted, refused, not claimed or bounced (AR24 webhook, Maileva notifications)',
		defaults: { name: 'LRE Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			providerField,
			{
				displayName:
					"Copy this node's Production URL into LRE Send → Additional Fields → Status Webhook URL. LRE Send adds a signature to it; calls without that signature are refused (401). Each event starts the workflow once, with the state AR24 reports when the letter is read back. No public URL? Use the LRE Poll Trigger instead.",
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { provider: ['ar24'] } },
			},
			{
				displayName:
					"For postal registered letters sent with Maileva. Activating the workflow subscribes this node's Production URL to Maileva's notifications for the events chosen, with a secret only Maileva and this workflow know (calls without it are refused, 401); deactivating it removes the subscriptions. Each event starts the workflow once, with the state Maileva reports when the letter is read back. This n8n needs a public URL (WEBHOOK_URL); Maileva's LRE and ERE have no notifications: use the LRE Poll Trigger for them.",
				name: 'mailevaNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { provider: ['maileva'] } },
			},
			ar24EventsField,
			mailevaEventsField,
			...proofPropertiesByProvider,
		],
	};

	methods = { credentialTest: { [SIGNING_KEYS_TEST]: testSigningKeys } };

	webhookMethods = {
		default: {
			/** AR24 has no webhook registration API (URLs travel with each letter): "exists" = signed for this key. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (onMaileva(this)) return await mailevaWebhookMethods.checkExists.call(this);
				const data = this.getWorkflowStaticData('node');
				const key = await credentialWebhookKey.call(this);
				return data.webhookId === this.getNode().webhookId && data.keyFingerprint === keyFingerprint(key);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (onMaileva(this)) return await mailevaWebhookMethods.create.call(this);
				const data = this.getWorkflowStaticData('node');
				const key = await credentialWebhookKey.call(this);
				data.webhookId = this.getNode().webhookId;
				data.keyFingerprint = keyFingerprint(key);
				data.activatedAt = new Date().toISOString();
				return true;
			},
			/** Keeps the memory of emitted events: letters in flight keep their URL and must not fire twice. */
			async delete(this: IHookFunctions): Promise<boolean> {
				if (onMaileva(this)) return await mailevaWebhookMethods.delete.call(this);
				const data = this.getWorkflowStaticData('node');
				delete data.webhookId;
				delete data.keyFingerprint;
				delete data.activatedAt;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const context = withCachedCredentials(this);
		return onMaileva(this) ? await handleMailevaDelivery.call(context) : await handleDelivery.call(context);
	}
}

/** Whether the node talks to Maileva (`provider`; a node saved before the choice existed talks to AR24). */
function onMaileva(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('provider', 'ar24') === 'maileva';
}

/** One AR24 delivery: signed? which letter? is it this trigger's? a new event? — then the item, or the answer. */
async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const signed = await signedFor.call(this);
	if (!signed) {
		return answer(this, 401, { error: 'This URL needs the signature LRE Send adds to it.' });
	}
	// Requests that start no execution are saved reliably: each stores what this process emitted, if not saved yet.
	const ledger = new EventLedger(this);
	ledger.save();
	const letterId = letterIdOf(this.getBodyData(), this.getQueryData() as IDataObject);
	if (!letterId) return answer(this, 400, { error: 'No valid id_mail in the request.' });

	let mail: Ar24Mail;
	try {
		mail = await readBackShared(
			this,
			letterId,
			async () =>
				(await ar24Request.call(this, { method: 'GET', path: '/mail', params: { id: letterId } })) as Ar24Mail,
		);
	} catch (error) {
		this.logger.warn(`LRE Trigger could not read letter ${letterId} back from AR24`, {
			error: (error as Error).message,
		});
		// 503: AR24 will deliver again later (every 15 minutes).
		return answer(this, 503, { error: 'Could not read the letter back from AR24; retry later.' });
	}
	// A letter of another sender, of another trigger or of another case: nothing is said about it.
	const notOwned =
		canonicalLetterId(mail?.id) !== letterId
			? 'AR24 answered with another letter'
			: notOwnedBecause(mail, await senderParam.call(this), this.getNode().webhookId ?? '', signed.reference);
	if (notOwned) {
		this.logger.warn(`LRE Trigger ignored a call for letter ${letterId}: ${notOwned}`);
		return answer(this, 200, { received: true, started: false });
	}
	const letter = normalizeAr24Mail(mail);
	const events = this.getNodeParameter('events', []) as LetterEvent[];
	const state = letter.state;
	if (state === 'pending' || !events.includes(state)) {
		return answer(this, 200, { received: true, started: false, state });
	}
	if (!ledger.claim(letterId, state)) {
		return answer(this, 200, { received: true, started: false, duplicate: true, state });
	}
	try {
		const item = await eventItem.call(this, letter, state, this.getNodeParameter('downloadProof', true) as boolean);
		ledger.save();
		ledger.saveLater();
		return { workflowData: [[item]] };
	} catch (error) {
		ledger.release(letterId, state);
		this.logger.warn(`LRE Trigger could not prepare the ${state} event of letter ${letterId}`, {
			error: (error as Error).message,
		});
		return answer(this, 503, { error: 'Could not fetch the proof; retry later.' });
	}
}
