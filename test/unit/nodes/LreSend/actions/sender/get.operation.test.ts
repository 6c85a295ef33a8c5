/** LRE Send → Sender → Get, on a fake AR24 (nodes/LreSend/actions/sender/get.operation.ts). */
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import {
	FAKE_AR24_CREDENTIALS,
	FAKE_SENDER,
	failureOf,
	fakeAr24Account,
	runNode,
} from '../../../../../helpers/n8nContext';

const parameters = { resource: 'sender', operation: 'get' };

describe('LRE Send → Sender → Get', () => {
	it('reads the sender the credential names (signed GET /user?id_user=…) and outputs it, paired', async () => {
		const ar24 = fakeAr24Account();
		const { out } = await runNode(new LreSend(), { credentials: { ...FAKE_AR24_CREDENTIALS }, parameters, ar24 });
		expect(ar24.calls).toEqual([
			expect.objectContaining({ method: 'GET', path: '/user', params: expect.objectContaining({ id_user: '42' }) }),
		]);
		expect(out).toEqual([
			{
				json: expect.objectContaining({
					senderId: '42',
					email: FAKE_SENDER.email,
					name: FAKE_SENDER.name,
					identityVerified: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('names the sender by e-mail when the credential gives an address', async () => {
		const ar24 = fakeAr24Account();
		await runNode(new LreSend(), {
			credentials: { ...FAKE_AR24_CREDENTIALS, sender: FAKE_SENDER.email },
			parameters,
			ar24,
		});
		expect(ar24.calls[0].params).toMatchObject({ email: FAKE_SENDER.email });
		expect(ar24.calls[0].params.id_user).toBeUndefined();
	});

	it("AR24's refusal names the item and what to fix, with no token or key in it; Continue On Fail turns it into an error item", async () => {
		const credentials = { ...FAKE_AR24_CREDENTIALS, sender: '7' };
		const error = await failureOf(runNode(new LreSend(), { credentials, parameters, ar24: fakeAr24Account() }));
		expect(error.message).toBe('Item 0: AR24: No AR24 user matches this sender [user_not_exist]');
		expect(error.description).toMatch(/Set the sender/);
		expect(JSON.stringify(error)).not.toContain(String(FAKE_AR24_CREDENTIALS.apiToken));
		expect(JSON.stringify(error)).not.toContain(String(FAKE_AR24_CREDENTIALS.privateKey));
		const { out } = await runNode(new LreSend(), {
			credentials,
			parameters,
			ar24: fakeAr24Account(),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(out.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Item 0: AR24: No AR24 user matches this sender [user_not_exist]', { item: 0 }],
			['Item 1: AR24: No AR24 user matches this sender [user_not_exist]', { item: 1 }],
		]);
	});

	it('a wrong private key is refused by AR24 as a bad signature', async () => {
		const ar24 = fakeAr24Account();
		const error = await failureOf(
			runNode(new LreSend(), {
				credentials: { ...FAKE_AR24_CREDENTIALS, privateKey: 'another-key' },
				parameters,
				ar24,
			}),
		);
		expect(error.message).toMatch(/\[invalid_signature\]$/);
		expect(ar24.calls).toEqual([]);
	});
});
