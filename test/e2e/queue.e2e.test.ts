/**
 * n8n queue mode on PostgreSQL — how self-hosted n8n scales past one machine: main + Redis + two workers + two
 * webhook processes behind a round-robin proxy (devtools/n8n.ts `startQueue`, devtools/postgres.ts, Debian's
 * redis-server and postgresql). The demo pipeline gives the same results there; workers SIGKILLed in the middle of a
 * 200-letter batch leave exactly one letter per reference after a re-run; the LRE Trigger, given every event twice at
 * the same moment by the two webhook processes, archives one proof per event and loses none when a webhook process is
 * SIGKILLed mid-burst (at least once, with the idempotent key `eventKey` on every item: see nodes/shared/eventLedger.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { signWebhookUrl, webhookKey } from '../../lib/letter/webhookAuth';
import { batchWorkflow } from '../../devtools/workflows';
import { N8n } from '../../devtools/n8n';
import type { RunningSandbox } from '../../sandbox/server';
import { postMail } from '../helpers/ar24Mail';
import { receiver, type Receiver } from '../helpers/receiver';
import { control, PRIVATE_KEY, sandbox, sandboxCredentials, tempDir, TOKEN } from '../helpers/sandbox';
import { demoSuite } from './demoSuite';

describe('the demo in queue mode', () => {
	demoSuite({ queue: true });
});

const WEBHOOK_ID = '6d1e2f3a-4b5c-4d6e-8f70-0000000a1818';
/**
 * Events of the double-delivery test (each delivered twice) and of the crash test. 200 keeps `npm test` short (2 cores);
 * LRE_QUEUE_EVENTS=1000 is the figure (README "Scaling" has the measured run).
 */
const EVENTS = Number(process.env.LRE_QUEUE_EVENTS ?? 200);
const CRASH_EVENTS = Number(process.env.LRE_QUEUE_CRASH_EVENTS ?? 100);
/** Generous: ~0.6 s per event on a loaded 2-core machine (measured ~0.15 s). */
const timeoutFor = (events: number) => 120_000 + events * 600;

