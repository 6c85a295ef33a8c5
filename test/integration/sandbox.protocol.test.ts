/** The sandbox speaks AR24's wire protocol: auth checks in order, plain-JSON errors, encrypted successes. */
import { parisDate } from '../../lib/ar24/protocol';
import type { RunningSandbox } from '../../sandbox/server';
import { normalizeAr24User as normalizeSender } from '../../lib/ar24/letter';
import type { Ar24User } from '../../lib/ar24/wire';
import { call, control, sandbox, TOKEN } from '../helpers/sandbox';

let sbx: RunningSandbox;
let base: string;

beforeAll(async () => {
	sbx = await sandbox();
	base = sbx.url();
});
afterAll(() => sbx.close());

describe('request authentication', () => {
	it('answers GET /api/user with an encrypted body that decrypts to the sender', async () => {
		const answer = await call(base, 'GET', '/user', { email: sbx.options.senderEmail });
		expect(answer.http).toBe(200);
		expect(answer.encrypted).toBe(true);
		expect(answer.json.status).toBe('SUCCESS');
		expect(answer.json.result).toMatchObject({ id: '1', email: sbx.options.senderEmail });
		expect(JSON.stringify(answer.json)).not.toContain('otp_key');
	});

	const minutes = (n: number) => parisDate(new Date(Date.now() + n * 60_000));
	it.each([
		['no token', { token: '' }, 'token_missing'],
		['a wrong token', { token: `${TOKEN}x` }, 'token_invalid'],
		['no date', { date: '' }, 'empty_date'],
		['a malformed date', { date: '2026-01-15T10:30:00' }, 'invalid_date'],
		['a date 10 minutes old', { date: minutes(-10) }, 'expired_date'],
		['a date 20 minutes ahead', { date: minutes(20) }, 'date_in_future'],
		['no signature', { signature: null }, 'empty_signature'],
		['a signature made with another key', { key: 'another-key' }, 'invalid_signature'],
	])('refuses %s with a plain-JSON AR24 error (HTTP 200)', async (_what, options, slug) => {
		const answer = await call(base, 'GET', '/user', { id_user: 1 }, options);
		expect(answer.http).toBe(200);
		expect(answer.encrypted).toBe(false);
		expect(answer.json).toMatchObject({ status: 'ERROR', slug });
		expect(typeof answer.json.message).toBe('string');
	});

	it('accepts POST parameters urlencoded as well as multipart', async () => {
		const answer = await call(base, 'POST', '/user/auth_otp', { id_user: 1, otp: '000000' }, { urlencoded: true });
		expect(answer.json).toMatchObject({ status: 'ERROR', slug: 'authentication_otp_invalid' });
	});

	it('records each API call without token, date or OTP in the request log', async () => {
		const before = await control<Array<{ seq: number }>>(base, 'GET', '/requests');
		await call(base, 'GET', '/user/list', { max: 5 });
		const after = await control<Array<{ path: string; outcome: string; params: Record<string, unknown> }>>(
			base,
			'GET',
			`/requests?since=${before.at(-1)?.seq ?? 0}`,
		);
		expect(after).toEqual([
			{
				seq: expect.any(Number),
				at: expect.any(String),
				method: 'GET',
				path: '/api/user/list',
				outcome: 'SUCCESS',
				params: { max: '5' },
			},
		]);
	});
});

describe('users', () => {
	it('lists the users of the token and hides those who did not grant API access', async () => {
		await control(base, 'POST', '/users', { email: 'other@acme.example', api_access: false });
		const list = await call(base, 'GET', '/user/list', { max: 10 });
		const emails = (list.json.result as { users: Array<{ email: string }> }).users.map((u) => u.email);
		expect(emails).toContain(sbx.options.senderEmail);
		expect(emails).not.toContain('other@acme.example');
		const hidden = await call(base, 'GET', '/user', { email: 'other@acme.example' });
		expect(hidden.json).toMatchObject({ status: 'ERROR', slug: 'user_unavailable' });
		const unknown = await call(base, 'GET', '/user', { email: 'nobody@acme.example' });
		expect(unknown.json).toMatchObject({ status: 'ERROR', slug: 'user_not_exist' });
	});

	it('gives user ids as JSON strings, as AR24 clients read them (get, list, create); the nodes read strings and numbers alike', async () => {
		const byEmail = (await call(base, 'GET', '/user', { email: sbx.options.senderEmail })).json.result as Ar24User;
		const byId = (await call(base, 'GET', '/user', { id_user: '1' })).json.result as Ar24User;
		const list = ((await call(base, 'GET', '/user/list', { max: 10 })).json.result as { users: Ar24User[] }).users;
		const created = await call(base, 'POST', '/user', {
			firstname: 'Jean',
			lastname: 'Martin',
			email: 'jean.martin+ids@acme.example',
			statut: 'particulier',
			address1: '3 rue Neuve',
			zipcode: '69001',
			city: 'Lyon',
			country: 'FR',
		});
		expect(created.json.status).toBe('SUCCESS');
		for (const user of [byEmail, byId, ...list, created.json.result as Ar24User]) expect(typeof user.id).toBe('string');
		expect(byEmail.id).toBe('1');
		expect(String((created.json.result as Ar24User).id)).toMatch(/^[1-9]\d*$/);
		// The control API (the sandbox's own) keeps numbers; what AR24 answers carries strings.
		const seeded = await control<Array<{ id: unknown; email: string }>>(base, 'GET', '/users');
		expect(seeded.find((u) => u.email === sbx.options.senderEmail)?.id).toBe(1);
		// Whatever AR24 really sends, the nodes see one sender id.
		expect(normalizeSender(byEmail).senderId).toBe('1');
		expect(normalizeSender({ ...byEmail, id: 1 } as unknown as Ar24User).senderId).toBe('1');
	});
});
