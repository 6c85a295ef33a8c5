/**
 * `npm run demo`: the whole reminder-to-proof pipeline in a real n8n 2.x, on this machine only.
 *
 * Starts the AR24-compatible sandbox, a MailDev SMTP server with its web inbox, and n8n with this package installed
 * as a community package; imports the demo workflows (examples/demo-*.json) and their credentials; publishes them.
 *
 * One day (default): runs the dunning pipeline on examples/data/invoices.csv as of 15 June 2026, lets the sandbox's
 * letters reach their outcomes (its clock jumps 16 days), waits until the LRE Trigger workflow has archived every
 * proof, runs it again the next morning (the bounced LRE goes by post), lets the paper letters reach La Poste's
 * outcome (the Maileva side of the sandbox: acknowledgement of receipt), writes demo-output/ledger.csv and prints a
 * table per letter and the KPIs.
 *
 * `--days N` (60 at most, the scenario's length): plays N consecutive business days of
 * examples/data/dunning-60-days.json — each day the accounting export as it is that day, the sandbox clock one day
 * on, the pipeline run as the 8:00 schedule would — prints the progress day by day, a timeline per debtor and the
 * KPIs, and writes ledger.csv and report.html.
 *
 * n8n stays up for the editor unless --exit (or CI) is given.
 *
 *   node .build/demo/run.js [--days 60] [--exit] [--queue] [--port 5678] [--out demo-output]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, N8n, OWNER, ROOT } from '../devtools/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { LEDGER_COLUMNS } from '../lib/dunning/ledger';
import type { LedgerRow } from '../lib/dunning/model';
import { Store } from '../sandbox/store';
import { MAILEVA_SANDBOX_LOGIN } from '../sandbox/maileva/server';
import { MAILEVA_OIDC_ENDPOINT } from '../lib/maileva/endpoints';
import { passwordGrantForm } from '../lib/maileva/token';
import { stateOfMailevaLetter, type MailevaObject } from '../lib/maileva/provider';
import {
	kpis,
	kpiText,
	ledgerCsv,
	letterLines,
	parseJsonLines,
	table,
	type EventLine,
	type Kpis,
	type LetterLine,
} from './report';
import { report60 } from './report60';
import { reportHtml } from './reportHtml';
import { changesOn, csvOf, dayOf, loadScenario, rowsOn } from './scenario';

export interface DemoOptions {
	out: string;
	/** n8n's port; 5678 when free, else any free port. */
	port?: number;
	/** n8n queue mode on PostgreSQL: main + Redis + two workers + two webhook processes behind a proxy (devtools/n8n.ts `startQueue`). */
	queue?: boolean;
	log?: (line: string) => void;
}

export interface DemoReport {
	letters: LetterLine[];
	ledger: LedgerRow[];
	events: EventLine[];
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
	/** Runs the pipeline as of a business day (default: the workflow's own, 15 June 2026) on an invoices file. */
	runPipeline(asOf?: string, invoicesFile?: string): Promise<void>;
	/** Moves the sandbox clock on, then waits until the proof archive has recorded every final state. */
	advance(duration: string, timeoutMs?: number): Promise<void>;
	settleLetters(timeoutMs?: number): Promise<void>;
	/** The paper letters on the Maileva side of the sandbox (each sending with its one recipient), read with Maileva's own API. */
	mailevaLetters(): Promise<Array<{ sending: MailevaObject; recipient: MailevaObject | undefined }>>;
	/** The "LRE ledger" Data Table, as n8n holds it. */
	ledger(): Promise<LedgerRow[]>;
	report(): Promise<DemoReport>;
	stop(): Promise<void>;
}

/** The demo's first business day, 08:00 in Paris (06:00 UTC in summer time): the sandbox clock starts there. */
const SANDBOX_START_UTC = (day: string) => Date.parse(`${day}T06:00:00Z`);
const DEMO_DAY = '2026-06-15';

const LEDGER_TYPES: Record<string, string> = { amount: 'number' };
const CONSENT_COLUMNS = [
	'kind',
	'decision',
	'email',
	'recordedAt',
	'name',
	'debtorStatus',
	'ip',
	'ipSource',
	'userAgent',
	'consentTextVersion',
	'consentTextSha256',
	'tokenId',
	'channel',
	'sender',
	'language',
	'invitedAt',
	'reason',
];

