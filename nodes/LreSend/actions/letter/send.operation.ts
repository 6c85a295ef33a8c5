import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Ar24Mail } from '../../../../lib/ar24/wire';
import { recordList } from '../../../../lib/consent/evidence';
import { mayDeliverLre } from '../../../../lib/consent/policy';
import { normalizeAr24Mail } from '../../../../lib/letter/normalize';
import { signWebhookUrl } from '../../../../lib/letter/webhookAuth';
import { credentialWebhookKey } from '../../../shared/webhookKey';
import { updateDisplayOptions } from '../../../shared/display';
import { asNodeError } from '../../../shared/errors';
import { ar24Request, mayHaveActed, senderParam, type Ar24File } from '../../../shared/transport';
import { inputError, optionalText, requiredEmail, requiredText } from '../../../shared/validate';
import type { RunState } from '../runState';

const AR24_MAX_ATTACHMENT_MB = 256;
/** AR24's limit on the letter text (UNCONFIRMED, README): checked before any call. */
const AR24_CONTENT_LIMIT = 8000;

const properties: INodeProperties[] = [
	{
		displayName: 'Letter Type',
		name: 'letterType',
		type: 'options',
		options: [
			{
				name: 'Qualified LRE (eIDAS)',
				value: 'lre',
				description: 'Lettre recommandée électronique qualifiée: same legal value as a paper registered letter (CPCE L100). Needs the sender OTP.',
			},
			{
				name: 'Simple Registered E-Mail (ERE)',
				value: 'ere',
				description: 'Envoi recommandé électronique simple: proof of sending and receipt, not equivalent to a registered letter',
			},
		],
		default: 'lre',
	},
	{
		displayName: 'Case Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'MED-2026-0042',
		description:
			'Your unique reference for this letter, e.g. the notice number. It is the idempotency key: LRE Send never sends a second letter with the same case reference from the same sender — a re-run returns the first letter with alreadySent = true.',
	},
	{
		displayName: 'Recipient E-Mail',
		name: 'recipientEmail',
		type: 'string',
		placeholder: 'compta@debiteur.fr',
		default: '',
		required: true,
	},
	{
		displayName: 'Recipient Type',
		name: 'recipientStatus',
		type: 'options',
		options: [
			{ name: 'Professional (Company)', value: 'professional' },
			{ name: 'Individual (Consumer)', value: 'individual' },
		],
		default: 'professional',
		description: 'An individual must have consented beforehand to receive registered letters electronically (CPCE L100)',
	},
	{
		displayName: 'Company Name',
		name: 'recipientCompany',
		type: 'string',
		default: '',
		displayOptions: { show: { recipientStatus: ['professional'] } },
		required: true,
	},
	{
		displayName: 'First Name',
		name: 'recipientFirstName',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Last Name',
		name: 'recipientLastName',
		type: 'string',
		default: '',
		hint: 'Required for an individual',
	},
	{
		displayName: 'Consent Evidence',
		name: 'consentEvidence',
		type: 'json',
		default: '={{ $json.consent }}',
		displayOptions: { show: { recipientStatus: ['individual'], letterType: ['lre'] } },
		description:
			'The consent record(s) of this person, as produced by the Debtor Consent Invite node: one object or a list. Without an accepted consent for this e-mail address nothing is sent.',
		hint: 'Required by law (CPCE L100) before a qualified LRE to an individual',
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'The text the recipient reads when they open the letter. May be empty when a PDF is attached.',
	},
	{
		displayName: 'Attachments (Binary Properties)',
		name: 'attachmentProperties',
		type: 'string',
		default: 'data',
		placeholder: 'data, invoice',
		description: 'Names of the input binary properties holding the PDF files to attach, separated by commas. Leave empty to send the content only.',
	},
	{
		displayName: 'Sender Authentication',
		name: 'eidasAuthentication',
		type: 'options',
		displayOptions: { show: { letterType: ['lre'] } },
		options: [
			{ name: 'OTP Session (From Start OTP Session)', value: 'otpSession' },
			{ name: 'OTP Code', value: 'otpCode' },
		],
		default: 'otpSession',
		description: 'A qualified LRE needs the sender to authenticate with their AR24 OTP key',
	},
	{
		displayName: 'OTP Session Hash',
		name: 'otpSessionHash',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.otpSessionHash }}',
		displayOptions: { show: { letterType: ['lre'], eidasAuthentication: ['otpSession'] } },
		description: 'The otpSessionHash output by LRE Send → Sender → Start OTP Session (valid one hour)',
	},
	{
		displayName: 'OTP Code',
		name: 'otpCode',
		type: 'string',
		default: '',
		placeholder: '123456',
		displayOptions: { show: { letterType: ['lre'], eidasAuthentication: ['otpCode'] } },
		description: "The current 6-digit code of the sender's AR24 OTP key",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Billing Reference',
				name: 'billingReference',
				type: 'string',
				default: '',
				description: 'Shown on your AR24 invoice (ref_facturation)',
			},
			{
				displayName: 'Client Reference',
				name: 'clientReference',
				type: 'string',
				default: '',
				description: "The recipient's customer number in your books (ref_client)",
			},
			{
				displayName: 'Custom Sender Name',
				name: 'customSenderName',
				type: 'string',
				default: '',
				description: 'Name shown to the recipient instead of the account name',
			},
			{
				displayName: 'Status Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/webhook',
				description: "Where AR24 reports this letter's status changes: paste the production URL of an LRE Trigger node",
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Concurrency',
				name: 'batchConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 2,
				description: 'How many letters are prepared and sent at the same time (read from the first item)',
			},
			{
				displayName: 'Max Attachment Size (MB)',
				name: 'maxAttachmentMb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: AR24_MAX_ATTACHMENT_MB },
				default: AR24_MAX_ATTACHMENT_MB,
				description: 'Attachments larger than this are refused before anything is sent',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['letter'], operation: ['send'] } }, properties);

