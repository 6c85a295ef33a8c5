/**
 * The README's manual install, exactly as written there (section "Install"), of the packed tarball into a fresh
 * `~/.n8n/nodes`, once with npm on Node 20 and once with the same npm on Node 24 (n8n 2.x's Node, from
 * scripts/install-n8n.sh). Both trees must hold this package and its pdfkit, and no second n8n-workflow; n8n 2.41
 * started on the Node-24 user folder must offer every node and the credential to the editor.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, n8nRuntime, offlineEnv, OWNER, packedPackage } from '../../devtools/n8n';
import { startLocalRegistry } from '../helpers/registry';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The README's commands, verbatim between its markers (the test fails if they are moved or changed shape). */
function readmeInstallCommands(): string {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const block = /<!-- install:begin -->\s*```(?:bash|sh)\n([\s\S]*?)```\s*<!-- install:end -->/.exec(readme);
	if (!block) throw new Error('README.md has no <!-- install:begin --> … <!-- install:end --> block');
	return block[1];
}

interface Installed {
	home: string;
	npmAgent: string;
	packages: string[];
}

/** Runs the README's commands in a fresh HOME with `nodeBin`'s node first on PATH; the tarball stands for "the .tgz". */
async function install(nodeBin: string): Promise<Installed> {
	const home = mkdtempSync(join(tmpdir(), 'lre-install-'));
	// The shell's environment (proxy and CA settings of the machine included), without what npx/jest add.
	const shell = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_ENV$|INIT_CWD$|JEST_)/i.test(key)),
	);
	const env = {
		...shell,
		PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
		HOME: home,
		// The machine's npm cache (only a download cache: the install itself is as in a fresh home); no audit
		// or funding look-up (a stalled audit request once hung an install here for minutes).
		npm_config_cache: join(homedir(), '.npm'),
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		TARBALL: packedPackage(),
	};
	const script = readmeInstallCommands().replace(/\S*n8n-nodes-lre-[\w.]*\.tgz/g, '"$TARBALL"');
	await new Promise<void>((resolveRun, reject) => {
		const child = execFile(
			'bash',
			['-euo', 'pipefail', '-c', script],
			{ env, cwd: home, timeout: 120_000 },
			(error, _stdout, stderr) =>
				error
					? reject(new Error(`README install failed with ${nodeBin}/node: ${error.message}\n${stderr}`))
					: resolveRun(),
		);
		child.stdin?.end();
	});
	// The Node that ran npm (npm starts with `#!/usr/bin/env node`: the first node on PATH) and npm's version.
	const npmAgent = execFileSync('bash', ['-c', 'echo "npm/$(npm --version) node/$(node --version)"'], {
		env,
		cwd: home,
		encoding: 'utf8',
	}).trim();
	const modules = join(home, '.n8n/nodes/node_modules');
	const packages = readdirSync(modules)
		.filter((name) => !name.startsWith('.'))
		.flatMap((name) =>
			name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name],
		)
		.map(
			(name) =>
				`${name}@${(JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version: string }).version}`,
		)
		.sort();
	return { home, npmAgent, packages };
}

let node20: Installed;
let editorInstall: Promise<void>;
let node24: Installed;
const started: ChildProcess[] = [];

beforeAll(async () => {
	const rt = n8nRuntime(2);
	packedPackage();
	editorInstall = installFromEditor();
	editorInstall.catch(() => undefined); // awaited (and reported) by its test
	// Both installs at once (separate homes, one shared download cache).
	[node20, node24] = await Promise.all([
		install(dirname(execFileSync('bash', ['-c', 'command -v node'], { encoding: 'utf8' }).trim())),
		install(dirname(rt.node)),
	]);
}, 300_000);

afterAll(() => {
	for (const child of started) child.kill('SIGTERM');
	for (const tree of [node20, node24]) if (tree) rmSync(tree.home, { recursive: true, force: true });
});

it('installs with npm on Node 20 and on Node 24 into the same small tree, without a second n8n-workflow', () => {
	expect(node20.npmAgent).toMatch(/ node\/v20\./);
	expect(node24.npmAgent).toMatch(/ node\/v24\./);
	for (const tree of [node20, node24]) {
		expect(tree.packages).toContain(`n8n-nodes-lre@${pkg.version}`);
		expect(tree.packages.some((p) => p.startsWith('pdfkit@'))).toBe(true);
		expect(tree.packages.filter((p) => p.startsWith('n8n-workflow@') || p.startsWith('isolated-vm@'))).toEqual([]);
		expect(tree.packages.length).toBeLessThan(30);
		const installed = join(tree.home, '.n8n/nodes/node_modules/n8n-nodes-lre');
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(join(installed, file))).toBe(true);
	}
	expect(node24.packages).toEqual(node20.packages);
});

interface Started {
	base: string;
	cookie: string;
	log: () => string;
	get: <T>(path: string) => Promise<T>;
}

