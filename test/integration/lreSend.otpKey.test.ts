/**
 * Unattended qualified letters: LRE Send computes the sender's eIDAS code from the credential's OTP key (RFC 6238)
 * and opens one OTP session per execution for the whole batch. Against the sandbox over HTTP, with no static OTP:
 * only a code computed from the real key opens a session.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { fakeContext } from '../helpers/n8nContext';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';

let sbx: RunningSandbox;
beforeAll(async () => {
	sbx = await sandbox();
});
afterAll(async () => sbx.close());

const params = (reference: (i: number) => string) => ({
	resource: 'letter',
	operation: 'send',
	letterType: 'lre',
	reference,
	recipientEmail: (i: number) => `compta${i}+hold@martin-sarl.example`,
	debtorType: 'professional',
	recipientCompany: 'Martin SARL',
	recipientFirstName: '',
	recipientLastName: '',
	content: 'Mise en demeure de payer la facture F-2026-001.',
	attachmentProperties: '',
	eidasAuthentication: 'otpKey',
	additionalFields: {},
	options: {},
});

type Logged = { seq: number; method: string; path: string; outcome: string; params?: Record<string, unknown> };
const requests = async (since: number) =>
	(await control<Logged[]>(sbx.url(), 'GET', `/requests?since=${since}`)).filter((r) => r.path.startsWith('/api'));
const lastSeq = async () => (await control<Logged[]>(sbx.url(), 'GET', '/requests')).at(-1)?.seq ?? 0;

async function send(credentials: Record<string, unknown>, references: string[], continueOnFail = false) {
	const items: INodeExecutionData[] = references.map(() => ({ json: {} }));
	const context = fakeContext({ credentials, parameters: params((i) => references[i]), items, continueOnFail });
	return (await new LreSend().execute.call(context))[0];
}

describe("LRE Send with the credential's OTP key", () => {
	it('sends a batch of qualified letters with one OTP session opened from the computed code', async () => {
		const since = await lastSeq();
		const out = await send({ ...sandboxCredentials(sbx), otpSecret: sbx.options.otpKey }, [
			'OTPKEY-1',
			'OTPKEY-2',
			'OTPKEY-3',
		]);
		expect(out.map((i) => [i.json.reference, i.json.type, i.json.alreadySent])).toEqual([
			['OTPKEY-1', 'lre', false],
			['OTPKEY-2', 'lre', false],
			['OTPKEY-3', 'lre', false],
		]);
		const log = await requests(since);
		expect(log.filter((r) => r.method === 'POST' && r.path === '/api/user/auth_otp')).toHaveLength(1);
		expect(log.filter((r) => r.method === 'POST' && r.path === '/api/mail' && r.outcome === 'SUCCESS')).toHaveLength(3);
		// the key and the code never reach the output
		expect(JSON.stringify(out)).not.toContain(String(sbx.options.otpKey));
	});

	it('a wrong key: AR24 opens no session and no letter is sent', async () => {
		const since = await lastSeq();
		const out = await send(
			{ ...sandboxCredentials(sbx), otpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
			['OTPKEY-WRONG'],
			true,
		);
		expect(String(out[0].json.error)).toMatch(/^Item 0: /);
		expect((await requests(since)).filter((r) => r.method === 'POST' && r.path === '/api/mail')).toHaveLength(0);
	});

	it('no key in the credential: a clear error naming the field to set, and nothing is asked of AR24', async () => {
		const since = await lastSeq();
		const out = await send(sandboxCredentials(sbx), ['OTPKEY-NONE'], true);
		expect(out[0].json.error).toBe(
			'Item 0: "Sender Authentication" is set to the credential\'s OTP key, but the AR24 credential has no valid Sender OTP Key',
		);
		expect((await requests(since)).filter((r) => r.method === 'POST')).toHaveLength(0);
	});
});