const TOKEN = 'demo-api-token';
const PRIVATE_KEY = 'demo-private-key';
const OTP = '123456';
const WORKFLOWS = ['demo-pipeline.json', 'demo-proof-archive.json'];
const TRIGGER_PATH = '5d3e0d4c-1a2b-4c3d-8e9f-0a1b2c3d4e02/webhook';
/** The proof archive's entry that reads the paper letters' postal outcome from Maileva (no webhook for those here). */
const PAPER_STATUS_PATH = 'lre-demo-paper-status';
const FINAL_STATES = ['accepted', 'refused', 'negligence', 'bounced'];

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
	const child = spawn(
		process.execPath,
		[bin, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--smtp', String(smtp), '--web', String(web), '--silent'],
		{
			stdio: ['ignore', 'ignore', 'pipe'],
		},
	);
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

export async function startDemo(options: DemoOptions & { startDay?: string }): Promise<Demo> {
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const out = resolve(options.out);
	rmSync(out, { recursive: true, force: true });
	for (const dir of ['notices', 'proofs']) mkdirSync(join(out, dir), { recursive: true });

	// The sandbox's clock starts on the demo's first business day, so that AR24's proofs and the letters agree.
	const dataDir = join(out, '.sandbox-data');
	const store = new Store(dataDir);
	store.meta.clockOffsetMs = SANDBOX_START_UTC(options.startDay ?? DEMO_DAY) - Date.now();
	store.saveMeta();
	log('[demo] starting the AR24 sandbox');
	const sandbox = await startSandbox({
		port: 0,
		token: TOKEN,
		privateKey: PRIVATE_KEY,
		dataDir,
		staticOtp: OTP,
		quiet: true,
	});

	const smtpPort = await portOr(1025);
	const webPort = await portOr(1080);
	log(`[demo] starting MailDev (SMTP 127.0.0.1:${smtpPort})`);
	const maildev = await startMailDev(smtpPort, webPort, log);
	const inbox = `http://127.0.0.1:${webPort}`;

	log('[demo] installing this package into a fresh n8n 2.x user folder (n8n itself is cached after the first run)');
	// Queue mode runs on PostgreSQL (a throw-away cluster, devtools/postgres.ts), as n8n supports it; one process on SQLite.
	const n8n = await N8n.create(
		2,
		{ N8N_RESTRICT_FILE_ACCESS_TO: `${join(ROOT, 'examples', 'data')};${out}` },
		{ database: options.queue ? 'postgres' : 'sqlite' },
	);
	const port = await portOr(options.port ?? 5678);
	const base = `http://127.0.0.1:${port}`;
	const webhookPort = options.queue ? await freePort() : port;
	const webhooks = `http://127.0.0.1:${webhookPort}`;

	await n8n.importCredentials([
		{
			id: 'ar24sandbox',
			name: 'AR24 sandbox',
			type: 'ar24Api',
			data: {
				environment: 'custom',
				baseUrl: `${sandbox.url()}/api`,
				apiToken: TOKEN,
				privateKey: PRIVATE_KEY,
				sender: sandbox.options.senderEmail,
				otpSecret: sandbox.options.otpKey,
				timeoutSeconds: 30,
			},
		},
		{
			// The consent examples' credential (the screenshots import consent-invite.json): its own two secrets.
			id: 'lreSigningKeysDemo',
			name: 'LRE signing keys',
			type: 'lreSigningKeysApi',
			data: { consentSecret: randomBytes(32).toString('base64'), webhookSecret: randomBytes(32).toString('base64') },
		},
		{
			id: 'mailevaSandbox',
			name: 'Maileva sandbox',
			type: 'mailevaApi',
			data: { environment: 'custom', apiUrl: `${sandbox.url()}/maileva`, tokenUrl: '', ...MAILEVA_SANDBOX_LOGIN },
		},
		{
			id: 'smtpDemo',
			name: 'Demo SMTP (MailDev)',
			type: 'smtp',
			data: { host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true, user: '', password: '' },
		},
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
		log(
			`[demo] starting n8n in queue mode on PostgreSQL: main ${base}, Redis, two workers, two webhook processes behind a round-robin proxy ${webhooks}`,
		);
		await n8n.startQueue(2, port, webhookPort);
	} else {
		log(`[demo] starting n8n on ${base}`);
		await n8n.start(port);
	}
	await n8n.waitForWebhook(webhooks, 'lre-demo-run');
	await n8n.waitForWebhook(webhooks, TRIGGER_PATH);
	await n8n.waitForWebhook(webhooks, PAPER_STATUS_PATH);
	const owner = { email: OWNER.email, password: OWNER.password };
	await n8n.signIn(base);

	// The ledger and the consents live in n8n Data Tables (the pipeline creates them too; here they are made first so
	// that the consent evidence of examples/data/consents.json — what the consent page would have recorded — is in).
	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const answer = await n8n.rest<{ data: T }>(base, method, path, body);
		if (answer.status >= 300)
			throw new Error(`n8n ${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
		return answer.body.data;
	};
	const project = await rest<{ id: string }>('GET', '/projects/personal');
	const createTable = (name: string, columns: string[], types: Record<string, string> = {}) =>
		rest<{ id: string }>('POST', `/projects/${project.id}/data-tables`, {
			name,
			columns: columns.map((column) => ({ name: column, type: types[column] ?? 'string' })),
		});
	const ledgerTable = await createTable('LRE ledger', [...LEDGER_COLUMNS], LEDGER_TYPES);
	const consentsTable = await createTable('LRE consents', CONSENT_COLUMNS);
	const consents = JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'consents.json'), 'utf8')) as Array<
		Record<string, unknown>
	>;
	await rest('POST', `/projects/${project.id}/data-tables/${consentsTable.id}/insert`, {
		data: consents.map((c) =>
			Object.fromEntries(CONSENT_COLUMNS.map((k) => [k, c[k] === undefined ? null : String(c[k])])),
		),
	});

	const eventsFile = join(out, 'events.jsonl');

	const readLedger = async (): Promise<LedgerRow[]> => {
		const rows: LedgerRow[] = [];
		for (let skip = 0; ; skip += 200) {
			const page = await rest<{ count: number; data: Array<Record<string, unknown>> }>(
				'GET',
				`/projects/${project.id}/data-tables/${ledgerTable.id}/rows?take=200&skip=${skip}&sortBy=id:asc`,
			);
			rows.push(
				...page.data.map(
					(row) => Object.fromEntries(LEDGER_COLUMNS.map((c) => [c, row[c] ?? ''])) as unknown as LedgerRow,
				),
			);
			if (skip + page.data.length >= page.count || !page.data.length) return rows;
		}
	};

	const mailevaLetters = async (): Promise<Array<{ sending: MailevaObject; recipient: MailevaObject | undefined }>> => {
		const maileva = `${sandbox.url()}/maileva`;
		const token = (await (
			await fetch(`${maileva}${MAILEVA_OIDC_ENDPOINT}`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: passwordGrantForm(MAILEVA_SANDBOX_LOGIN),
			})
		).json()) as { access_token: string };
		const get = async <T>(path: string) =>
			(await (
				await fetch(`${maileva}/registered_mail/v4${path}`, {
					headers: { authorization: `Bearer ${token.access_token}` },
				})
			).json()) as T;
		const { sendings = [] } = await get<{ sendings?: MailevaObject[] }>('/sendings?count=500');
		const out: Array<{ sending: MailevaObject; recipient: MailevaObject | undefined }> = [];
		for (const sending of sendings.filter((s) => s.status !== 'DRAFT')) {
			const { recipients = [] } = await get<{ recipients?: MailevaObject[] }>(
				`/sendings/${String(sending.id)}/recipients`,
			);
			out.push({ sending, recipient: recipients[0] });
		}
		return out;
	};

	/** Waits until the proof archive has an event for every letter the sandbox (AR24 and Maileva) has put in a final state. */
	const waitForEvents = async (timeoutMs: number) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finals = (
				(await (await fetch(`${sandbox.url()}/_sandbox/letters`)).json()) as Array<{ id: number; state: string }>
			).filter((l) => FINAL_STATES.includes(l.state));
			const done = () =>
				new Set(parseJsonLines<EventLine>(readText(eventsFile)).map((e) => `${e.letterId}:${e.event}`));
			const postal = (await mailevaLetters())
				.map((l) => ({ id: String(l.sending.id), state: stateOfMailevaLetter(l) }))
				.filter((l) => FINAL_STATES.includes(l.state));
			// La Poste's outcomes are read by the archive's "Follow up paper letters" (as its hourly schedule would).
			if (postal.some((l) => !done().has(`${l.id}:${l.state}`))) {
				const answer = await fetch(`${webhooks}/webhook/${PAPER_STATUS_PATH}`, {
					method: 'POST',
					signal: AbortSignal.timeout(120_000),
				});
				if (!answer.ok)
					throw new Error(
						`the paper letters' follow-up failed: HTTP ${answer.status} ${await answer.text()}\n${n8n.log().slice(-3000)}`,
					);
				await answer.text();
			}
			const seen = done();
			const missing = [...finals, ...postal].filter((l) => !seen.has(`${l.id}:${l.state}`));
			if (!missing.length) return;
			if (Date.now() > deadline)
				throw new Error(
					`no status event archived for letters ${missing.map((l) => `${l.id} (${l.state})`).join(', ')}\n${n8n.log().slice(-3000)}`,
				);
			await fetch(`${sandbox.url()}/_sandbox/tick`, { method: 'POST' });
			await new Promise((r) => setTimeout(r, 500));
		}
	};

	const demo: Demo = {
		n8n,
		sandbox,
		base,
		webhooks,
		inbox,
		out,
		owner,
		async runPipeline(asOf?: string, invoicesFile?: string) {
			const response = await fetch(`${webhooks}/webhook/lre-demo-run`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...(asOf ? { asOf } : {}), ...(invoicesFile ? { invoicesFile } : {}) }),
				signal: AbortSignal.timeout(300_000),
			});
			if (!response.ok)
				throw new Error(
					`the pipeline failed: HTTP ${response.status} ${await response.text()}\n${n8n.log().slice(-3000)}`,
				);
			await response.text();
		},
		async advance(duration: string, timeoutMs = 180_000) {
			await fetch(`${sandbox.url()}/_sandbox/clock`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ advance: duration }),
			});
			await waitForEvents(timeoutMs);
		},
		async settleLetters(timeoutMs = 180_000) {
			log('[demo] the sandbox clock jumps 16 days (acceptance, refusal, bounce, negligence after 15 days)');
			await demo.advance('16d', timeoutMs);
		},
		ledger: readLedger,
		mailevaLetters,
		async report() {
			const events = parseJsonLines<EventLine>(readText(eventsFile));
			const ledger = await readLedger();
			const letters = letterLines(ledger, events);
			writeFileSync(join(out, 'ledger.csv'), ledgerCsv(letters));
			const emails = (await (await fetch(`${inbox}/api/email`)).json()) as Array<{ to: Array<{ address: string }> }>;
			const toDebtors = emails.filter((e) => !e.to.some((t) => t.address === ALERT_EMAIL)).length;
			const figures = kpis(ledger, events, toDebtors);
			const text = [
				table(letters as unknown as Array<Record<string, unknown>>, [
					'debtorId',
					'sentOn',
					'step',
					'channel',
					'state',
					'reference',
					'letterId',
					'proofFile',
					'error',
				]),
				'',
				kpiText(figures),
			].join('\n');
			return { letters, ledger, events, kpis: figures, text };
		},
		async stop() {
			await n8n.stop();
			// Queue mode: the throw-away PostgreSQL cluster goes too (a test runner may not let Node's 'exit' hook run).
			n8n.postgres?.dispose();
			maildev.kill();
			await sandbox.close();
		},
	};
	return demo;
}

