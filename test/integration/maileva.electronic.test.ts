/**
 * What is Maileva's own in its electronic letters, end to end through LRE Send and the sandbox's
 * `electronic_qualified_registered_mail/v1`, `secured_electronic_mail/v1` and `electronic_mail_emitter/v1`:
 * the OTP refused or expired, the consent gate (refused before any request reaches the sandbox), the case reference
 * found again after a lost submit answer, and each outcome's state and proof, read back with pdftotext.
 * (What AR24 and Maileva share runs in the parameterised suite, lreSend.providers.test.ts.)
 */
import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { otpSessionToken, readOtpSessionToken } from '../../lib/maileva/electronic';
import { LrePollTrigger } from '../../nodes/LrePollTrigger/LrePollTrigger.node';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import {
	MAILEVA_SANDBOX_SENDER,
	MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID,
	stateOf,
} from '../../sandbox/maileva/electronic';
import type { RunningSandbox } from '../../sandbox/server';
import { mailevaElectronicCredentials, mailevaOtp, tinyPdf } from '../helpers/maileva';
import { fakeContext, processedStore, type ProcessedStore } from '../helpers/n8nContext';
import { pdfText } from '../helpers/pdf';
import { sandbox } from '../helpers/sandbox';

type Params = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const withPdf = (): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			data: { data: tinyPdf().toString('base64'), mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' },
		},
	},
];