describe('queue mode on PostgreSQL: crashes and duplicate deliveries', () => {
	let sbx: RunningSandbox;
	let n8n: N8n;
	let webhooks: string;
	let inbox: Receiver;
	let archive: string;

	beforeAll(async () => {
		sbx = await sandbox({ staticOtp: '123456' });
		inbox = await receiver();
		archive = tempDir('lre-archive-');
		n8n = await N8n.create(2, { N8N_RESTRICT_FILE_ACCESS_TO: archive }, { database: 'postgres' });
		await n8n.importSandboxCredential(sandboxCredentials(sbx, 30));
		for (const id of await n8n.importWorkflows([
			batchWorkflow('queueCrash', 'QCRASH', 200, 'webhook'),
			archiveWorkflow(inbox.url, archive),
		]))
			await n8n.publish(id);
		({ webhooks } = await n8n.startQueue(2));
		await n8n.waitForWebhook(webhooks, 'batch-qcrash');
		for (const url of n8n.webhookUrls) await n8n.waitForWebhook(url, `${WEBHOOK_ID}/webhook`);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		n8n?.postgres?.dispose();
		await inbox?.close();
		await sbx?.close();
	}, 120_000);

	it('runs on PostgreSQL: the executions are in its database', async () => {
		expect(n8n.database).toBe('postgres');
		expect(Number(n8n.postgres!.query('select count(*) from workflow_entity')[0])).toBeGreaterThanOrEqual(2);
	});

	const letters = async () =>
		(await control<Array<{ ref_dossier: string }>>(sbx.url(), 'GET', '/letters')).filter((l) =>
			l.ref_dossier.startsWith('QCRASH-'),
		);

	it('SIGKILL of the workers mid-batch, restart, re-run → exactly one letter per reference', async () => {
		const first = fetch(`${webhooks}/webhook/batch-qcrash`, { method: 'POST' }).then(
			(r) => r.status,
			() => 0,
		);
		let atKill = 0;
		for (let i = 0; i < 1200 && atKill < 40; i++) {
			atKill = (await letters()).length;
			await new Promise((r) => setTimeout(r, 100));
		}
		await n8n.crashWorkers(true);
		expect(atKill).toBeGreaterThanOrEqual(40);
		expect((await letters()).length).toBeLessThan(200);
		await first;

		const rerun = await fetch(`${webhooks}/webhook/batch-qcrash`, {
			method: 'POST',
			signal: AbortSignal.timeout(300_000),
		});
		expect(rerun.status).toBe(200);
		const refs = (await letters()).map((l) => l.ref_dossier).sort();
		expect(new Set(refs).size).toBe(refs.length);
		expect(refs).toEqual(Array.from({ length: 200 }, (_, i) => `QCRASH-${String(i + 1).padStart(3, '0')}`));
	}, 600_000);

	/** `count` accepted letters at the sandbox (created directly, as AR24 would have them), their ids. */
	async function acceptedLetters(prefix: string, count: number): Promise<string[]> {
		const ids: string[] = [];
		for (let i = 0; i < count; i++)
			ids.push(
				String(
					(
						await postMail(sbx.url(), TOKEN, PRIVATE_KEY, {
							to_email: `ap+accept@${prefix.toLowerCase()}${i}.example`,
							ref_dossier: `${prefix}-${i}`,
						})
					).id,
				),
			);
		await control(sbx.url(), 'POST', '/clock', { advance: '3h' });
		return ids;
	}

	/** One AR24-style delivery of letter `id`'s acceptance to `base`: its HTTP status (0 when the connection broke). */
	const deliver = (base: string, id: string) =>
		fetch(signWebhookUrl(`${base}/webhook/${WEBHOOK_ID}/webhook`, webhookKey(PRIVATE_KEY)) as string, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ id_mail: id, new_state: 'AR' }).toString(),
			signal: AbortSignal.timeout(60_000),
		}).then(
			async (r) => (await r.text(), r.status),
			() => 0,
		);

	const reported = () =>
		inbox.deliveries
			.filter((d) => d.path === '/archived')
			.map((d) => JSON.parse(d.body) as { eventKey: string; fileName: string });

	async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!done()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n.log().slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	it(
		`${EVENTS} events delivered twice, the two copies at the same moment to the two webhook processes → one archived proof per event, none lost`,
		async () => {
			const ids = await acceptedLetters('DUP', EVENTS);
			const started = Date.now();
			const statuses: number[] = [];
			let next = 0;
			await Promise.all(
				Array.from({ length: 4 }, async () => {
					while (next < ids.length) {
						const id = ids[next++];
						statuses.push(...(await Promise.all(n8n.webhookUrls.map((url) => deliver(url, id)))));
					}
				}),
			);
			const keys = ids.map((id) => `${id}:accepted`);
			await until(
				'every event archived',
				() => new Set(reported().map((r) => r.eventKey)).size >= EVENTS,
				timeoutFor(EVENTS),
			);
			await new Promise((r) => setTimeout(r, 3000)); // late duplicates would show up here
			const seconds = (Date.now() - started) / 1000;
			const runs = reported();
			const files = readdirSync(archive).filter((f) => f.endsWith('.pdf'));
			// eslint-disable-next-line no-console
			console.log(
				`queue/PostgreSQL: ${EVENTS} events × 2 deliveries → ${runs.length} executions (${runs.length - EVENTS} duplicates absorbed by the idempotent archive), ${files.length} files, ${seconds.toFixed(1)} s`,
			);
			expect(statuses.filter((s) => s !== 200)).toEqual([]);
			expect([...new Set(runs.map((r) => r.eventKey))].sort()).toEqual([...keys].sort());
			// At least once, at most once per webhook process; the archive, keyed by the event, has one file per event.
			const perKey = new Map<string, number>();
			for (const run of runs) perKey.set(run.eventKey, (perKey.get(run.eventKey) ?? 0) + 1);
			expect(Math.max(...perKey.values())).toBeLessThanOrEqual(n8n.webhookUrls.length);
			expect(files.length).toBe(EVENTS);
			expect(new Set(runs.map((r) => r.fileName)).size).toBe(EVENTS);
		},
		2 * timeoutFor(EVENTS),
	);

	it(
		'SIGKILL of a webhook process mid-burst, restart, AR24-style retries → every event arrives',
		async () => {
			const ids = await acceptedLetters('KILL', CRASH_EVENTS);
			const keys = ids.map((id) => `${id}:accepted`);
			const pending = new Set(ids);
			const burst = async () => {
				const queue = [...pending];
				await Promise.all(
					Array.from({ length: 6 }, async () => {
						for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
							// Through the proxy (a load balancer), as AR24 reaches n8n; a 200 is AR24's "delivered".
							if ((await deliver(webhooks, id)) === 200) pending.delete(id);
						}
					}),
				);
			};
			const first = burst();
			await until(
				'the burst under way',
				() =>
					reported().filter((r) => r.eventKey.endsWith(':accepted') && keys.includes(r.eventKey)).length >=
					CRASH_EVENTS / 5,
				120_000,
			);
			await n8n.crashWebhook(0, false);
			await first;
			const failedAtCrash = pending.size;
			await n8n.crashWebhook(0, true);
			// AR24 retries what was not acknowledged (every 15 minutes, up to 48 times; here at once, a few rounds).
			for (let round = 0; round < 5 && pending.size > 0; round++) await burst();
			expect(pending.size).toBe(0);
			await until(
				'every event of the burst archived',
				() => keys.every((key) => reported().some((r) => r.eventKey === key)),
				180_000,
			);
			// eslint-disable-next-line no-console
			console.log(
				`queue/PostgreSQL crash: ${CRASH_EVENTS} events, ${failedAtCrash} unacknowledged at the SIGKILL and retried, all archived`,
			);
			const counts = n8n.proxyCounts();
			expect(counts.get(n8n.webhookUrls[0])).toBeGreaterThan(0);
			expect(counts.get(n8n.webhookUrls[1])).toBeGreaterThan(0);
		},
		// The waits inside carry the deadlines that matter, each failing with its name and n8n's log; this one only stops
		// a hung test. It is their sum — the burst under way (120 s), the restart (devtools/n8n.ts: 120 s), the first
		// burst and the retry rounds (2 × timeoutFor), the archive (180 s) — so that load beside the suite (a CI run with
		// another e2e suite, seen once at 417 s instead of 216 s) makes the test slow, not red.
		120_000 + 120_000 + 2 * timeoutFor(CRASH_EVENTS) + 180_000,
	);
});

/** LRE Trigger (accepted, proof attached) → Write File to Disk (the proof archive, named per event) → report. */
function archiveWorkflow(receiverUrl: string, dir: string): Record<string, unknown> {
	return {
		id: 'queueArchive',
		name: 'e2e: queue proof archive',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'qa-1',
				name: 'LRE Trigger',
				type: 'n8n-nodes-lre.lreTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { events: ['accepted'], downloadProof: true },
				credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } },
			},
			{
				id: 'qa-2',
				name: 'Archive Proof',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: {
					operation: 'write',
					fileName: `=${join(dir, '{{ $json.proof.fileName }}')}`,
					dataPropertyName: 'proof',
					options: {},
				},
			},
			{
				id: 'qa-3',
				name: 'Report',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'POST',
					url: `${receiverUrl}/archived`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						"={{ JSON.stringify({ eventKey: $('LRE Trigger').item.json.eventKey, fileName: $('LRE Trigger').item.json.proof.fileName }) }}",
					options: {},
				},
			},
		],
		connections: {
			'LRE Trigger': { main: [[{ node: 'Archive Proof', type: 'main', index: 0 }]] },
			'Archive Proof': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
	};
}
