/**
 * One suite, every provider and every letter kind it carries: LRE Send and the LRE Poll Trigger run the same scenario
 * on AR24 (qualified LRE, ERE) and on Maileva (qualified LRE, ERE, postal), each on its side of the sandbox, through
 * the node's `provider` parameter and that provider's credential — send, send again with the same reference (the
 * same letter back), get, list, download the acceptance proof, the OTP session, and the poll trigger's event (same
 * item shape and eventKey, once). The kinds come from each provider's `capabilities`; what it cannot do is skipped.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { ar24Provider } from '../../lib/ar24/provider';
import { mailevaProvider } from '../../lib/maileva/provider';
import type { LetterKind, ProviderCapabilities, ProviderName } from '../../lib/provider/types';
import { LrePollTrigger } from '../../nodes/LrePollTrigger/LrePollTrigger.node';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { mailevaCredentials, mailevaElectronicCredentials, mailevaOtp, tinyPdf } from '../helpers/maileva';
import { fakeContext, processedStore, type ProcessedStore } from '../helpers/n8nContext';
import { pdfText } from '../helpers/pdf';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';

type Params = Record<string, unknown>;

interface ProviderCase {
	name: ProviderName;
	/** Its capabilities, as its module declares them (the suite reads them, it does not restate them). */
	capabilities: ProviderCapabilities;
	credentials(sbx: RunningSandbox, type: LetterKind): Record<string, unknown>;
	/** Send parameters for a letter the recipient will accept, addressed the provider's way. */
	send(reference: string, type: LetterKind, sbx: RunningSandbox): Params;
	/** Words the acceptance proof's text holds. */
	acceptanceText(type: LetterKind): RegExp;
	/** The sender's current OTP code. */
	otp(sbx: RunningSandbox): string;
}

const unused = async (): Promise<never> => {
	throw new Error('capabilities only');
};

const cases: ProviderCase[] = [
	{
		name: 'ar24',
		capabilities: ar24Provider({ wire: unused, download: unused, sender: unused }).capabilities,
		credentials: (sbx) => sandboxCredentials(sbx, 30),
		send: (reference, type) => ({
			letterType: type,
			recipientEmail: 'compta+accept@martin-sarl.example',
			recipientCompany: 'Martin SARL',
			content: `Mise en demeure — dossier ${reference}`,
			eidasAuthentication: 'otpCode',
			otpCode: '123456',
		}),
		acceptanceText: () => /accept|réception|reception/i,
		otp: () => '123456',
	},
	{
		name: 'maileva',
		capabilities: mailevaProvider({ wire: unused, download: unused, username: '' }).capabilities,
		credentials: (sbx, type) => (type === 'postal' ? mailevaCredentials(sbx) : mailevaElectronicCredentials(sbx)),
		send: (reference, type, sbx) =>
			type === 'postal'
				? {
						letterType: type,
						recipientCompany: 'SARL Martin +accept',
						postalAddress: '8 avenue de la Gare\n69002 Lyon',
						recipientCountryCode: 'FR',
					}
				: {
						letterType: type,
						recipientEmail: 'compta+accept@martin-sarl.example',
						recipientCompany: 'Martin SARL',
						recipientFirstName: 'Paul',
						recipientLastName: 'Martin',
						content: `Mise en demeure — dossier ${reference}`,
						eidasAuthentication: 'otpCode',
						otpCode: mailevaOtp(sbx),
					},
		acceptanceText: (type) => (type === 'postal' ? /Avis de réception/ : /Accusé de réception/),
		otp: (sbx) => mailevaOtp(sbx),
	},
];

/** One run per provider and letter kind it carries. */
const runs = cases.flatMap((c) => c.capabilities.letterTypes.map((type) => ({ ...c, type })));

const withPdf = (): INodeExecutionData[] => [
	{
		json: {},
		binary: {
			data: { data: tinyPdf().toString('base64'), mimeType: 'application/pdf', fileName: 'mise-en-demeure.pdf' },
		},
	},
];

