/**
 * A tiny loopback HTTP load balancer, as admins put in front of several n8n webhook processes: each request goes to
 * the next upstream in turn (round robin). A request whose upstream refuses the connection (a process that is down)
 * goes to the next one, as a load balancer's health check would make it; once an upstream has started answering,
 * its answer (or its broken connection) is the client's.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RoundRobin {
	url: string;
	/** The upstreams' base URLs (http://127.0.0.1:port); may be changed while running. */
	upstreams: string[];
	/** Requests sent to each upstream so far, by base URL. */
	counts: Map<string, number>;
	close(): Promise<void>;
}

export async function roundRobinProxy(upstreams: string[], port = 0): Promise<RoundRobin> {
	let next = 0;
	const counts = new Map<string, number>();
	const balancer: RoundRobin = { url: '', upstreams: [...upstreams], counts, close: async () => undefined };

	const forward = (
		method: string,
		path: string,
		headers: IncomingHttpHeaders,
		body: Buffer,
		attempt: number,
		res: import('node:http').ServerResponse,
	) => {
		const list = balancer.upstreams;
		if (list.length === 0 || attempt >= list.length) {
			res.writeHead(502, { 'content-type': 'text/plain' }).end('no webhook process answered');
			return;
		}
		const target = new URL(path, list[next++ % list.length]);
		const upstream = request(target, { method, headers: { ...headers, host: target.host } }, (answer) => {
			counts.set(target.origin, (counts.get(target.origin) ?? 0) + 1);
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			if (res.headersSent) return res.destroy();
			// Not reachable at all: another process takes it. Anything else (a process dying mid-request): the client's.
			if (error.code === 'ECONNREFUSED') return forward(method, path, headers, body, attempt + 1, res);
			res.destroy();
		});
		upstream.end(body);
	};

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), 0, res));
	});
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	balancer.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	balancer.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return balancer;
}