/** n8n 2.41 on `folder` (its user folder and HOME), owner set up and signed in. */
async function startN8n(folder: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
	const rt = n8nRuntime(2);
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		PATH: `${dirname(rt.node)}:${process.env.PATH ?? ''}`,
		HOME: folder,
		N8N_USER_FOLDER: folder,
		N8N_ENCRYPTION_KEY: 'lre-install-test-key',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		...offlineEnv(2),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		DB_SQLITE_POOL_SIZE: '1',
		...extraEnv,
	};
	let log = '';
	const child = spawn(rt.node, [rt.n8n, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	started.push(child);
	child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited ${child.exitCode}:\n${log}`);
		if (Date.now() > deadline) throw new Error(`n8n not ready in 120 s:\n${log}`);
		const ready = await fetch(`${base}/healthz/readiness`).then(
			(r) => r.ok,
			() => false,
		);
		if (ready && log.includes('Editor is now accessible')) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	const json = { 'content-type': 'application/json' };
	await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(OWNER) });
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: json,
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	expect(login.ok).toBe(true);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const get = async <T>(path: string) => (await (await fetch(`${base}${path}`, { headers: { cookie } })).json()) as T;
	return { base, cookie, log: () => log, get };
}

/** The node type names package.json declares, read from the nodes' sources. */
function declaredNodeNames(): string[] {
	const declared = pkg.n8n.nodes.map(
		(file) =>
			/displayName: '[^']+',\s*name: '([^']+)'/.exec(
				readFileSync(join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8'),
			)?.[1] ?? file,
	);
	expect(declared).toHaveLength(7);
	return declared;
}

/** n8n offers every node and the credentials of the package to the editor. */
async function expectOffered(n8n: Started): Promise<void> {
	const nodeNames = (await n8n.get<Array<{ name: string }>>('/types/nodes.json')).map((n) => n.name);
	for (const name of declaredNodeNames()) expect(nodeNames).toContain(`n8n-nodes-lre.${name}`);
	const credentialNames = (await n8n.get<Array<{ name: string }>>('/types/credentials.json')).map((c) => c.name);
	expect(credentialNames).toEqual(expect.arrayContaining(['ar24Api', 'mailevaApi', 'lreSigningKeysApi']));
	expect(n8n.log()).not.toMatch(/error.*n8n-nodes-lre|n8n-nodes-lre.*error/i);
}

it('n8n 2.41 started on the installed folder offers every node and the credential to the editor', async () => {
	await expectOffered(await startN8n(node24.home));
}, 180_000);

/**
 * Settings → Community Nodes → Install, as the editor sends it, in a fresh n8n whose registry serves the packed
 * package. Started in beforeAll next to the README installs (it mostly waits on the network), checked below.
 */
async function installFromEditor(): Promise<void> {
	const registry = await startLocalRegistry(packedPackage());
	const folder = mkdtempSync(join(tmpdir(), 'lre-ui-install-'));
	try {
		const n8n = await startN8n(folder, {
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
			npm_config_cache: join(homedir(), '.npm'),
			// n8n licenses a registry other than npmjs.org; its own end-to-end test mode lets a test grant that
			// licence flag (below). Nothing else of the install changes: it is n8n's code from here on.
			E2E_TESTS: 'true',
		});
		const grant = await fetch(`${n8n.base}/rest/e2e/feature`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ feature: 'feat:communityNodes:customRegistry', enabled: true }),
		});
		expect(grant.status).toBe(200);
		// What the editor's "Install" button sends (Settings → Community Nodes → Install → n8n-nodes-lre).
		const response = await fetch(`${n8n.base}/rest/community-packages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: n8n.cookie },
			body: JSON.stringify({ name: 'n8n-nodes-lre' }),
		});
		const body = (await response.json()) as {
			data?: { packageName: string; installedVersion: string; installedNodes: Array<{ type: string }> };
		};
		expect({ status: response.status, body }).toMatchObject({
			status: 200,
			body: { data: { packageName: 'n8n-nodes-lre', installedVersion: pkg.version } },
		});
		expect(body.data?.installedNodes.map((n) => n.type).sort()).toEqual(
			declaredNodeNames()
				.map((name) => `n8n-nodes-lre.${name}`)
				.sort(),
		);
		// n8n fetched it from the registry, as from npmjs.org, and its dependency (pdfkit) through it too.
		expect(registry.requests).toEqual(expect.arrayContaining(['/n8n-nodes-lre', '/pdfkit']));
		const installed = join(folder, '.n8n/nodes/node_modules/n8n-nodes-lre');
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(join(installed, file))).toBe(true);
		expect(existsSync(join(folder, '.n8n/nodes/node_modules/n8n-workflow'))).toBe(false);
		await expectOffered(n8n);
		const listed = await n8n.get<{ data: Array<{ packageName: string }> }>('/rest/community-packages');
		expect(listed.data.map((p) => p.packageName)).toContain('n8n-nodes-lre');
	} finally {
		await registry.close();
		rmSync(folder, { recursive: true, force: true });
	}
}

it("installs from the editor's Settings → Community Nodes (n8n's own install, from a registry serving the packed package)", async () => {
	await editorInstall;
}, 300_000);