/** n8n's IPollFunctions over the fake context: `getNodeParameter(name, fallback)`, a mode, a workflow, no items. */
function pollContext(
	credentials: Record<string, unknown>,
	parameters: Params,
	staticData: Record<string, unknown>,
	workflowId: string,
): IPollFunctions {
	const base = fakeContext({ credentials, parameters: {}, staticData });
	return {
		getNode: base.getNode,
		getCredentials: base.getCredentials,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflowId, name: 'poll', active: true }),
		getMode: () => 'trigger',
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		helpers: base.helpers,
	} as unknown as IPollFunctions;
}

describe.each(runs)(
	'LRE Send and LRE Poll Trigger on $name, $type',
	({ name, capabilities, credentials: credentialsOf, send, acceptanceText, otp, type }) => {
		let sbx: RunningSandbox;
		let credentials: Record<string, unknown>;
		let processed: ProcessedStore;
		const reference = `PRV-${name.toUpperCase()}-${type.toUpperCase()}-0001`;

		beforeAll(async () => {
			// The AR24 side accepts a static OTP besides the TOTP; the Maileva side gets the real TOTP of its sender's key.
			sbx = await sandbox(name === 'ar24' ? { staticOtp: '123456' } : {});
			credentials = credentialsOf(sbx, type);
			processed = processedStore();
		});
		afterAll(() => sbx.close());

		async function run(parameters: Params, items: INodeExecutionData[] = [{ json: {} }]) {
			const context = fakeContext({ credentials, parameters: { provider: name, ...parameters }, items, processed });
			const [out] = await new LreSend().execute.call(context);
			return out;
		}
		const sendParams = (ref: string): Params => ({
			resource: 'letter',
			operation: 'send',
			reference: ref,
			debtorType: 'professional',
			attachmentProperties: 'data',
			additionalFields: {},
			options: {},
			...send(ref, type, sbx),
		});

		let letterId = '';

		it('sends a letter of its first kind and outputs the provider-neutral letter', async () => {
			const [item] = await run(sendParams(reference), withPdf());
			expect(item.json).toMatchObject({ provider: name, type, reference, alreadySent: false, sendRecord: 'recorded' });
			letterId = String(item.json.letterId);
			expect(letterId).not.toBe('');
		});

		it('returns the same letter for the same case reference instead of sending again', async () => {
			const [item] = await run(sendParams(` ${reference.toLowerCase()} `), withPdf());
			expect(item.json).toMatchObject({ alreadySent: true, foundBy: 'listing', letterId });
		});

		it('gets the letter and finds it in the list once the recipient accepted it', async () => {
			await control(sbx.url(), 'POST', '/clock', { advance: '3d' });
			const [got] = await run({ resource: 'letter', operation: 'get', letterId, simplify: false });
			expect(got.json).toMatchObject({ provider: name, letterId, state: 'accepted', reference });
			const listed = await run({
				resource: 'letter',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: { reference, states: ['accepted'] },
			});
			expect(listed.map((i) => i.json.letterId)).toEqual([letterId]);
		});

		it('downloads the acceptance proof as a PDF with an archive name holding the letter id', async () => {
			const [item] = await run({
				resource: 'letter',
				operation: 'downloadProof',
				letterId,
				proofType: 'acceptance',
				binaryPropertyName: 'proof',
			});
			const pdf = Buffer.from(String(item.binary?.proof.data), 'base64');
			expect(pdfText(pdf)).toMatch(acceptanceText(type));
			expect(item.json.proof).toMatchObject({
				type: 'acceptance',
				size: pdf.length,
				fileName: expect.stringMatching(new RegExp(`_${letterId}\\.pdf$`)),
			});
		});

		(capabilities.otpSession && type === 'lre' ? it : it.skip)(
			'opens an OTP session and sends a qualified letter with it',
			async () => {
				const [item] = await run({ resource: 'sender', operation: 'startOtpSession', otp: otp(sbx) });
				const otpSessionHash = String(item.json.otpSessionHash);
				expect(otpSessionHash).not.toBe('');
				expect(Date.parse(String(item.json.expiresAt))).toBeGreaterThan(Date.now());
				const [sent] = await run(
					{
						...sendParams(`${reference}-S`),
						eidasAuthentication: 'otpSession',
						otpSessionHash,
						otpCode: undefined,
					},
					withPdf(),
				);
				expect(sent.json).toMatchObject({ provider: name, type: 'lre', alreadySent: false });
				expect(sent.json.letterId).not.toBe(letterId);
			},
		);

		it('the LRE Poll Trigger emits the acceptance once, with its eventKey and proof, then nothing', async () => {
			const staticData: Record<string, unknown> = {};
			const parameters = {
				provider: name,
				events: ['accepted'],
				lookBackDays: 45,
				downloadProof: true,
				emitExisting: true,
			};
			const poll = () =>
				new LrePollTrigger().poll.call(
					pollContext(credentials, parameters, staticData, `wf-providers-${name}-${type}`),
				);
			const first = await poll();
			const events = (first?.[0] ?? []).filter((item) => item.json.letterId === letterId);
			expect(events).toHaveLength(1);
			const [event] = events;
			expect(event.json).toMatchObject({
				event: 'accepted',
				eventKey: `${letterId}:accepted`,
				letterId,
				state: 'accepted',
				reference,
				proof: { type: 'acceptance' },
			});
			expect(Object.keys(event.json).filter((key) => key !== 'postal')).toEqual([
				'event',
				'eventKey',
				'letterId',
				'state',
				'eventDate',
				'reference',
				'clientReference',
				'billingReference',
				'recipient',
				'acceptanceDelayHours',
				'letter',
				'proof',
			]);
			expect(event.binary?.proof.mimeType).toBe('application/pdf');
			if (type === 'postal')
				expect(event.json.postal).toMatchObject({
					firstPresentedAt: expect.stringMatching(/^\d{4}-/),
					lastStatus: { code: 'LP18' },
					undelivered: null,
				});
			else expect(event.json).not.toHaveProperty('postal');
			expect(await poll()).toBeNull();
		});
	},
);

