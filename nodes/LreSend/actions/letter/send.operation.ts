/**
 * Letter → Send: the fields (here), the input read and checked (sendInput.ts), the at-most-once send
 * (lib/letter/sendOnce.ts) with its AR24 and n8n ports, and the output.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { canonicalReference } from '../../../../lib/letter/reference';
import { SendRefused, sendOnce, type SendPorts, type SendResult } from '../../../../lib/letter/sendOnce';
import type { LetterProvider } from '../../../../lib/provider/types';
import { debtorTypeField } from '../../../shared/descriptions';
import { updateDisplayOptions } from '../../../shared/display';
import { asNodeError } from '../../../shared/errors';
import { mayHaveActed } from '../../../shared/transport';
import { inputError } from '../../../shared/validate';
import type { RunState } from '../runState';
import { AR24_MAX_ATTACHMENT_MB, readSendInput, type SendInput } from './sendInput';
import { MAILEVA_ARCHIVING_YEARS, MAILEVA_COUNTRIES } from '../../../../lib/maileva/address';
import { mayLetterExist } from '../../../../lib/maileva/provider';

const properties: INodeProperties[] = [
	{
		displayName: 'Letter Type',
		name: 'letterType',
		type: 'options',
		displayOptions: { show: { provider: ['ar24'] } },
		options: [
			{
				name: 'Qualified LRE (eIDAS)',
				value: 'lre',
				description:
					'Lettre recommandée électronique qualifiée: same legal value as a paper registered letter (CPCE L100). Needs the sender OTP.',
			},
			{
				name: 'Simple Registered Email (ERE)',
				value: 'ere',
				description:
					'Envoi recommandé électronique simple: proof of sending and receipt, not equivalent to a registered letter',
			},
		],
		default: 'lre',
	},
	{
		// The default stays the postal letter: workflows saved before Maileva's electronic letters keep their meaning.
		displayName: 'Letter Type',
		name: 'letterType',
		type: 'options',
		displayOptions: { show: { provider: ['maileva'] } },
		options: [
			{
				name: 'Postal Registered Letter (Paper, With Acknowledgement of Receipt)',
				value: 'postal',
				description:
					'Lettre recommandée: Maileva prints the PDF, La Poste posts and delivers it. No consent or email needed.',
			},
			{
				name: 'Qualified LRE (eIDAS)',
				value: 'lre',
				description:
					"Lettre recommandée électronique qualifiée (Maileva, on AR24's service): same legal value as a paper registered letter (CPCE L100). Needs the sender's OTP and the credential's Sender ID.",
			},
			{
				name: 'Simple Registered Email (ERE)',
				value: 'ere',
				description:
					"Envoi recommandé électronique simple (Maileva): proof of sending and receipt, not equivalent to a registered letter. Needs the credential's Sender ID.",
			},
		],
		default: 'postal',
	},
	{
		displayName: 'Case Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'MED-2026-0042',
		description:
			'Your unique reference for this letter, e.g. the notice number. It is the idempotency key: LRE Send never sends a second letter with the same case reference from the same sender — a re-run returns the first letter with alreadySent = true. Case, full-width characters, invisible characters, spaces at either end and the kind of space do not count: "MED-0042" = " med-0042 " = "ＭＥＤ-００４２", and "MED 0042" = "MED\u00a00042" (a no-break space); but "MED 0042" and "MED-0042" are two references.',
	},
	{
		displayName: 'Recipient Email',
		name: 'recipientEmail',
		type: 'string',
		placeholder: 'compta@debiteur.fr',
		default: '',
		required: true,
		displayOptions: { show: { provider: ['ar24'], letterType: ['lre', 'ere'] } },
	},
	{
		// Not "required" in the editor: shown for an expression Letter Type, it must not block a postal letter.
		displayName: 'Recipient Email',
		name: 'recipientEmail',
		type: 'string',
		placeholder: 'compta@debiteur.fr',
		default: '',
		displayOptions: { show: { provider: ['maileva'], letterType: ['lre', 'ere'] } },
		description: "The debtor's email address (required for an electronic letter)",
	},
	debtorTypeField({
		description:
			'The recipient is a company or a private person. An individual must have consented beforehand to receive registered letters electronically (CPCE L100).',
	}),
	{
		displayName: 'Company Name',
		name: 'recipientCompany',
		type: 'string',
		default: '',
		displayOptions: { show: { debtorType: ['professional'] } },
		required: true,
	},
	{
		displayName: 'First Name',
		name: 'recipientFirstName',
		type: 'string',
		default: '',
		description:
			"The recipient's first name; for a company, the contact person's (optional, sent to the provider when given — Maileva's qualified LRE needs it, also for a company; not printed on a postal letter to a company)",
	},
	{
		displayName: 'Last Name',
		name: 'recipientLastName',
		type: 'string',
		default: '',
		description:
			"The recipient's last name; for a company, the contact person's (optional, sent to the provider when given — Maileva's qualified LRE needs it, also for a company; not printed on a postal letter to a company)",
		hint: 'Required for an individual',
	},
	{
		displayName: 'Consent Evidence',
		name: 'consentEvidence',
		type: 'json',
		default: '={{ $json.consent }}',
		displayOptions: { show: { debtorType: ['individual'], letterType: ['lre'] } },
		description:
			'The consent record(s) of this person, as produced by the Debtor Consent Invite node: one object or a list. Without an accepted consent for this email address nothing is sent.',
		hint: 'Required by law (CPCE L100) before a qualified LRE to an individual',
	},
	// The postal fields also name the provider (a fixed parameter): n8n shows — and so requires — a field whose
	// condition is an expression (e.g. Letter Type "={{ $json.type }}"), and a required postal field shown on an AR24
	// node would stop the workflow before it runs.
	{
		displayName: 'Postal Address',
		name: 'postalAddress',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: '12 rue des Lilas\n75011 Paris',
		displayOptions: { show: { provider: ['maileva'], letterType: ['postal'] } },
		description:
			'One line per row: street lines, then postcode and city on the last line. At most 5 lines of 38 characters; LRE Send adds the recipient line (Company Name, or First and Last Name) above them.',
	},
	{
		displayName: 'Recipient Country Code',
		name: 'recipientCountryCode',
		type: 'string',
		default: 'FR',
		displayOptions: { show: { provider: ['maileva'], letterType: ['postal'] } },
		description: `ISO 3166 code of the destination. Maileva posts registered letters to ${MAILEVA_COUNTRIES.join(', ')}.`,
	},
	{
		displayName: 'Postal Options',
		name: 'postalOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { provider: ['maileva'], letterType: ['postal'] } },
		options: [
			{
				displayName: 'Acknowledgement of Receipt',
				name: 'acknowledgementOfReceipt',
				type: 'boolean',
				default: true,
				description:
					'Whether La Poste returns a signed acknowledgement of receipt (avis de réception), the proof of delivery',
			},
			{
				displayName: 'Postage',
				name: 'postageType',
				type: 'options',
				options: [
					{ name: 'Fast (Delivered in 3 Days)', value: 'FAST' },
					{ name: 'Urgent (Delivered in 2 Days)', value: 'URGENT' },
				],
				default: 'FAST',
			},
			{
				displayName: 'Archiving Duration (Years)',
				name: 'archivingDuration',
				type: 'options',
				options: MAILEVA_ARCHIVING_YEARS.map((years) => ({ name: `${years} Years`, value: years })),
				default: 3,
				description: 'How long Maileva keeps the letter and its proofs',
			},
		],
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		displayOptions: { show: { provider: ['ar24'], letterType: ['lre', 'ere'] } },
		description: 'The text the recipient reads when they open the letter. May be empty when a PDF is attached.',
	},
	{
		// Same label as AR24's Content (README's parameter table): Maileva calls it the sending's `message`.
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: { show: { provider: ['maileva'], letterType: ['lre', 'ere'] } },
		description:
			"Optional. A short message (Maileva's message, at most 450 characters) shown to the recipient when they open the letter; the letter itself is the attached PDF.",
	},
	{
		displayName: 'Input Binary Fields',
		name: 'attachmentProperties',
		type: 'string',
		default: 'data',
		placeholder: 'data, invoice',
		description:
			'Names of the input binary fields holding the PDF files to attach, separated by commas. Leave empty to send the content only (electronic letters).',
		hint: 'For a postal registered letter the PDFs are printed in this order: the first PDF is the letter',
	},
	{
		displayName: 'Sender Authentication',
		name: 'eidasAuthentication',
		type: 'options',
		displayOptions: { show: { letterType: ['lre'] } },
		options: [
			{ name: 'OTP Session (From Start OTP Session)', value: 'otpSession' },
			{ name: 'OTP Code', value: 'otpCode' },
			{
				name: "Computed From the Credential's OTP Key",
				value: 'otpKey',
				description:
					"Unattended: one OTP session per execution, opened with the code computed from the credential's Sender OTP Key",
			},
		],
		default: 'otpSession',
		description:
			"A qualified LRE needs the sender to authenticate with the OTP key their provider posted (AR24's, or Maileva's after verify_identity)",
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
		description:
			"The current 6-digit code of the sender's OTP key (for Maileva, LRE Send opens the sender's one-hour OTP session with it)",
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
				displayName: 'Notification Language',
				name: 'notificationLanguage',
				type: 'options',
				options: [
					{ name: 'Dutch', value: 'NL' },
					{ name: 'English', value: 'EN' },
					{ name: 'French', value: 'FR' },
				],
				default: 'FR',
				displayOptions: { show: { '/provider': ['maileva'], '/letterType': ['ere'] } },
				description:
					"The language of Maileva's email telling the recipient a simple ERE is waiting (the letter itself is your PDF): English for a notice in English",
			},
			{
				displayName: 'Status Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/webhook',
				description:
					"Where AR24 reports this letter's status changes: paste the production URL of an LRE Trigger node of this n8n. LRE Send signs only URLs on this n8n's address (see Options → Other Webhook Hosts).",
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'After an Unconfirmed Attempt',
				name: 'unconfirmedAttempt',
				type: 'options',
				options: [
					{ name: 'Stop (Nothing Sent)', value: 'fail', description: 'The item fails: check AR24 first' },
					{
						name: 'Send Again (I Checked AR24)',
						value: 'sendAgain',
						description:
							'Send the references an earlier run started but did not confirm, after checking in AR24 that they have no letter',
					},
				],
				default: 'fail',
				description:
					"What to do when n8n's send record says an earlier run started sending this reference (then crashed or lost AR24's answer) and AR24's list does not show the letter",
			},
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
			{
				displayName: 'Other Webhook Hosts',
				name: 'allowedWebhookHosts',
				type: 'string',
				default: '',
				placeholder: 'n8n-hooks.example.com, 10.0.0.5:5678',
				description:
					"Hosts other than this n8n's own address whose LRE Trigger URLs LRE Send may sign (e.g. a separate webhook host), separated by commas. A signed URL lets whoever controls that host prove events to your trigger.",
			},
			{
				displayName: "When AR24's List Is Incomplete",
				name: 'incompleteListing',
				type: 'options',
				options: [
					{
						name: 'Stop (Nothing Sent)',
						value: 'fail',
						description: 'The item fails: LRE Send cannot prove the reference was never sent',
					},
					{
						name: "Trust N8n's Send Record",
						value: 'trustRecord',
						description:
							"Send references that this node's record in n8n's database has never seen (letters sent outside this node are not known)",
					},
				],
				default: 'fail',
				description:
					"What to do when AR24's letter list cannot be read in full (it ignores paging) and the reference is not among the letters it shows",
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

/** What sendOnce needs, over the credential's provider and n8n (send record). */
async function ports(
	this: IExecuteFunctions,
	input: SendInput,
	itemIndex: number,
	run: RunState,
): Promise<SendPorts<unknown>> {
	const senderId = input.request.senderId;
	const provider = run.provider(itemIndex);
	return {
		lookup: await run.letters(itemIndex),
		record: await run.record(itemIndex),
		identify: (mail) => provider.identify(mail),
		getLetter: async (id) => await provider.getLetter(id),
		upload: async () => {
			const ids: string[] = [];
			const sha256ById: Record<string, string> = {};
			for (const attachment of input.attachments) {
				const id = await provider.uploadAttachment(senderId, attachment);
				if (!id)
					throw inputError(
						this.getNode(),
						itemIndex,
						'Input Binary Fields',
						`"${attachment.property}" was not accepted by ${provider.label} (no file id)`,
						'Try again later.',
					);
				sha256ById[id] = attachment.sha256;
				ids.push(id);
			}
			return { ids, sha256ById };
		},
		deposit: async (attachmentIds) => await provider.sendLetter({ ...input.request, attachmentIds }),
		mayHaveActed: (error) => mayHaveActed(error) || mayLetterExist(error),
	};
}

/** Sends one registered letter — at most once per case reference — and returns it normalized. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const input = await readSendInput.call(this, itemIndex, run);
	const key = canonicalReference(input.request.reference);
	let result: SendResult<unknown>;
	try {
		result = await run.lock.run(
			key,
			async () =>
				await sendOnce(await ports.call(this, input, itemIndex, run), input.request.reference, itemIndex, input.policy),
		);
	} catch (error) {
		if (error instanceof SendRefused)
			throw inputError(this.getNode(), itemIndex, error.field, error.problem, error.fix);
		throw asNodeError(this.getNode(), error, itemIndex);
	}
	return [output(run.provider(itemIndex), result, input.consentBasis, itemIndex)];
}

function output(
	provider: LetterProvider,
	result: SendResult<unknown>,
	consentBasis: string,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			...provider.normalize(result.mail, result.uploaded),
			alreadySent: result.alreadySent,
			recoveredAfterError: result.recoveredAfterError,
			consentBasis,
			referenceKey: canonicalReference(provider.identify(result.mail).reference ?? ''),
			foundBy: result.foundBy,
			sendRecord: result.recorded ? 'recorded' : result.alreadySent ? 'notNeeded' : 'unavailable',
		} as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	};
}
