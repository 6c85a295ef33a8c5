/**
 * Letter → Send, the input: every parameter read and checked (item + field named, nothing sent on error), the
 * attachments read and hashed, the consent checked, the webhook URL signed when it is this n8n's LRE Trigger.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { recordList } from '../../../../lib/consent/evidence';
import { mayDeliverLre } from '../../../../lib/consent/policy';
import {
	NOTIFICATION_LANGUAGES,
	type LetterRequest,
	type NotificationLanguage,
	type PostalOptions,
} from '../../../../lib/letter/normalize';
import {
	addressProblem,
	mailevaAddressLines,
	MAILEVA_ARCHIVING_YEARS,
	MAILEVA_COUNTRIES,
	MAILEVA_POSTAGE,
	nameLineProblem,
} from '../../../../lib/maileva/address';
import {
	MAILEVA_COMPANY_LIMIT,
	MAILEVA_MESSAGE_LIMIT,
	MAILEVA_NAME_LIMIT,
	SENDER_ID_PATTERN,
} from '../../../../lib/maileva/electronic';
import {
	MAILEVA_MAX_DOCUMENTS_MB,
	MAILEVA_PRINTED_REFERENCE_LIMIT,
	MAILEVA_REFERENCE_LIMIT,
} from '../../../../lib/maileva/provider';
import type { LetterKind, ProviderFile } from '../../../../lib/provider/types';
import { displayReference } from '../../../../lib/letter/reference';
import { DEFAULT_POLICY, type SendPolicy } from '../../../../lib/letter/sendOnce';
import { signWebhookUrl, webhookIdOf } from '../../../../lib/letter/webhookAuth';
import { readDebtorType } from '../../../shared/descriptions';
import { inputError, optionalText, requiredEmail, requiredText } from '../../../shared/validate';
import { credentialWebhookKey } from '../../../shared/webhookKey';
import type { RunState } from '../runState';

export const AR24_MAX_ATTACHMENT_MB = 256;
const LETTER_KINDS: readonly LetterKind[] = ['lre', 'ere', 'postal'];
/** AR24's limit on the letter text (UNCONFIRMED, README): checked before any call. */
const AR24_CONTENT_LIMIT = 8000;
/** Limits of the additional fields (AR24's own are UNCONFIRMED, README). */
const REFERENCE_LIMIT = 255;
const SENDER_NAME_LIMIT = 100;
const URL_LIMIT = 2000;

export interface Attachment extends ProviderFile {
	sha256: string;
	property: string;
}

export interface SendInput {
	/** Everything but the attachment ids, which exist only after the upload. */
	request: Omit<LetterRequest, 'attachmentIds'>;
	attachments: Attachment[];
	consentBasis: string;
	policy: SendPolicy;
}

