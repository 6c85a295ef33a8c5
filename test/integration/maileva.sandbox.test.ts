/**
 * The Maileva side of the sandbox over HTTP, with the Maileva API credential: Keycloak's password grant (and what
 * it refuses), expired tokens answered 401 then a fresh token, and a postal registered letter from draft to
 * acknowledgement of receipt, refusal, non-claim after the 15-day instance, or bad address, on the sandbox clock;
 * and the lre-sandbox process killed (SIGKILL) and started again on its data dir: the letter, its document, its
 * proofs and its clock are all there, and its lifecycle goes on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MailevaApi } from '../../credentials/MailevaApi.credentials';
import { readTokenAnswer } from '../../lib/maileva/token';
import { MAILEVA_OIDC_ENDPOINT } from '../../lib/maileva/endpoints';
import { DAY, HOUR } from '../../sandbox/maileva/lifecycle';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import { mailevaState } from '../../sandbox/maileva/state';
import type { RunningSandbox } from '../../sandbox/server';
import { documentForm, httpRequest, maileva, mailevaCredentials, mailevaToken } from '../helpers/maileva';
import { control, sandbox, tempDir } from '../helpers/sandbox';

let sbx: RunningSandbox;
beforeAll(async () => {
	sbx = await sandbox();
});
afterAll(async () => {
	await sbx.close();
});

async function tokenRequest(form: Record<string, string>) {
	return await httpRequest({
		method: 'POST',
		url: `${sbx.url()}/maileva${MAILEVA_OIDC_ENDPOINT}`,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString(),
	});
}

describe('Maileva token endpoint and credential', () => {
	it('gives a bearer token for the password grant, used by the API; refuses client credentials and a wrong password', async () => {
		const token = await mailevaToken(mailevaCredentials(sbx));
		expect(token).toMatch(/^sbx\./);
		expect((await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=1')).status).toBe(200);
		expect((await maileva(sbx, 'sbx.forged', 'GET', '/registered_mail/v4/sendings')).status).toBe(401);

		const clientCredentials = await tokenRequest({
			grant_type: 'client_credentials',
			client_id: MAILEVA_SANDBOX_LOGIN.clientId,
			client_secret: MAILEVA_SANDBOX_LOGIN.clientSecret,
		});
		expect(clientCredentials.statusCode).toBe(400);
		expect(() => readTokenAnswer(clientCredentials.statusCode, clientCredentials.body)).toThrow(/password grant/);

		const wrong = { ...mailevaCredentials(sbx), password: 'not-the-password' };
		const failure = mailevaToken(wrong);
		await expect(failure).rejects.toThrow(/username or password \(invalid_grant\)/);
		await expect(failure).rejects.not.toThrow(/not-the-password/);
		await expect(mailevaToken({ ...mailevaCredentials(sbx), clientSecret: 'x' })).rejects.toThrow(
			/Client ID and Client Secret/,
		);
		await expect(mailevaToken({ ...mailevaCredentials(sbx), username: ' ' })).rejects.toThrow(/has no Username/);
	});

	it('answers 401 once a token expired, and a new preAuthentication (what n8n runs on 401) gets a working one', async () => {
		const first = await mailevaToken(mailevaCredentials(sbx));
		expect((await maileva(sbx, first, 'GET', '/registered_mail/v4/sendings')).status).toBe(200);
		await fetch(`${sbx.url()}/maileva/_sandbox/expire_tokens`, { method: 'POST' });
		const expired = await maileva(sbx, first, 'GET', '/registered_mail/v4/sendings');
		expect(expired.status).toBe(401);
		expect(expired.json).toEqual({ code: 'UNAUTHORIZED', message: 'Access token expired' });
		const second = await mailevaToken(mailevaCredentials(sbx));
		expect(second).not.toBe(first);
		expect((await maileva(sbx, second, 'GET', '/registered_mail/v4/sendings')).status).toBe(200);
	});

	it('sends the token as a bearer header and tests the credential on the sendings list', () => {
		const credential = new MailevaApi();
		expect(credential.authenticate.properties.headers).toEqual({
			Authorization: '=Bearer {{$credentials.accessToken}}',
		});
		expect(credential.test.request.url).toBe('/registered_mail/v4/sendings');
		const hidden = credential.properties.find((p) => p.name === 'accessToken');
		expect(hidden?.typeOptions?.expirable).toBe(true);
	});
});

async function postalLetter(token: string, nameLine: string, customId: string) {
	const created = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', {
		name: `Mise en demeure ${customId}`,
		custom_id: customId,
		acknowledgement_of_receipt: true,
		postage_type: 'FAST',
		archiving_duration: 6,
	});
	expect(created.status).toBe(201);
	const id = String(created.json.id);
	expect(created.headers.get('location')).toBe(`${sbx.url()}/maileva/registered_mail/v4/sendings/${id}`);
	expect(created.json).toMatchObject({
		status: 'DRAFT',
		custom_id: customId,
		archiving_duration: 6,
		postage_type: 'FAST',
	});
	expect(
		(await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/documents`, documentForm())).status,
	).toBe(201);
	const recipient = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/recipients`, {
		address_line_1: nameLine,
		address_line_4: '12 rue des Lilas',
		address_line_6: '75011 Paris',
		country_code: 'FR',
		custom_id: customId,
	});
	expect(recipient.status).toBe(201);
	expect((await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/submit`)).status).toBe(200);
	return { sendingId: id, recipientId: String(recipient.json.id) };
}

describe('registered_mail/v4 on the sandbox clock', () => {
	let token: string;
	beforeAll(async () => {
		token = await mailevaToken(mailevaCredentials(sbx));
	});

	it('refuses what Maileva refuses, naming the field: no name, a line over 38 characters, no postcode, a foreign country, submit without a recipient', async () => {
		const noName = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', { custom_id: 'x' });
		expect(noName.status).toBe(400);
		expect(noName.json).toEqual({ errors: [{ code: 'BAD_REQUEST', message: 'name: must not be empty' }] });
		const { json } = await maileva(sbx, token, 'POST', '/registered_mail/v4/sendings', { name: 'draft' });
		const path = `/registered_mail/v4/sendings/${String(json.id)}`;
		const long = await maileva(sbx, token, 'POST', `${path}/recipients`, {
			address_line_1: 'x'.repeat(39),
			address_line_6: '75011 Paris',
			country_code: 'FR',
		});
		expect(long.json.errors).toEqual([
			{ code: 'BAD_REQUEST', message: 'address_line_1: size must be between 0 and 38' },
		]);
		const noCity = await maileva(sbx, token, 'POST', `${path}/recipients`, {
			address_line_6: 'Paris',
			country_code: 'FR',
		});
		expect(noCity.status).toBe(400);
		const abroad = await maileva(sbx, token, 'POST', `${path}/recipients`, {
			address_line_6: '1000 Bruxelles',
			country_code: 'BE',
		});
		expect(String((abroad.json.errors as Array<{ message: string }>)[0].message)).toMatch(/^country_code/);
		await maileva(sbx, token, 'POST', `${path}/documents`, documentForm());
		expect((await maileva(sbx, token, 'POST', `${path}/submit`)).json.errors).toEqual([
			{ code: 'NO_RECIPIENT', message: 'The sending has no recipient' },
		]);
	});

	it('delivers "+accept": deposit proof after an hour, delivered (LP15) then the acknowledgement of receipt as a PDF', async () => {
		const { sendingId, recipientId } = await postalLetter(token, 'Jean Martin +accept', 'MED-2026-0101');
		const path = `/registered_mail/v4/sendings/${sendingId}/recipients/${recipientId}`;
		expect((await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${sendingId}`)).json.status).toBe('PENDING');
		expect((await maileva(sbx, token, 'GET', `${path}/download_acknowledgement_of_receipt`)).status).toBe(404);
		sbx.clock.advance(2 * HOUR);
		const deposited = await maileva(sbx, token, 'GET', path);
		expect(deposited.json).toMatchObject({
			status: 'PROCESSED',
			last_delivery_status: 'LP05',
			postage_class: 'REGISTERED_MAIL_J3_AR',
		});
		expect(deposited.json.deposit_proof_url).toBe(`${sbx.url()}/maileva${path}/download_deposit_proof`);
		// First presentation two days after the submission, plus the +accept default delay (2 h); the AR an hour later.
		sbx.clock.advance(2 * DAY + 2 * HOUR);
		const delivered = await maileva(sbx, token, 'GET', path);
		expect((delivered.json.delivery_statuses as Array<{ code: string }>).map((d) => d.code)).toEqual([
			'LP01',
			'LP05',
			'LP15',
			'LP18',
		]);
		expect(delivered.json.last_main_delivery_status).toMatchObject({ category: 'DELIVERED', code: 'LP18' });
		const ar = await maileva(sbx, token, 'GET', `${path}/download_acknowledgement_of_receipt`);
		expect(ar.status).toBe(200);
		expect(ar.headers.get('content-type')).toBe('application/pdf');
		expect(ar.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const listed = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?count=500');
		expect((listed.json.sendings as Array<{ custom_id?: string }>).some((s) => s.custom_id === 'MED-2026-0101')).toBe(
			true,
		);
	});

	it('returns "+ignore" after the 15-day instance (LP09 then LP19, N03) and "+bounce" at once (LP20, N07), with the undelivered mail', async () => {
		const ignored = await postalLetter(token, 'Paul Durand +ignore', 'MED-2026-0102');
		const bounced = await postalLetter(token, 'Adresse +bounce', 'MED-2026-0103');
		const path = (l: { sendingId: string; recipientId: string }) =>
			`/registered_mail/v4/sendings/${l.sendingId}/recipients/${l.recipientId}`;
		sbx.clock.advance(3 * DAY);
		const presented = await maileva(sbx, token, 'GET', path(ignored));
		expect(presented.json.last_main_delivery_status).toMatchObject({ category: 'FIRST_PRESENTATION', code: 'LP09' });
		expect(presented.json.undelivered_mail_reason).toBeUndefined();
		expect((await maileva(sbx, token, 'GET', path(bounced))).json).toMatchObject({
			last_delivery_status: 'LP20',
			undelivered_mail_reason: 'N07',
		});
		sbx.clock.advance(15 * DAY);
		const returned = await maileva(sbx, token, 'GET', path(ignored));
		expect(returned.json).toMatchObject({ last_delivery_status: 'LP19', undelivered_mail_reason: 'N03' });
		expect(returned.json.acknowledgement_of_receipt_url).toBeUndefined();
		const pnd = await maileva(sbx, token, 'GET', `${path(ignored)}/download_undelivered_mail`);
		expect(pnd.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});
});

/** Starts the lre-sandbox CLI (the built bin) on a free port; resolves with its base URL. */
function startCli(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
	const cli = join(__dirname, '../../sandbox/dist/sandbox/cli.js');
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir]);
		let out = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /on (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(out);
			if (m) resolve({ child, base: m[1] });
		});
		child.on('exit', (code) => reject(new Error(`lre-sandbox exited ${code}: ${out}`)));
	});
}

