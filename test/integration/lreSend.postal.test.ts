/**
 * LRE Send → Postal Registered Letter on the Maileva sandbox, through the node (provider "maileva", the Maileva API
 * credential, n8n's token renewal on 401): the letter posted with its address lines where Maileva expects them and
 * its options, the input errors that name the item, the field and the line, once per case reference, and Get / Get
 * Many / Download Proof on a Maileva sending id.
 */
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { DAY, HOUR } from '../../sandbox/maileva/lifecycle';
import type { RunningSandbox } from '../../sandbox/server';
import { maileva, mailevaCredentials, mailevaToken, pdfItems, postalSendParams } from '../helpers/maileva';
import { failure } from '../helpers/failure';
import { fakeContext, processedStore } from '../helpers/n8nContext';
import { MAILEVA_SANDBOX_SENDER } from '../../sandbox/maileva/electronic';
import { pdfText } from '../helpers/pdf';
import { sandbox } from '../helpers/sandbox';
import { canonicalReference } from '../../lib/letter/reference';
import { RunState } from '../../nodes/LreSend/actions/runState';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;
beforeAll(async () => {
	sbx = await sandbox();
	credentials = mailevaCredentials(sbx);
});
afterAll(() => sbx.close());

type Params = Record<string, unknown>;
const postalParams = (extra: Params = {}): Params => postalSendParams(extra);
const withPdf = pdfItems;

async function run(
	parameters: Params,
	items = withPdf(),
	extra: { processed?: ReturnType<typeof processedStore>; continueOnFail?: boolean } = {},
) {
	const context = fakeContext({ credentials, parameters, items, ...extra });
	const [out] = await new LreSend().execute.call(context);
	return { out, sent: context.sent };
}

/** The sending and its recipient as the sandbox holds them (read with a token of our own). */
async function atMaileva(sendingId: string) {
	const token = await mailevaToken(credentials);
	const sending = await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${sendingId}`);
	const recipients = await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${sendingId}/recipients`);
	return { sending: sending.json, recipient: (recipients.json.recipients as Array<Record<string, unknown>>)[0] };
}

