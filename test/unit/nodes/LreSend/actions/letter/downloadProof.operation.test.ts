/** LRE Send → Letter → Download Proof, on a fake AR24 (nodes/LreSend/actions/letter/downloadProof.operation.ts). */
import { createHash } from 'node:crypto';
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import {
	ar24Letter,
	FAKE_AR24_CREDENTIALS,
	failureOf,
	fakeAr24Account,
	runNode,
	tinyPdf,
} from '../../../../../helpers/n8nContext';

function account() {
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [
		ar24Letter(100001),
		ar24Letter(100002, { view_date: null, proof_ar_url: null }),
	]);
	ar24.files['http://ar24.invalid/proof/100001/ar.pdf'] = tinyPdf('acceptance of 100001');
	ar24.files['http://ar24.invalid/proof/100001/dp.pdf'] = tinyPdf('deposit of 100001');
	return ar24;
}

const run = (parameters: Record<string, unknown>, ar24 = account(), continueOnFail = false) =>
	runNode(new LreSend(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: {
			resource: 'letter',
			operation: 'downloadProof',
			letterId: '100001',
			proofType: 'acceptance',
			binaryPropertyName: 'proof',
			...parameters,
		},
		ar24,
		continueOnFail,
	});

describe('LRE Send → Letter → Download Proof', () => {
	it('puts the proof PDF in the named binary field, with its SHA-256 and archive file name, paired', async () => {
		const { out } = await run({ binaryPropertyName: 'ar' });
		const pdf = tinyPdf('acceptance of 100001');
		expect(out).toHaveLength(1);
		const [item] = out;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			letterId: '100001',
			proof: {
				type: 'acceptance',
				sha256: createHash('sha256').update(pdf).digest('hex'),
				size: pdf.length,
				fileName: expect.stringMatching(/^LRE_.*_2026-03-04_100001\.pdf$/),
			},
		});
		expect(Object.keys(item.binary ?? {})).toEqual(['ar']);
		expect(item.binary?.ar).toMatchObject({
			mimeType: 'application/pdf',
			fileName: (item.json.proof as { fileName: string }).fileName,
		});
		expect(Buffer.from(item.binary?.ar.data as string, 'base64').equals(pdf)).toBe(true);
	});

	it('a proof the letter does not have yet names the item, the field and the proofs available', async () => {
		const error = await failureOf(run({ letterId: '100002' }));
		expect(error.message).toBe('Item 0: "Proof" "acceptance" does not exist for letter 100002, which is sent');
		expect(error.description).toMatch(/^Proofs available now: deposit, sending\./);
	});

	it('an unknown proof type is refused before AR24 is called', async () => {
		const ar24 = account();
		const error = await failureOf(run({ proofType: 'receipt' }, ar24));
		expect(error.message).toMatch(/^Item 0: "Proof" must be one of /);
		expect(ar24.calls).toEqual([]);
	});

	it('a download that is not a PDF fails the item (Continue On Fail keeps the error, paired)', async () => {
		const ar24 = account();
		delete ar24.files['http://ar24.invalid/proof/100001/ar.pdf'];
		const { out } = await run({}, ar24, true);
		expect(out).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					error: 'Item 0: AR24 did not return the acceptance proof of letter 100001 as a PDF (HTTP 404)',
				}),
				pairedItem: { item: 0 },
			}),
		]);
	});
});
