/**
 * Issue #16, items 11–12: the sandbox cannot be turned against its host — ids cannot name files, only loopback
 * Host headers and same-origin requests are served, and bodies are capped per route before they are buffered.
 */
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/server';
import { sandbox, tempDir } from '../helpers/sandbox';

let sbx: RunningSandbox;
let port: number;
beforeAll(async () => {
	sbx = await sandbox();
	port = Number(new URL(sbx.url()).port);
});
afterAll(() => sbx.close());

/** A raw HTTP request (fetch cannot set Host): status, body, and whether the whole body had to be sent. */
function raw(
	method: string,
	path: string,
	headers: Record<string, string | number>,
	body?: { size: number; chunk?: number },
): Promise<{ status: number; text: string; sentBytes: number }> {
	return new Promise((resolve, reject) => {
		let sentBytes = 0;
		const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: !('host' in headers) }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text, sentBytes }));
		});
		req.on('error', (error: NodeJS.ErrnoException) =>
			error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
		);
		if (!body) {
			req.end();
			return;
		}
		const chunk = Buffer.alloc(body.chunk ?? 1024 * 1024, 97);
		const pump = () => {
			while (sentBytes < body.size && !req.destroyed) {
				sentBytes += chunk.length;
				if (!req.write(chunk)) return void req.once('drain', pump);
			}
			if (!req.destroyed) req.end();
		};
		pump();
	});
}

const json = (data: unknown) => ({
	'content-type': 'application/json',
	'content-length': Buffer.byteLength(JSON.stringify(data)),
});