describe('Maileva qualified LRE and simple ERE through LRE Send', () => {
	let sbx: RunningSandbox;
	let credentials: Record<string, unknown>;
	let processed: ProcessedStore;
	/** Every HTTP request the sandbox received, as its server saw it. */
	let seen: string[];

	beforeAll(async () => {
		sbx = await sandbox();
		credentials = mailevaElectronicCredentials(sbx);
		processed = processedStore();
		seen = [];
		sbx.server.on('request', (req: { method?: string; url?: string }) => seen.push(`${req.method} ${req.url}`));
	});
	afterAll(() => sbx.close());

	function context(parameters: Params, items: INodeExecutionData[] = [{ json: {} }], creds = credentials) {
		return fakeContext({ credentials: creds, parameters: { provider: 'maileva', ...parameters }, items, processed });
	}
	async function run(parameters: Params, items?: INodeExecutionData[]) {
		const [out] = await new LreSend().execute.call(context(parameters, items));
		return out;
	}
	async function failure(parameters: Params, items?: INodeExecutionData[]): Promise<Error> {
		try {
			await run(parameters, items);
		} catch (error) {
			return error as Error;
		}
		throw new Error('expected LRE Send to fail');
	}
	const send = (reference: string, extra: Params = {}): Params => ({
		resource: 'letter',
		operation: 'send',
		letterType: 'lre',
		reference,
		debtorType: 'professional',
		recipientEmail: 'compta+accept@martin-sarl.example',
		recipientCompany: 'Martin SARL',
		recipientFirstName: 'Paul',
		recipientLastName: 'Martin',
		content: `Mise en demeure — dossier ${reference}`,
		attachmentProperties: 'data',
		eidasAuthentication: 'otpCode',
		otpCode: mailevaOtp(sbx),
		additionalFields: {},
		options: {},
		...extra,
	});
	const sendings = (api: 'lre' | 'ere') => stateOf(sbx).sendings.filter((s) => s.api === api);

	it('refuses a wrong OTP code, in Start OTP Session and in a send, and creates no sending', async () => {
		const wrong = String((Number(mailevaOtp(sbx)) + 1) % 1_000_000).padStart(6, '0');
		const session = await failure({ resource: 'sender', operation: 'startOtpSession', otp: wrong });
		expect(session.message).toMatch(/^Item 0: Maileva refused the OTP code \(HTTP 400\).*INVALID_OTP/);
		const before = sendings('lre').length;
		const sent = await failure(send('OTP-WRONG-1', { otpCode: wrong }), withPdf());
		expect(sent.message).toMatch(/Maileva refused the OTP code/);
		expect(sendings('lre')).toHaveLength(before);
	});

	it('refuses an expired OTP session: before any call when it knows, else on Maileva’s refusal, deleting the draft', async () => {
		const [opened] = await run({ resource: 'sender', operation: 'startOtpSession', otp: mailevaOtp(sbx) });
		const hash = String(opened.json.otpSessionHash);
		expect(opened.json).toMatchObject({ senderId: MAILEVA_SANDBOX_SENDER.id });
		// A session whose end LRE Send can see is refused before any request.
		expect(readOtpSessionToken(hash)).toEqual({
			senderId: MAILEVA_SANDBOX_SENDER.id,
			expiresAt: opened.json.expiresAt,
		});
		const stale = otpSessionToken({
			senderId: MAILEVA_SANDBOX_SENDER.id,
			expiresAt: new Date(Date.now() - HOUR).toISOString(),
		});
		seen.length = 0;
		const early = await failure(
			send('OTP-OLD-1', { eidasAuthentication: 'otpSession', otpSessionHash: stale }),
			withPdf(),
		);
		expect(early.message).toMatch(/The Maileva OTP session expired at .*Start OTP Session again/);
		expect(seen.filter((line) => line.includes('/sendings') && line.startsWith('POST'))).toEqual([]);
		// Maileva's own clock ran past the hour: its refusal of the submit is explained, and the draft is gone.
		sbx.clock.advance(2 * HOUR);
		const late = await failure(
			send('OTP-OLD-2', { eidasAuthentication: 'otpSession', otpSessionHash: hash }),
			withPdf(),
		);
		expect(late.message).toMatch(
			/Maileva refused to submit the qualified LRE: .*SENDER_NOT_AUTHENTICATED.*OTP session is open.*Nothing was sent/,
		);
		expect(sendings('lre').some((s) => s.custom_id === 'OTP-OLD-2')).toBe(false);
	});

	it('refuses a qualified LRE to an individual without consent before any request reaches Maileva', async () => {
		seen.length = 0;
		const ctx = context(
			send('CONSENT-1', {
				debtorType: 'individual',
				recipientEmail: 'jean.dupont@example.com',
				recipientFirstName: 'Jean',
				recipientLastName: 'Dupont',
				consentEvidence: [],
			}),
			withPdf(),
		);
		const error = await (new LreSend().execute.call(ctx as IExecuteFunctions) as Promise<unknown>).then(
			() => new Error('sent'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/"Consent Evidence" does not allow a qualified LRE/);
		expect(seen).toEqual([]);
		expect(ctx.sent).toEqual([]);
	});

	it('names the item and the field Maileva would refuse, before any request reaches it', async () => {
		// The last case reads the sender (GET /senders/{id}) to see it is not VALIDATED: that one request only.
		const cases: Array<[Params, RegExp, Record<string, unknown>?, RegExp?]> = [
			[{ recipientFirstName: '' }, /"First Name" is empty, and Maileva's qualified LRE names its recipient by first/],
			[{ recipientLastName: 'M'.repeat(51) }, /"Last Name" is longer than the 50 characters Maileva accepts/],
			[{ recipientCompany: 'C'.repeat(39) }, /"Company Name" is longer than the 38 characters Maileva's qualified LRE/],
			[{ content: 'x'.repeat(451) }, /"Content" is longer than the 450 characters of Maileva's message/],
			[{ reference: 'R'.repeat(37) }, /"Case Reference" is longer than 36 characters \(the most Maileva keeps/],
			[{ attachmentProperties: '' }, /"Input Binary Fields" names no PDF, and a Maileva electronic letter carries/],
			[
				{ additionalFields: { webhookUrl: 'https://n8n.example.com/webhook/x' } },
				/"Status Webhook URL" is not used by Maileva/,
			],
			[{ additionalFields: { clientReference: 'C-1' } }, /"Client Reference" is not kept by Maileva's qualified LRE/],
			[
				{ additionalFields: { notificationLanguage: 'EN' } },
				/"Notification Language" is EN, but only a simple ERE on Maileva lets LRE Send choose/,
			],
			[
				{ letterType: 'ere', additionalFields: { notificationLanguage: 'DE' } },
				/"Notification Language" must be FR, EN or NL, not "DE"/,
			],
			[
				{},
				/"Letter Type" "lre" on Maileva is sent by a Maileva sender, and the Maileva API credential names none/,
				{ senderId: '' },
			],
			[
				{},
				/"Letter Type" "lre" on Maileva is sent by sender .*, which Maileva shows as VALIDATING, not VALIDATED/,
				{ senderId: MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID },
				/^GET \/maileva\/electronic_mail_emitter\/v1\/senders\/[0-9a-f-]{36}$/,
			],
		];
		for (const [extra, message, credentialOverrides, allowed] of cases) {
			seen.length = 0;
			const creds = credentialOverrides ? { ...credentials, ...credentialOverrides } : credentials;
			const ctx = context(send('INPUT-1', extra), withPdf(), creds);
			const error = await (new LreSend().execute.call(ctx as IExecuteFunctions) as Promise<unknown>).then(
				() => new Error('sent'),
				(e: Error) => e,
			);
			expect(error.message).toMatch(/^Item 0: /);
			expect(error.message).toMatch(message);
			expect(seen.filter((line) => !line.includes('openid-connect') && !allowed?.test(line))).toEqual([]);
			if (allowed)
				expect((error as { description?: string }).description).toMatch(/has not clicked the link of the e-mail/);
		}
	});

	it('asks for no pre-notification of a qualified LRE, and writes an ERE notification in the language chosen', async () => {
		const [lre] = await run(send('LANG-LRE-1'), withPdf());
		const [ere] = await run(
			send('LANG-ERE-1', { letterType: 'ere', additionalFields: { notificationLanguage: 'EN' } }),
			withPdf(),
		);
		const [plain] = await run(send('LANG-ERE-2', { letterType: 'ere' }), withPdf());
		const byReference = (api: 'lre' | 'ere', reference: string) =>
			sendings(api).find((sending) => sending.custom_id === reference);
		expect(byReference('lre', 'LANG-LRE-1')).toMatchObject({ pre_notification: false });
		expect(byReference('ere', 'LANG-ERE-1')).toMatchObject({ notification_language: 'EN' });
		expect(byReference('ere', 'LANG-ERE-2')).toMatchObject({ notification_language: 'FR' });
		// As Maileva answers them when the letter is read back.
		expect(lre.json.raw).toMatchObject({ sending: { pre_notification: false } });
		expect(ere.json.raw).toMatchObject({ sending: { notification_language: 'EN' } });
		expect(plain.json.raw).toMatchObject({ sending: { notification_language: 'FR' } });
	});

	it('finds the letter again after a lost submit answer, and sends it once', async () => {
		const reference = 'LOST-SUBMIT-1';
		const ctx = context(send(reference), withPdf());
		const carry = ctx.helpers.httpRequestWithAuthentication as (
			this: unknown,
			type: string,
			request: IHttpRequestOptions,
		) => Promise<unknown>;
		let dropped = 0;
		ctx.helpers.httpRequestWithAuthentication = async function (type: string, request: IHttpRequestOptions) {
			const answer = await carry.call(this, type, request);
			if (request.method === 'POST' && request.url.endsWith('/submit') && dropped++ === 0)
				throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			return answer;
		} as typeof ctx.helpers.httpRequestWithAuthentication;
		const [[first]] = await new LreSend().execute.call(ctx as IExecuteFunctions);
		expect(dropped).toBe(1);
		expect(first.json).toMatchObject({ reference, alreadySent: false, recoveredAfterError: true, type: 'lre' });
		const [again] = await run(send(` ${reference.toLowerCase()} `), withPdf());
		expect(again.json).toMatchObject({ letterId: first.json.letterId, alreadySent: true });
		expect(sendings('lre').filter((s) => s.custom_id === reference)).toHaveLength(1);
	});

	it('fails closed when Maileva shows a sending it does not know after the submit', async () => {
		const ctx = context(send('ODD-STATUS-1', { letterType: 'ere', eidasAuthentication: undefined }), withPdf());
		const carry = ctx.helpers.httpRequestWithAuthentication as (
			this: unknown,
			type: string,
			request: IHttpRequestOptions,
		) => Promise<unknown>;
		ctx.helpers.httpRequestWithAuthentication = async function (type: string, request: IHttpRequestOptions) {
			const answer = (await carry.call(this, type, request)) as { body: string };
			if (request.method === 'GET' && /\/sendings\/[0-9a-f-]{36}$/.test(request.url))
				return { ...answer, body: JSON.stringify({ ...JSON.parse(answer.body), status: 'WAITING' }) };
			return answer;
		} as typeof ctx.helpers.httpRequestWithAuthentication;
		const error = await (new LreSend().execute.call(ctx as IExecuteFunctions) as Promise<unknown>).then(
			() => new Error('sent'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/shows it as "WAITING", which LRE Send does not know after a submit/);
		// The sending exists (it is no draft): a re-run reports it by its reference, and sends no second letter.
		const [again] = await run(send('ODD-STATUS-1', { letterType: 'ere', eidasAuthentication: undefined }), withPdf());
		expect(again.json).toMatchObject({ alreadySent: true, type: 'ere' });
		expect(sendings('ere').filter((s) => s.custom_id === 'ODD-STATUS-1')).toHaveLength(1);
	});

	describe.each(['lre', 'ere'] as const)('outcomes of a %s', (letterType) => {
		const outcomes = [
			{ tag: 'accept', state: 'accepted', proof: 'acceptance', title: /Accusé de réception/, word: 'AccuseReception' },
			{ tag: 'refuse', state: 'refused', proof: 'refusal', title: /Preuve de refus/, word: 'Refus' },
			{ tag: 'ignore', state: 'negligence', proof: 'negligence', title: /non-réclamation/, word: 'Negligence' },
			{
				tag: 'bounce',
				state: 'bounced',
				// Maileva's qualified LRE has no undelivered proof (RecipientProofResource.type): only the ERE has one.
				proof: letterType === 'ere' ? 'bounce' : undefined,
				title: /non-distribution/,
				word: 'Rebond',
			},
			{ tag: 'fail', state: 'failed', proof: undefined, title: /./, word: '' },
		];
		const ids: Record<string, string> = {};

		it('sends one letter per outcome', async () => {
			for (const { tag } of outcomes) {
				const [item] = await run(
					send(`OUT-${letterType}-${tag}`.toUpperCase(), {
						letterType,
						recipientEmail: `compta+${tag}@martin-sarl.example`,
						otpCode: mailevaOtp(sbx),
					}),
					withPdf(),
				);
				expect(item.json).toMatchObject({ type: letterType, state: 'pending', provider: 'maileva' });
				expect(String(item.json.letterId)).toMatch(new RegExp(`^${letterType.toUpperCase()}-[0-9a-f-]{36}$`));
				ids[tag] = String(item.json.letterId);
			}
		});

		it('reads each state, its deposit proof and its final proof, with the archive names', async () => {
			sbx.clock.advance(20 * DAY);
			for (const { tag, state, proof, title, word } of outcomes) {
				const letterId = ids[tag];
				const [got] = await run({ resource: 'letter', operation: 'get', letterId, simplify: false });
				expect({ tag, state: got.json.state }).toEqual({ tag, state });
				expect(got.json.raw).toMatchObject({ kind: letterType, sending: { id: letterId.slice(4) } });
				const download = async (proofType: string) =>
					await run({ resource: 'letter', operation: 'downloadProof', letterId, proofType, binaryPropertyName: 'p' });
				if (state === 'failed') {
					await expect(download('deposit')).rejects.toThrow(/"deposit" does not exist for letter .* failed/);
					continue;
				}
				const [deposit] = await download('deposit');
				expect(pdfText(Buffer.from(String(deposit.binary?.p.data), 'base64'))).toMatch(/Preuve de dépôt/);
				expect(deposit.json.proof).toMatchObject({
					fileName: expect.stringMatching(new RegExp(`^LRE_Depot_MartinSarl_\\d{4}-\\d{2}-\\d{2}_${letterId}\\.pdf$`)),
				});
				if (!proof) {
					expect((got.json.proofs as Array<{ type: string }>).map((p) => p.type)).toEqual(['deposit']);
					continue;
				}
				const [final] = await download(proof);
				expect(pdfText(Buffer.from(String(final.binary?.p.data), 'base64'))).toMatch(title);
				expect(final.json.proof).toMatchObject({
					type: proof,
					fileName: expect.stringMatching(
						new RegExp(`^LRE_${word}_MartinSarl_\\d{4}-\\d{2}-\\d{2}_${letterId}\\.pdf$`),
					),
				});
			}
		});

		it('the LRE Poll Trigger emits each final state once, with its eventKey and its proof', async () => {
			const parameters: Params = {
				provider: 'maileva',
				events: ['accepted', 'refused', 'negligence', 'bounced', 'failed'],
				lookBackDays: 45,
				downloadProof: true,
				emitExisting: true,
			};
			const staticData: Record<string, unknown> = {};
			const base = fakeContext({ credentials, parameters: {}, staticData });
			const poll = async () =>
				await new LrePollTrigger().poll.call({
					getNode: base.getNode,
					getCredentials: base.getCredentials,
					getWorkflowStaticData: () => staticData,
					getWorkflow: () => ({ id: `wf-maileva-${letterType}`, name: 'poll', active: true }),
					getMode: () => 'trigger',
					getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
					helpers: base.helpers,
				} as unknown as IPollFunctions);
			const out = (await poll())?.[0] ?? [];
			for (const { tag, state, proof } of outcomes) {
				const events = out.filter((item) => item.json.letterId === ids[tag]);
				expect({ tag, events: events.length }).toEqual({ tag, events: 1 });
				expect(events[0].json).toMatchObject({ event: state, eventKey: `${ids[tag]}:${state}`, state });
				expect(events[0].json).not.toHaveProperty('postal');
				if (proof) expect(events[0].binary?.proof.mimeType).toBe('application/pdf');
			}
			const again = (await poll())?.[0] ?? [];
			expect(again.filter((item) => Object.values(ids).includes(String(item.json.letterId)))).toEqual([]);
		});

		it('lists them with their states (Get Many)', async () => {
			const listed = await run({
				resource: 'letter',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: {},
			});
			const byId = Object.fromEntries(listed.map((item) => [item.json.letterId, item.json.state]));
			for (const { tag, state } of outcomes) expect({ tag, state: byId[ids[tag]] }).toEqual({ tag, state });
		});
	});
});