describe('registered_mail/v4 across a kill -9 of the lre-sandbox process', () => {
	it('keeps the sending, its document, its recipient, its proofs and its clock; old tokens are dropped; the postal lifecycle goes on', async () => {
		const dataDir = tempDir();
		const first = await startCli(dataDir);
		const at = (base: string) => ({ url: () => base }) as RunningSandbox;
		let second: { child: ChildProcess; base: string } | undefined;
		try {
			const one = at(first.base);
			const token = await mailevaToken(mailevaCredentials(one));
			const created = await maileva(one, token, 'POST', '/registered_mail/v4/sendings', {
				name: 'Mise en demeure KILL-1',
				custom_id: 'KILL-2026-0001',
				acknowledgement_of_receipt: true,
			});
			const id = String(created.json.id);
			const document = await maileva(
				one,
				token,
				'POST',
				`/registered_mail/v4/sendings/${id}/documents`,
				documentForm(),
			);
			const recipient = await maileva(one, token, 'POST', `/registered_mail/v4/sendings/${id}/recipients`, {
				address_line_1: 'Jean Martin +accept',
				address_line_4: '12 rue des Lilas',
				address_line_6: '75011 Paris',
				country_code: 'FR',
			});
			expect((await maileva(one, token, 'POST', `/registered_mail/v4/sendings/${id}/submit`)).status).toBe(200);
			await control(first.base, 'POST', '/clock', { advance: '2h' });
			const path = `/registered_mail/v4/sendings/${id}/recipients/${String(recipient.json.id)}`;
			const before = await maileva(one, token, 'GET', path);
			expect(before.json).toMatchObject({ status: 'PROCESSED', last_delivery_status: 'LP05' });
			const sendingBefore = await maileva(one, token, 'GET', `/registered_mail/v4/sendings/${id}`);
			const clockBefore = Date.parse((await control<{ now: string }>(first.base, 'GET', '/clock')).now);

			// No grace: killed right after the last answer.
			first.child.kill('SIGKILL');
			await new Promise((resolve) => first.child.once('exit', resolve));
			expect(existsSync(join(dataDir, 'maileva', 'registered_mail.json'))).toBe(true);
			expect(readdirSync(join(dataDir, 'maileva', 'documents'))).toEqual([`${String(document.json.id)}.bin`]);

			second = await startCli(dataDir);
			const two = at(second.base);
			const clockAfter = Date.parse((await control<{ now: string }>(second.base, 'GET', '/clock')).now);
			expect(clockAfter).toBeGreaterThanOrEqual(clockBefore);
			// Tokens are not persisted: the old one is refused, a new login works.
			expect((await maileva(two, token, 'GET', `/registered_mail/v4/sendings/${id}`)).status).toBe(401);
			const fresh = await mailevaToken(mailevaCredentials(two));
			const moved = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(first.base, second!.base));
			const sendingAfter = await maileva(two, fresh, 'GET', `/registered_mail/v4/sendings/${id}`);
			expect(sendingAfter.json).toEqual(sendingBefore.json);
			const after = await maileva(two, fresh, 'GET', path);
			expect(after.json).toEqual(moved(before.json));
			const documents = await maileva(two, fresh, 'GET', `/registered_mail/v4/sendings/${id}/documents`);
			expect(documents.json.documents).toEqual([
				expect.objectContaining({ id: document.json.id, size: document.json.size, name: 'mise-en-demeure.pdf' }),
			]);
			const deposit = await maileva(two, fresh, 'GET', `${path}/download_deposit_proof`);
			expect(deposit.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			const listed = await maileva(two, fresh, 'GET', '/registered_mail/v4/sendings?count=500');
			expect((listed.json.sendings as Array<{ custom_id?: string }>).map((s) => s.custom_id)).toEqual([
				'KILL-2026-0001',
			]);

			// The lifecycle continues on the restored clock: presented, delivered, acknowledgement of receipt.
			await control(second.base, 'POST', '/clock', { advance: '2d' });
			await control(second.base, 'POST', '/clock', { advance: '3h' });
			const delivered = await maileva(two, fresh, 'GET', path);
			expect((delivered.json.delivery_statuses as Array<{ code: string }>).map((d) => d.code)).toEqual([
				'LP01',
				'LP05',
				'LP15',
				'LP18',
			]);
			const ar = await maileva(two, fresh, 'GET', `${path}/download_acknowledgement_of_receipt`);
			expect(ar.status).toBe(200);
			expect(ar.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		} finally {
			first.child.kill('SIGKILL');
			second?.child.kill('SIGTERM');
		}
	}, 60_000);
});

describe('sandbox/maileva/state.ts: the one call that persists a Maileva module', () => {
	it('gives a module its saved state back after a restart on the same data dir, and refuses an unsafe name', async () => {
		const dataDir = tempDir();
		const first = await sandbox({ dataDir });
		const state = mailevaState(first, 'example-module', () => ({ sendings: [] as Array<{ id: string }>, count: 0 }));
		expect(mailevaState(first, 'example-module', () => ({ sendings: [], count: -1 }))).toBe(state);
		state.sendings.push({ id: 'lreq-1' });
		state.count = 1;
		// Saved with the next Maileva answer (here: a token).
		expect(existsSync(join(dataDir, 'maileva', 'example-module.json'))).toBe(false);
		await mailevaToken(mailevaCredentials(first));
		expect(existsSync(join(dataDir, 'maileva', 'example-module.json'))).toBe(true);
		await first.close();
		const second = await sandbox({ dataDir });
		try {
			expect(mailevaState(second, 'example-module', () => ({ sendings: [], count: 0 }))).toEqual({
				sendings: [{ id: 'lreq-1' }],
				count: 1,
			});
			expect(mailevaState(second, 'other-module', () => ({ subscriptions: [] }))).toEqual({ subscriptions: [] });
			expect(() => mailevaState(second, '../escape', () => ({}))).toThrow(/must be lower case/);
		} finally {
			await second.close();
		}
	});
});
