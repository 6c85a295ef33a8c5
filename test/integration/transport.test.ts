/** The n8n-side transport against the real sandbox over HTTP: signing, decryption, errors, retries, no secrets. */
import { NodeApiError, type IExecuteFunctions } from 'n8n-workflow';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { ar24Request } from '../../nodes/shared/transport';
import type { RunningSandbox } from '../../sandbox/server';
import { totp } from '../../lib/otp/totp';
import { fakeContext } from '../helpers/n8nContext';
import { control, sandbox, sandboxCredentials, TOKEN } from '../helpers/sandbox';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;

beforeAll(async () => {
	sbx = await sandbox();
	credentials = sandboxCredentials(sbx, 5);
});
afterAll(() => sbx.close());
afterEach(() => control(sbx.url(), 'DELETE', '/faults'));

const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof fakeContext>[0]> = {}) => {
	const context = fakeContext({ credentials, parameters, ...extra });
	return { context, result: new LreSend().execute.call(context) };
};

async function failure(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected a failure');
}

describe('transport + Sender operations', () => {
	it('Sender → Get reads the sender through a signed, encrypted exchange', async () => {
		const { context, result } = run({ resource: 'sender', operation: 'get' });
		const [[item]] = await result;
		expect(item.json).toMatchObject({
			senderId: '1',
			email: sbx.options.senderEmail,
			identityVerified: true,
			canPay: true,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(context.sent[0].headers.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
	});

	it('Sender → Start OTP Session returns a one-hour session hash', async () => {
		const { result } = run({ resource: 'sender', operation: 'startOtpSession', otp: totp(sbx.options.otpKey) });
		const [[item]] = await result;
		expect(item.json).toMatchObject({
			senderId: '1',
			otpSessionHash: expect.stringMatching(/^[0-9a-f]{40}$/),
			expiresAt: expect.any(String),
		});
	});

	it('refuses a malformed OTP code before calling AR24, naming the item and the field', async () => {
		const { context, result } = run({ resource: 'sender', operation: 'startOtpSession', otp: '12ab' });
		const error = await failure(result);
		expect(error.message).toContain('Item 0');
		expect(error.message).toContain('OTP Code');
		expect(context.sent).toHaveLength(0);
	});

	it('turns an AR24 error into a NodeApiError with the slug and what to fix, without any secret', async () => {
		const context = fakeContext({
			credentials: { ...credentials, privateKey: 'wrong-key' },
			parameters: { resource: 'sender', operation: 'get' },
		});
		const error = await failure(new LreSend().execute.call(context));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('[invalid_signature]');
		expect(error.description).toContain('private key');
		const everything = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
			stack: error.stack,
		});
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain('wrong-key');
		expect(everything).not.toContain(context.sent[0].headers.signature);
	});

	it('with Continue On Fail, a failed item becomes an error item paired with its input', async () => {
		const items = [{ json: {} }, { json: {} }];
		const otp = (i: number) => (i === 0 ? 'bad' : totp(sbx.options.otpKey));
		const { result } = run({ resource: 'sender', operation: 'startOtpSession', otp }, { items, continueOnFail: true });
		const [out] = await result;
		expect(out[0]).toMatchObject({ json: { error: expect.stringContaining('OTP Code') }, pairedItem: { item: 0 } });
		expect(out[1]).toMatchObject({ json: { otpSessionHash: expect.any(String) }, pairedItem: { item: 1 } });
	});

	it.each([
		['a 5xx', { type: '5xx', count: 2 }],
		['a malformed body', { type: 'malformed', count: 2 }],
		['maintenance', { type: 'maintenance', count: 2 }],
		['rate limiting', { type: 'rate_limit', count: 2, retryAfter: 0 }],
	])('retries a read after %s and succeeds', async (_what, fault) => {
		await control(sbx.url(), 'POST', '/faults', { path: '/api/user', ...fault });
		const [[item]] = await run({ resource: 'sender', operation: 'get' }).result;
		expect(item.json.senderId).toBe('1');
	});

	it('gives up on a read after three retries with a clear error', async () => {
		await control(sbx.url(), 'POST', '/faults', { path: '/api/user', type: '5xx', count: 10, status: 503 });
		const error = await failure(run({ resource: 'sender', operation: 'get' }).result);
		expect(error.message).toBe('Item 0: AR24 answered HTTP 503');
		const rules = await control<Array<{ fired: number }>>(sbx.url(), 'GET', '/faults');
		expect(rules[0].fired).toBe(4);
	});

	it('never retries a write that may have been carried out (5xx after processing)', async () => {
		await control(sbx.url(), 'POST', '/faults', {
			path: '/api/mail',
			method: 'POST',
			type: '5xx',
			phase: 'after',
			count: 5,
		});
		const before = (await control<unknown[]>(sbx.url(), 'GET', '/letters')).length;
		const context = fakeContext({ credentials, parameters: {} }) as IExecuteFunctions;
		const error = await failure(
			ar24Request.call(context, {
				method: 'POST',
				path: '/mail',
				params: { id_user: 1, to_email: 'w+hold@x.example', content: 'x' },
			}),
		);
		expect(error.message).toBe('AR24 answered HTTP 500');
		expect(error.description).toContain('may or may not have been carried out');
		expect((await control<unknown[]>(sbx.url(), 'GET', '/letters')).length).toBe(before + 1);
	});

	it('retries a write that AR24 certainly did not process (rate limited)', async () => {
		await control(sbx.url(), 'POST', '/faults', { path: '/api/mail', type: 'rate_limit', count: 1, retryAfter: 0 });
		const before = (await control<unknown[]>(sbx.url(), 'GET', '/letters')).length;
		const context = fakeContext({ credentials, parameters: {} }) as IExecuteFunctions;
		const mail = (await ar24Request.call(context, {
			method: 'POST',
			path: '/mail',
			params: { id_user: 1, to_email: 'r+hold@x.example', content: 'x' },
		})) as { id: number };
		expect(mail.id).toEqual(expect.any(Number));
		expect((await control<unknown[]>(sbx.url(), 'GET', '/letters')).length).toBe(before + 1);
	});

	it('reports a timeout on a write as a timeout, without retrying', async () => {
		await control(sbx.url(), 'POST', '/faults', { path: '/api/mail', type: 'timeout', count: 3, holdMs: 20_000 });
		const context = fakeContext({ credentials, parameters: {} }) as IExecuteFunctions;
		const error = await failure(
			ar24Request.call(context, {
				method: 'POST',
				path: '/mail',
				params: { id_user: 1, to_email: 't@x.example', content: 'x' },
			}),
		);
		expect(error.message).toMatch(/did not answer in time/);
		const rules = await control<Array<{ fired: number }>>(sbx.url(), 'GET', '/faults');
		expect(rules[0].fired).toBe(1);
	}, 20_000);

	it('says how to fix a custom environment without a usable base URL', async () => {
		const context = fakeContext({
			credentials: { ...credentials, baseUrl: 'localhost:4024' },
			parameters: { resource: 'sender', operation: 'get' },
		});
		const error = await failure(new LreSend().execute.call(context));
		expect(error.message).toContain('Base URL');
	});
});
