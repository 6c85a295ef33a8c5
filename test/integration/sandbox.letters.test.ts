/** Letters in the sandbox: send with attachments, lifecycle on the controllable clock, proofs, webhooks, eIDAS. */
import { createHash } from 'node:crypto';
import type { RunningSandbox } from '../../sandbox/server';
import { totp } from '../../lib/otp/totp';
import { pdfText } from '../helpers/pdf';
import { receiver, type Receiver } from '../helpers/receiver';
import { parisDate, sign } from '../../lib/ar24/protocol';
import { call, control, PRIVATE_KEY, sandbox, TOKEN } from '../helpers/sandbox';

let sbx: RunningSandbox;
let base: string;
let hooks: Receiver;

beforeAll(async () => {
	sbx = await sandbox();
	base = sbx.url();
	hooks = await receiver();
});
afterAll(async () => {
	await sbx.close();
	await hooks.close();
});

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const pdfA = Buffer.from('%PDF-1.4\n% first attachment\n');
const pdfB = Buffer.from('%PDF-1.4\n% second attachment, a little longer\n');

async function upload(data: Buffer, name: string): Promise<string> {
	const answer = await call(base, 'POST', '/attachment', { id_user: 1 }, { files: [{ field: 'file', data, name }] });
	expect(answer.json.status).toBe('SUCCESS');
	const fileId = (answer.json.result as { file_id: unknown }).file_id;
	// AR24's clients read file_id as a JSON string.
	expect(typeof fileId).toBe('string');
	return fileId as string;
}

async function send(fields: Record<string, string | number | string[]>) {
	return call(base, 'POST', '/mail', {
		id_user: 1,
		to_firstname: 'Jean',
		to_lastname: 'Martin',
		dest_statut: 'professionnel',
		to_company: 'Martin SARL',
		content: 'Mise en demeure de payer',
		...fields,
	});
}

interface Letter {
	id: number;
	state: string;
	proofs: Record<string, { sha256: string; file: string }>;
	mail: Record<string, unknown>;
}

