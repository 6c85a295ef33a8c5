/** LRE Send → Letter → Get Many, on a fake AR24 (nodes/LreSend/actions/letter/getMany.operation.ts). */
import type { IDataObject } from 'n8n-workflow';
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import {
	ar24Letter,
	FAKE_AR24_CREDENTIALS,
	failureOf,
	fakeAr24Account,
	runNode,
} from '../../../../../helpers/n8nContext';

/** 250 letters, one a day from 1 January 2026 (AR24 lists them newest first); every 3rd was refused. */
const letters = () =>
	Array.from({ length: 250 }, (_, i) => {
		const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
		return ar24Letter(100001 + i, {
			ref_dossier: `MED-${i}`,
			date: `${day} 10:00:00`,
			...(i % 3 === 0
				? {
						view_date: null,
						proof_ar_url: null,
						refused_date: `${day} 12:00:00`,
						proof_rf_url: `http://ar24.invalid/proof/${i}/rf.pdf`,
					}
				: {}),
		});
	});

async function getMany(parameters: IDataObject, continueOnFail = false) {
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, letters());
	const { out } = await runNode(new LreSend(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: { resource: 'letter', operation: 'getMany', simplify: true, ...parameters },
		ar24,
		continueOnFail,
	});
	return { out, pages: ar24.calls.filter((c) => c.path === '/user/mail').map((c) => [c.params.start, c.params.max]) };
}

describe('LRE Send → Letter → Get Many', () => {
	it('returns up to Limit letters, newest first, each paired with the input item, reading only the pages it needs', async () => {
		const { out, pages } = await getMany({ returnAll: false, limit: 3 });
		expect(out.map((item) => item.json.reference)).toEqual(['MED-249', 'MED-248', 'MED-247']);
		expect(out.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(pages).toEqual([['0', '100']]);
	});

	it('Return All pages through the whole listing (start = 0, 100, 200)', async () => {
		const { out, pages } = await getMany({ returnAll: true });
		expect(out).toHaveLength(250);
		expect(pages).toEqual([
			['0', '100'],
			['100', '100'],
			['200', '100'],
		]);
	});

	it('filters by case reference (as LRE Send compares them), state and deposit dates', async () => {
		expect(
			(await getMany({ returnAll: true, filters: { reference: ' med-12 ' } })).out.map((i) => i.json.letterId),
		).toEqual(['100013']);
		const refused = (
			await getMany({ returnAll: true, filters: { states: ['refused'], after: '2026-08-01T00:00:00+02:00' } })
		).out;
		expect(refused.map((i) => i.json.reference)).toEqual([
			'MED-249',
			'MED-246',
			'MED-243',
			'MED-240',
			'MED-237',
			'MED-234',
			'MED-231',
			'MED-228',
			'MED-225',
			'MED-222',
			'MED-219',
			'MED-216',
			'MED-213',
		]);
		expect(refused.every((i) => i.json.state === 'refused')).toBe(true);
		const before = (await getMany({ returnAll: false, limit: 2, filters: { before: '2026-01-03T00:00:00+01:00' } }))
			.out;
		expect(before.map((i) => i.json.reference)).toEqual(['MED-1', 'MED-0']);
	});

	it('stops paging once a page ends before "Sent After" (newest first: older pages cannot match)', async () => {
		const { pages } = await getMany({ returnAll: true, filters: { after: '2026-08-20T00:00:00+02:00' } });
		expect(pages).toEqual([['0', '100']]);
	});

	it('a filter date that is not a date names the item and the field', async () => {
		const error = await failureOf(getMany({ returnAll: true, filters: { after: 'last tuesday' } }));
		expect(error.message).toMatch(/^Item 0: "Sent After" is not a date: "last tuesday"/);
		const { out } = await getMany({ returnAll: true, filters: { before: 'soon' } }, true);
		expect(out).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ error: expect.stringMatching(/^Item 0: "Sent Before"/) }),
				pairedItem: { item: 0 },
			}),
		]);
	});
});
