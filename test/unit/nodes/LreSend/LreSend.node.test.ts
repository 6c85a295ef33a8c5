/** The LRE Send node itself (nodes/LreSend/LreSend.node.ts): routing by resource and operation, Simplify, AI tool limits. */
import { LreSend } from '../../../../nodes/LreSend/LreSend.node';
import { ar24Letter, FAKE_AR24_CREDENTIALS, failureOf, fakeAr24Account, runNode } from '../../../helpers/n8nContext';

const asTool = { type: 'n8n-nodes-lre.lreSendTool' };
const run = (parameters: Record<string, unknown>, node = {}) => {
	const ar24 = fakeAr24Account(FAKE_AR24_CREDENTIALS, [ar24Letter(100001)]);
	return {
		ar24,
		result: runNode(new LreSend(), { credentials: { ...FAKE_AR24_CREDENTIALS }, parameters, ar24, node }),
	};
};

describe('LRE Send node', () => {
	it('routes by resource and operation', async () => {
		expect((await run({ resource: 'sender', operation: 'get' }).result).out[0].json.senderId).toBe('42');
		expect((await run({ resource: 'letter', operation: 'get', letterId: '100001' }).result).out[0].json.letterId).toBe(
			'100001',
		);
	});

	it('an unknown resource or operation is refused by name, before AR24 is called', async () => {
		const { ar24, result } = run({ resource: 'letter', operation: 'delete' });
		expect((await failureOf(result)).message).toBe('The operation "delete" for "letter" is not supported');
		expect(ar24.calls).toEqual([]);
		expect((await failureOf(run({ resource: 'invoice', operation: 'get' }).result)).message).toBe(
			'The operation "get" for "invoice" is not supported',
		);
	});

	it('Simplify (on by default) applies to Get and Get Many only', async () => {
		const simplified = (await run({ resource: 'letter', operation: 'get', letterId: '100001' }).result).out[0].json;
		const full = (await run({ resource: 'letter', operation: 'get', letterId: '100001', simplify: false }).result)
			.out[0].json;
		expect(Object.keys(simplified).length).toBeLessThanOrEqual(10);
		expect(full.raw).toBeDefined();
		expect(simplified.raw).toBeUndefined();
		const sender = (await run({ resource: 'sender', operation: 'get', simplify: true }).result).out[0].json;
		expect(sender.raw).toBeDefined();
	});

	it('as an AI tool, Send and Start OTP Session are off unless "Allow Sending When Used as a Tool" is on; reads work', async () => {
		const send = run({ resource: 'letter', operation: 'send' }, asTool);
		const error = await failureOf(send.result);
		expect(error.message).toMatch(
			/^The operation "send" is off when this node is used as an AI tool: it would send billable, legally binding registered letters/,
		);
		expect(send.ar24.calls).toEqual([]);
		expect(
			(await failureOf(run({ resource: 'sender', operation: 'startOtpSession', otp: '123456' }, asTool).result))
				.message,
		).toMatch(/"startOtpSession" is off/);
		expect(
			(
				await run({ resource: 'sender', operation: 'startOtpSession', otp: '123456', allowWritesAsTool: true }, asTool)
					.result
			).out[0].json.otpSessionHash,
		).toBe('otp-session-hash-1');
		expect((await run({ resource: 'letter', operation: 'get', letterId: '100001' }, asTool).result).out).toHaveLength(
			1,
		);
	});
});
