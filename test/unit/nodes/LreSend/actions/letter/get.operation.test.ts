/** LRE Send → Letter → Get, on a fake AR24 (nodes/LreSend/actions/letter/get.operation.ts). */
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import {
	ar24Letter,
	FAKE_AR24_CREDENTIALS,
	failureOf,
	fakeAr24Account,
	runNode,
} from '../../../../../helpers/n8nContext';

const run = (letterId: unknown, extra: { simplify?: boolean; continueOnFail?: boolean; items?: number } = {}) => {
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [ar24Letter(100001)]);
	const parameters = { resource: 'letter', operation: 'get', letterId, simplify: extra.simplify ?? false };
	const items = Array.from({ length: extra.items ?? 1 }, () => ({ json: {} }));
	return {
		ar24,
		result: runNode(new LreSend(), {
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters,
			ar24,
			items,
			continueOnFail: extra.continueOnFail,
		}),
	};
};

describe('LRE Send → Letter → Get', () => {
	it('reads the letter (GET /mail?id=…) and outputs it normalized: state from its dates, proofs, paired', async () => {
		const { ar24, result } = run(' 100001 ');
		const { out } = await result;
		expect(ar24.calls).toEqual([
			expect.objectContaining({ method: 'GET', path: '/mail', params: expect.objectContaining({ id: '100001' }) }),
		]);
		expect(out).toEqual([expect.objectContaining({ pairedItem: { item: 0 } })]);
		expect(out[0].json).toMatchObject({
			provider: 'ar24',
			letterId: '100001',
			type: 'lre',
			state: 'accepted',
			reference: 'MED-100001',
			recipient: { email: 'compta@debiteur.fr', company: 'Débiteur SARL', status: 'professional' },
			events: { depositedAt: '2026-03-02T10:00:00+01:00', acceptedAt: '2026-03-04T09:30:00+01:00' },
		});
		expect((out[0].json.proofs as Array<{ type: string }>).map((p) => p.type)).toEqual(
			expect.arrayContaining(['deposit', 'sending', 'acceptance']),
		);
	});

	it('Simplify keeps fewer fields than the full letter', async () => {
		const full = (await run('100001').result).out[0].json;
		const simple = (await run('100001', { simplify: true }).result).out[0].json;
		expect(simple).toMatchObject({ letterId: '100001', state: 'accepted' });
		expect(Object.keys(simple).length).toBeLessThan(Object.keys(full).length);
	});

	it('refuses an empty or non-numeric Letter ID before calling AR24, naming the item and the field', async () => {
		for (const bad of ['', 'abc']) {
			const { ar24, result } = run(bad);
			const error = await failureOf(result);
			expect(error.message).toMatch(/^Item 0: "Letter ID"/);
			expect(ar24.calls).toEqual([]);
		}
	});

	it("an unknown letter fails its item only, with Continue On Fail, and AR24's reason", async () => {
		const ids = ['100001', '999999'];
		const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [ar24Letter(100001)]);
		const { out } = await runNode(new LreSend(), {
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: { resource: 'letter', operation: 'get', letterId: (i: number) => ids[i], simplify: false },
			items: [{ json: {} }, { json: {} }],
			ar24,
			continueOnFail: true,
		});
		expect(out[0].json.letterId).toBe('100001');
		expect(out[1].json.error).toMatch(/^Item 1: AR24: .*\[mail_not_exist\]$/);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});
});
