/**
 * The LRE Poll Trigger on the Maileva side of the sandbox, for what only Maileva has: a postal letter's first
 * presentation (`presented`, the date the law often counts from) and an account with several senders, where the
 * credential's Sender ID decides whose qualified LRE and ERE letters the trigger reports.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { LrePollTrigger } from '../../nodes/LrePollTrigger/LrePollTrigger.node';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID } from '../../sandbox/maileva/electronic';
import type { RunningSandbox } from '../../sandbox/server';
import {
	mailevaCredentials,
	mailevaElectronicCredentials,
	mailevaOtp,
	pdfItems,
	postalSendParams,
} from '../helpers/maileva';
import { fakeContext } from '../helpers/n8nContext';
import { control, sandbox } from '../helpers/sandbox';

type Params = Record<string, unknown>;
let workflows = 0;

/** A trigger of its own (workflow, static data) polling with these credentials; `poll()` returns its items. */
function poller(credentials: Record<string, unknown>, parameters: Params) {
	const staticData: Record<string, unknown> = {};
	const workflowId = `wf-maileva-poll-${++workflows}`;
	const all: Params = { provider: 'maileva', lookBackDays: 45, downloadProof: true, emitExisting: true, ...parameters };
	const poll = async (mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[]> => {
		const base = fakeContext({ credentials, parameters: {}, staticData });
		const out = await new LrePollTrigger().poll.call({
			getNode: base.getNode,
			getCredentials: base.getCredentials,
			getWorkflowStaticData: () => staticData,
			getWorkflow: () => ({ id: workflowId, name: 'poll', active: true }),
			getMode: () => mode,
			getNodeParameter: (name: string, fallback?: unknown) => (name in all ? all[name] : fallback),
			helpers: base.helpers,
		} as unknown as IPollFunctions);
		return out?.[0] ?? [];
	};
	return { poll };
}

async function send(credentials: Record<string, unknown>, parameters: Params): Promise<string> {
	const context = fakeContext({ credentials, parameters: { provider: 'maileva', ...parameters }, items: pdfItems() });
	const [[item]] = await new LreSend().execute.call(context);
	return String(item.json.letterId);
}

describe('LRE Poll Trigger on Maileva: first presentation of a postal letter', () => {
	let sbx: RunningSandbox;
	let letterId = '';
	beforeAll(async () => {
		sbx = await sandbox();
		// Not claimed: a notice left at the first presentation (+2 days), returned after the 15-day instance.
		letterId = await send(
			mailevaCredentials(sbx),
			postalSendParams({ reference: 'PRES-0001', recipientCompany: 'SARL Absent +ignore' }),
		);
	});
	afterAll(() => sbx.close());

	it('emits "presented" once at the first presentation, then the non-claim once, each with its own eventKey', async () => {
		const { poll } = poller(mailevaCredentials(sbx), { events: ['presented', 'negligence'] });
		const ours = (items: INodeExecutionData[]) => items.filter((item) => item.json.letterId === letterId);

		await control(sbx.url(), 'POST', '/clock', { advance: '1d' });
		expect(ours(await poll())).toEqual([]);

		await control(sbx.url(), 'POST', '/clock', { advance: '2d' });
		const [presented, ...more] = ours(await poll());
		expect(more).toEqual([]);
		expect(presented.json).toMatchObject({
			event: 'presented',
			eventKey: `${letterId}:presented`,
			letterId,
			reference: 'PRES-0001',
			proof: null,
			postal: { lastStatus: { code: 'LP09' }, undelivered: null },
		});
		const postal = presented.json.postal as { firstPresentedAt: string };
		expect(presented.json.eventDate).toBe(postal.firstPresentedAt);
		expect(presented.binary).toBeUndefined();
		expect(ours(await poll())).toEqual([]);

		await control(sbx.url(), 'POST', '/clock', { advance: '16d' });
		const late = ours(await poll());
		expect(late.map((item) => item.json.eventKey)).toEqual([`${letterId}:negligence`]);
		expect(late[0].json).toMatchObject({ proof: { type: 'negligence' }, postal: { undelivered: { reason: 'N03' } } });
		expect(ours(await poll())).toEqual([]);
	});

	it('a trigger that starts after both events emits the presentation before the non-claim', async () => {
		const { poll } = poller(mailevaCredentials(sbx), { events: ['presented', 'negligence'] });
		const keys = (await poll()).filter((item) => item.json.letterId === letterId).map((item) => item.json.eventKey);
		expect(keys).toEqual([`${letterId}:presented`, `${letterId}:negligence`]);
	});

	it('without "First Presentation" among the events, the presentation is not emitted', async () => {
		const { poll } = poller(mailevaCredentials(sbx), { events: ['negligence', 'accepted'] });
		const events = (await poll()).filter((item) => item.json.letterId === letterId).map((item) => item.json.event);
		expect(events).toEqual(['negligence']);
	});

	it("a manual test run shows the letter's latest event and remembers nothing", async () => {
		const { poll } = poller(mailevaCredentials(sbx), { events: ['presented', 'negligence'] });
		const [shown] = await poll('manual');
		expect(shown.json).toMatchObject({ letterId, event: 'negligence' });
		expect((await poll()).map((item) => item.json.eventKey)).toEqual([
			`${letterId}:presented`,
			`${letterId}:negligence`,
		]);
	});
});

describe("LRE Poll Trigger on Maileva: the credential's Sender ID", () => {
	let sbx: RunningSandbox;
	let lreId = '';
	let postalId = '';
	beforeAll(async () => {
		sbx = await sandbox();
		lreId = await send(mailevaElectronicCredentials(sbx), {
			resource: 'letter',
			operation: 'send',
			letterType: 'lre',
			reference: 'SND-LRE-0001',
			debtorType: 'professional',
			recipientEmail: 'compta+accept@martin-sarl.example',
			recipientCompany: 'Martin SARL',
			recipientFirstName: 'Paul',
			recipientLastName: 'Martin',
			content: 'Mise en demeure — dossier SND-LRE-0001',
			eidasAuthentication: 'otpCode',
			otpCode: mailevaOtp(sbx),
			attachmentProperties: 'data',
			additionalFields: {},
			options: {},
		});
		postalId = await send(
			mailevaCredentials(sbx),
			postalSendParams({ reference: 'SND-POST-0001', recipientCompany: 'SARL Martin +accept' }),
		);
		await control(sbx.url(), 'POST', '/clock', { advance: '3d' });
	});
	afterAll(() => sbx.close());

	const acceptedIds = async (credentials: Record<string, unknown>) =>
		(await poller(credentials, { events: ['accepted'] }).poll()).map((item) => item.json.letterId).sort();

	it("with this sender's Sender ID: its qualified LRE and the account's postal letter", async () => {
		expect(await acceptedIds(mailevaElectronicCredentials(sbx))).toEqual([lreId, postalId].sort());
	});

	it("with another sender's Sender ID: the postal letter only, not this sender's LRE", async () => {
		const other = mailevaElectronicCredentials(sbx, { senderId: MAILEVA_SANDBOX_UNVALIDATED_SENDER_ID });
		expect(await acceptedIds(other)).toEqual([postalId]);
	});

	it("without a Sender ID: every sender's letters of the account", async () => {
		expect(await acceptedIds(mailevaCredentials(sbx))).toEqual([lreId, postalId].sort());
	});
});
