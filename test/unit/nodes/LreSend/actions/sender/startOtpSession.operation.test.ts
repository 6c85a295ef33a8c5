/** LRE Send → Sender → Start OTP Session, on a fake AR24 (nodes/LreSend/actions/sender/startOtpSession.operation.ts). */
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import {
	FAKE_AR24_CREDENTIALS,
	FAKE_OTP,
	failureOf,
	fakeAr24Account,
	runNode,
} from '../../../../../helpers/n8nContext';

const run = (otp: unknown, extra: { continueOnFail?: boolean } = {}) => {
	const ar24 = fakeAr24Account();
	return {
		ar24,
		result: runNode(new LreSend(), {
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: { resource: 'sender', operation: 'startOtpSession', otp },
			ar24,
			...extra,
		}),
	};
};

describe('LRE Send → Sender → Start OTP Session', () => {
	it("posts the code for the credential's sender and outputs the session hash and its end", async () => {
		const { ar24, result } = run(` ${FAKE_OTP} `);
		const { out } = await result;
		expect(ar24.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /user', 'POST /user/auth_otp']);
		expect(ar24.calls[1].params).toMatchObject({ id_user: '42', otp: FAKE_OTP });
		expect(out).toEqual([
			{
				json: { senderId: '42', otpSessionHash: 'otp-session-hash-1', expiresAt: '2026-03-02 11:00:00' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a code that is not 6 to 8 digits before calling AR24, naming the item and the field', async () => {
		const { ar24, result } = run('12ab56');
		const error = await failureOf(result);
		expect(error.message).toBe('Item 0: "OTP Code" must be the 6-digit code of the sender\'s OTP key');
		expect(ar24.calls).toEqual([]);
	});

	it("AR24's refusal of the code reaches the item; Continue On Fail keeps it as an error item", async () => {
		const { result } = run('654321', { continueOnFail: true });
		const { out } = await result;
		expect(out).toHaveLength(1);
		expect(out[0].json.error).toMatch(/^Item 0: AR24: .*\[authentication_otp_invalid\]$/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});
