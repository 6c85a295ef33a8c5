// The LRE Trigger against n8n's own Webhook node, on the same n8n, receiving the same deliveries, in the same run,
// on SQLite and on PostgreSQL: 500 accepted letters (100 with --quick), each delivered twice (AR24 retries and
// duplicates) as LRE Send signs its URLs, eight at a time. The plain workflow is Webhook → HTTP Request (every delivery
// starts an execution); the LRE one is LRE Trigger → HTTP Request (the trigger re-reads each letter at the sandbox,
// starts one execution per event and answers the duplicate without one). Cost per delivery = wall time from the first
// delivery to the last execution's report / deliveries. Goal: LRE ≤ 2 × Webhook. Also a profile: the latency of one
// delivery at a time, for a refused (unsigned) call, a duplicate (re-read, no execution), a new event and a plain
// Webhook call. `node bench/trigger.js [--quick] [--db=sqlite|postgres] [--letters=N] [--cpu-prof=DIR]` runs only this
// section (after npm run build && npm run build:dev); --cpu-prof writes V8 CPU profiles of the n8n processes to DIR.
const { createServer } = require('node:http');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { N8n } = require('../.build/devtools/n8n');
const { startSandbox } = require('../.build/sandbox/server');
const { postMail } = require('./ar24');
const { signWebhookUrl, webhookKey } = require('../.build/lib/letter/webhookAuth');

const TOKEN = 'bench-token';
const KEY = 'bench-private-key';
const WEBHOOK_ID = '3c2b1a09-8f7e-4d6c-9b5a-0000000b3c40';
const GOAL_RATIO = 2;

const createLetter = async (base, i) =>
	(await postMail(base, TOKEN, KEY, { to_email: `ap+accept@trig${i}.example`, ref_dossier: `TRIG-${i}` })).id;
/** CPU time (user + system, ms) the process has used so far, from /proc (Linux); undefined elsewhere. */
const cpuMs = (pid) => {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
	} catch {
		return undefined;
	}
};
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? +sorted[Math.floor(sorted.length / 2)].toFixed(1) : null;
};

