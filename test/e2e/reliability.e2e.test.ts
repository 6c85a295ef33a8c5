/**
 * Crash and retry safety in a real n8n 2.x: n8n SIGKILLed in the middle of a 200-letter batch and re-run, and a
 * batch under sandbox faults (5xx, timeouts, malformed bodies, rate limiting, before and after AR24 acted) → exactly
 * one letter per reference, every item accounted for.
 */
import type { RunningSandbox } from '../../sandbox/server';
import { N8n } from '../../devtools/n8n';
import { batchWorkflow } from '../../devtools/workflows';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { control, PRIVATE_KEY, sandbox, sandboxCredentials, TOKEN } from '../helpers/sandbox';

const WEBHOOK_SECRET = 'whsec-reliability-5f1c9a7e';
const CONSENT_SECRET = 'consent-reliability-8b2d4e6f';
let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456', seed: 7 });
	n8n = await N8n.create();
	// A short timeout so that held (timed-out) requests fail fast; every secret the credential can hold is set.
	await n8n.importSandboxCredential({
		...sandboxCredentials(sbx, 3),
		webhookSecret: WEBHOOK_SECRET,
		consentSecret: CONSENT_SECRET,
	});
}, 600_000);

afterAll(async () => {
	await sbx?.close();
});

type Letter = { id: number; ref_dossier: string };
const lettersOf = async (prefix: string) =>
	(await control<Letter[]>(sbx.url(), 'GET', '/letters')).filter((l) => l.ref_dossier.startsWith(`${prefix}-`));