describe('item 11: ids, Host, cross-site requests', () => {
	it.each([['../../x'], ['../users/1'], [-3], [1.5], ['7']])(
		'POST /_sandbox/users with id %p is refused and writes no file',
		async (id) => {
			const body = { id, email: 'evil@example.org' };
			const before = readdirSync(dirname(sbx.store.dir));
			const result = await new Promise<{ status: number; text: string }>((resolve) => {
				const req = request(
					{ host: '127.0.0.1', port, method: 'POST', path: '/_sandbox/users', headers: json(body) },
					(res) => {
						let text = '';
						res.on('data', (c: Buffer) => (text += c.toString()));
						res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
					},
				);
				req.end(JSON.stringify(body));
			});
			expect(result.status).toBe(400);
			expect(result.text).toContain('id must be a positive whole number');
			expect(readdirSync(dirname(sbx.store.dir))).toEqual(before);
			expect(existsSync(join(sbx.store.dir, '..', '..', 'x.json'))).toBe(false);
		},
	);

	it('the store itself refuses a record id or a blob path that would leave its directory', () => {
		expect(() => sbx.store.put('users', { id: '../../x' as unknown as number })).toThrow('positive whole number');
		expect(() => sbx.store.writeBlob('../../escape.bin', Buffer.from('x'))).toThrow('leaves the data directory');
	});

	it.each([
		['a rebound domain', { host: `evil.example:${port}` }],
		['the right name on another port', { host: '127.0.0.1:1' }],
		['no Host at all', { host: '' }],
	])('refuses %s in the Host header (DNS rebinding), also for reads of letters', async (_what, headers) => {
		const result = await raw('GET', '/_sandbox/letters', headers);
		expect(result.status).toBe(403);
		expect(result.text).toContain('loopback only');
		expect((await raw('GET', '/get/content/100001?token=x', headers)).status).toBe(403);
	});

	it('serves 127.0.0.1:<port> and localhost:<port>', async () => {
		expect((await raw('GET', '/_sandbox/health', { host: `127.0.0.1:${port}` })).status).toBe(200);
		expect((await raw('GET', '/_sandbox/health', { host: `localhost:${port}` })).status).toBe(200);
	});

	it('refuses cross-site browser requests: a foreign Origin, Sec-Fetch-Site cross-site, a form-encoded control call', async () => {
		const advance = JSON.stringify({ advance: '16d' });
		const before = sbx.clock.now();
		const foreign = await raw(
			'POST',
			'/_sandbox/clock',
			{ ...json({ advance: '16d' }), origin: 'https://evil.example' },
			undefined,
		);
		expect(foreign.status).toBe(403);
		expect((await raw('GET', '/_sandbox/letters', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
		const form = await new Promise<number>((resolve) => {
			const req = request(
				{
					host: '127.0.0.1',
					port,
					method: 'POST',
					path: '/_sandbox/clock',
					headers: { 'content-type': 'text/plain', 'content-length': advance.length },
				},
				(res) => {
					res.resume();
					resolve(res.statusCode ?? 0);
				},
			);
			req.end(advance);
		});
		expect(form).toBe(403);
		expect(sbx.clock.now() - before).toBeLessThan(86_400_000);
		// The sandbox's own origin is fine.
		expect((await raw('GET', '/_sandbox/health', { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
	});

	it('will not listen on a non-loopback address', async () => {
		await expect(startSandbox({ port: 0, host: '0.0.0.0', dataDir: tempDir(), quiet: true })).rejects.toThrow(
			'loopback only',
		);
	});
});

describe('item 12: request size is capped early, per route, with AR24’s limits', () => {
	it('refuses a declared 200 MB control body before reading it', async () => {
		const result = await raw(
			'POST',
			'/_sandbox/clock',
			{ 'content-type': 'application/json', 'content-length': 200 * 1024 * 1024 },
			{ size: 200 * 1024 * 1024 },
		);
		expect(result.status).toBe(413);
		expect(result.sentBytes).toBeLessThan(200 * 1024 * 1024);
	});

	it('stops reading a 200 MB chunked body to /api/mail at 1 MB, without holding it in memory', async () => {
		const rss = process.memoryUsage().rss;
		const [a, b] = await Promise.all([
			raw(
				'POST',
				'/api/mail',
				{ 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
				{ size: 200 * 1024 * 1024 },
			),
			raw(
				'POST',
				'/api/mail',
				{ 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
				{ size: 200 * 1024 * 1024 },
			),
		]);
		for (const result of [a, b]) {
			expect(JSON.parse(result.text)).toMatchObject({ status: 'ERROR', slug: 'content_exceeds_limit' });
			expect(result.sentBytes).toBeLessThan(200 * 1024 * 1024);
		}
		expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
	}, 60_000);

	it('Maileva: 21 MB for registered_mail (its 20 MB of documents), 257 MB for the electronic APIs (their 256 MB)', async () => {
		const upload = (path: string, size: number) =>
			raw(
				'POST',
				`/maileva${path}/sendings/x/documents`,
				{ 'content-type': 'multipart/form-data; boundary=x', 'content-length': size },
				{ size },
			);
		const postal = await upload('/registered_mail/v4', 30 * 1024 * 1024);
		expect(postal.status).toBe(413);
		expect(JSON.parse(postal.text)).toMatchObject({ errors: [{ code: 'PAYLOAD_TOO_LARGE' }] });
		expect(postal.sentBytes).toBeLessThan(30 * 1024 * 1024);
		// 30 MB to the ERE and LRE APIs is read whole and reaches the API (here: 401, no token), not the size check.
		for (const api of ['/secured_electronic_mail/v1', '/electronic_qualified_registered_mail/v1']) {
			const electronic = await upload(api, 30 * 1024 * 1024);
			expect({ api, status: electronic.status }).toEqual({ api, status: 401 });
			expect(electronic.sentBytes).toBe(30 * 1024 * 1024);
		}
		const huge = await upload('/secured_electronic_mail/v1', 300 * 1024 * 1024);
		expect(huge.status).toBe(413);
		expect(huge.sentBytes).toBeLessThan(300 * 1024 * 1024);
	}, 60_000);

	it('an upload over AR24’s 256 MB is refused from its Content-Length, with AR24’s slug', async () => {
		const result = await raw(
			'POST',
			'/api/attachment',
			{ 'content-type': 'multipart/form-data; boundary=x', 'content-length': 300 * 1024 * 1024 },
			{ size: 300 * 1024 * 1024 },
		);
		expect(JSON.parse(result.text)).toMatchObject({ status: 'ERROR', slug: 'attachment_too_big' });
		expect(result.sentBytes).toBeLessThan(300 * 1024 * 1024);
	}, 60_000);
});
