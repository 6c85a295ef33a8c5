import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { clientAddress, parseTrustedProxies } from '../../lib/consent/clientAddress';
import { resultPage } from '../../lib/consent/page';
import { pageLanguage } from './pageLanguage';

/**
 * Receives the debtor's answer from the consent page (POST), like n8n's Webhook node, and adds what the Webhook
 * node cannot give: the address the answer came from, measured on the connection (`client`). Forwarded headers
 * count only from the proxies listed in Trusted Proxies. Record Response turns it into evidence.
 *
 * The node answers the page itself: n8n's Respond to Webhook node serves only n8n's own webhook nodes, so the
 * answer is the `html` of the last node's first item, sent when the workflow has finished (n8n's "last node"
 * response mode) — the thank-you page of Record Response, or `refusedPage` (given here) after a refusal.
 */
export class DebtorConsentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Debtor Consent Answer Trigger',
		name: 'debtorConsentTrigger',
		icon: { light: 'file:consent.svg', dark: 'file:consent.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"POST /" + $parameter["path"]}}',
		description: "Starts the workflow when a debtor answers the consent page, with the answer's measured IP address",
		defaults: { name: 'Consent Answer' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// n8n sends the `html` field of the last node's first item once the workflow has run.
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				responsePropertyName: 'html',
				responseContentType: 'text/html; charset=utf-8',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName:
					"This node answers the page itself, when the workflow ends, with the html field of the last node: put Debtor Consent Invite → Record Response after it (Settings → On Error: Continue (using error output)), store the evidence, and end each branch with an Edit Fields node setting html — Record Response's html after an answer, this node's refusedPage after a refusal. No Respond to Webhook node. Use the same path as the page.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'lre-consent',
				required: true,
				placeholder: 'lre-consent',
				description: 'The webhook path of the consent page (…/webhook/&lt;path&gt;)',
			},
			{
				displayName: 'Trusted Proxies',
				name: 'trustedProxies',
				type: 'string',
				default: '',
				placeholder: '127.0.0.1, 10.0.0.0/8',
				description:
					'IP addresses (or IPv4 ranges) of your own reverse proxies, comma-separated. Empty: the address of the connection is recorded and X-Forwarded-For is ignored. Listed: their X-Forwarded-For is believed, hop by hop. Like N8N_PROXY_HOPS, list only proxies you run.',
			},
		],
	};

	/** Nothing to register elsewhere: the page's form posts to n8n directly. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const { entries, invalid } = parseTrustedProxies(String(this.getNodeParameter('trustedProxies', '') ?? ''));
		if (invalid.length) {
			this.getResponseObject()
				.status(500)
				.json({
					error: `The consent page is misconfigured: Trusted Proxies has entries that are not IP addresses (${invalid.join(', ').slice(0, 200)}).`,
				});
			return { noWebhookResponse: true };
		}
		const client = clientAddress(req.socket?.remoteAddress ?? '', req.headers['x-forwarded-for'], entries);
		const body = this.getBodyData();
		return {
			workflowData: [
				[
					{
						json: {
							headers: this.getHeaderData() as IDataObject,
							params: this.getParamsData() as IDataObject,
							query: this.getQueryData() as IDataObject,
							body,
							client: client as unknown as IDataObject,
							// The page for an answer Record Response refuses (used, expired, forged), in the link's language.
							refusedPage: resultPage(pageLanguage(body?.token), 'invalid'),
						},
					},
				],
			],
		};
	}
}
