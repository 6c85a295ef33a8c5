// The LRE Trigger absorbing webhook deliveries in a real n8n 2.x: 500 accepted letters, each delivered twice
// (AR24 retries and duplicates), signed as LRE Send signs its URLs, eight at a time. Every letter must start exactly
// one execution (the trigger re-reads each letter at the sandbox and remembers what it emitted).
const { createServer } = require('node:http');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { N8n, freePort } = require('../.build/devtools/n8n');
const { startSandbox } = require('../.build/sandbox/server');
const { postMail } = require('./ar24');
const { signWebhookUrl, webhookKey } = require('../.build/lib/letter/webhookAuth');

const TOKEN = 'bench-token';
const KEY = 'bench-private-key';
const WEBHOOK_ID = '3c2b1a09-8f7e-4d6c-9b5a-0000000b3c40';

const createLetter = async (base, i) => (await postMail(base, TOKEN, KEY, { to_email: `ap+accept@trig${i}.example`, ref_dossier: `TRIG-${i}` })).id;

module.exports = async function trigger({ quick = false } = {}) {
	const letters = quick ? 100 : 500;
	const sbx = await startSandbox({ port: 0, token: TOKEN, privateKey: KEY, dataDir: mkdtempSync(join(tmpdir(), 'lre-bench-')), quiet: true });
	const hits = [];
	const receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			hits.push({ at: Date.now(), body });
			res.end('ok');
		});
	});
	await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
	const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hit`;
	const n8n = await N8n.create();
	try {
		const ids = [];
		for (let i = 0; i < letters; i++) ids.push(await createLetter(sbx.url(), i));
		await fetch(`${sbx.url()}/_sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '3h' }) });
		await n8n.importCredentials([
			{ id: 'ar24sandbox', name: 'AR24 sandbox', type: 'ar24Api', data: { environment: 'custom', baseUrl: `${sbx.url()}/api`, apiToken: TOKEN, privateKey: KEY, sender: sbx.options.senderEmail, timeoutSeconds: 30 } },
		]);
		const id = await n8n.importWorkflow({
			id: 'benchTrigger',
			name: 'bench: LRE Trigger',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: 'bt-1', name: 'LRE Trigger', type: 'n8n-nodes-lre.lreTrigger', typeVersion: 1, position: [0, 0], webhookId: WEBHOOK_ID, parameters: { events: ['accepted'], downloadProof: false }, credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } } },
				{ id: 'bt-2', name: 'Report', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0], parameters: { method: 'POST', url: receiverUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ letterId: $json.letterId, event: $json.event }) }}', options: {} } },
			],
			connections: { 'LRE Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		});
		await n8n.publish(id);
		const base = await n8n.start(await freePort());
		await n8n.waitForWebhook(base, `${WEBHOOK_ID}/webhook`);
		const url = signWebhookUrl(`${base}/webhook/${WEBHOOK_ID}/webhook`, webhookKey(KEY));
		const deliveries = ids.flatMap((letterId) => [letterId, letterId]).map((letterId) => new URLSearchParams({ id_mail: String(letterId), new_state: 'AR' }).toString());
		// Each letter's two deliveries are back to back (and run in parallel): the hardest case for duplicates.
		const started = Date.now();
		const answers = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (next < deliveries.length) {
					const body = deliveries[next++];
					const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
					answers.push(response.status);
					await response.text();
				}
			}),
		);
		const deadline = Date.now() + 180_000;
		while (new Set(hits.map((h) => JSON.parse(h.body).letterId)).size < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		const lastHit = Math.max(...hits.map((h) => h.at));
		await new Promise((r) => setTimeout(r, 3000)); // late duplicates would show up here
		const distinct = new Set(hits.map((h) => JSON.parse(h.body).letterId));
		return {
			deliveries: deliveries.length,
			letters: ids.length,
			answered200: answers.filter((s) => s === 200).length,
			executions: hits.length,
			lost: ids.length - distinct.size,
			doubled: hits.length - distinct.size,
			seconds: +((lastHit - started) / 1000).toFixed(1),
			executionsPerSecond: +((hits.length * 1000) / Math.max(lastHit - started, 1)).toFixed(1),
			deliveriesPerSecond: +((deliveries.length * 1000) / Math.max(lastHit - started, 1)).toFixed(1),
		};
	} finally {
		await n8n.stop();
		receiver.close();
		await sbx.close();
	}
};
