/** Starts the sandbox in-process on a free loopback port with a fresh data dir, and talks AR24 to it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parisDate, sign, decryptBody } from '../../lib/ar24/protocol';
import type { SandboxOptions } from '../../sandbox/context';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

export const TOKEN = 'test-token-0123456789';
export const PRIVATE_KEY = 'test-private-key-abcdef';

export function tempDir(prefix = 'lre-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export async function sandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
	return startSandbox({ port: 0, token: TOKEN, privateKey: PRIVATE_KEY, dataDir: tempDir(), quiet: true, ...options });
}

/** The AR24 API credential data that points at this sandbox. */
export function sandboxCredentials(sbx: RunningSandbox, timeoutSeconds = 30): Record<string, unknown> {
	return {
		environment: 'custom',
		baseUrl: `${sbx.url()}/api`,
		apiToken: TOKEN,
		privateKey: PRIVATE_KEY,
		sender: sbx.options.senderEmail,
		timeoutSeconds,
	};
}

export interface CallOptions {
	token?: string;
	key?: string;
	date?: string;
	signature?: string | null;
	files?: Array<{ field: string; data: Buffer; name: string }>;
	urlencoded?: boolean;
}

export interface RawAnswer {
	http: number;
	text: string;
	encrypted: boolean;
	json: Record<string, unknown> & { status?: string; slug?: string; result?: unknown };
}

/** A signed AR24 call, built by hand from the spec (query for GET, multipart or urlencoded for POST). */
export async function call(
	base: string,
	method: 'GET' | 'POST',
	path: string,
	params: Record<string, string | number | string[]> = {},
	options: CallOptions = {},
): Promise<RawAnswer> {
	const date = options.date ?? parisDate();
	const key = options.key ?? PRIVATE_KEY;
	const fields: Array<[string, string]> = [
		['token', options.token ?? TOKEN],
		['date', date],
	];
	for (const [name, value] of Object.entries(params)) {
		if (Array.isArray(value)) value.forEach((v, i) => fields.push([`${name}[${i}]`, v]));
		else fields.push([name, String(value)]);
	}
	const headers: Record<string, string> = {};
	if (options.signature !== null) headers.signature = options.signature ?? sign(date, key);
	let url = `${base}/api${path}`;
	let body: FormData | string | undefined;
	if (method === 'GET') url += `?${new URLSearchParams(fields)}`;
	else if (options.urlencoded) {
		body = new URLSearchParams(fields).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	} else {
		const form = new FormData();
		for (const [name, value] of fields) form.append(name, value);
		for (const file of options.files ?? []) form.append(file.field, new Blob([new Uint8Array(file.data)]), file.name);
		body = form;
	}
	const response = await fetch(url, { method, headers, body });
	const text = await response.text();
	try {
		return { http: response.status, text, encrypted: false, json: JSON.parse(text) };
	} catch {
		return { http: response.status, text, encrypted: true, json: JSON.parse(decryptBody(text, date, PRIVATE_KEY)) };
	}
}

export async function control<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${base}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as T;
	if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}