/** Items of one batch are sent `batchConcurrency` at a time (a node-level option, read from the first item). */
export function concurrency(this: IExecuteFunctions): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return Math.min(Math.max(Number(options.batchConcurrency ?? 2) || 1, 1), 10);
}

interface Attachment extends Ar24File {
	sha256: string;
	property: string;
}

async function readAttachments(this: IExecuteFunctions, itemIndex: number, maxMb: number): Promise<Attachment[]> {
	const node = this.getNode();
	const names = String(this.getNodeParameter('attachmentProperties', itemIndex, ''))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const binary = this.getInputData()[itemIndex]?.binary ?? {};
	const attachments: Attachment[] = [];
	for (const property of names) {
		const meta = binary[property];
		if (!meta) {
			const present = Object.keys(binary);
			throw inputError(
				node,
				itemIndex,
				'Attachments (Binary Properties)',
				`names "${property}", but the item has no binary property "${property}"`,
				present.length ? `The item has: ${present.join(', ')}. Correct the name or clear the field.` : 'The item has no file at all: add a node that produces the PDF (e.g. Notice Generator) before LRE Send, or clear the field.',
			);
		}
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		if (data.length === 0) {
			throw inputError(node, itemIndex, 'Attachments (Binary Properties)', `"${property}" is an empty file`, 'Attach a non-empty PDF.');
		}
		if (data.length > maxMb * 1024 * 1024) {
			throw inputError(
				node,
				itemIndex,
				'Attachments (Binary Properties)',
				`"${property}" is ${(data.length / 1024 / 1024).toFixed(1)} MB, over the ${maxMb} MB limit`,
				'Compress the PDF or split it into several attachments.',
			);
		}
		if (data.subarray(0, 5).toString('latin1') !== '%PDF-') {
			throw inputError(
				node,
				itemIndex,
				'Attachments (Binary Properties)',
				`"${property}" (${meta.fileName ?? 'unnamed'}) is not a PDF`,
				'Registered letters carry PDF attachments: convert the file to PDF first.',
			);
		}
		const fileName = meta.fileName?.trim() || `${property}.pdf`;
		attachments.push({
			property,
			field: 'file',
			data,
			fileName: fileName.toLowerCase().endsWith('.pdf') ? fileName : `${fileName}.pdf`,
			mimeType: 'application/pdf',
			sha256: createHash('sha256').update(data).digest('hex'),
		});
	}
	return attachments;
}