describe('LRE Send → Postal Registered Letter (Maileva)', () => {
	it('posts the PDF to the address, the company on line 1 and the city on line 6, with the options chosen', async () => {
		const { out, sent } = await run(
			postalParams({
				reference: 'PAP-2026-0001',
				postalAddress: 'Bâtiment B\n  12 rue des Lilas  \n\n75011 Paris',
				postalOptions: { postageType: 'URGENT', archivingDuration: 10, acknowledgementOfReceipt: true },
				additionalFields: { clientReference: 'CLI-42', billingReference: 'FACT-7' },
			}),
		);
		const [item] = out;
		expect(item.json).toMatchObject({
			provider: 'maileva',
			type: 'postal',
			state: 'pending',
			reference: 'PAP-2026-0001',
			alreadySent: false,
			consentBasis: 'Not required for a postal registered letter.',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const { sending, recipient } = await atMaileva(String(item.json.letterId));
		expect(sending).toMatchObject({
			status: 'PENDING',
			custom_id: 'PAP-2026-0001',
			custom_data: 'FACT-7',
			postage_type: 'URGENT',
			archiving_duration: 10,
			acknowledgement_of_receipt: true,
			documents_count: 1,
		});
		expect(recipient).toMatchObject({
			address_line_1: 'SARL Dupont Bâtiment',
			address_line_3: 'Bâtiment B',
			address_line_4: '12 rue des Lilas',
			address_line_6: '75011 Paris',
			country_code: 'FR',
			reference_to_print: 'CLI-42',
			custom_id: 'PAP-2026-0001',
			custom_data: 'debtor=professional',
		});
		expect(recipient.address_line_2).toBeUndefined();
		// Read back as LRE Send outputs it: the company on line 1, the billing reference from the sending.
		expect(item.json.recipient).toMatchObject({
			company: 'SARL Dupont Bâtiment',
			lastName: '',
			status: 'professional',
		});
		expect(item.json.billingReference).toBe('FACT-7');
		// The Bearer token of the credential, never a token in the URL.
		expect(
			sent.every((r) => /^Bearer sbx\./.test(r.headers.authorization) && !/token/i.test(new URL(r.url).search)),
		).toBe(true);
	});

	it('puts an individual on line 2 and needs no email and no consent', async () => {
		const { out } = await run(
			postalParams({
				reference: 'PAP-2026-0002',
				debtorType: 'individual',
				recipientFirstName: 'Jean',
				recipientLastName: 'Martin',
				consentEvidence: [],
			}),
		);
		expect(out[0].json.recipient).toMatchObject({ company: '', lastName: 'Jean Martin', status: 'individual' });
		const { recipient } = await atMaileva(String(out[0].json.letterId));
		expect(recipient).toMatchObject({
			custom_data: 'debtor=individual',
			address_line_2: 'Jean Martin',
			address_line_4: '12 rue des Lilas',
			address_line_6: '75011 Paris',
		});
		expect(recipient.address_line_1).toBeUndefined();
	});

	it('sends once per case reference: a second run returns the first letter', async () => {
		const processed = processedStore();
		const first = (await run(postalParams({ reference: 'PAP-2026-0003' }), withPdf(), { processed })).out[0];
		const again = (await run(postalParams({ reference: ' pap-2026-0003 ' }), withPdf(), { processed })).out[0];
		expect(again.json).toMatchObject({ alreadySent: true, foundBy: 'listing', letterId: first.json.letterId });
		const token = await mailevaToken(credentials);
		const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		expect(
			(listed.json.sendings as Array<{ custom_id?: string }>).filter((s) => s.custom_id === 'PAP-2026-0003'),
		).toHaveLength(1);
	});

	it("keeps n8n's send record of a postal letter when the credential later gets a Sender ID (electronic letters)", async () => {
		// An earlier run marked its attempt for this reference, then died before Maileva listed the letter: that mark
		// is what stops a second letter. It must still be found once the credential has a Sender ID.
		const processed = processedStore();
		const key = canonicalReference('PAP-2026-0009');
		const recordOf = async (creds: typeof credentials) =>
			await new RunState(
				fakeContext({ credentials: creds, parameters: postalParams({}), items: withPdf(), processed }),
			).record(0);
		await (await recordOf(credentials)).markAttempt(key);
		expect(await (await recordOf(credentials)).wasAttempted(key)).toBe(true);
		// The record is the Maileva account's (its login), not the electronic sender's.
		expect(await (await recordOf({ ...credentials, senderId: MAILEVA_SANDBOX_SENDER.id })).wasAttempted(key)).toBe(
			true,
		);
		expect(await (await recordOf(credentials)).wasAttempted(canonicalReference('PAP-2026-0010'))).toBe(false);
	});

	it('names the item, the field and the line that cannot be posted, before any call', async () => {
		const cases: Array<[Params, RegExp]> = [
			[
				{ postalAddress: '12 rue de la Grande Armée de la République française\n75011 Paris' },
				/Item 0: "Postal Address" line 1 \("12 rue .*"\) is 52 characters long, more than the 38/,
			],
			[
				{ postalAddress: '12 rue des Lilas\nParis' },
				/"Postal Address" ends with "Paris", not with the postcode and city/,
			],
			[{ postalAddress: 'a\nb\nc\nd\ne\n75011 Paris' }, /"Postal Address" has 6 lines, more than the 5/],
			[{ postalAddress: '' }, /"Postal Address" is empty/],
			[{ recipientCountryCode: 'BE' }, /"Recipient Country Code" is "BE", where Maileva does not post/],
			[
				{ recipientCompany: 'Société Civile Immobilière des Grands Lilas de Paris' },
				/"Company Name" is 52 characters long, more than the 38/,
			],
			[{ attachmentProperties: '' }, /"Input Binary Fields" names no PDF/],
			[{ reference: 'R'.repeat(37) }, /"Case Reference" is longer than 36 characters \(the most Maileva keeps/],
			[
				{ additionalFields: { webhookUrl: 'https://n8n.example.com/webhook/x' } },
				/"Status Webhook URL" is not used by a postal registered letter/,
			],
			// An electronic letter on a credential without Sender ID: refused before any call.
			[
				{
					letterType: 'lre',
					recipientEmail: 'compta@martin.example',
					otpCode: '123456',
					eidasAuthentication: 'otpCode',
					recipientFirstName: 'Paul',
					recipientLastName: 'Martin',
				},
				/"Letter Type" "lre" on Maileva is sent by a Maileva sender, and the Maileva API credential names none/,
			],
		];
		for (const [extra, message] of cases) {
			const { reference = 'PAP-ERR', ...rest } = extra as { reference?: string };
			const error = await failure(run(postalParams({ reference, ...rest })));
			expect(error.message).toMatch(message);
		}
		const token = await mailevaToken(credentials);
		const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		expect((listed.json.sendings as Array<{ custom_id?: string }>).some((s) => s.custom_id === 'PAP-ERR')).toBe(false);
	});

	it('refuses a postal letter on AR24, naming the field and the fix', async () => {
		const context = fakeContext({
			credentials: {},
			parameters: postalParams({ provider: 'ar24', reference: 'X' }),
			items: withPdf(),
		});
		const error = await failure(new LreSend().execute.call(context));
		expect(error.message).toMatch(/Item 0: "Letter Type" "postal" is not something AR24 sends/);
		expect(error.description).toMatch(/Set Provider to Maileva/);
		expect(context.sent).toEqual([]);
	});

	it('renews an expired token (n8n asks the credential again on 401) and carries on', async () => {
		await run(postalParams({ reference: 'PAP-2026-0004' }));
		await fetch(`${sbx.url()}/maileva/_sandbox/expire_tokens`, { method: 'POST' });
		const before = credentials.accessToken;
		const { out } = await run(postalParams({ reference: 'PAP-2026-0005' }));
		expect(out[0].json.alreadySent).toBe(false);
		expect(credentials.accessToken).not.toBe(before);
	});

	it('reads the letter (Get), lists it with its state (Get Many) and downloads its acknowledgement of receipt', async () => {
		const sent = (await run(postalParams({ reference: 'PAP-2026-0006', recipientCompany: 'SAS Durand +accept' })))
			.out[0];
		// Delivered two days after the submit, plus the +accept delay (2 h), then the receipt (+1 h).
		sbx.clock.advance(2 * DAY + 4 * HOUR);
		const letterId = String(sent.json.letterId);
		const got = (await run({ provider: 'maileva', resource: 'letter', operation: 'get', letterId, simplify: false }))
			.out[0];
		expect(got.json).toMatchObject({ letterId, state: 'accepted', provider: 'maileva' });
		const many = (
			await run({
				provider: 'maileva',
				resource: 'letter',
				operation: 'getMany',
				returnAll: true,
				filters: { reference: 'PAP-2026-0006', states: ['accepted'] },
			})
		).out;
		expect(many.map((i) => i.json.letterId)).toEqual([letterId]);
		const proof = (
			await run({
				provider: 'maileva',
				resource: 'letter',
				operation: 'downloadProof',
				letterId,
				proofType: 'acceptance',
				binaryPropertyName: 'proof',
			})
		).out[0];
		const pdf = Buffer.from(String(proof.binary?.proof.data), 'base64');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(await pdfText(pdf)).toMatch(/Avis de réception/);
		expect(proof.json.proof).toMatchObject({ type: 'acceptance', size: pdf.length });
		expect(String((proof.json.proof as { fileName: string }).fileName)).toContain(letterId);
		const wrong = await failure(
			run({ provider: 'maileva', resource: 'letter', operation: 'get', letterId: 'not an id!' }),
		);
		expect(wrong.message).toMatch(/Item 0: "Letter ID" is not a Maileva letter id/);
	});
});
