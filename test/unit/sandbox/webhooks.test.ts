/**
 * sandbox/webhooks.ts: a call of `deliverDue()` (the control API after the clock moved) resolves only once every
 * attempt under way has ended, also one the background tick started a moment before — else a test that moves the
 * clock can look at the trigger before AR24's delivery reached it (seen: 1 run in 4 of lreTrigger.providers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClock } from '../../../sandbox/clock';
import { Store } from '../../../sandbox/store';
import { WebhookQueue } from '../../../sandbox/webhooks';

let server: Server;
let url: string;
let dir: string;
/** Lets the receiver answer the request it holds. */
let release: () => void = () => undefined;
const received: string[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			release = () => {
				received.push(body);
				res.writeHead(200).end('ok');
			};
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	dir = mkdtempSync(join(tmpdir(), 'lre-webhooks-'));
});
afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	rmSync(dir, { recursive: true, force: true });
});

it('a second deliverDue() waits for the attempt the first one started, and sees it delivered', async () => {
	const store = new Store(dir);
	const queue = new WebhookQueue(store, new SandboxClock(1, 0), 'form', () => undefined);
	const delivery = queue.enqueue(7, url, 'accepted', { id_mail: '7', new_state: 'AR' });

	const background = queue.deliverDue(); // the background tick takes the delivery
	await new Promise((resolve) => setTimeout(resolve, 100)); // its request is held by the receiver
	let secondDone = false;
	const second = queue.deliverDue().then(() => (secondDone = true));
	await new Promise((resolve) => setTimeout(resolve, 200));
	expect(secondDone).toBe(false);

	release();
	await Promise.all([background, second]);
	expect(received).toEqual(['id_mail=7&new_state=AR']);
	expect(store.get<{ status: string; attempts: number }>('webhooks', delivery.id)).toMatchObject({
		status: 'delivered',
		attempts: 1,
	});
});