/** Sends one registered letter — at most once per case reference — and returns it normalized. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunState): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const letterType = param('letterType', 'lre') as 'lre' | 'ere';
	const reference = requiredText(node, itemIndex, 'Case Reference', param('reference'), 'Map a unique reference for this letter, e.g. the notice number.');
	if (reference.length > 255) throw inputError(node, itemIndex, 'Case Reference', 'is longer than 255 characters', 'Use a shorter reference.');
	const recipientEmail = requiredEmail(node, itemIndex, 'Recipient E-Mail', param('recipientEmail'), "Map the debtor's e-mail address.");
	const recipientStatus = param('recipientStatus', 'professional') as 'professional' | 'individual';
	const nameFix = "Map the recipient's name as text (at most 255 characters).";
	const firstName = optionalText(node, itemIndex, 'First Name', param('recipientFirstName'), nameFix, 255);
	const lastName = optionalText(node, itemIndex, 'Last Name', param('recipientLastName'), nameFix, 255);
	const company = recipientStatus === 'professional' ? optionalText(node, itemIndex, 'Company Name', param('recipientCompany'), nameFix, 255) : '';
	if (recipientStatus !== 'professional' && recipientStatus !== 'individual') {
		throw inputError(node, itemIndex, 'Recipient Type', `must be "professional" or "individual", not ${JSON.stringify(recipientStatus)}`, 'Choose Professional or Individual.');
	}
	if (recipientStatus === 'professional' && !company) {
		throw inputError(node, itemIndex, 'Company Name', 'is empty', 'A professional recipient is named by its company: map the company name.');
	}
	if (recipientStatus === 'individual' && (!firstName || !lastName)) {
		throw inputError(node, itemIndex, !firstName ? 'First Name' : 'Last Name', 'is empty', 'An individual recipient needs a first and a last name.');
	}
	const rawContent = param('content');
	if (rawContent !== null && typeof rawContent !== 'string' && typeof rawContent !== 'number') {
		throw inputError(node, itemIndex, 'Content', `must be text, not ${Array.isArray(rawContent) ? 'a list' : typeof rawContent}`, 'Map a text: the body of the letter.');
	}
	const content = String(rawContent ?? '');
	if (content.length > AR24_CONTENT_LIMIT) {
		throw inputError(node, itemIndex, 'Content', `is longer than ${AR24_CONTENT_LIMIT} characters (${content.length})`, 'Shorten the text and put the full letter in a PDF attachment (e.g. from the Notice Generator).');
	}
	const additional = param('additionalFields', {}) as IDataObject;
	const options = param('options', {}) as IDataObject;
	const givenWebhookUrl = String(additional.webhookUrl ?? '').trim();
	if (givenWebhookUrl && !/^https?:\/\/\S+$/i.test(givenWebhookUrl)) {
		throw inputError(node, itemIndex, 'Status Webhook URL', `is not an http(s) URL: "${givenWebhookUrl}"`, "Paste the LRE Trigger node's production URL.");
	}
	// An LRE Trigger URL gets the signature the trigger checks; any other URL is passed to AR24 as it is.
	const webhookUrl = givenWebhookUrl
		? (signWebhookUrl(givenWebhookUrl, await credentialWebhookKey.call(this, itemIndex)) ?? givenWebhookUrl)
		: '';
	const attachments = await readAttachments.call(this, itemIndex, Math.min(Number(options.maxAttachmentMb ?? AR24_MAX_ATTACHMENT_MB) || AR24_MAX_ATTACHMENT_MB, AR24_MAX_ATTACHMENT_MB));
	if (!content.trim() && attachments.length === 0) {
		throw inputError(node, itemIndex, 'Content', 'is empty and there is no attachment', 'Write a content text or attach at least one PDF.');
	}
	let consentBasis = 'Not required for a simple ERE.';
	if (letterType === 'lre') {
		const verdict = mayDeliverLre({ email: recipientEmail, status: recipientStatus }, recordList(param('consentEvidence', [])));
		if (!verdict.allowed) {
			throw inputError(
				node,
				itemIndex,
				'Consent Evidence',
				`does not allow a qualified LRE: ${verdict.reason}`,
				'Nothing was sent. Collect the consent first (Debtor Consent Invite node) and map its record here, or send a simple ERE or a paper letter instead.',
			);
		}
		consentBasis = verdict.reason;
	}
	const authentication: IDataObject = {};
	if (letterType === 'lre') {
		const mode = param('eidasAuthentication', 'otpSession');
		const secret = String(param(mode === 'otpCode' ? 'otpCode' : 'otpSessionHash')).trim();
		if (!secret) {
			throw inputError(
				node,
				itemIndex,
				mode === 'otpCode' ? 'OTP Code' : 'OTP Session Hash',
				'is empty',
				'A qualified LRE needs the sender to authenticate: run LRE Send → Sender → Start OTP Session before this node and map its otpSessionHash, or give the current OTP code.',
			);
		}
		authentication[mode === 'otpCode' ? 'otp' : 'auth_otp_hash'] = secret;
	}
	const configured = await senderParam.call(this, itemIndex);
	const sender = configured.email?.toLowerCase() === recipientEmail.toLowerCase() ? undefined : await run.senderInfo(itemIndex);
	if (!sender || sender.email.toLowerCase() === recipientEmail.toLowerCase()) {
		throw inputError(node, itemIndex, 'Recipient E-Mail', 'is the sender\'s own address', "A registered letter cannot be sent to yourself: use the debtor's address.");
	}

	return run.exclusive(reference, async () => {
		const letters = await run.letters(itemIndex);
		const existing = await letters.find(reference, itemIndex);
		if (existing) return [output(existing, {}, true, consentBasis, itemIndex)];
		const uploaded: Record<string, string> = {};
		const ids: string[] = [];
		for (const attachment of attachments) {
			const result = (await ar24Request.call(this, {
				method: 'POST',
				path: '/attachment',
				params: { id_user: sender.senderId, file_name: attachment.fileName },
				files: [attachment],
				itemIndex,
			})) as { file_id?: number | string };
			const id = String(result.file_id ?? '');
			if (!id) throw inputError(node, itemIndex, 'Attachments (Binary Properties)', `"${attachment.property}" was not accepted by AR24 (no file id)`, 'Try again later.');
			uploaded[id] = attachment.sha256;
			ids.push(id);
		}
		let mail: Ar24Mail;
		try {
			mail = (await ar24Request.call(this, {
				method: 'POST',
				path: '/mail',
				params: {
					id_user: sender.senderId,
					eidas: letterType === 'lre',
					to_email: recipientEmail,
					to_firstname: firstName || undefined,
					to_lastname: lastName || undefined,
					to_company: company || undefined,
					dest_statut: recipientStatus === 'individual' ? 'particulier' : 'professionnel',
					content,
					attachment: ids,
					ref_dossier: reference,
					ref_client: (additional.clientReference as string) || undefined,
					ref_facturation: (additional.billingReference as string) || undefined,
					custom_name_sender: (additional.customSenderName as string) || undefined,
					webhook: webhookUrl || undefined,
					...authentication,
				},
				itemIndex,
			})) as Ar24Mail;
		} catch (error) {
			// The answer was lost but AR24 may have created the letter: look before reporting a failure.
			const created = mayHaveActed(error) ? await letters.findRecent(reference, itemIndex).catch(() => undefined) : undefined;
			if (!created) throw asNodeError(node, error, itemIndex);
			return [output(created, uploaded, false, consentBasis, itemIndex, true)];
		}
		letters.remember(mail);
		return [output(mail, uploaded, false, consentBasis, itemIndex)];
	});
}

function output(
	mail: Ar24Mail,
	uploaded: Record<string, string>,
	alreadySent: boolean,
	consentBasis: string,
	itemIndex: number,
	recoveredAfterError = false,
): INodeExecutionData {
	return {
		json: { ...normalizeAr24Mail(mail, uploaded), alreadySent, recoveredAfterError, consentBasis } as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	};
}
