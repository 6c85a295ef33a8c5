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

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
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
	return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, params, files, headers: req.headers };
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
