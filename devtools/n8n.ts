/**
 * A real n8n 2.x for end-to-end tests: installed once by scripts/install-n8n.sh (Node 24 + n8n from the npm
 * registry, cached outside the clone), with this package packed and installed as a community package into an
 * isolated user folder, exactly as an admin would (`~/.n8n/nodes`). Offers the CLI (import, execute, publish) and
 * `n8n start` on a loopback port for published webhooks. Nothing here reaches the internet: diagnostics, version
 * notifications, templates and personalization are off.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { consentKey } from '../lib/consent/token';
import { webhookKey } from '../lib/letter/webhookAuth';
import { freePort } from './ports';
import { Postgres } from './postgres';
import { roundRobinProxy, type RoundRobin } from './proxy';

export { freePort };

/** What keeps an n8n of this major from calling outside the machine: diagnostics, notifications, templates, banners… */
export function offlineEnv(major: 1 | 2): NodeJS.ProcessEnv {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// 2.x only: its MCP registry module fetches from api.n8n.io (1.x has no such module and refuses the name).
		...(major === 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
	};
}

/** The package root, from the sources (devtools/) or their compiled copy (.build/devtools/). */
function packageRoot(): string {
	let dir = __dirname;
	while (!(
		existsSync(join(dir, 'package.json')) &&
		JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'n8n-nodes-lre'
	)) {
		if (dirname(dir) === dir) throw new Error('n8n-nodes-lre package root not found');
		dir = dirname(dir);
	}
	return dir;
}

export const ROOT = packageRoot();

/** The owner account created in every test/demo n8n (local only, loopback). */
export const OWNER = {
	email: 'owner@lre-e2e.example',
	firstName: 'Credit',
	lastName: 'Manager',
	password: 'LreE2e-Passw0rd',
};

export interface Runtime {
	node: string;
	n8n: string;
	version: string;
}

const runtimes = new Map<number, Runtime>();
let tarball: string | undefined;

/** Installs (first time) and locates n8n 2.x (default) or the last 1.x. */
export function n8nRuntime(major: 1 | 2 = 2): Runtime {
	let runtime = runtimes.get(major);
	if (!runtime) {
		const script = join(ROOT, major === 1 ? 'scripts/install-n8n1.sh' : 'scripts/install-n8n.sh');
		const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
		const vars = Object.fromEntries(
			out
				.trim()
				.split('\n')
				.map((line) => line.split('=', 2) as [string, string]),
		);
		runtime = { node: vars.N8N_NODE, n8n: vars.N8N_BIN, version: vars.N8N_VERSION };
		runtimes.set(major, runtime);
	}
	return runtime;
}

/** `npm pack` of the built package (dist/ must be built: `npm test` builds first). */
export function packedPackage(): string {
	if (!tarball) {
		const dir = mkdtempSync(join(tmpdir(), 'lre-pack-'));
		execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) as string);
	}
	return tarball;
}

/** Whether a child process has ended (by itself or by a signal: a SIGKILLed child has a signalCode, no exitCode). */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface NodeOutput {
	json: Record<string, unknown>;
	binary?: Record<string, { fileName?: string; mimeType?: string; fileSize?: string }>;
	pairedItem?: unknown;
}

export interface Execution {
	status: string;
	error?: { message?: string; description?: string };
	/** Output items of each node (first run, first output), by node name. */
	nodes: Record<string, NodeOutput[]>;
	/** Errors per node, when the node failed. */
	nodeErrors: Record<string, { message?: string; description?: string }>;
}

export interface N8nOptions {
	/** n8n's database: its default SQLite file in the user folder, or a throw-away PostgreSQL cluster (devtools/postgres.ts). */
	database?: 'sqlite' | 'postgres';
}