async function readAttachments(this: IExecuteFunctions, itemIndex: number, maxMb: number): Promise<Attachment[]> {
	const node = this.getNode();
	const rawNames = this.getNodeParameter('attachmentProperties', itemIndex, '');
	if (typeof rawNames !== 'string') {
		throw inputError(
			node,
			itemIndex,
			'Input Binary Fields',
			`must be text, not ${Array.isArray(rawNames) ? 'a list' : typeof rawNames}`,
			'Give the binary property names separated by commas, e.g. data, invoice.',
		);
	}
	const names = rawNames
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
				'Input Binary Fields',
				`names "${property}", but the item has no binary property "${property}"`,
				present.length
					? `The item has: ${present.join(', ')}. Correct the name or clear the field.`
					: 'The item has no file at all: add a node that produces the PDF (e.g. Notice Generator) before LRE Send, or clear the field.',
			);
		}
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		if (data.length === 0) {
			throw inputError(
				node,
				itemIndex,
				'Input Binary Fields',
				`"${property}" is an empty file`,
				'Attach a non-empty PDF.',
			);
		}
		if (data.length > maxMb * 1024 * 1024) {
			throw inputError(
				node,
				itemIndex,
				'Input Binary Fields',
				`"${property}" is ${(data.length / 1024 / 1024).toFixed(1)} MB, over the ${maxMb} MB limit`,
				'Compress the PDF or split it into several attachments.',
			);
		}
		if (data.subarray(0, 5).toString('latin1') !== '%PDF-') {
			throw inputError(
				node,
				itemIndex,
				'Input Binary Fields',
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

/** `host` or `host:port`, lower case, from the "Other Webhook Hosts" option. */
function allowedHosts(this: IExecuteFunctions, itemIndex: number, value: unknown): Set<string> {
	const text = optionalText(
		this.getNode(),
		itemIndex,
		'Other Webhook Hosts',
		value,
		'List host names separated by commas, e.g. hooks.example.com, 10.0.0.5:5678.',
		2000,
	);
	const hosts = new Set<string>();
	for (const entry of text
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter(Boolean)) {
		if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/.test(entry)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				'Other Webhook Hosts',
				`holds "${entry}", which is not a host name`,
				'Give host names only (e.g. hooks.example.com or 10.0.0.5:5678), without https:// or a path.',
			);
		}
		hosts.add(entry);
	}
	return hosts;
}

/** This n8n's own addresses: its webhook base URL (the REST API sits beside it) and its editor URL. */
function ownOrigins(this: IExecuteFunctions): Set<string> {
	const origins = new Set<string>();
	for (const read of [() => this.getRestApiUrl(), () => this.getInstanceBaseUrl()]) {
		try {
			const url = read();
			if (typeof url === 'string' && url) origins.add(new URL(url).origin.toLowerCase());
		} catch {
			// Not available in this n8n version: that address is not trusted.
		}
	}
	return origins;
}

/**
 * The URL to give AR24. An LRE Trigger URL gets the signature the trigger checks, but only on this n8n's own address
 * or a host the user allowed: a signature handed to another host would let it forge events. Any other URL (no
 * trigger id in it) goes to AR24 as it is, unsigned.
 */
async function webhookUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	hostsOption: unknown,
	reference: string,
): Promise<string> {
	const node = this.getNode();
	const field = 'Status Webhook URL';
	const given = optionalText(node, itemIndex, field, value, "Paste the LRE Trigger node's production URL.", URL_LIMIT);
	if (!given) return '';
	let url: URL;
	try {
		url = new URL(given);
	} catch {
		url = undefined as unknown as URL;
	}
	if (!url || !/^https?:$/.test(url.protocol) || /\s/.test(given)) {
		throw inputError(
			node,
			itemIndex,
			field,
			`is not an http(s) URL: "${given}"`,
			"Paste the LRE Trigger node's production URL.",
		);
	}
	if (!webhookIdOf(given)) return given;
	const allowed = allowedHosts.call(this, itemIndex, hostsOption);
	const own = ownOrigins.call(this);
	if (!own.has(url.origin.toLowerCase()) && !allowed.has(url.host.toLowerCase())) {
		throw inputError(
			node,
			itemIndex,
			field,
			`points to ${url.host}, which is not this n8n (${[...own].join(', ') || 'its address is unknown'})`,
			`Nothing was sent. LRE Send signs only LRE Trigger URLs of this n8n: paste the trigger's production URL, set n8n's N8N_WEBHOOK_URL (or WEBHOOK_URL) if n8n is reached under another address, or add ${url.host} to Options → Other Webhook Hosts if you trust it.`,
		);
	}
	// Bound to the letter's reference: the trigger then emits only this letter for this URL.
	return signWebhookUrl(given, await credentialWebhookKey.call(this, itemIndex), reference) ?? given;
}

