/** A free loopback TCP port, for the test servers (n8n, its task broker, PostgreSQL). */
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}
