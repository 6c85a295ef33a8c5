/** Fault injection and persistence: what the transport and the crash tests rely on. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { MalformedAnswerError, readAnswer } from '../../lib/ar24/envelope';
import { parisDate } from '../../lib/ar24/protocol';
import type { RunningSandbox } from '../../sandbox/server';
import { call, control, PRIVATE_KEY, sandbox, tempDir, TOKEN } from '../helpers/sandbox';

describe('faults', () => {
	let sbx: RunningSandbox;
	let base: string;
	beforeAll(async () => {
		sbx = await sandbox();
		base = sbx.url();
	});
	afterAll(() => sbx.close());
	afterEach(() => control(base, 'DELETE', '/faults'));

	const letters = async () => (await control<unknown[]>(base, 'GET', '/letters')).length;
	const sendOne = () =>
		call(base, 'POST', '/mail', {
			id_user: 1,
			to_email: 'f+hold@x.example',
			content: 'Relance',
			dest_statut: 'professionnel',
		});

	it('5xx before processing: HTML error page, no letter', async () => {
		await control(base, 'POST', '/faults', { type: '5xx', path: '/api/mail', method: 'POST', count: 1, status: 502 });
		const before = await letters();
		const response = await fetch(`${base}/api/mail`, { method: 'POST' });
		expect(response.status).toBe(502);
		expect(await response.text()).toContain('Internal Server Error');
		expect(await letters()).toBe(before);
		expect((await sendOne()).json.status).toBe('SUCCESS');
	});

	it('5xx after processing: the client sees a failure but the letter exists', async () => {
		await control(base, 'POST', '/faults', {
			type: '5xx',
			path: '/api/mail',
			method: 'POST',
			count: 1,
			phase: 'after',
		});
		const before = await letters();
		await expect(sendOne()).rejects.toThrow();
		expect(await letters()).toBe(before + 1);
	});

	it('timeout: holds the connection, then drops it', async () => {
		await control(base, 'POST', '/faults', { type: 'timeout', path: '/api/user', count: 1, holdMs: 300 });
		const started = Date.now();
		await expect(call(base, 'GET', '/user', { id_user: 1 })).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});

	it('malformed: HTTP 200 with a body that is neither JSON nor ciphertext', async () => {
		await control(base, 'POST', '/faults', { type: 'malformed', count: 1 });
		const response = await fetch(`${base}/api/user/list`);
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(() => readAnswer(text, parisDate(), PRIVATE_KEY)).toThrow(MalformedAnswerError);
	});

	it('rate limiting: HTTP 429 with Retry-After', async () => {
		await control(base, 'POST', '/faults', { type: 'rate_limit', count: 1, retryAfter: 2 });
		const response = await fetch(`${base}/api/user/list`);
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('2');
	});

	it('maintenance: plain {"status":"maintenance"}', async () => {
		await control(base, 'POST', '/faults', { type: 'maintenance', count: 1 });
		expect((await call(base, 'GET', '/user/list')).json).toEqual({ status: 'maintenance' });
		expect((await call(base, 'GET', '/user/list')).json.status).toBe('SUCCESS');
	});

	it('fires with about the given probability', async () => {
		await control(base, 'POST', '/faults', { type: 'maintenance', probability: 0.3 });
		const statuses: string[] = [];
		for (let i = 0; i < 200; i++) statuses.push(String((await call(base, 'GET', '/user/list')).json.status));
		const hit = statuses.filter((s) => s === 'maintenance').length;
		expect(hit).toBeGreaterThan(30);
		expect(hit).toBeLessThan(90);
	});

	it('rejects an unknown fault type with a message', async () => {
		await expect(control(base, 'POST', '/faults', { type: 'meteor' })).rejects.toThrow(/type must be one of/);
	});
});

const PROBE = join(__dirname, '../fixtures/independent/ar24-probe.mjs');

/** Starts the lre-sandbox CLI (the built bin) on a free port; resolves with its base URL. */
function startCli(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
	const cli = join(__dirname, '../../sandbox/dist/sandbox/cli.js');
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [
			cli,
			'--port',
			'0',
			'--token',
			TOKEN,
			'--private-key',
			PRIVATE_KEY,
			'--data-dir',
			dataDir,
		]);
		let out = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /on (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(out);
			if (m) resolve({ child, base: m[1] });
		});
		child.on('exit', (code) => reject(new Error(`lre-sandbox exited ${code}: ${out}`)));
	});
}

// An AR24 client written independently from the public spec (test/fixtures/independent/README.md): it catches a
// mistake the sandbox and our transport could share. It runs in every clone.
it('passes the independent AR24 probe (signature refused, encrypted answers, send, read back)', async () => {
	const { child, base } = await startCli(tempDir());
	try {
		const out = execFileSync(
			process.execPath,
			[PROBE, '--base', `${base}/api`, '--token', TOKEN, '--private-key', PRIVATE_KEY, '--send', 'probe@example.org'],
			{
				encoding: 'utf8',
			},
		);
		expect(out).toContain('all checks passed');
		expect(out).not.toContain('FAIL');
	} finally {
		child.kill('SIGTERM');
	}
});

describe('persistence', () => {
	it('keeps every letter, its state and its proofs across an in-process restart', async () => {
		const dataDir = tempDir();
		const first = await sandbox({ dataDir });
		const sent = await call(first.url(), 'POST', '/mail', { id_user: 1, to_email: 'p+refuse@x.example', content: 'x' });
		const id = (sent.json.result as { id: number }).id;
		await control(first.url(), 'POST', '/clock', { advance: '2d' });
		const before = await control<{ state: string; proofs: unknown }>(first.url(), 'GET', `/letters/${id}`);
		await first.close();
		const second = await sandbox({ dataDir });
		try {
			const after = await control<{ state: string; proofs: unknown }>(second.url(), 'GET', `/letters/${id}`);
			expect(after).toEqual(before);
			expect(after.state).toBe('refused');
			// The clock kept its advance: a new letter gets the next id, and the clock did not go back.
			const next = await call(second.url(), 'POST', '/mail', { id_user: 1, to_email: 'q@x.example', content: 'x' });
			expect((next.json.result as { id: number }).id).toBe(id + 1);
		} finally {
			await second.close();
		}
	});

	it('keeps every letter when the lre-sandbox process is killed (SIGKILL) and started again', async () => {
		const dataDir = tempDir();
		const start = () => startCli(dataDir);
		const first = await start();
		const ids: number[] = [];
		for (let i = 0; i < 5; i++) {
			const sent = await call(first.base, 'POST', '/mail', {
				id_user: 1,
				to_email: `k${i}+hold@x.example`,
				content: 'x',
				ref_dossier: `K-${i}`,
			});
			ids.push((sent.json.result as { id: number }).id);
		}
		first.child.kill('SIGKILL');
		await new Promise((resolve) => first.child.once('exit', resolve));
		const second = await start();
		try {
			const letters = await control<Array<{ id: number; ref_dossier: string; state: string }>>(
				second.base,
				'GET',
				'/letters',
			);
			expect(letters.map((l) => l.id)).toEqual(ids);
			expect(letters.map((l) => l.ref_dossier)).toEqual(['K-0', 'K-1', 'K-2', 'K-3', 'K-4']);
			const read = await call(second.base, 'GET', '/mail', { id: String(ids[4]) });
			expect(read.json.result).toMatchObject({ id: ids[4], ref_dossier: 'K-4' });
		} finally {
			second.child.kill('SIGTERM');
		}
	});
});