function choice<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The letter type, checked against what the node's provider carries. */
function readLetterType(this: IExecuteFunctions, itemIndex: number, run: RunState): LetterKind {
	const node = this.getNode();
	const provider = run.provider(itemIndex);
	const { letterTypes } = provider.capabilities;
	const value = this.getNodeParameter('letterType', itemIndex, letterTypes[0]) as unknown;
	if (!LETTER_KINDS.includes(value as LetterKind)) {
		throw inputError(
			node,
			itemIndex,
			'Letter Type',
			`must be ${LETTER_KINDS.map((k) => `"${k}"`).join(', ')}, not ${JSON.stringify(value)}`,
			'Choose a letter type in the list.',
		);
	}
	const type = value as LetterKind;
	if (!letterTypes.includes(type)) {
		throw inputError(
			node,
			itemIndex,
			'Letter Type',
			`"${type}" is not something ${provider.label} sends`,
			type === 'postal'
				? 'Set Provider to Maileva to post a paper registered letter.'
				: `Set Provider to AR24 for a qualified LRE or an ERE, or choose ${letterTypes.map((k) => `"${k}"`).join(' or ')}.`,
		);
	}
	return type;
}

/** A postal letter's address and options, checked line by line (Maileva's rules, lib/maileva/address.ts). */
function readPostal(
	this: IExecuteFunctions,
	itemIndex: number,
	recipient: { name: string; company: boolean },
): PostalOptions {
	const node = this.getNode();
	const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const nameField = recipient.company ? 'Company Name' : 'Last Name';
	const nameProblem = nameLineProblem(recipient.name);
	if (nameProblem)
		throw inputError(
			node,
			itemIndex,
			nameField,
			nameProblem,
			'Abbreviate the name (e.g. the legal form: "Société à responsabilité limitée" → "SARL").',
		);
	const fix = 'One line per row: street lines, then postcode and city on the last line.';
	const raw = param('postalAddress');
	if (typeof raw !== 'string')
		throw inputError(
			node,
			itemIndex,
			'Postal Address',
			`must be text, not ${Array.isArray(raw) ? 'a list' : typeof raw}`,
			fix,
		);
	const lines = raw
		.split(/\r?\n/)
		.map((line) => line.trim().replace(/\s+/g, ' '))
		.filter(Boolean);
	for (const line of lines) optionalText(node, itemIndex, 'Postal Address', line, fix, 1000);
	const problem = addressProblem(lines);
	if (problem) throw inputError(node, itemIndex, 'Postal Address', problem.problem, problem.fix);
	const country =
		String(param('recipientCountryCode', 'FR') ?? '')
			.trim()
			.toUpperCase() || 'FR';
	if (!(MAILEVA_COUNTRIES as readonly string[]).includes(country)) {
		throw inputError(
			node,
			itemIndex,
			'Recipient Country Code',
			`is "${country}", where Maileva does not post registered letters`,
			`Use one of ${MAILEVA_COUNTRIES.join(', ')}.`,
		);
	}
	const options = (param('postalOptions', {}) ?? {}) as IDataObject;
	const postage = options.postageType ?? 'FAST';
	if (!(MAILEVA_POSTAGE as readonly unknown[]).includes(postage)) {
		throw inputError(
			node,
			itemIndex,
			'Postage',
			`must be ${MAILEVA_POSTAGE.join(' or ')}, not ${JSON.stringify(postage)}`,
			'Choose Fast or Urgent.',
		);
	}
	const years = Number(options.archivingDuration ?? 3);
	if (!(MAILEVA_ARCHIVING_YEARS as readonly number[]).includes(years)) {
		throw inputError(
			node,
			itemIndex,
			'Archiving Duration (Years)',
			`must be ${MAILEVA_ARCHIVING_YEARS.join(', ')}, not ${JSON.stringify(options.archivingDuration)}`,
			'Choose 3, 6 or 10 years.',
		);
	}
	const ack = options.acknowledgementOfReceipt ?? true;
	if (typeof ack !== 'boolean')
		throw inputError(
			node,
			itemIndex,
			'Acknowledgement of Receipt',
			`must be true or false, not ${JSON.stringify(ack)}`,
			'Switch it on or off.',
		);
	return {
		addressLines: mailevaAddressLines(recipient, lines),
		countryCode: country,
		acknowledgementOfReceipt: ack,
		postage: postage as PostalOptions['postage'],
		archivingYears: years as PostalOptions['archivingYears'],
	};
}

