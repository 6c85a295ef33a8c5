/**
 * The AR24-compatible sandbox server: AR24's wire protocol (signed requests, encrypted SUCCESS bodies, plain-JSON
 * errors with HTTP 200) under `/api`, proof and content downloads under `/get`, the control API under `/_sandbox`.
 * Zero dependencies beyond Node and the package's PDF library; imports the same `lib/ar24` crypto as the nodes.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptBody, parisDate } from '../lib/ar24/protocol';
import { authenticate } from './auth';
import { SandboxClock } from './clock';
import { DEFAULT_OPTIONS, SlugError, type Sandbox, type SandboxOptions } from './context';
import { control, ControlError, type RequestLogEntry } from './control';
import { Lifecycle } from './engine';
import { Faults, type FaultRule } from './faults';
import {
	BodyTooLargeError,
	bodyLimit,
	isLoopbackHost,
	parseRequest,
	readBody,
	refusal,
	reply,
	type ParsedRequest,
} from './http';
import type { SandboxUser } from './model';
import { findRoute } from './routes';
import { Store } from './store';
import { handleDownload } from './downloads';
import { handleMaileva, startMaileva, type MailevaGateway } from './maileva/server';
import { saveMailevaStates } from './maileva/state';
import { seedUser } from './handlers/users';
import { WebhookQueue } from './webhooks';

const TICK_MS = 200;
const REQUEST_LOG_LIMIT = 20_000;
const HIDDEN_PARAMS = new Set(['token', 'date', 'otp', 'auth_otp_hash']);

export interface RunningSandbox extends Sandbox {
	server: Server;
	faults: Faults;
	requests: RequestLogEntry[];
	close(): Promise<void>;
}

export async function startSandbox(overrides: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
	const options: SandboxOptions = { ...DEFAULT_OPTIONS, ...overrides };
	if (!isLoopbackHost(options.host)) {
		throw new Error(
			`The sandbox serves loopback only (127.0.0.1, ::1 or localhost), not "${options.host}": it has no real authentication on its control API.`,
		);
	}
	const log = (line: string) => {
		if (!options.quiet) process.stdout.write(`[lre-sandbox] ${line}\n`);
	};
	const store = new Store(options.dataDir);
	const clock = new SandboxClock(options.timeScale, store.meta.clockOffsetMs);
	const webhooks = new WebhookQueue(store, clock, options.webhookFormat, log);
	let baseUrl = '';
	const lifecycle = new Lifecycle(store, clock, webhooks, () => baseUrl);
	const faults = new Faults(options.seed);
	const requests: RequestLogEntry[] = [];
	let seq = 0;
	const sockets = new Set<import('node:net').Socket>();

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
			if (!res.headersSent) reply(res, 500, JSON.stringify({ error: 'sandbox internal error' }));
			else res.destroy();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	const sandbox: RunningSandbox = {
		options,
		store,
		clock,
		lifecycle,
		webhooks,
		server,
		faults,
		requests,
		url: () => baseUrl,
		close: async () => {
			clearInterval(ticker);
			await lifecycle.tick();
			saveMailevaStates(sandbox);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};

	if (store.all<SandboxUser>('users').length === 0)
		seedUser(sandbox, { id: store.nextId('users'), email: options.senderEmail });

	function record(request: ParsedRequest, outcome: string): void {
		const params: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(request.params)) if (!HIDDEN_PARAMS.has(name)) params[name] = value;
		for (const [name, file] of Object.entries(request.files)) params[name] = `<file ${file.name} ${file.size} bytes>`;
		requests.push({
			seq: ++seq,
			at: new Date().toISOString(),
			method: request.method,
			path: request.path,
			outcome,
			params,
		});
		if (requests.length > REQUEST_LOG_LIMIT) requests.splice(0, requests.length - REQUEST_LOG_LIMIT);
	}

	/** The Maileva side gets the same fault rules and request log (answers shaped as Maileva's: maileva/server.ts). */
	const mailevaGateway: MailevaGateway = {
		faults,
		record: (method, path, outcome) => {
			requests.push({ seq: ++seq, at: new Date().toISOString(), method, path, outcome, params: {} });
			if (requests.length > REQUEST_LOG_LIMIT) requests.splice(0, requests.length - REQUEST_LOG_LIMIT);
		},
	};

	/** Answers with a fault; returns true when it did. */
	function injure(res: ServerResponse, rule: FaultRule | undefined): boolean {
		if (!rule) return false;
		switch (rule.type) {
			case '5xx':
				reply(res, rule.status, '<html><body><h1>Internal Server Error</h1></body></html>', 'text/html');
				break;
			case 'timeout':
				setTimeout(() => res.destroy(), rule.holdMs).unref();
				break;
			case 'malformed':
				reply(res, 200, 'x9$<unexpected>' + 'Zm9v'.repeat(3) + '\u0000', 'application/json');
				break;
			case 'rate_limit':
				reply(
					res,
					429,
					JSON.stringify({ status: 'ERROR', slug: 'too_many_requests', message: 'Too many requests, retry later' }),
					'application/json; charset=utf-8',
					{ 'retry-after': String(rule.retryAfter) },
				);
				break;
			case 'maintenance':
				reply(res, 200, JSON.stringify({ status: 'maintenance' }));
				break;
		}
		return true;
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://sandbox.local').pathname;
		const refused = refusal(req, options.host, (server.address() as AddressInfo).port, path);
		if (refused) {
			refuse(req, res, 403, JSON.stringify({ error: refused }));
			return;
		}
		if (path.startsWith('/maileva/')) return await handleMaileva(sandbox, req, res, path, mailevaGateway);
		let body: Buffer;
		try {
			body = await readBody(req, bodyLimit((req.method ?? 'GET').toUpperCase(), path, options.maxAttachmentBytes));
		} catch (error) {
			if (error instanceof BodyTooLargeError) {
				const slug = /^\/api\/attachment\/?$/.test(path)
					? { status: 'ERROR', slug: 'attachment_too_big', message: 'File is empty (0B) or too big' }
					: /^\/api\/mail\/?$/.test(path)
						? { status: 'ERROR', slug: 'content_exceeds_limit', message: 'Request too big' }
						: undefined;
				if (slug) refuse(req, res, 200, JSON.stringify(slug));
				else refuse(req, res, 413, JSON.stringify({ error: error.message }));
				return;
			}
			throw error;
		}
		if (path.startsWith('/_sandbox/')) return handleControl(req, res, path, body);
		if (path.startsWith('/get/'))
			return await handleDownload(sandbox, res, path, new URL(req.url ?? '/', 'http://x').searchParams);
		if (!path.startsWith('/api/')) {
			reply(res, 404, JSON.stringify({ error: 'not found' }));
			return;
		}
		const request = await parseRequest(req, body);
		const method = request.method.toUpperCase();
		const handler = findRoute(method, path.slice(4));
		if (!handler) {
			record(request, 'unknown_route');
			reply(
				res,
				404,
				JSON.stringify({ status: 'ERROR', slug: 'unknown_route', message: `No route ${method} ${path}` }),
			);
			return;
		}
		const before = faults.pick(method, path, 'before');
		if (before) {
			record(request, `fault:${before.type}`);
			injure(res, before);
			return;
		}
		let date: string;
		let result: unknown;
		try {
			date = authenticate(options, request, Date.now());
			result = await handler(sandbox, request);
		} catch (error) {
			if (!(error instanceof SlugError)) throw error;
			record(request, error.slug);
			reply(res, 200, JSON.stringify({ status: 'ERROR', message: error.message, slug: error.slug }));
			return;
		}
		void lifecycle.tick();
		const after = faults.pick(method, path, 'after');
		record(request, after ? `SUCCESS+fault:${after.type}` : 'SUCCESS');
		if (injure(res, after)) return;
		reply(
			res,
			200,
			encryptBody(JSON.stringify({ status: 'SUCCESS', result }), date, options.privateKey),
			'text/plain; charset=utf-8',
		);
	}

	async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> {
		let input: Record<string, unknown> = {};
		if (body.length > 0) {
			try {
				input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
			} catch {
				reply(res, 400, JSON.stringify({ error: 'control API takes JSON bodies' }));
				return;
			}
		}
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		try {
			const result = await control(
				sandbox,
				faults,
				requests,
				(req.method ?? 'GET').toUpperCase(),
				path,
				input,
				url.searchParams,
			);
			reply(res, 200, JSON.stringify(result));
		} catch (error) {
			if (!(error instanceof ControlError)) throw error;
			reply(res, error.status, JSON.stringify({ error: error.message }));
		}
	}

	/** Answers and closes the connection, without reading what is left of the body. */
	function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
		reply(res, status, body, 'application/json; charset=utf-8', { connection: 'close' });
		res.once('finish', () => req.destroy());
	}

	let ticking = false;
	const ticker = setInterval(() => {
		if (ticking) return;
		ticking = true;
		lifecycle
			.tick()
			.then(() => webhooks.deliverDue())
			.then(() => saveMailevaStates(sandbox))
			.catch((error: unknown) => log(`tick failed: ${String(error)}`))
			.finally(() => {
				ticking = false;
			});
	}, TICK_MS);
	ticker.unref();

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}`;
	startMaileva(sandbox);
	log(
		`AR24-compatible sandbox on ${baseUrl}/api, Maileva-compatible on ${baseUrl}/maileva (data: ${options.dataDir}, clock x${options.timeScale}, ${parisDate(new Date(clock.now()))} Paris)`,
	);
	return sandbox;
}
