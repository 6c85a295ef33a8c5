/**
 * `npm run demo`: the whole reminder-to-proof pipeline in a real n8n 2.x, on this machine only.
 *
 * Starts the AR24-compatible sandbox, a MailDev SMTP server with its web inbox, and n8n with this package installed
 * as a community package; imports the demo workflows (examples/demo-*.json) and their credentials; publishes them;
 * runs the dunning pipeline on examples/data/invoices.csv; lets the sandbox's letters reach their outcomes (its clock
 * jumps 16 days); waits until the LRE Trigger workflow has archived every proof; then writes demo-output/ledger.csv
 * and prints a table per debtor and the KPIs. n8n stays up for the editor unless --exit (or CI) is given.
 *
 *   node .build/demo/run.js [--exit] [--port 5678] [--out demo-output]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, N8n, OWNER, ROOT } from '../devtools/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { debtorRows, kpis, kpiText, ledgerCsv, parseJsonLines, table, type DebtorRow, type EventLine, type Kpis, type LedgerLine } from './report';

export interface DemoOptions {
	out: string;
	/** n8n's port; 5678 when free, else any free port. */
	port?: number;
	/** n8n queue mode: main + Redis + two workers + a webhook processor (devtools/n8n.ts `startQueue`). */
	queue?: boolean;
	log?: (line: string) => void;
}

export interface DemoReport {
	rows: DebtorRow[];
	kpis: Kpis;
	text: string;
}

export interface Demo {
	n8n: N8n;
	sandbox: RunningSandbox;
	/** The editor (main process). */
	base: string;
	/** Where published webhooks are served (the main process, or the webhook processor in queue mode). */
	webhooks: string;
	inbox: string;
	out: string;
	owner: { email: string; password: string };
	runPipeline(): Promise<void>;
	settleLetters(timeoutMs?: number): Promise<void>;
	report(): Promise<DemoReport>;
	stop(): Promise<void>;
}

const TOKEN = 'demo-api-token';
const PRIVATE_KEY = 'demo-private-key';
const OTP = '123456';
const WORKFLOWS = ['demo-pipeline.json', 'demo-proof-archive.json'];
const TRIGGER_PATH = '5d3e0d4c-1a2b-4c3d-8e9f-0a1b2c3d4e02/webhook';

async function portOr(preferred: number): Promise<number> {
	const { createServer } = await import('node:net');
	return new Promise((resolvePort) => {
		const server = createServer();
		server.once('error', () => void freePort().then(resolvePort));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolvePort(preferred)));
	});
}