function report(receiverUrl, path, trigger) {
	return {
		id: `bt-${path}-2`,
		name: 'Report',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: {
			method: 'POST',
			url: `${receiverUrl}/${path}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: trigger,
			options: {},
		},
	};
}

async function measure(database, letters, cpuProfileDir) {
	const sbx = await startSandbox({
		port: 0,
		token: TOKEN,
		privateKey: KEY,
		dataDir: mkdtempSync(join(tmpdir(), 'lre-bench-')),
		quiet: true,
	});
	const hits = { lre: [], plain: [] };
	const receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			(req.url === '/lre' ? hits.lre : hits.plain).push({ at: Date.now(), body });
			res.end('ok');
		});
	});
	await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
	const receiverUrl = `http://127.0.0.1:${receiver.address().port}`;
	const n8n = await N8n.create(2, cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {}, {
		database,
	});
	try {
		const ids = [];
		for (let i = 0; i < letters + 40; i++) ids.push(await createLetter(sbx.url(), i));
		const profileIds = ids.splice(letters);
		await fetch(`${sbx.url()}/_sandbox/clock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ advance: '3h' }),
		});
		await n8n.importCredentials([
			{
				id: 'ar24sandbox',
				name: 'AR24 sandbox',
				type: 'ar24Api',
				data: {
					environment: 'custom',
					baseUrl: `${sbx.url()}/api`,
					apiToken: TOKEN,
					privateKey: KEY,
					sender: sbx.options.senderEmail,
					timeoutSeconds: 30,
				},
			},
		]);
		const lre = await n8n.importWorkflow({
			id: 'benchTrigger',
			name: 'bench: LRE Trigger',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'bt-1',
					name: 'LRE Trigger',
					type: 'n8n-nodes-lre.lreTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { events: ['accepted'], downloadProof: false },
					credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } },
				},
				report(receiverUrl, 'lre', '={{ JSON.stringify({ letterId: $json.letterId, event: $json.event }) }}'),
			],
			connections: { 'LRE Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		});
		const plain = await n8n.importWorkflow({
			id: 'benchWebhook',
			name: 'bench: Webhook',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'bt-p1',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'bench-plain-hook',
					parameters: { httpMethod: 'POST', path: 'bench-plain', responseMode: 'onReceived', options: {} },
				},
				report(
					receiverUrl,
					'plain',
					'={{ JSON.stringify({ letterId: $json.body.id_mail, event: $json.body.new_state }) }}',
				),
			],
			connections: { Webhook: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		});
		await n8n.publish(lre);
		await n8n.publish(plain);
		const base = await n8n.start();
		await n8n.waitForWebhook(base, `${WEBHOOK_ID}/webhook`);
		await n8n.waitForWebhook(base, 'bench-plain');
		const urls = {
			lre: signWebhookUrl(`${base}/webhook/${WEBHOOK_ID}/webhook`, webhookKey(KEY)),
			plain: `${base}/webhook/bench-plain`,
		};
		const post = async (url, letterId) => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ id_mail: String(letterId), new_state: 'AR' }).toString(),
			});
			await response.text();
			return response.status;
		};

		// Profile: one delivery at a time (each figure the median of 20).
		const timed = async (fn) => {
			const t = process.hrtime.bigint();
			await fn();
			return Number(process.hrtime.bigint() - t) / 1e6;
		};
		const profile = { unsignedMs: [], newEventMs: [], duplicateMs: [], plainMs: [] };
		for (const id of profileIds.slice(0, 20)) {
			profile.plainMs.push(await timed(() => post(urls.plain, id)));
			profile.unsignedMs.push(await timed(() => post(`${base}/webhook/${WEBHOOK_ID}/webhook`, id)));
			profile.newEventMs.push(await timed(() => post(urls.lre, id)));
			profile.duplicateMs.push(await timed(() => post(urls.lre, id)));
		}
		await new Promise((r) => setTimeout(r, 2000));
		hits.lre.length = 0;
		hits.plain.length = 0;

		// Each letter's two deliveries are back to back (and run in parallel): the hardest case for duplicates.
		const deliveries = ids.flatMap((letterId) => [letterId, letterId]);
		const run = async (kind) => {
			const answers = [];
			const cpuBefore = cpuMs(n8n.serverPid);
			const started = Date.now();
			let next = 0;
			await Promise.all(
				Array.from({ length: 8 }, async () => {
					while (next < deliveries.length) answers.push(await post(urls[kind], deliveries[next++]));
				}),
			);
			const expected = kind === 'lre' ? ids.length : deliveries.length;
			const deadline = Date.now() + 600_000;
			while (hits[kind].length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
			const lastHit = Math.max(...hits[kind].map((h) => h.at));
			const cpuAfter = cpuMs(n8n.serverPid);
			await new Promise((r) => setTimeout(r, 3000)); // late duplicates would show up here
			const distinct = new Set(hits[kind].map((h) => JSON.parse(h.body).letterId));
			const ms = Math.max(lastHit - started, 1);
			return {
				answered200: answers.filter((s) => s === 200).length,
				executions: hits[kind].length,
				lost: ids.length - distinct.size,
				doubled: kind === 'lre' ? hits[kind].length - distinct.size : undefined,
				seconds: +(ms / 1000).toFixed(1),
				msPerDelivery: +(ms / deliveries.length).toFixed(1),
				n8nCpuMsPerDelivery:
					cpuBefore === undefined || cpuAfter === undefined
						? null
						: +((cpuAfter - cpuBefore) / deliveries.length).toFixed(1),
			};
		};
		const plainRun = await run('plain');
		const lreRun = await run('lre');
		return {
			database,
			deliveries: deliveries.length,
			letters: ids.length,
			webhook: plainRun,
			trigger: lreRun,
			ratio: +(lreRun.msPerDelivery / plainRun.msPerDelivery).toFixed(2),
			// The same by the n8n process's CPU time, which the other jobs of a shared machine disturb less than wall time.
			cpuRatio:
				lreRun.n8nCpuMsPerDelivery && plainRun.n8nCpuMsPerDelivery
					? +(lreRun.n8nCpuMsPerDelivery / plainRun.n8nCpuMsPerDelivery).toFixed(2)
					: null,
			profileMedianMs: Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, median(v)])),
		};
	} finally {
		await n8n.stop();
		n8n.postgres?.dispose();
		receiver.close();
		await sbx.close();
	}
}

/** Both databases; a flat summary (bench/run.js prints it as a table row) plus the details per database. */
module.exports = async function trigger({
	quick = false,
	databases = ['sqlite', 'postgres'],
	letters = quick ? 100 : 500,
	cpuProfileDir,
} = {}) {
	const summary = { goalRatio: GOAL_RATIO };
	const details = [];
	for (const database of databases) {
		const result = await measure(database, letters, cpuProfileDir);
		details.push(result);
		summary[`${database}WebhookMsPerDelivery`] = result.webhook.msPerDelivery;
		summary[`${database}TriggerMsPerDelivery`] = result.trigger.msPerDelivery;
		summary[`${database}Ratio`] = result.ratio;
		summary[`${database}WebhookCpuMsPerDelivery`] = result.webhook.n8nCpuMsPerDelivery;
		summary[`${database}TriggerCpuMsPerDelivery`] = result.trigger.n8nCpuMsPerDelivery;
		summary[`${database}CpuRatio`] = result.cpuRatio;
		summary[`${database}TriggerLost`] = result.trigger.lost;
		summary[`${database}TriggerDoubled`] = result.trigger.doubled;
	}
	Object.defineProperty(summary, 'details', { value: details, enumerable: false });
	return summary;
};

if (require.main === module) {
	const quick = process.argv.includes('--quick');
	const only = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
	const letters = process.argv.find((a) => a.startsWith('--letters='))?.slice(10);
	const cpuProfileDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice(11);
	module
		.exports({
			quick,
			databases: only ? [only] : undefined,
			letters: letters ? Number(letters) : undefined,
			cpuProfileDir,
		})
		.then((summary) => {
			for (const d of summary.details) {
				console.log(`== ${d.database}: ${d.deliveries} deliveries of ${d.letters} letters, 8 at a time ==`);
				console.log(
					`  n8n Webhook → HTTP Request: ${d.webhook.executions} executions, ${d.webhook.seconds} s, ${d.webhook.msPerDelivery} ms per delivery`,
				);
				console.log(
					`  LRE Trigger → HTTP Request: ${d.trigger.executions} executions (lost ${d.trigger.lost}, doubled ${d.trigger.doubled}), ${d.trigger.seconds} s, ${d.trigger.msPerDelivery} ms per delivery`,
				);
				console.log(
					`  ratio LRE / Webhook: ${d.ratio}× (goal ≤ ${GOAL_RATIO}×); by n8n's CPU time per delivery (${d.trigger.n8nCpuMsPerDelivery} vs ${d.webhook.n8nCpuMsPerDelivery} ms): ${d.cpuRatio}×`,
				);
				console.log(`  one delivery at a time (median ms): ${JSON.stringify(d.profileMedianMs)}`);
			}
			console.log(JSON.stringify(summary));
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
