/** The LRE Poll Trigger's `poll()` on a fake n8n poll context and a fake AR24 (nodes/LrePollTrigger/LrePollTrigger.node.ts). */
import { LrePollTrigger } from '../../../../nodes/LrePollTrigger/LrePollTrigger.node';
import { parisDate } from '../../../../lib/ar24/protocol';
import { ar24Letter, FAKE_AR24_CREDENTIALS, fakeAr24Account, triggerContext } from '../../../helpers/n8nContext';

const HOUR = 3_600_000;
const ago = (hours: number) => parisDate(new Date(Date.now() - hours * HOUR));
let workflow = 0;

function poller(parameters: Record<string, unknown> = {}) {
	const workflowId = `wf-poll-${++workflow}`;
	const staticData: Record<string, unknown> = {};
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [
		ar24Letter(100001, { date: ago(80 * 24), ts_ev_date: ago(80 * 24), view_date: ago(79 * 24) }), // before Look Back
		ar24Letter(100002, { date: ago(48), ts_ev_date: ago(47), view_date: ago(30) }),
		ar24Letter(100003, { date: ago(40), ts_ev_date: ago(39), view_date: null, refused_date: ago(20) }),
		ar24Letter(100004, { date: ago(30), ts_ev_date: ago(29), view_date: ago(10), id_sender: 77 }), // another sender of the team
		ar24Letter(100005, { date: ago(20), ts_ev_date: ago(19), view_date: null }), // sent, not chosen
	]);
	const poll = async (mode: 'trigger' | 'manual' = 'trigger') => {
		const context = triggerContext({
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: {
				events: ['accepted', 'refused'],
				downloadProof: false,
				lookBackDays: 45,
				emitExisting: true,
				...parameters,
			},
			ar24,
			staticData,
			workflowId,
			mode,
			node: { name: 'LRE Poll Trigger' },
		});
		const out = await new LrePollTrigger().poll.call(context);
		return out?.[0].map((item) => item.json.eventKey) ?? null;
	};
	return { poll, ar24, staticData };
}

describe('LRE Poll Trigger', () => {
	it("emits each chosen event of the sender's recent letters once, oldest first, then nothing until a new event", async () => {
		const { poll, ar24 } = poller();
		expect(await poll()).toEqual(['100002:accepted', '100003:refused']);
		expect(await poll()).toBeNull();
		const refused = ar24.mails.find((m) => m.id === 100005);
		Object.assign(refused ?? {}, { refused_date: ago(1) });
		expect(await poll()).toEqual(['100005:refused']);
	});

	it('first run without "Emit Past Events": remembers what exists, emits only what happens after', async () => {
		const { poll, ar24 } = poller({ emitExisting: false });
		expect(await poll()).toBeNull();
		Object.assign(ar24.mails.find((m) => m.id === 100005) ?? {}, { view_date: ago(1) });
		expect(await poll()).toEqual(['100005:accepted']);
	});

	it('a manual test run shows the latest matching event and remembers nothing', async () => {
		const { poll, staticData } = poller({ emitExisting: false });
		expect(await poll('manual')).toEqual(['100003:refused']);
		expect(staticData).toEqual({});
		expect(await poll('manual')).toEqual(['100003:refused']);
	});

	it("AR24's refusal fails the poll with its reason (n8n shows it on the trigger)", async () => {
		const { poll, ar24 } = poller();
		ar24.routes['GET /user'] = () => ({ error: 'user_unavailable' });
		await expect(poll()).rejects.toThrow(
			'AR24: This AR24 user has not granted access to your API token [user_unavailable]',
		);
	});
});