export class N8n {
	readonly folder: string;
	readonly env: NodeJS.ProcessEnv;
	private server?: ChildProcess;
	private serverLog = '';
	/** Queue mode: Redis, the workers and the webhook processes (besides `server`, the main process). */
	private helpers: ChildProcess[] = [];
	private workers: ChildProcess[] = [];
	private webhookProcesses: Array<ChildProcess | undefined> = [];
	private launchWorker?: () => Promise<ChildProcess>;
	private launchWebhook?: (index: number) => Promise<ChildProcess>;
	private proxy?: RoundRobin;
	private queueEnv: NodeJS.ProcessEnv = {};
	/** Queue mode: each webhook process's own URL (the proxy's is `startQueue().webhooks`). */
	webhookUrls: string[] = [];
	port = 0;

	private constructor(
		folder: string,
		env: NodeJS.ProcessEnv,
		readonly runtime: Runtime,
		/** The PostgreSQL cluster n8n runs on (undefined: SQLite). */
		readonly postgres?: Postgres,
	) {
		this.folder = folder;
		this.env = env;
	}

	get database(): 'sqlite' | 'postgres' {
		return this.postgres ? 'postgres' : 'sqlite';
	}

	/**
	 * A fresh user folder with this package installed as a community package (n8n 2.x, or 1.x on request).
	 * `extraEnv` adds or overrides n8n settings (e.g. N8N_RESTRICT_FILE_ACCESS_TO for the demo).
	 */
	static async create(major: 1 | 2 = 2, extraEnv: NodeJS.ProcessEnv = {}, options: N8nOptions = {}): Promise<N8n> {
		const rt = n8nRuntime(major);
		const folder = mkdtempSync(join(tmpdir(), 'lre-n8n-'));
		const nodes = join(folder, '.n8n', 'nodes');
		mkdirSync(nodes, { recursive: true });
		// Without its own package.json npm would walk up and install into a parent project.
		writeFileSync(join(nodes, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		execFileSync(
			'npm',
			[
				'install',
				'--omit=dev',
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				packedPackage(),
			],
			{ cwd: nodes, stdio: ['ignore', 'ignore', 'inherit'] },
		);
		const env: NodeJS.ProcessEnv = {
			PATH: `${join(rt.node, '..')}:${process.env.PATH ?? ''}`,
			HOME: folder,
			N8N_USER_FOLDER: folder,
			N8N_ENCRYPTION_KEY: 'lre-e2e-encryption-key',
			...offlineEnv(major),
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_PYTHON_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			DB_SQLITE_POOL_SIZE: '1',
			N8N_LOG_LEVEL: 'info',
			TZ: process.env.TZ ?? 'Europe/Paris',
			// The offline 1.x install has no native isolated-vm: its legacy expression engine is used.
			...(major === 1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...extraEnv,
		};
		// PostgreSQL: started now, stopped by stop() (started again by the next command), removed when Node exits.
		const postgres = options.database === 'postgres' ? await Postgres.create() : undefined;
		if (postgres) Object.assign(env, postgres.env(), { DB_POSTGRESDB_POOL_SIZE: '4' });
		return new N8n(folder, env, rt, postgres);
	}

	/** Runs an n8n CLI command with its own task-broker port (so runs never collide). */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		const rt = this.runtime;
		this.postgres?.start();
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return new Promise((resolveRun, reject) => {
			const child = spawn(rt.node, [rt.n8n, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				resolveRun({ code: code ?? -1, stdout, stderr });
			});
		});
	}

	/** An n8n CLI command as a child process (to kill it mid-run), and its end. */
	cliProcess(args: string[]): { child: ChildProcess; done: Promise<CliResult> } {
		const rt = this.runtime;
		this.postgres?.start();
		const child = spawn(rt.node, [rt.n8n, ...args], {
			env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(40000 + Math.floor(Math.random() * 20000)) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const done = new Promise<CliResult>((resolveRun) =>
			child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr })),
		);
		return { child, done };
	}

	private async cliOk(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0)
			throw new Error(`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void> {
		const file = join(this.folder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	/**
	 * Imports the "AR24 sandbox" credential (id `ar24sandbox`) that every test workflow references, and the "LRE
	 * signing keys" credential the consent examples name (found by its name when n8n imports them).
	 */
	async importSandboxCredential(data: Record<string, unknown>): Promise<void> {
		await this.importCredentials([
			{ id: 'ar24sandbox', name: 'AR24 sandbox', type: 'ar24Api', data },
			{
				id: 'lreSigningKeysSandbox',
				name: 'LRE signing keys',
				type: 'lreSigningKeysApi',
				data: sandboxSigningKeys(data),
			},
		]);
	}

	/** Imports a workflow (its `id` is kept) and returns that id. */
	async importWorkflow(workflow: Record<string, unknown>): Promise<string> {
		const file = join(this.folder, `workflow-${String(workflow.id)}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.cliOk(['import:workflow', `--input=${file}`]);
		return String(workflow.id);
	}

	/** Imports several workflows with one n8n command (their `id`s kept) and returns those ids. */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<string[]> {
		const dir = mkdtempSync(join(this.folder, 'workflows-'));
		for (const workflow of workflows) writeFileSync(join(dir, `${String(workflow.id)}.json`), JSON.stringify(workflow));
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
		return workflows.map((workflow) => String(workflow.id));
	}

	async publish(workflowId: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${workflowId}`]);
	}

	/** `n8n execute --id` (the workflow needs a Manual Trigger) and its run data, parsed. */
	async execute(workflowId: string): Promise<Execution> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const lines = result.stdout.split('\n');
		const start = lines.indexOf('{');
		if (start < 0)
			throw new Error(`n8n execute printed no run data (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
		// The run data is pretty-printed from a line "{" to a line "}"; n8n may log more after it.
		const end = lines.indexOf('}', start);
		const run = JSON.parse(lines.slice(start, end < 0 ? undefined : end + 1).join('\n')) as {
			status?: string;
			data: {
				resultData: {
					error?: Execution['error'];
					runData: Record<string, Array<{ data?: { main?: NodeOutput[][] }; error?: Execution['error'] }>>;
				};
			};
		};
		const nodes: Execution['nodes'] = {};
		const nodeErrors: Execution['nodeErrors'] = {};
		for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
			nodes[name] = runs[0]?.data?.main?.[0] ?? [];
			if (runs[0]?.error) nodeErrors[name] = runs[0].error;
		}
		return {
			status: run.status ?? (run.data.resultData.error ? 'error' : 'success'),
			error: run.data.resultData.error,
			nodes,
			nodeErrors,
		};
	}

	/** `n8n start` on a loopback port (free, or `port`); resolves once published workflows are active. */
	async start(port?: number): Promise<string> {
		const rt = this.runtime;
		this.postgres?.start();
		// A restart keeps the port: URLs handed out before (letters' webhooks) must keep working.
		this.port ||= port ?? (await freePort());
		const base = `http://127.0.0.1:${this.port}`;
		const env = {
			...this.env,
			...this.queueEnv,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_WEBHOOK_URL: this.queueEnv.N8N_WEBHOOK_URL ?? `${base}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		this.serverLog = '';
		const child = spawn(rt.node, [rt.n8n, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.serverLog += chunk.toString()));
		this.server = child;
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n start exited ${child.exitCode}:\n${this.serverLog}`);
			try {
				// Ready, and done activating published workflows (their webhooks are registered by then).
				const health = await fetch(`${base}/healthz/readiness`);
				if (health.ok && this.serverLog.includes('Editor is now accessible')) return base;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n did not become ready within 120 s:\n${this.serverLog}`);
	}

	/**
	 * Waits until n8n serves a published webhook: a request with a method it does not take (GET for a POST-only
	 * webhook) answers "did you mean …" once it is registered, and "not registered" before.
	 */
	async waitForWebhook(base: string, path: string, probeMethod = 'GET', timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			const response = await fetch(`${base}/webhook/${path}`, { method: probeMethod });
			last = await response.text();
			if (last.includes('Did you mean to make a')) return;
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`webhook ${path} was never registered (last answer: ${last})\n${this.serverLog.slice(-3000)}`);
	}

	/** Creates the owner account (once) and signs in; later `rest()` calls carry the session cookie. */
	async signIn(base: string): Promise<void> {
		const owner = OWNER;
		const json = { 'content-type': 'application/json' };
		await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(owner) });
		const login = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
		this.cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}

	private cookie = '';

	/** A call to n8n's internal REST API as the signed-in owner. */
	async rest<T = unknown>(
		base: string,
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; body: T }> {
		const response = await fetch(`${base}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'lre-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
	}

	log(): string {
		return this.serverLog;
	}

	/** The process id of `n8n start` (the main process), while it runs: e.g. to read its CPU time in /proc. */
	get serverPid(): number | undefined {
		return this.server && !ended(this.server) ? this.server.pid : undefined;
	}

	/**
	 * n8n queue mode, the way self-hosted n8n scales: a local Redis (Debian's redis-server, loopback, no persistence),
	 * the main process (editor, API, triggers; production webhooks left to the webhook processes), `workers` workers
	 * and `webhookProcesses` webhook processes behind a round-robin loopback proxy (devtools/proxy.ts, as a load
	 * balancer), all on this instance's database (use `database: 'postgres'`: n8n supports queue mode on PostgreSQL
	 * only). Resolves to the editor URL and the webhook URL (the proxy's; `webhookUrls` has each process's own).
	 */
	async startQueue(
		workers = 2,
		mainPort?: number,
		webhookPort?: number,
		webhookProcesses = 2,
	): Promise<{ main: string; webhooks: string }> {
		const rt = this.runtime;
		const redisPort = await freePort();
		const ports = await Promise.all(Array.from({ length: webhookProcesses }, () => freePort()));
		this.webhookUrls = ports.map((port) => `http://127.0.0.1:${port}`);
		this.proxy = await roundRobinProxy(this.webhookUrls, webhookPort ?? 0);
		const webhooks = this.proxy.url;
		const redis = spawn(
			'redis-server',
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: 'ignore' },
		);
		this.helpers.push(redis);
		this.queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_WEBHOOK_URL: `${webhooks}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// A job whose worker died (SIGKILL) is failed once its lock lapses: 20 s here instead of n8n's 60 s (checked
			// every 5 s instead of 30 s), so a crash test does not wait a minute and a half for it. Admins tune the same.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '4000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		};
		const main = await this.start(mainPort);
		const launch = async (args: string[], name: string, port?: number) => {
			const env = {
				...this.env,
				...this.queueEnv,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				...(port ? { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' } : {}),
			};
			const child = spawn(rt.node, [rt.n8n, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
			child.stdout?.on('data', (chunk: Buffer) => (this.serverLog += `[${name}] ${chunk.toString()}`));
			child.stderr?.on('data', (chunk: Buffer) => (this.serverLog += `[${name}] ${chunk.toString()}`));
			return child;
		};
		this.launchWorker = () => launch(['worker', '--concurrency=5'], 'worker');
		this.launchWebhook = (index) => launch(['webhook'], `webhook${index + 1}`, ports[index]);
		for (let i = 0; i < workers; i++) this.workers.push(await this.launchWorker());
		for (let i = 0; i < webhookProcesses; i++) this.webhookProcesses.push(await this.launchWebhook(i));
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			const dead = this.webhookProcesses.find((child) => child && ended(child));
			if (dead) throw new Error(`n8n webhook exited ${dead.exitCode}:\n${this.serverLog.slice(-4000)}`);
			const ready = (
				await Promise.all(
					this.webhookUrls.map((url) =>
						fetch(`${url}/healthz`).then(
							(r) => r.ok,
							() => false,
						),
					),
				)
			).every(Boolean);
			const workersReady = (this.serverLog.match(/n8n worker is now ready/g) ?? []).length >= workers;
			if (ready && workersReady) return { main, webhooks };
			await new Promise((r) => setTimeout(r, 300));
		}
		throw new Error(`queue mode did not become ready within 180 s:\n${this.serverLog.slice(-4000)}`);
	}

	/**
	 * Queue mode: SIGKILLs webhook process `index` (a crash; the proxy then sends its share to the others) and, on
	 * request, starts it again on the same port and waits until it serves webhooks.
	 */
	async crashWebhook(index: number, restart: boolean): Promise<void> {
		const child = this.webhookProcesses[index];
		if (child && !ended(child)) await new Promise((r) => (child.once('exit', r), child.kill('SIGKILL')));
		this.webhookProcesses[index] = undefined;
		if (!restart || !this.launchWebhook) return;
		const fresh = await this.launchWebhook(index);
		this.webhookProcesses[index] = fresh;
		const deadline = Date.now() + 120_000;
		while (
			!(await fetch(`${this.webhookUrls[index]}/healthz`).then(
				(r) => r.ok,
				() => false,
			))
		) {
			if (ended(fresh))
				throw new Error(`restarted webhook process exited ${fresh.exitCode}:\n${this.serverLog.slice(-3000)}`);
			if (Date.now() > deadline)
				throw new Error(`restarted webhook process not ready:\n${this.serverLog.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	/** Queue mode: requests the proxy sent to each webhook process so far, by its URL. */
	proxyCounts(): Map<string, number> {
		return new Map(this.proxy?.counts ?? []);
	}

	/** Queue mode: SIGKILLs every worker (a crash), then, on request, starts as many fresh ones and waits for them. */
	async crashWorkers(restart: boolean): Promise<void> {
		const killed = this.workers.splice(0);
		await Promise.all(
			killed.map(
				(child) => new Promise((r) => (ended(child) ? r(null) : (child.once('exit', r), child.kill('SIGKILL')))),
			),
		);
		if (!restart || !this.launchWorker) return;
		const before = (this.serverLog.match(/n8n worker is now ready/g) ?? []).length;
		for (const _ of killed) this.workers.push(await this.launchWorker());
		const deadline = Date.now() + 120_000;
		while ((this.serverLog.match(/n8n worker is now ready/g) ?? []).length < before + killed.length) {
			if (Date.now() > deadline) throw new Error(`restarted workers not ready:\n${this.serverLog.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	/** Stops every process (PostgreSQL last; the next command or start() starts it again with the same data). */
	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		await this.proxy?.close();
		this.proxy = undefined;
		const webhooks = this.webhookProcesses.splice(0).filter((child): child is ChildProcess => child !== undefined);
		this.helpers.push(...this.workers.splice(0), ...webhooks);
		await Promise.all(
			this.helpers.splice(0).map(async (child) => {
				if (ended(child)) return;
				const exited = new Promise((r) => child.once('exit', r));
				child.kill(signal);
				const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
				await exited;
				clearTimeout(timer);
			}),
		);
		await this.stopMain(signal);
		this.postgres?.stop();
	}

	private async stopMain(signal: NodeJS.Signals): Promise<void> {
		const child = this.server;
		if (!child || ended(child)) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(timer);
		this.server = undefined;
	}
}

/**
 * The LRE Signing Keys API credential of the test n8n: the very keys the AR24 credential `ar24` signs with. The e2e
 * tests make consent links and trigger URLs in-process with the AR24 credential (as workflows made before the new
 * credential did), while the shipped consent examples name only the new credential (a Maileva-only set-up): with
 * the same keys, both sides agree. The in-process tests of the key switch itself use different keys
 * (test/integration/signingKeys*.test.ts).
 */
export function sandboxSigningKeys(ar24: Record<string, unknown>): { consentSecret: string; webhookSecret: string } {
	const privateKey = String(ar24.privateKey ?? '');
	return {
		consentSecret: consentKey(privateKey, String(ar24.consentSecret ?? '')),
		webhookSecret: webhookKey(privateKey, String(ar24.webhookSecret ?? '')),
	};
}
