/**
 * n8n queue mode — how self-hosted n8n scales past one machine: main + Redis + two workers + a webhook processor
 * (devtools/n8n.ts `startQueue`, Debian's redis-server). The demo pipeline gives the same results there, and workers
 * SIGKILLed in the middle of a 200-letter batch leave exactly one letter per reference after a re-run.
 */
import { batchWorkflow } from '../../devtools/workflows';
import { N8n } from '../../devtools/n8n';
import type { RunningSandbox } from '../../sandbox/server';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { demoSuite } from './demoSuite';

describe('the demo in queue mode', () => {
	demoSuite({ queue: true });
});

describe('crash in queue mode', () => {
	let sbx: RunningSandbox;
	let n8n: N8n;
	let webhooks: string;

	beforeAll(async () => {
		sbx = await sandbox({ staticOtp: '123456' });
		n8n = await N8n.create();
		await n8n.importSandboxCredential(sandboxCredentials(sbx, 5));
		await n8n.publish(await n8n.importWorkflow(batchWorkflow('queueCrash', 'QCRASH', 200, 'webhook')));
		({ webhooks } = await n8n.startQueue(2));
		await n8n.waitForWebhook(webhooks, 'batch-qcrash');
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await sbx?.close();
	}, 120_000);

	const letters = async () => (await control<Array<{ ref_dossier: string }>>(sbx.url(), 'GET', '/letters')).filter((l) => l.ref_dossier.startsWith('QCRASH-'));

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

		const rerun = await fetch(`${webhooks}/webhook/batch-qcrash`, { method: 'POST', signal: AbortSignal.timeout(300_000) });
		expect(rerun.status).toBe(200);
		const refs = (await letters()).map((l) => l.ref_dossier).sort();
		expect(new Set(refs).size).toBe(refs.length);
		expect(refs).toEqual(Array.from({ length: 200 }, (_, i) => `QCRASH-${String(i + 1).padStart(3, '0')}`));
	}, 600_000);
});