function expectOnePerReference(letters: Letter[], count: number, prefix: string) {
	const refs = letters.map((l) => l.ref_dossier).sort();
	expect(new Set(refs).size).toBe(refs.length);
	expect(refs).toEqual(Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`));
}

it('SIGKILL in the middle of a 200-letter batch, restart, re-run → exactly one letter per reference', async () => {
	const id = await n8n.importWorkflow(batchWorkflow('relCrash', 'CRASH', 200));
	const { child, done } = n8n.cliProcess(['execute', `--id=${id}`, '--rawOutput']);
	let atKill = 0;
	for (let i = 0; i < 1200; i++) {
		atKill = (await lettersOf('CRASH')).length;
		if (atKill >= 40) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGKILL');
	await done;
	expect(atKill).toBeGreaterThanOrEqual(40);
	const afterKill = (await lettersOf('CRASH')).length;
	expect(afterKill).toBeLessThan(200);

	const rerun = await n8n.execute(id);
	expect(rerun.status).toBe('success');
	const items = rerun.nodes.Send;
	expect(items).toHaveLength(200);
	expect(items.filter((i) => i.json.error)).toEqual([]);
	// What the killed run sent is found again, not sent twice.
	expect(items.filter((i) => i.json.alreadySent === true).length).toBeGreaterThanOrEqual(afterKill - 4);
	expectOnePerReference(await lettersOf('CRASH'), 200, 'CRASH');
}, 600_000);

it('under 5xx, timeouts, malformed answers and rate limiting every item is sent once or fails clearly; a re-run completes', async () => {
	const faults = [
		{ type: '5xx', path: '/api/mail', method: 'POST', probability: 0.06, phase: 'before' },
		{ type: '5xx', path: '/api/mail', method: 'POST', probability: 0.04, phase: 'after' },
		{ type: 'timeout', path: '/api/mail', method: 'POST', probability: 0.03, phase: 'after', holdMs: 5000 },
		{ type: 'malformed', path: '/api/mail', method: 'POST', probability: 0.03, phase: 'after' },
		{ type: 'rate_limit', path: '/api/mail', method: 'POST', probability: 0.05, retryAfter: 1 },
		{ type: '5xx', path: '/api/user/mail', method: 'GET', probability: 0.1, phase: 'before' },
	];
	for (const fault of faults) await control(sbx.url(), 'POST', '/faults', fault);
	const id = await n8n.importWorkflow(batchWorkflow('relFaults', 'FAULT', 100));
	const run = await n8n.execute(id);
	const fired = await control<Array<{ type: string; fired: number }>>(sbx.url(), 'GET', '/faults');
	await control(sbx.url(), 'DELETE', '/faults');
	expect(fired.reduce((sum, f) => sum + f.fired, 0)).toBeGreaterThan(5);

	const items = run.nodes.Send;
	expect(items).toHaveLength(100);
	const letters = await lettersOf('FAULT');
	const byRef = new Map<string, number>();
	for (const l of letters) byRef.set(l.ref_dossier, (byRef.get(l.ref_dossier) ?? 0) + 1);
	expect([...byRef.values()].every((n) => n === 1)).toBe(true);
	items.forEach((item, i) => {
		const ref = `FAULT-${String(i + 1).padStart(3, '0')}`;
		if (item.json.error) {
			// A clear error naming the item, with what to do in its details.
			expect(String(item.json.error)).toMatch(new RegExp(`^Item ${i}: AR24 `));
			const { description } = (item as unknown as { error: { description: string } }).error;
			expect(description).toMatch(
				/run it again — LRE Send looks up the case reference first and never sends a letter twice|Nothing was sent/,
			);
		} else {
			expect(item.json.reference).toBe(ref);
			expect(byRef.get(ref)).toBe(1);
		}
	});

	const rerun = await n8n.execute(id);
	expect(rerun.nodes.Send.filter((i) => i.json.error)).toEqual([]);
	expectOnePerReference(await lettersOf('FAULT'), 100, 'FAULT');
}, 600_000);

it('no token, private key or HMAC secret in execution data or logs, even when items fail', async () => {
	const code = `return [
  { json: { reference: 'SECRET-1', email: 'ap+accept@debtor.example', name: 'Marie Durand' } },
  { json: { reference: 'SECRET-2', email: 'not an address', name: 'Dupont\\u202eLRAS' } },
];`;
	const workflow = {
		id: 'relSecrets',
		name: 'reliability: secrets',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'relSecrets-1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'relSecrets-2',
				name: 'Debtors',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: code },
			},
			{
				id: 'relSecrets-3',
				name: 'Send',
				type: 'n8n-nodes-lre.lreSend',
				typeVersion: 1,
				position: [400, -100],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'letter',
					operation: 'send',
					letterType: 'ere',
					reference: '={{ $json.reference }}',
					recipientEmail: '={{ $json.email }}',
					debtorType: 'professional',
					recipientCompany: '={{ $json.name }}',
					content: 'Mise en demeure',
					attachmentProperties: '',
					additionalFields: { webhookUrl: 'http://127.0.0.1:9/webhook/0b4f2f64-1111-4c3d-8e9f-0a1b2c3d4e99/webhook' },
					// Not this n8n's port: LRE Send signs it only because the host is allowed explicitly.
					options: { allowedWebhookHosts: '127.0.0.1:9' },
				},
				credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } },
			},
			{
				id: 'relSecrets-4',
				name: 'Invite',
				type: 'n8n-nodes-lre.debtorConsentInvite',
				typeVersion: 1,
				position: [400, 100],
				onError: 'continueRegularOutput',
				parameters: {
					operation: 'createInvite',
					debtorName: '={{ $json.name }}',
					debtorEmail: '={{ $json.email }}',
					debtorType: 'individual',
					senderName: 'ACME Industries SAS',
					pageUrl: 'https://n8n.example.com/webhook/lre-consent',
					language: 'fr',
					validDays: 14,
				},
				credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Debtors', type: 'main', index: 0 }]] },
			Debtors: {
				main: [
					[
						{ node: 'Send', type: 'main', index: 0 },
						{ node: 'Invite', type: 'main', index: 0 },
					],
				],
			},
		},
	};
	const id = await n8n.importWorkflow(workflow);
	const run = await n8n.cli(['execute', `--id=${id}`, '--rawOutput']);
	expect(run.stdout).toContain('SECRET-1');
	expect(run.stdout).toMatch(/Item 1: .*Recipient Email/);
	// Everything n8n stored (executions and their data included): every table of its SQLite database, read with the
	// runtime's Node 24 (node:sqlite).
	const dump = execFileSync(
		n8n.runtime.node,
		[
			'-e',
			`const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(process.argv[1], { readOnly: true });
			 for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()) console.log(name, JSON.stringify(db.prepare('SELECT * FROM "' + name + '"').all()));`,
			join(n8n.folder, '.n8n', 'database.sqlite'),
		],
		{ encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
	);
	expect(dump).toMatch(/^execution_data /m);
	expect(dump).toContain('SECRET-1');
	expect(dump).toContain('consentUrl');
	const everything = [dump, run.stdout, run.stderr].join('\n');
	for (const secret of [PRIVATE_KEY, TOKEN, WEBHOOK_SECRET, CONSENT_SECRET]) expect(everything).not.toContain(secret);
}, 300_000);
