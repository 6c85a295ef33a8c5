/** A loopback HTTP receiver that records webhook deliveries and answers what the test says. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
	path: string;
	contentType: string;
	body: string;
}

export interface Receiver {
	url: string;
	deliveries: Delivery[];
	status: number;
	close(): Promise<void>;
}

export async function receiver(): Promise<Receiver> {
	const state: { deliveries: Delivery[]; status: number } = { deliveries: [], status: 200 };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			state.deliveries.push({
				path: req.url ?? '',
				contentType: String(req.headers['content-type'] ?? ''),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(state.status).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		get deliveries() {
			return state.deliveries;
		},
		get status() {
			return state.status;
		},
		set status(value: number) {
			state.status = value;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