/** The address the pipeline's alerts (failures, paper letters needed) go to (Settings → alertEmail). */
export const ALERT_EMAIL = 'credit-manager@acme-industries.example';

export interface DayLine {
	day: string;
	letters: Array<{ debtorId: string; step: string; channel: string; state: string; reference: string }>;
	changes: Array<{ debtorId: string; note: string }>;
	errors: number;
}

/** Plays `days` business days of the 60-day scenario, one pipeline run per day. */
export async function runDays(
	demo: Demo,
	days: number,
	log: (line: string) => void,
	scenario = loadScenario(ROOT),
): Promise<DayLine[]> {
	const file = join(demo.out, 'invoices.csv');
	const lines: DayLine[] = [];
	let seen = 0;
	for (let d = 0; d < Math.min(days, scenario.days); d++) {
		const day = dayOf(scenario, d);
		// Overnight: the sandbox lives through the day before (acceptances, refusals, bounces…), the archive records them.
		if (d > 0) await demo.advance('1d');
		writeFileSync(file, csvOf(rowsOn(scenario, day)));
		await demo.runPipeline(day, file);
		const ledger = await demo.ledger();
		const today = ledger.slice(seen).filter((row) => row.businessDate === day && row.step && row.state !== 'planned');
		seen = ledger.length;
		const line: DayLine = {
			day,
			letters: today.map((row) => ({
				debtorId: row.debtorId,
				step: row.step,
				channel: row.channel,
				state: row.state,
				reference: row.reference,
			})),
			changes: changesOn(scenario, day).map((c) => ({ debtorId: c.debtorId, note: c.note })),
			errors: ledger.filter((row) => row.businessDate === day && (row.state === 'dataError' || row.state === 'failed'))
				.length,
		};
		lines.push(line);
		const what = line.letters
			.map((l) => `${l.debtorId} ${l.step} ${l.channel}${l.state === 'failed' ? ' FAILED' : ''}`)
			.join(', ');
		log(
			`[demo] day ${String(d + 1).padStart(2)} ${day}: ${what || 'no letter'}${line.errors ? ` — ${line.errors} error(s), see the ledger` : ''}`,
		);
	}
	return lines;
}