export async function readSendInput(this: IExecuteFunctions, itemIndex: number, run: RunState): Promise<SendInput> {
	const node = this.getNode();
	const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const letterType = readLetterType.call(this, itemIndex, run);
	const postal = letterType === 'postal';
	/** A Maileva electronic letter (qualified LRE or simple ERE): Maileva's own limits apply. */
	const mailevaElectronic = !postal && run.provider(itemIndex).name === 'maileva';
	const maileva = postal || mailevaElectronic;
	const reference = displayReference(
		requiredText(
			node,
			itemIndex,
			'Case Reference',
			param('reference'),
			'Map a unique reference for this letter, e.g. the notice number.',
			100_000,
		),
	);
	if (!reference)
		throw inputError(
			node,
			itemIndex,
			'Case Reference',
			'holds only invisible characters',
			'Map a unique reference for this letter, e.g. the notice number.',
		);
	const referenceLimit = maileva ? MAILEVA_REFERENCE_LIMIT : REFERENCE_LIMIT;
	if (reference.length > referenceLimit) {
		throw inputError(
			node,
			itemIndex,
			'Case Reference',
			`is longer than ${referenceLimit} characters${maileva ? ' (the most Maileva keeps in custom_id)' : ''}`,
			'Use a shorter reference.',
		);
	}
	const recipientEmail = postal
		? ''
		: requiredEmail(node, itemIndex, 'Recipient Email', param('recipientEmail'), "Map the debtor's email address.");
	const recipientStatus = readDebtorType(this, itemIndex, 'professional');
	const nameFix = "Map the recipient's name as text (at most 255 characters).";
	const firstName = optionalText(node, itemIndex, 'First Name', param('recipientFirstName'), nameFix, 255);
	const lastName = optionalText(node, itemIndex, 'Last Name', param('recipientLastName'), nameFix, 255);
	const company =
		recipientStatus === 'professional'
			? optionalText(node, itemIndex, 'Company Name', param('recipientCompany'), nameFix, 255)
			: '';
	if (recipientStatus === 'professional' && !company) {
		throw inputError(
			node,
			itemIndex,
			'Company Name',
			'is empty',
			'A professional recipient is named by its company: map the company name.',
		);
	}
	if (recipientStatus === 'individual' && (!firstName || !lastName)) {
		throw inputError(
			node,
			itemIndex,
			!firstName ? 'First Name' : 'Last Name',
			'is empty',
			'An individual recipient needs a first and a last name.',
		);
	}
	const rawContent = postal ? '' : param('content');
	if (rawContent !== null && typeof rawContent !== 'string' && typeof rawContent !== 'number') {
		throw inputError(
			node,
			itemIndex,
			'Content',
			`must be text, not ${Array.isArray(rawContent) ? 'a list' : typeof rawContent}`,
			'Map a text: the body of the letter.',
		);
	}
	const content = String(rawContent ?? '');
	if (mailevaElectronic)
		mailevaElectronicChecks.call(this, itemIndex, letterType, { firstName, lastName, company, content });
	if (content.length > AR24_CONTENT_LIMIT) {
		throw inputError(
			node,
			itemIndex,
			'Content',
			`is longer than ${AR24_CONTENT_LIMIT} characters (${content.length})`,
			'Shorten the text and put the full letter in a PDF attachment (e.g. from the Notice Generator).',
		);
	}
	const additional = (param('additionalFields', {}) ?? {}) as IDataObject;
	const options = (param('options', {}) ?? {}) as IDataObject;
	const refFix = (what: string) => `Map ${what} as text (at most ${REFERENCE_LIMIT} characters), or remove the field.`;
	const clientReferenceLimit = postal ? MAILEVA_PRINTED_REFERENCE_LIMIT : REFERENCE_LIMIT;
	const clientReference = optionalText(
		node,
		itemIndex,
		'Client Reference',
		additional.clientReference,
		`Map the recipient's customer number as text (at most ${clientReferenceLimit} characters${postal ? ', printed on the letter' : ''}), or remove the field.`,
		clientReferenceLimit,
	);
	const billingReference = optionalText(
		node,
		itemIndex,
		'Billing Reference',
		additional.billingReference,
		refFix('the billing reference'),
		REFERENCE_LIMIT,
	);
	const customSenderName = optionalText(
		node,
		itemIndex,
		'Custom Sender Name',
		additional.customSenderName,
		`Map the name the recipient should see as text (at most ${SENDER_NAME_LIMIT} characters), or remove the field.`,
		SENDER_NAME_LIMIT,
	);
	const notificationLanguage = readNotificationLanguage(
		node,
		itemIndex,
		additional.notificationLanguage,
		maileva && letterType === 'ere',
	);
	if (mailevaElectronic) {
		if (additional.webhookUrl)
			throw inputError(
				node,
				itemIndex,
				'Status Webhook URL',
				'is not used by Maileva, which reports no status of an electronic letter to a URL',
				'Remove it: follow Maileva letters with the LRE Poll Trigger (Provider Maileva).',
			);
		if (letterType === 'lre' && clientReference)
			throw inputError(
				node,
				itemIndex,
				'Client Reference',
				"is not kept by Maileva's qualified LRE (its recipient has no free field)",
				"Remove it, or put it in the Billing Reference (kept as the sending's custom_data).",
			);
	}
	if (postal) {
		for (const [field, value] of [
			['Custom Sender Name', customSenderName],
			['Status Webhook URL', additional.webhookUrl],
		] as const) {
			if (value)
				throw inputError(
					node,
					itemIndex,
					field,
					'is not used by a postal registered letter',
					field === 'Status Webhook URL'
						? 'Remove it: follow postal letters with the LRE Poll Trigger (Provider Maileva).'
						: 'Remove it: the letter itself names the sender.',
				);
		}
	}
	const signedWebhookUrl = maileva
		? ''
		: await webhookUrl.call(this, itemIndex, additional.webhookUrl, options.allowedWebhookHosts, reference);
	const limitMb = postal ? MAILEVA_MAX_DOCUMENTS_MB : AR24_MAX_ATTACHMENT_MB;
	const maxMb = Math.min(Number(options.maxAttachmentMb ?? limitMb) || limitMb, limitMb);
	const attachments = await readAttachments.call(this, itemIndex, maxMb);
	if (maileva && attachments.length === 0) {
		throw inputError(
			node,
			itemIndex,
			'Input Binary Fields',
			postal
				? 'names no PDF, and a postal registered letter prints its PDFs'
				: 'names no PDF, and a Maileva electronic letter carries the letter as a document (its message is 450 characters at most)',
			'Map the binary field holding the letter (e.g. "data" from the Notice Generator).',
		);
	}
	const totalMb = attachments.reduce((n, a) => n + a.data.length, 0) / 1024 / 1024;
	if (postal && totalMb > MAILEVA_MAX_DOCUMENTS_MB) {
		throw inputError(
			node,
			itemIndex,
			'Input Binary Fields',
			`holds ${totalMb.toFixed(1)} MB of PDFs, over the ${MAILEVA_MAX_DOCUMENTS_MB} MB Maileva prints per letter`,
			'Compress the PDFs or send fewer pages.',
		);
	}
	if (!content.trim() && attachments.length === 0) {
		throw inputError(
			node,
			itemIndex,
			'Content',
			'is empty and there is no attachment',
			'Write a content text or attach at least one PDF.',
		);
	}
	if (postal) {
		const recipient =
			recipientStatus === 'professional'
				? { name: company, company: true }
				: { name: `${firstName} ${lastName}`, company: false };
		const sender = await run.senderInfo(itemIndex);
		return {
			request: {
				senderId: sender.senderId,
				type: 'postal',
				recipient: { email: '', firstName, lastName, company, status: recipientStatus },
				content: '',
				reference,
				clientReference,
				billingReference,
				customSenderName: '',
				webhookUrl: '',
				postal: readPostal.call(this, itemIndex, recipient),
				authentication: {},
			},
			attachments,
			consentBasis: 'Not required for a postal registered letter.',
			policy: readPolicy(options),
		};
	}
	let consentBasis = 'Not required for a simple ERE.';
	if (letterType === 'lre') {
		const verdict = mayDeliverLre(
			{ email: recipientEmail, status: recipientStatus },
			recordList(param('consentEvidence', [])),
		);
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
	const authentication: LetterRequest['authentication'] = {};
	if (letterType === 'lre' && param('eidasAuthentication', 'otpSession') === 'otpKey') {
		authentication.otpSession = await run.otpSessionFromKey(itemIndex);
	} else if (letterType === 'lre') {
		const mode = param('eidasAuthentication', 'otpSession');
		const secret = String(param(mode === 'otpCode' ? 'otpCode' : 'otpSessionHash') ?? '').trim();
		if (!secret) {
			throw inputError(
				node,
				itemIndex,
				mode === 'otpCode' ? 'OTP Code' : 'OTP Session Hash',
				'is empty',
				'A qualified LRE needs the sender to authenticate: run LRE Send → Sender → Start OTP Session before this node and map its otpSessionHash, or give the current OTP code.',
			);
		}
		if (mode === 'otpCode') authentication.otpCode = secret;
		else authentication.otpSession = secret;
	}
	const configured = (await run.handle(itemIndex).configuredSender()).toLowerCase();
	const sender = configured === recipientEmail.toLowerCase() ? undefined : await run.senderInfo(itemIndex);
	if (!sender || sender.email.toLowerCase() === recipientEmail.toLowerCase()) {
		throw inputError(
			node,
			itemIndex,
			'Recipient Email',
			"is the sender's own address",
			"A registered letter cannot be sent to yourself: use the debtor's address.",
		);
	}
	if (mailevaElectronic && !SENDER_ID_PATTERN.test(sender.senderId)) {
		throw inputError(
			node,
			itemIndex,
			'Letter Type',
			`"${letterType}" on Maileva is sent by a Maileva sender, and the Maileva API credential names none (Sender ID is empty)`,
			"Nothing was sent. Open the Maileva API credential and set Sender ID to your sender's UUID (Maileva lists it under GET /electronic_mail_emitter/v1/senders; the sender must be VALIDATED, and for a qualified LRE hold the OTP key Maileva posts after verify_identity).",
		);
	}
	if (mailevaElectronic && sender.status !== 'VALIDATED') {
		throw inputError(
			node,
			itemIndex,
			'Letter Type',
			`"${letterType}" on Maileva is sent by sender ${sender.senderId}, which Maileva shows as ${sender.status || 'having no status'}, not VALIDATED`,
			`Nothing was sent. ${MAILEVA_SENDER_FIX[sender.status] ?? 'Check the sender in Maileva (GET /electronic_mail_emitter/v1/senders/{id}) and the Sender ID of the Maileva API credential.'}`,
		);
	}
	return {
		request: {
			senderId: sender.senderId,
			type: letterType,
			recipient: { email: recipientEmail, firstName, lastName, company, status: recipientStatus },
			content,
			reference,
			clientReference,
			billingReference,
			customSenderName,
			webhookUrl: signedWebhookUrl,
			...(notificationLanguage ? { notificationLanguage } : {}),
			authentication,
		},
		attachments,
		consentBasis,
		policy: readPolicy(options),
	};
}

/**
 * Additional Fields → Notification Language: FR, EN or NL, for a Maileva simple ERE. French elsewhere is what every
 * notification is in anyway; another language on a letter type that cannot take it is an error, not a French e-mail.
 */
function readNotificationLanguage(
	node: INode,
	itemIndex: number,
	value: unknown,
	usable: boolean,
): NotificationLanguage | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const language = typeof value === 'string' ? value.trim().toUpperCase() : value;
	if (!NOTIFICATION_LANGUAGES.includes(language as NotificationLanguage))
		throw inputError(
			node,
			itemIndex,
			'Notification Language',
			`must be FR, EN or NL, not ${JSON.stringify(value)}`,
			'Choose French, English or Dutch, or map one of FR, EN, NL.',
		);
	if (usable) return language as NotificationLanguage;
	if (language === 'FR') return undefined;
	throw inputError(
		node,
		itemIndex,
		'Notification Language',
		`is ${String(language)}, but only a simple ERE on Maileva lets LRE Send choose the language of its notification e-mail`,
		'Remove the field (or set it to French), or send a simple ERE with Provider Maileva. Nothing was sent.',
	);
}