describe('sending', () => {
	it('sends a letter with two attachments whose hashes match the files, then reads it back', async () => {
		const ids = [await upload(pdfA, 'facture.pdf'), await upload(pdfB, 'mise-en-demeure.pdf')];
		const sent = await send({
			to_email: 'jean+hold@martin.example',
			attachment: ids.map(String),
			ref_dossier: 'CASE-1',
		});
		expect(sent.json.status).toBe('SUCCESS');
		const mail = sent.json.result as Record<string, unknown>;
		expect(mail).toMatchObject({
			status: 'waiting',
			ref_dossier: 'CASE-1',
			attachments: ids.map(Number),
			to_email: 'jean+hold@martin.example',
		});
		expect((mail.attachments_details as Array<{ hash_sha1: string }>).map((a) => a.hash_sha1)).toEqual([
			createHash('sha1').update(pdfA).digest('hex'),
			createHash('sha1').update(pdfB).digest('hex'),
		]);
		await control(base, 'POST', '/tick');
		const read = await call(base, 'GET', '/mail', { id: String(mail.id) });
		expect(read.encrypted).toBe(true);
		expect(read.json.result).toMatchObject({ id: mail.id, status: 'sent', ts_ev_date: expect.any(String) });
		const listed = await call(base, 'GET', '/user/mail', { id_user: 1, max: 10 });
		expect((listed.json.result as Array<{ id: number }>).map((m) => m.id)).toContain(mail.id);
		// The deposit proof carries the SHA-256 of each attachment.
		const ev = await fetch(String((read.json.result as Record<string, unknown>).proof_ev_url));
		const text = pdfText(Buffer.from(await ev.arrayBuffer()));
		expect(text).toContain(sha256(pdfA));
		expect(text).toContain(sha256(pdfB));
		expect(text).toContain(String(mail.id));
	});

	it.each([
		['no recipient', { to_email: '' }, 'missing_email'],
		['a malformed recipient', { to_email: 'jean.martin.example' }, 'invalid_recipient'],
		['a domain that does not exist', { to_email: 'jean@nowhere.invalid' }, 'invalid_email'],
		['the sender as recipient', { to_email: 'recouvrement@acme-industries.example' }, 'same_sender_recipients_emails'],
		['no content and no attachment', { to_email: 'a@b.example', content: '' }, 'error_no_content_no_attachment'],
		['an unknown attachment', { to_email: 'a@b.example', attachment: ['999999'] }, 'attachment_not_exists'],
		['forbidden HTML', { to_email: 'a@b.example', content: '<script>alert(1)</script>' }, 'forbidden_html'],
		['an unknown sender', { to_email: 'a@b.example', id_user: 77 }, 'user_not_exist'],
		['an eIDAS letter without OTP', { to_email: 'a@b.example', eidas: 1 }, 'authentication_missing'],
		[
			'an eIDAS letter with a wrong OTP',
			{ to_email: 'a@b.example', eidas: 1, otp: '000000' },
			'authentication_otp_invalid',
		],
	])('refuses %s', async (_what, fields, slug) => {
		const answer = await send(fields);
		expect(answer.json).toMatchObject({ status: 'ERROR', slug });
	});

	it('sends an eIDAS letter with the current TOTP, or within a one-hour OTP session', async () => {
		const withOtp = await send({ to_email: 'a+hold@b.example', eidas: 1, otp: totp(sbx.options.otpKey) });
		expect(withOtp.json.result).toMatchObject({ is_eidas: true });
		const session = await call(base, 'POST', '/user/auth_otp', { id_user: 1, otp: totp(sbx.options.otpKey) });
		const { hash, expiration_date } = session.json.result as { hash: string; expiration_date: string };
		expect(expiration_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect((await send({ to_email: 'a+hold@b.example', eidas: 1, auth_otp_hash: hash })).json.status).toBe('SUCCESS');
		await control(base, 'POST', '/clock', { advance: '61m' });
		expect((await send({ to_email: 'a+hold@b.example', eidas: 1, auth_otp_hash: hash })).json).toMatchObject({
			slug: 'authentication_otp_hash_invalid',
		});
	});
});

describe('lifecycle', () => {
	it.each([
		['jean+accept@martin.example', '3h', 'accepted', 'ar', 'AR', 'view_date'],
		['jean+refuse@martin.example', '2d', 'refused', 'rf', 'refused', 'refused_date'],
		['jean+ignore@martin.example', '17d', 'negligence', 'ng', 'negligence', 'negligence_date'],
		['jean+bounce@martin.example', '10m', 'bounced', 'bc', 'bounced', 'bounced_date'],
	])('%s, %s later, is %s, with its proof and its webhook', async (email, advance, state, code, status, dateField) => {
		const sent = await send({ to_email: email, webhook: `${hooks.url}/hook/${code}`, ref_dossier: `CASE-${code}` });
		const id = (sent.json.result as { id: number }).id;
		await control(base, 'POST', '/tick');
		expect((await control<Letter>(base, 'GET', `/letters/${id}`)).state).toBe('sent');
		await control(base, 'POST', '/clock', { advance });
		const letter = await control<Letter>(base, 'GET', `/letters/${id}`);
		expect(letter.state).toBe(state);
		expect(letter.mail.status).toBe(status);
		expect(letter.mail[dateField]).toEqual(expect.any(String));
		// The proof downloads from the URL in the letter, and is the very file the sandbox hashed.
		const proofUrl = String(letter.mail[`proof_${code}_url`]);
		const proof = Buffer.from(await (await fetch(proofUrl)).arrayBuffer());
		expect(sha256(proof)).toBe(letter.proofs[code].sha256);
		const text = pdfText(proof);
		expect(text).toContain(`Letter id: ${id}`);
		expect(text).toContain('Marie Dupont');
		expect(text).toContain(email);
		expect(text).toContain(String(letter.mail[dateField]));
		expect(text).toContain(String(letter.mail.full_hash_sha256));
		// Wrong file token: no proof.
		expect((await fetch(proofUrl.replace(/token=\w+/, 'token=nope'))).status).toBe(404);
		// Webhooks for "sent" then the final state, form-encoded as AR24 does.
		const mine = hooks.deliveries
			.filter((d) => d.path === `/hook/${code}`)
			.map((d) => Object.fromEntries(new URLSearchParams(d.body)));
		expect(mine.map((d) => d.new_state)).toEqual(['sent', status]);
		expect(mine[1]).toMatchObject({ id_mail: String(id), proof_url: proofUrl, [dateField]: letter.mail[dateField] });
		expect(hooks.deliveries.find((d) => d.path === `/hook/${code}`)?.contentType).toBe(
			'application/x-www-form-urlencoded',
		);
	});

	it('negligence comes at the legal deadline, not before', async () => {
		const sent = await send({ to_email: 'late+ignore@martin.example' });
		const id = (sent.json.result as { id: number }).id;
		await control(base, 'POST', '/clock', { advance: '14d' });
		expect((await control<Letter>(base, 'GET', `/letters/${id}`)).state).toBe('sent');
		await control(base, 'POST', '/clock', { advance: '3d' });
		expect((await control<Letter>(base, 'GET', `/letters/${id}`)).state).toBe('negligence');
	});

	it('lets the control API choose an outcome, and refuses to change a final one', async () => {
		const sent = await send({ to_email: 'steer+hold@martin.example' });
		const id = (sent.json.result as { id: number }).id;
		const letter = await control<Letter>(base, 'POST', `/letters/${id}/outcome`, { outcome: 'refuse' });
		expect(letter.state).toBe('refused');
		await expect(control(base, 'POST', `/letters/${id}/outcome`, { outcome: 'accept' })).rejects.toThrow(
			/409.*already refused/,
		);
	});
});

describe('webhook retries', () => {
	it('retries every 15 minutes (sandbox clock) until HTTP 200, and gives up after 48 attempts', async () => {
		hooks.status = 500;
		try {
			const sent = await send({ to_email: 'retry+hold@martin.example', webhook: `${hooks.url}/retry` });
			const id = (sent.json.result as { id: number }).id;
			await control(base, 'POST', '/tick');
			const count = () => hooks.deliveries.filter((d) => d.path === '/retry').length;
			expect(count()).toBe(1);
			await control(base, 'POST', '/clock', { advance: '14m' });
			expect(count()).toBe(1);
			await control(base, 'POST', '/clock', { advance: '1m' });
			expect(count()).toBe(2);
			for (let i = 0; i < 50; i++) await control(base, 'POST', '/clock', { advance: '15m' });
			expect(count()).toBe(48);
			const deliveries = await control<Array<{ id_mail: number; status: string; attempts: number }>>(
				base,
				'GET',
				'/webhooks',
			);
			expect(deliveries.find((d) => d.id_mail === id)).toMatchObject({ status: 'failed', attempts: 48 });
		} finally {
			hooks.status = 200;
		}
	});

	it('replays a delivered event on demand (duplicates, as AR24 may send)', async () => {
		const sent = await send({ to_email: 'dup+hold@martin.example', webhook: `${hooks.url}/dup` });
		const id = (sent.json.result as { id: number }).id;
		await control(base, 'POST', '/tick');
		const deliveries = await control<Array<{ id: number; id_mail: number }>>(base, 'GET', '/webhooks');
		const first = deliveries.find((d) => d.id_mail === id) as { id: number };
		await control(base, 'POST', `/webhooks/${first.id}/replay`, { times: 3 });
		await control(base, 'POST', '/tick');
		expect(hooks.deliveries.filter((d) => d.path === '/dup')).toHaveLength(4);
	});
});

describe('fidelity to AR24 (issue 15)', () => {
	it('a +fail address gives a letter AR24 could not send: send_fail, no proof, no presentation, a webhook', async () => {
		const sent = await send({ to_email: 'tech+fail@martin.example', webhook: `${hooks.url}/fail` });
		const id = (sent.json.result as { id: number }).id;
		await control(base, 'POST', '/clock', { advance: '2m' });
		const letter = await control<{ state: string; mail: Record<string, unknown>; proofs: object }>(
			base,
			'GET',
			`/letters/${id}`,
		);
		expect(letter.state).toBe('failed');
		expect(letter.mail).toMatchObject({ send_fail: true, ts_ev_date: null, proof_ev_url: null });
		expect(letter.proofs).toEqual({});
		expect(
			hooks.deliveries.filter((d) => d.path === '/fail').map((d) => new URLSearchParams(d.body).get('id_mail')),
		).toEqual([String(id)]);
	});

	it('the control API makes a held letter fail', async () => {
		const sent = await send({ to_email: 'later+hold@martin.example' });
		const id = (sent.json.result as { id: number }).id;
		const after = await control<{ state: string }>(base, 'POST', `/letters/${id}/outcome`, {
			outcome: 'fail',
			in: '0s',
		});
		expect(after.state).toBe('failed');
		const read = await call(base, 'GET', '/mail', { id });
		expect((read.json.result as { send_fail: unknown }).send_fail).toBe(true);
	});

	it("GET /attachment?id= lists the letter's attachments in the shape of /user/attachment", async () => {
		const fileId = await upload(pdfA, 'facture.pdf');
		const sent = await send({ to_email: 'att+hold@martin.example', attachment: [fileId] });
		const id = (sent.json.result as { id: number }).id;
		const byMail = (await call(base, 'GET', '/attachment', { id })).json.result as {
			attachments: Array<Record<string, unknown>>;
		};
		const byUser = (await call(base, 'GET', '/user/attachment', { id_user: 1, max: 100 })).json.result as {
			attachments: Array<Record<string, unknown>>;
		};
		expect(byMail.attachments).toHaveLength(1);
		expect(Object.keys(byMail.attachments[0]).sort()).toEqual(Object.keys(byUser.attachments[0]).sort());
		expect(byUser.attachments).toContainEqual(byMail.attachments[0]);
	});

	it('from_name is "Lastname Firstname", as AR24 shows it', async () => {
		const sent = await send({ to_email: 'name+hold@martin.example' });
		const user = (await call(base, 'GET', '/user', { id_user: 1 })).json.result as {
			firstname: string;
			lastname: string;
		};
		expect((sent.json.result as { from_name: string }).from_name).toBe(`${user.lastname} ${user.firstname}`);
	});

	it('refuses a POST whose token or date is in the query string (AR24 reads them from the body)', async () => {
		const date = parisDate();
		const form = new FormData();
		for (const [k, v] of Object.entries({
			id_user: '1',
			to_email: 'q+hold@martin.example',
			to_company: 'M',
			content: 'x',
		}))
			form.append(k, v);
		const asQuery = await fetch(`${base}/api/mail?${new URLSearchParams({ token: TOKEN, date })}`, {
			method: 'POST',
			headers: { signature: sign(date, PRIVATE_KEY) },
			body: form,
		});
		expect(await asQuery.json()).toMatchObject({ status: 'ERROR', slug: 'token_missing' });
		form.append('token', TOKEN);
		const dateInQuery = await fetch(`${base}/api/mail?${new URLSearchParams({ date })}`, {
			method: 'POST',
			headers: { signature: sign(date, PRIVATE_KEY) },
			body: form,
		});
		expect(await dateInQuery.json()).toMatchObject({ status: 'ERROR', slug: 'empty_date' });
	});
});