/** Per debtor: date → step → channel → outcome, from the ledger. */
export function timelineText(report: DemoReport): string {
	const byDebtor = new Map<string, LetterLine[]>();
	for (const letter of report.letters)
		byDebtor.set(letter.debtorId, [...(byDebtor.get(letter.debtorId) ?? []), letter]);
	return [...byDebtor.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(
			([debtor, letters]) =>
				`${debtor}: ${letters.map((l) => `${l.sentOn} ${l.step} (${l.channel}) → ${l.state}`).join(' · ')}`,
		)
		.join('\n');
}

export async function runDemo(options: DemoOptions & { keepRunning: boolean; days?: number }): Promise<DemoReport> {
	const started = Date.now();
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const scenario = loadScenario(ROOT);
	const demo = await startDemo({ ...options, startDay: options.days ? scenario.start : DEMO_DAY });
	try {
		if (options.days) {
			log(`[demo] playing ${options.days} days from ${scenario.start} (examples/data/dunning-60-days.json)`);
			await runDays(demo, options.days, log, scenario);
		} else {
			log('[demo] running the dunning pipeline (POST /webhook/lre-demo-run)');
			await demo.runPipeline();
			await demo.settleLetters();
			// The next morning: the bounced formal notice goes by post; then La Poste brings its acknowledgement of receipt.
			log(
				'[demo] running the pipeline again: nothing is sent twice; the bounced formal notice goes as a postal registered letter',
			);
			await demo.runPipeline();
			log(
				'[demo] the sandbox clock moves 4 days (La Poste presents the letter, the acknowledgement of receipt comes back)',
			);
			await demo.advance('4d');
		}
		const report = await demo.report();
		if (options.days) {
			const page = report60(
				scenario,
				Math.min(options.days, scenario.days),
				report.ledger,
				report.kpis,
				new Date().toISOString(),
			);
			writeFileSync(join(demo.out, 'report.html'), reportHtml(page));
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		process.stdout.write(
			`\n${report.text}\n${options.days ? `\nTimeline per debtor:\n${timelineText(report)}\n` : ''}\nOutput: ${demo.out} (notices/, proofs/, ledger.csv${options.days ? ', report.html' : ''}) — demo ran in ${seconds} s\n`,
		);
		if (options.keepRunning) {
			process.stdout.write(
				[
					'',
					`n8n editor:   ${demo.base}  (sign in as ${demo.owner.email} / ${demo.owner.password}; see Executions, and Data tables → LRE ledger)`,
					`E-mail inbox: ${demo.inbox}  (MailDev: the reminders with their PDFs, the alerts to ${ALERT_EMAIL})`,
					`AR24 sandbox: ${demo.sandbox.url()}/api  (token ${TOKEN}, private key ${PRIVATE_KEY}, OTP ${OTP}; letters: ${demo.sandbox.url()}/_sandbox/letters)`,
					`Maileva sandbox: ${demo.sandbox.url()}/maileva  (client ${MAILEVA_SANDBOX_LOGIN.clientId} / ${MAILEVA_SANDBOX_LOGIN.clientSecret}, login ${MAILEVA_SANDBOX_LOGIN.username} / ${MAILEVA_SANDBOX_LOGIN.password}; the paper letters)`,
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
	const days = value('--days') ? Number(value('--days')) : undefined;
	if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 60)) {
		process.stderr.write(
			'[demo] --days takes a whole number from 1 to 60 (the scenario examples/data/dunning-60-days.json has 60 days)\n',
		);
		process.exit(2);
	}
	runDemo({
		out: value('--out') ?? join(ROOT, 'demo-output'),
		port: value('--port') ? Number(value('--port')) : undefined,
		queue: args.includes('--queue'),
		keepRunning,
		days,
	}).then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(
				`[demo] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
			);
			process.exit(1);
		},
	);
}