/** What to do about a Maileva sender that is not VALIDATED (electronic_mail_emitter's StatusResource). */
const MAILEVA_SENDER_FIX: Record<string, string> = {
	VALIDATING:
		'The sender has not clicked the link of the e-mail Maileva sent (60 minutes): have them click it, then run again.',
	EXPIRED:
		"The link of Maileva's e-mail expired before the sender clicked it: set the sender up again in Maileva, then run again.",
	ACCESS_GRANTING:
		'The e-mail is already an AR24 account: the sender must accept to link it to your Maileva account (grant_access), then run again.',
};

/** What Maileva's electronic APIs accept beyond the common checks (OpenAPI files: RecipientCreation, SendingCreation). */
function mailevaElectronicChecks(
	this: IExecuteFunctions,
	itemIndex: number,
	letterType: LetterKind,
	{ firstName, lastName, company, content }: { firstName: string; lastName: string; company: string; content: string },
): void {
	const node = this.getNode();
	if (letterType === 'lre' && (!firstName || !lastName)) {
		throw inputError(
			node,
			itemIndex,
			!firstName ? 'First Name' : 'Last Name',
			"is empty, and Maileva's qualified LRE names its recipient by first and last name, also for a company",
			"Map the contact person's first and last name (the company stays in Company Name).",
		);
	}
	for (const [field, value] of [
		['First Name', firstName],
		['Last Name', lastName],
	] as const) {
		if (value.length > MAILEVA_NAME_LIMIT)
			throw inputError(
				node,
				itemIndex,
				field,
				`is longer than the ${MAILEVA_NAME_LIMIT} characters Maileva accepts`,
				'Shorten it (e.g. keep the first given name).',
			);
	}
	if (letterType === 'lre' && company.length > MAILEVA_COMPANY_LIMIT)
		throw inputError(
			node,
			itemIndex,
			'Company Name',
			`is longer than the ${MAILEVA_COMPANY_LIMIT} characters Maileva's qualified LRE accepts`,
			'Abbreviate it (e.g. the legal form: "Société à responsabilité limitée" → "SARL").',
		);
	if (content.length > MAILEVA_MESSAGE_LIMIT)
		throw inputError(
			node,
			itemIndex,
			'Content',
			`is longer than the ${MAILEVA_MESSAGE_LIMIT} characters of Maileva's message (${content.length})`,
			'Shorten it: the letter itself is the attached PDF (e.g. from the Notice Generator).',
		);
}

function readPolicy(options: IDataObject): SendPolicy {
	return {
		incompleteListing: choice(
			options.incompleteListing,
			['fail', 'trustRecord'] as const,
			DEFAULT_POLICY.incompleteListing,
		),
		unconfirmedAttempt: choice(
			options.unconfirmedAttempt,
			['fail', 'sendAgain'] as const,
			DEFAULT_POLICY.unconfirmedAttempt,
		),
	};
}
