/** Small HTTP helpers for the sandbox: body reading with a limit, AR24-style form parsing, replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Record<string, string | string[]>;

export interface ParsedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	params: Params;
	files: Record<string, File>;
	headers: IncomingMessage['headers'];
}

export class BodyTooLargeError extends Error {}

/** Bodies above this size are read one at a time (see `readBody`). */
export const LARGE_BODY_BYTES = 8 * 1024 * 1024;
let largeBodies: Promise<unknown> = Promise.resolve();

/**
 * Reads a body of at most `limitBytes`: a larger `content-length` is refused before a byte is read, a longer stream
 * as soon as it passes the limit. Large bodies (above LARGE_BODY_BYTES) are read one after the other, so parallel
 * uploads hold one large body in memory at a time (the others wait, held back by TCP).
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length'] ?? NaN);
	if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
	const read = () =>
		new Promise<Buffer>((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const onData = (chunk: Buffer) => {
				size += chunk.length;
				if (size <= limitBytes) {
					chunks.push(chunk);
					return;
				}
				// Stop reading (what is left stays in TCP buffers until the connection is closed after the answer).
				req.off('data', onData);
				req.pause();
				chunks.length = 0;
				reject(new BodyTooLargeError(`body over ${limitBytes} bytes`));
			};
			req.on('data', onData);
			req.once('end', () => resolve(Buffer.concat(chunks)));
			req.once('error', reject);
			req.once('close', () => reject(new Error('request closed before its end')));
		});
	if (!(declared > LARGE_BODY_BYTES) && req.headers['transfer-encoding'] === undefined) return read();
	const turn = largeBodies.then(read);
	largeBodies = turn.catch(() => undefined);
	return turn;
}

/** What each route may receive, from AR24's own limits (`ar24-api.md` §6.1, §7.1): only uploads are large. */
export function bodyLimit(method: string, path: string, maxAttachmentBytes: number): number {
	if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return 64 * 1024;
	if (/^\/api\/attachment\/?$/.test(path)) return maxAttachmentBytes + 1024 * 1024; // the file + multipart fields
	if (/^\/api\//.test(path)) return 1024 * 1024; // form fields: content is at most a few thousand characters
	return 256 * 1024; // control API: small JSON
}

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost)$/i;

export function isLoopbackHost(host: string): boolean {
	return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/**
 * Why a request must not reach the sandbox, or undefined. The sandbox is for this machine only: the `Host` header
 * must name the loopback address it listens on (or `localhost`) with its port — so a web page on a rebound domain
 * cannot read it — and a browser's cross-site request (an `Origin` or `Sec-Fetch-Site` other than the sandbox
 * itself) is refused, as is a control call that is not JSON (a form cannot send JSON without the browser asking).
 */
export function refusal(req: IncomingMessage, listenHost: string, port: number, path: string): string | undefined {
	const host = String(req.headers.host ?? '').toLowerCase();
	const bare = listenHost.replace(/^\[|\]$/g, '').toLowerCase();
	const allowed = new Set([`${bare.includes(':') ? `[${bare}]` : bare}:${port}`, `localhost:${port}`]);
	if (!allowed.has(host))
		return `Host "${host.slice(0, 100)}" is not this sandbox (${[...allowed].join(' or ')}): the sandbox serves loopback only`;
	const origin = req.headers.origin;
	if (origin !== undefined && !allowed.has(origin.replace(/^https?:\/\//i, '').toLowerCase())) {
		return 'cross-site browser requests are refused';
	}
	const site = req.headers['sec-fetch-site'];
	if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross-site browser requests are refused';
	const method = (req.method ?? 'GET').toUpperCase();
	if (path.startsWith('/_sandbox/') && method !== 'GET' && method !== 'HEAD') {
		const type = String(req.headers['content-type'] ?? '').toLowerCase();
		const length = Number(req.headers['content-length'] ?? 0);
		if ((length > 0 || req.headers['transfer-encoding'] !== undefined) && !type.startsWith('application/json')) {
			return 'the control API takes JSON bodies (content-type: application/json)';
		}
	}
	return undefined;
}

/** PHP-style names: `attachment[0]` and `attachment[]` collect into `attachment` as an array. */
function addParam(params: Params, rawName: string, value: string): void {
	const m = /^([^[\]]+)\[(\d*)\]$/.exec(rawName);
	if (!m) {
		params[rawName] = value;
		return;
	}
	const current = params[m[1]];
	const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
	if (m[2] === '') list.push(value);
	else list[Number(m[2])] = value;
	params[m[1]] = list;
}

/** Query parameters, then the body's (urlencoded or multipart) on top; JSON bodies are not AR24's and are ignored. */
export async function parseRequest(req: IncomingMessage, body: Buffer): Promise<ParsedRequest> {
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const params: Params = {};
	const files: Record<string, File> = {};
	for (const [name, value] of url.searchParams) addParam(params, name, value);
	const type = String(req.headers['content-type'] ?? '').toLowerCase();
	if (body.length > 0 && type.startsWith('application/x-www-form-urlencoded')) {
		for (const [name, value] of new URLSearchParams(body.toString('utf8'))) addParam(params, name, value);
	} else if (body.length > 0 && type.startsWith('multipart/form-data')) {
		const form = await new Request('http://sandbox.local/', {
			method: 'POST',
			headers: { 'content-type': String(req.headers['content-type']) },
			body,
		}).formData();
		for (const [name, value] of form) {
			if (typeof value === 'string') addParam(params, name, value);
			else files[name] = value;
		}
	}
	return {
		method: req.method ?? 'GET',
		path: url.pathname,
		query: url.searchParams,
		params,
		files,
		headers: req.headers,
	};
}

export function reply(
	res: ServerResponse,
	status: number,
	body: string | Buffer,
	contentType = 'application/json; charset=utf-8',
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
	res.end(body);
}

export function param(params: Params, name: string): string | undefined {
	const value = params[name];
	return Array.isArray(value) ? value[0] : value;
}

export function list(params: Params, name: string): string[] {
	const value = params[name];
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== '');
}

/** `max` (default 50, 1–1000) and `start` (≥ 0) as public clients send them (AR24's paging is UNCONFIRMED). */
export function paging(params: Params): { max: number; start: number } {
	return {
		max: Math.min(Math.max(Number(param(params, 'max') ?? 50) || 50, 1), 1000),
		start: Math.max(Number(param(params, 'start') ?? 0) || 0, 0),
	};
}
