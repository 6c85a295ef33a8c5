/**
 * "Never twice" against a sandbox whose listing ignores paging (`--paging ignore`: every GET /user/mail answers the 50
 * newest letters): a batch of 200, a re-run, a batch that crashes mid-way and its re-run leave exactly one letter per
 * reference. And case/Unicode variants of one reference give one letter.
 */
import type { IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { fakeContext, processedStore, type ProcessedStore } from '../helpers/n8nContext';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { call, control, sandbox, sandboxCredentials } from '../helpers/sandbox';

jest.setTimeout(240_000);

type Params = Record<string, unknown>;
type Letter = { id: number; ref_dossier: string };

const params = (refs: string[], options: Params = {}): Params => ({
	resource: 'letter',
	operation: 'send',
	letterType: 'ere',
	reference: (i: number) => refs[i],
	recipientEmail: (i: number) => `ap+hold@debtor${i}.example`,
	debtorType: 'professional',
	recipientCompany: 'Debtor SAS',
	content: 'Mise en demeure',
	attachmentProperties: '',
	additionalFields: {},
	options: { batchConcurrency: 2, ...options },
});

interface RunOptions {
	processed: ProcessedStore | false;
	continueOnFail?: boolean;
	/** Kill the run when it is about to send its Nth POST /mail (that request never leaves). */
	crashAtDeposit?: number;
}

async function run(
	sbx: RunningSandbox,
	refs: string[],
	options: Params,
	how: RunOptions,
): Promise<INodeExecutionData[]> {
	const items = refs.map(() => ({ json: {} }));
	const context = fakeContext({
		credentials: sandboxCredentials(sbx, 5),
		parameters: params(refs, options),
		items,
		continueOnFail: how.continueOnFail,
		processed: how.processed,
	});
	if (how.crashAtDeposit !== undefined) {
		const helpers = context.helpers as unknown as Record<
			string,
			(type: string, request: IHttpRequestOptions) => Promise<unknown>
		>;
		const send = helpers.httpRequestWithAuthentication;
		let deposits = 0;
		let dead = false;
		helpers.httpRequestWithAuthentication = async (type, request) => {
			if (!dead && request.method === 'POST' && request.url.endsWith('/mail') && ++deposits === how.crashAtDeposit)
				dead = true;
			if (dead) throw Object.assign(new Error('process killed'), { code: 'ECONNRESET' });
			return await send(type, request);
		};
	}
	const [out] = await new LreSend().execute.call(context);
	return out;
}

const lettersOf = async (sbx: RunningSandbox) => await control<Letter[]>(sbx.url(), 'GET', '/letters');
const perReference = (letters: Letter[]) => {
	const count = new Map<string, number>();
	for (const letter of letters) count.set(letter.ref_dossier, (count.get(letter.ref_dossier) ?? 0) + 1);
	return count;
};
const deposits = async (sbx: RunningSandbox) =>
	(await control<Array<{ method: string; path: string }>>(sbx.url(), 'GET', '/requests')).filter(
		(r) => r.method === 'POST' && r.path === '/api/mail',
	).length;

describe('LRE Send with a listing that ignores paging (sandbox --paging ignore)', () => {
	let sbx: RunningSandbox;
	const processed = processedStore();
	const batchA = Array.from({ length: 200 }, (_, i) => `PG-A-${String(i).padStart(3, '0')}`);
	const batchB = Array.from({ length: 200 }, (_, i) => `PG-B-${String(i).padStart(3, '0')}`);

	beforeAll(async () => {
		sbx = await sandbox({ paging: 'ignore' });
	});
	afterAll(() => sbx.close());

	it('the sandbox really ignores max/start/sort: the same default page whatever is asked', async () => {
		for (let i = 0; i < 60; i++)
			await call(sbx.url(), 'POST', '/mail', {
				id_user: 1,
				to_email: `x+hold@seed${i}.example`,
				to_company: 'S',
				content: 'x',
				ref_dossier: `SEED-${i}`,
			});
		const page = async (query: Record<string, string | number>) =>
			((await call(sbx.url(), 'GET', '/user/mail', { id_user: 1, ...query })).json.result as Letter[]).map((l) => l.id);
		const first = await page({ max: 5, start: 0, sort: 'DESC' });
		expect(first).toHaveLength(50);
		expect(await page({ max: 5, start: 50, sort: 'ASC' })).toEqual(first);
		expect(first[0]).toBeGreaterThan(first[49]);
	});

	it('a batch of 200 sends 200 letters: the listing is unreliable, the send record has never seen them (trusted by option)', async () => {
		const out = await run(sbx, batchA, { incompleteListing: 'trustRecord' }, { processed });
		expect(out.every((item) => item.json.alreadySent === false && item.json.sendRecord === 'recorded')).toBe(true);
		const count = perReference((await lettersOf(sbx)).filter((l) => l.ref_dossier.startsWith('PG-A-')));
		expect(count.size).toBe(200);
		expect([...count.values()].every((n) => n === 1)).toBe(true);
	});

	it("re-run: nothing is sent; the 50 visible letters come from the listing, the 150 older ones from n8n's send record", async () => {
		const before = await deposits(sbx);
		const out = await run(sbx, batchA, {}, { processed });
		expect(await deposits(sbx)).toBe(before);
		expect(out.every((item) => item.json.alreadySent === true)).toBe(true);
		const by = (how: string) => out.filter((item) => item.json.foundBy === how).length;
		expect(by('listing')).toBe(50);
		expect(by('sendRecord')).toBe(150);
		// Each letter returned is the one of its reference.
		expect(out.every((item, i) => item.json.reference === batchA[i])).toBe(true);
		expect((await lettersOf(sbx)).length).toBe(260);
	});

	it("without n8n's send record, the same re-run fails closed for the references the listing cannot show", async () => {
		const before = await deposits(sbx);
		const out = await run(sbx, batchA, {}, { processed: false, continueOnFail: true });
		expect(await deposits(sbx)).toBe(before);
		const failed = out.filter((item) => item.json.error);
		expect(failed).toHaveLength(150);
		expect(String(failed[0].json.error)).toContain('cannot prove this reference was never sent');
		expect(String(failed[0].json.error)).toContain('ignores "start"');
	});

	it('a new reference fails closed by default: the listing cannot prove it was never sent', async () => {
		const out = await run(sbx, ['PG-NEW-1'], {}, { processed, continueOnFail: true });
		expect(String(out[0].json.error)).toMatch(
			/^Item 0: "Case Reference" "PG-NEW-1": cannot prove this reference was never sent/,
		);
		expect((out[0].json.details as { description: string }).description).toContain('Trust n8n');
		expect(perReference(await lettersOf(sbx)).get('PG-NEW-1')).toBeUndefined();
	});

	it('a batch that crashes mid-way, then its re-runs, leave exactly one letter per reference', async () => {
		const trust = { incompleteListing: 'trustRecord' };
		await expect(run(sbx, batchB, trust, { processed, crashAtDeposit: 101 })).rejects.toThrow();
		const afterCrash = perReference(await lettersOf(sbx));
		const sentBeforeCrash = batchB.filter((ref) => afterCrash.has(ref));
		expect(sentBeforeCrash.length).toBeGreaterThanOrEqual(99);
		expect(sentBeforeCrash.length).toBeLessThan(200);

		// Re-run: the letters sent are found; the items in flight at the crash (at most Batch Concurrency = 2), whose
		// deposit never left, fail closed; the rest is sent.
		const out = await run(sbx, batchB, trust, { processed, continueOnFail: true });
		const failed = out.map((item, i) => ({ item, ref: batchB[i] })).filter(({ item }) => item.json.error);
		expect(failed.length).toBeGreaterThanOrEqual(1);
		expect(failed.length).toBeLessThanOrEqual(2);
		for (const { item, ref } of failed) {
			expect(String(item.json.error)).toContain('an earlier run started sending this reference');
			expect(afterCrash.has(ref)).toBe(false);
		}
		for (const [i, item] of out.entries()) {
			if (item.json.error) continue;
			expect(item.json.alreadySent).toBe(afterCrash.has(batchB[i]));
		}

		// The user checks AR24 and confirms: that one is sent, nothing else.
		const confirmed = await run(
			sbx,
			failed.map(({ ref }) => ref),
			{ ...trust, unconfirmedAttempt: 'sendAgain' },
			{ processed },
		);
		expect(confirmed.every((item) => item.json.alreadySent === false)).toBe(true);

		const final = perReference(await lettersOf(sbx));
		for (const ref of [...batchA, ...batchB]) expect(final.get(ref)).toBe(1);
		expect([...final.values()].every((n) => n === 1)).toBe(true);

		// And one more re-run of everything sends nothing.
		const before = await deposits(sbx);
		await run(sbx, [...batchA, ...batchB], trust, { processed });
		expect(await deposits(sbx)).toBe(before);
	});
});

describe('one reference, spelled eight ways', () => {
	let sbx: RunningSandbox;
	beforeAll(async () => {
		sbx = await sandbox();
	});
	afterAll(() => sbx.close());

	it('gives one letter, sent with the first spelling cleaned of invisible characters', async () => {
		const processed = processedStore();
		const variants = [
			'MED-2026-0042',
			'med-2026-0042',
			'MED-2026-0042\u00a0',
			'MED-\u200b2026-0042',
			'MED-２０２６-００４２',
			'ＭＥＤ-2026-0042',
			'Med-2026-0042\ufeff',
			' MED-2026-0042 ',
		];
		const outs: INodeExecutionData[] = [];
		for (const variant of variants) outs.push(...(await run(sbx, [variant], {}, { processed })));
		expect(outs.map((o) => o.json.alreadySent)).toEqual([false, true, true, true, true, true, true, true]);
		const letters = await lettersOf(sbx);
		expect(letters).toHaveLength(1);
		expect(letters[0].ref_dossier).toBe('MED-2026-0042');
		expect(new Set(outs.map((o) => o.json.letterId)).size).toBe(1);
		expect(outs.every((o) => o.json.referenceKey === 'med-2026-0042')).toBe(true);
	});

	it('and in one batch: the lock is taken on the canonical form', async () => {
		const refs = ['LOCK-7', 'lock-7', 'LOCK\u200b-7', 'ＬＯＣＫ-７'];
		const out = await run(sbx, refs, { batchConcurrency: 4 }, { processed: processedStore() });
		expect(out.filter((o) => o.json.alreadySent === false)).toHaveLength(1);
		expect((await lettersOf(sbx)).filter((l) => l.ref_dossier.toLowerCase() === 'lock-7')).toHaveLength(1);
	});
});