describe('LRE Poll Trigger on Maileva: undelivered postal letters', () => {
	it('emits a refusal and a non-claim with their PND reason and undelivered-mail proof', async () => {
		const sbx = await sandbox();
		try {
			const credentials = mailevaCredentials(sbx);
			for (const [reference, company] of [
				['PND-REFUS', 'SARL Refus +refuse'],
				['PND-ABSENT', 'SARL Absent +ignore'],
			]) {
				const context = fakeContext({
					credentials,
					items: withPdf(),
					parameters: {
						provider: 'maileva',
						resource: 'letter',
						operation: 'send',
						letterType: 'postal',
						reference,
						debtorType: 'professional',
						recipientCompany: company,
						postalAddress: '1 rue X\n75001 Paris',
						attachmentProperties: 'data',
						additionalFields: {},
						options: {},
					},
				});
				await new LreSend().execute.call(context);
			}
			await control(sbx.url(), 'POST', '/clock', { advance: '20d' });
			const parameters = {
				provider: 'maileva',
				events: ['refused', 'negligence'],
				lookBackDays: 45,
				downloadProof: true,
				emitExisting: true,
			};
			const out = await new LrePollTrigger().poll.call(pollContext(credentials, parameters, {}, 'wf-pnd'));
			const byReference = Object.fromEntries((out?.[0] ?? []).map((item) => [item.json.reference, item]));
			expect(byReference['PND-REFUS'].json).toMatchObject({
				event: 'refused',
				proof: { type: 'refusal' },
				postal: { undelivered: { reason: 'N05' } },
			});
			expect(byReference['PND-ABSENT'].json).toMatchObject({
				event: 'negligence',
				proof: { type: 'negligence' },
				postal: { undelivered: { reason: 'N03', label: expect.stringContaining('not claimed') } },
			});
			// Left a notice on the first presentation, returned 15 days later.
			const absent = byReference['PND-ABSENT'].json.postal as {
				firstPresentedAt: string;
				undelivered: { date: string };
			};
			expect(Date.parse(absent.undelivered.date) - Date.parse(absent.firstPresentedAt)).toBe(15 * 86_400_000);
		} finally {
			await sbx.close();
		}
	});
});