async function startMailDev(smtp: number, web: number, log: (line: string) => void): Promise<ChildProcess> {
	const bin = join(ROOT, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
	const child = spawn(process.execPath, [bin, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--smtp', String(smtp), '--web', String(web), '--silent'], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`MailDev exited: ${stderr}`);
		try {
			if ((await fetch(`http://127.0.0.1:${web}/api/healthz`)).ok) return child;
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	log(stderr);
	throw new Error('MailDev did not start within 30 s');
}

const readText = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

export async function startDemo(options: DemoOptions): Promise<Demo> {
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const out = resolve(options.out);
	rmSync(out, { recursive: true, force: true });
	for (const dir of ['notices', 'proofs']) mkdirSync(join(out, dir), { recursive: true });

	log('[demo] starting the AR24 sandbox');
	const sandbox = await startSandbox({ port: 0, token: TOKEN, privateKey: PRIVATE_KEY, dataDir: join(out, '.sandbox-data'), staticOtp: OTP, quiet: true });

	const smtpPort = await portOr(1025);
	const webPort = await portOr(1080);
	log(`[demo] starting MailDev (SMTP 127.0.0.1:${smtpPort})`);
	const maildev = await startMailDev(smtpPort, webPort, log);
	const inbox = `http://127.0.0.1:${webPort}`;

	log('[demo] installing this package into a fresh n8n 2.x user folder (n8n itself is cached after the first run)');
	const n8n = await N8n.create(2, { N8N_RESTRICT_FILE_ACCESS_TO: `${join(ROOT, 'examples', 'data')};${out}` });
	const port = await portOr(options.port ?? 5678);
	const base = `http://127.0.0.1:${port}`;
	const webhookPort = options.queue ? await freePort() : port;
	const webhooks = `http://127.0.0.1:${webhookPort}`;

	await n8n.importCredentials([
		{
			id: 'ar24sandbox',
			name: 'AR24 sandbox',
			type: 'ar24Api',
			data: { environment: 'custom', baseUrl: `${sandbox.url()}/api`, apiToken: TOKEN, privateKey: PRIVATE_KEY, sender: sandbox.options.senderEmail, timeoutSeconds: 30 },
		},
		{ id: 'smtpDemo', name: 'Demo SMTP (MailDev)', type: 'smtp', data: { host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true, user: '', password: '' } },
	]);
	for (const file of WORKFLOWS) {
		const text = readFileSync(join(ROOT, 'examples', file), 'utf8')
			.replaceAll('__DEMO_DIR__', ROOT)
			.replaceAll('__OUT_DIR__', out)
			.replaceAll('__N8N_URL__', webhooks);
		const id = await n8n.importWorkflow(JSON.parse(text));
		await n8n.publish(id);
	}
	if (options.queue) {
		log(`[demo] starting n8n in queue mode: main ${base}, Redis, two workers, webhook processor ${webhooks}`);
		await n8n.startQueue(2, port, webhookPort);
	} else {
		log(`[demo] starting n8n on ${base}`);
		await n8n.start(port);
	}
	await n8n.waitForWebhook(webhooks, 'lre-demo-run');
	await n8n.waitForWebhook(webhooks, TRIGGER_PATH);
	const owner = { email: OWNER.email, password: OWNER.password };
	await n8n.signIn(base);

	const ledgerFile = join(out, 'ledger.jsonl');
	const eventsFile = join(out, 'events.jsonl');

	const demo: Demo = {
		n8n,
		sandbox,
		base,
		webhooks,
		inbox,
		out,
		owner,
		async runPipeline() {
			log('[demo] running the dunning pipeline (POST /webhook/lre-demo-run)');
			const response = await fetch(`${webhooks}/webhook/lre-demo-run`, { method: 'POST', signal: AbortSignal.timeout(300_000) });
			if (!response.ok) throw new Error(`the pipeline failed: HTTP ${response.status} ${await response.text()}\n${n8n.log().slice(-3000)}`);
			await response.text();
		},
		async settleLetters(timeoutMs = 180_000) {
			const sent = new Set(
				parseJsonLines<LedgerLine>(readText(ledgerFile))
					.filter((l) => l.channel === 'lre' && l.letterId)
					.map((l) => String(l.letterId)),
			);
			log(`[demo] ${sent.size} letters sent; the sandbox clock jumps 16 days (acceptance, refusal, bounce, negligence after 15 days)`);
			await fetch(`${sandbox.url()}/_sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '16d' }) });
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const done = new Set(parseJsonLines<EventLine>(readText(eventsFile)).map((e) => String(e.letterId)));
				const missing = [...sent].filter((id) => !done.has(id));
				if (!missing.length) return;
				if (Date.now() > deadline) throw new Error(`no status event archived for letters ${missing.join(', ')}\n${n8n.log().slice(-3000)}`);
				await fetch(`${sandbox.url()}/_sandbox/tick`, { method: 'POST' });
				await new Promise((r) => setTimeout(r, 1000));
			}
		},
		async report() {
			const events = parseJsonLines<EventLine>(readText(eventsFile));
			const rows = debtorRows(parseJsonLines<LedgerLine>(readText(ledgerFile)), events);
			writeFileSync(join(out, 'ledger.csv'), ledgerCsv(rows));
			const emails = (await (await fetch(`${inbox}/api/email`)).json()) as unknown[];
			const figures = kpis(rows, events, emails.length);
			const text = [
				table(rows as unknown as Array<Record<string, unknown>>, ['debtorId', 'debtor', 'step', 'channel', 'letterId', 'finalState', 'proofFile', 'error']),
				'',
				kpiText(figures),
			].join('\n');
			return { rows, kpis: figures, text };
		},
		async stop() {
			await n8n.stop();
			maildev.kill();
			await sandbox.close();
		},
	};
	return demo;
}

export async function runDemo(options: DemoOptions & { keepRunning: boolean }): Promise<DemoReport> {
	const started = Date.now();
	const demo = await startDemo(options);
	try {
		await demo.runPipeline();
		await demo.settleLetters();
		const report = await demo.report();
		const seconds = Math.round((Date.now() - started) / 1000);
		process.stdout.write(`\n${report.text}\n\nOutput: ${demo.out} (notices/, proofs/, ledger.csv) — demo ran in ${seconds} s\n`);
		if (options.keepRunning) {
			process.stdout.write(
				[
					'',
					`n8n editor:   ${demo.base}  (sign in as ${demo.owner.email} / ${demo.owner.password}; see Executions)`,
					`E-mail inbox: ${demo.inbox}  (MailDev: the reminders with their PDFs)`,
					`AR24 sandbox: ${demo.sandbox.url()}/_sandbox/letters`,
					'Press Ctrl-C to stop everything.',
					'',
				].join('\n'),
			);
			await new Promise<void>((resolveStop) => {
				process.once('SIGINT', () => resolveStop());
				process.once('SIGTERM', () => resolveStop());
			});
		}
		return report;
	} finally {
		await demo.stop();
	}
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const value = (flag: string) => {
		const i = args.indexOf(flag);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const keepRunning = !args.includes('--exit') && !process.env.CI;
	runDemo({ out: value('--out') ?? join(ROOT, 'demo-output'), port: value('--port') ? Number(value('--port')) : undefined, queue: args.includes('--queue'), keepRunning }).then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(`[demo] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
