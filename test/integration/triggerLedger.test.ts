/**
 * The triggers' shared pieces, in-process: the once-only ledger (nodes/shared/eventLedger.ts), the credential
 * reuse of the LRE Trigger (one decrypted read per 10 s instead of three per delivery) and its shared read-back
 * (deliveries of one letter that arrive together make one AR24 call when the letter is in a final state).
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { EventLedger } from '../../nodes/shared/eventLedger';
import type { Ar24Mail } from '../../lib/ar24/wire';
import { CREDENTIAL_REUSE_MS, readBackShared, withCachedCredentials } from '../../nodes/LreTrigger/LreTriggerHelpers';

const context = (staticData: IDataObject, workflowId: string, nodeId = 'node-1') => ({
	getWorkflowStaticData: () => staticData,
	getWorkflow: () => ({ id: workflowId }),
	getNode: () => ({ id: nodeId, credentials: { ar24Api: { id: 'cred-1', name: 'AR24' } } }),
});

describe('EventLedger', () => {
	it('claims an event once per process, also through a second ledger on stale static data', () => {
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		expect(new EventLedger(context(loadedByA, 'wf-a')).claim('100001', 'accepted')).toBe(true);
		// Another request of the same process, whose static data was loaded before the first one saved.
		const second = new EventLedger(context(loadedByB, 'wf-a'));
		expect(second.has('00100001', 'accepted')).toBe(true);
		expect(second.claim('100001', 'accepted')).toBe(false);
		// ... and it writes the event into what it saves.
		second.save();
		expect(Object.keys(loadedByB.emitted as object)).toEqual(['100001:accepted']);
	});

	it('does not rewrite a record that already holds everything (no needless workflow save)', () => {
		const staticData: IDataObject = {};
		const ledger = new EventLedger(context(staticData, 'wf-b'));
		ledger.claim('7', 'refused');
		ledger.save();
		const saved = staticData.emitted;
		new EventLedger(context(staticData, 'wf-b')).save();
		expect(staticData.emitted).toBe(saved);
	});

	it('after a restart (a new process memory), the saved record is the memory', () => {
		const staticData: IDataObject = { emitted: { '42:accepted': Date.now() } };
		const ledger = new EventLedger(context(staticData, 'wf-restarted'));
		expect(ledger.knownInProcess).toBe(false);
		expect(ledger.claim('42', 'accepted')).toBe(false);
		expect(ledger.claim('42', 'refused')).toBe(true);
	});

	it('a released event can be claimed again; a manual ledger remembers nothing', () => {
		const staticData: IDataObject = {};
		const ledger = new EventLedger(context(staticData, 'wf-c'));
		expect(ledger.claim('9', 'bounced')).toBe(true);
		ledger.save();
		ledger.release('9', 'bounced');
		expect(ledger.has('9', 'bounced')).toBe(false);
		expect(ledger.claim('9', 'bounced')).toBe(true);
		const manual = new EventLedger(context({}, 'wf-manual'), false);
		expect(manual.claim('1', 'accepted')).toBe(false);
		expect(new EventLedger(context({}, 'wf-manual')).knownInProcess).toBe(false);
	});
});

describe('withCachedCredentials', () => {
	afterEach(() => jest.useRealTimers());

	function webhookContext(workflowId: string, read: jest.Mock) {
		return { ...context({}, workflowId), getCredentials: read } as unknown as IWebhookFunctions;
	}

	it(`reads the credential once for many deliveries within ${CREDENTIAL_REUSE_MS / 1000} s, again after`, async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		const read = jest.fn(async () => ({ privateKey: 'k' }));
		for (let i = 0; i < 5; i++) {
			const wrapped = withCachedCredentials(webhookContext('wf-cred', read));
			expect(await wrapped.getCredentials('ar24Api')).toEqual({ privateKey: 'k' });
			expect(await wrapped.getCredentials('ar24Api')).toEqual({ privateKey: 'k' });
		}
		expect(read).toHaveBeenCalledTimes(1);
		jest.setSystemTime(1_000_000 + CREDENTIAL_REUSE_MS + 1);
		await withCachedCredentials(webhookContext('wf-cred', read)).getCredentials('ar24Api');
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('keeps no failed read, and keeps workflows apart', async () => {
		const read = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue({ privateKey: 'a' });
		await expect(withCachedCredentials(webhookContext('wf-fail', read)).getCredentials('ar24Api')).rejects.toThrow(
			'db down',
		);
		expect(await withCachedCredentials(webhookContext('wf-fail', read)).getCredentials('ar24Api')).toEqual({
			privateKey: 'a',
		});
		const other = jest.fn(async () => ({ privateKey: 'b' }));
		expect(await withCachedCredentials(webhookContext('wf-other', other)).getCredentials('ar24Api')).toEqual({
			privateKey: 'b',
		});
	});
});

describe('readBackShared', () => {
	const hook = (workflowId: string) => context({}, workflowId) as unknown as IWebhookFunctions;
	/** A read that resolves when `finish()` is called, counting the calls. */
	function slowRead(mail: Partial<Ar24Mail> | Error) {
		let finish = () => undefined as void;
		const gate = new Promise<void>((r) => (finish = r));
		const read = jest.fn(async () => {
			await gate;
			if (mail instanceof Error) throw mail;
			return mail as Ar24Mail;
		});
		return { read, finish: () => finish() };
	}

	it('deliveries that arrive while the letter is read share that read when it shows a final state', async () => {
		const accepted = { id: 100001, view_date: '2026-06-02 10:00:00' } as unknown as Ar24Mail;
		const { read, finish } = slowRead(accepted);
		const three = [
			readBackShared(hook('wf-share'), '100001', read),
			readBackShared(hook('wf-share'), '100001', read),
			readBackShared(hook('wf-share'), '100001', read),
		];
		finish();
		expect(await Promise.all(three)).toEqual([accepted, accepted, accepted]);
		expect(read).toHaveBeenCalledTimes(1);
		// Once done, a later delivery reads again; another letter or another trigger never shares.
		await readBackShared(hook('wf-share'), '100001', read);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('reads again when the shared read shows a state that may still change, failed, or named another letter', async () => {
		for (const [name, first] of [
			['sent (not final)', { id: 7, ts_ev_date: '2026-06-01 10:00:00' }],
			['a failed read', new Error('AR24 down')],
			['another letter', { id: 8, view_date: '2026-06-02 10:00:00' }],
		] as const) {
			const { read, finish } = slowRead(first as Partial<Ar24Mail> | Error);
			const own = jest.fn(async () => ({ id: 7, view_date: '2026-06-02 11:00:00' }) as unknown as Ar24Mail);
			const leader = readBackShared(hook(`wf-again-${name}`), '7', read).catch((e: Error) => e);
			const follower = readBackShared(hook(`wf-again-${name}`), '7', own);
			finish();
			await leader;
			expect(await follower).toEqual({ id: 7, view_date: '2026-06-02 11:00:00' });
			expect(own).toHaveBeenCalledTimes(1);
		}
	});

	it('keeps triggers and letters apart', async () => {
		const { read, finish } = slowRead({ id: 5, refused_date: '2026-06-02 10:00:00' });
		const other = jest.fn(async () => ({ id: 5, refused_date: '2026-06-02 10:00:00' }) as unknown as Ar24Mail);
		const otherLetter = jest.fn(async () => ({ id: 6, refused_date: '2026-06-02 10:00:00' }) as unknown as Ar24Mail);
		const all = [
			readBackShared(hook('wf-one'), '5', read),
			readBackShared(hook('wf-two'), '5', other),
			readBackShared(hook('wf-one'), '6', otherLetter),
		];
		finish();
		await Promise.all(all);
		expect([read, other, otherLetter].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
	});
});
