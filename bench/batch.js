// A batch of letters through a real n8n 2.x to the sandbox (n8n execute, LRE Send four at a time): wall time,
// letters per second and the n8n process's peak RSS, against a 10-letter run of the same workflow in this run.
// The sandbox runs in this (the bench's) process, not in n8n's: its memory is reported apart (benchRssGrowthMb).
// LRE_BENCH_MEMORY=1 also loads bench/memory-sampler.js into n8n's process (forced GC every 3 s) and reports its live
// heap at the start and end of the batch: what is kept, against what is only not yet collected (`memory`).
// On n8n's SQLite and on PostgreSQL (devtools/postgres.ts, a throw-away cluster), one after the other; each database's
// figures against its own 10-letter run. `node -e "require('./bench/batch')({ databases: ['postgres'] })"` for one.
const { readFileSync, readdirSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { N8n } = require('../.build/devtools/n8n');
const { batchWorkflow } = require('../.build/devtools/workflows');
const { startSandbox } = require('../.build/sandbox/server');

const rssMb = (pid) => {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
};

async function timed(n8n, id, sbx, prefix, count) {
	const started = Date.now();
	const { child, done } = n8n.cliProcess(['execute', `--id=${id}`, '--rawOutput']);
	let peak = 0;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 100);
	const result = await done;
	clearInterval(sampler);
	const wallMs = Date.now() - started;
	const letters = sbx.store.all('mails').filter((m) => m.ref_dossier.startsWith(`${prefix}-`));
	if (result.code !== 0 || letters.length !== count)
		throw new Error(
			`batch ${prefix}: exit ${result.code}, ${letters.length}/${count} letters\n${result.stderr.slice(-2000)}`,
		);
	return { wallMs, peakRssMb: Math.round(peak) };
}

/** What memory-sampler.js recorded in the `n8n execute` process of the large run. */
function liveMemory(dir) {
	const runs = readdirSync(dir)
		.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
		.filter((r) => r.argv.startsWith('execute --id=benchLarge'));
	const run = runs[0];
	if (!run || run.live.length < 3) return undefined;
	const [first, last] = [run.live[1], run.live[run.live.length - 1]];
	return {
		peakRssWithForcedGcMb: run.peak.rss,
		liveHeapMbAtStart: first.heapUsedMb,
		liveHeapMbAtEnd: last.heapUsedMb,
		liveHeapGrowthMb: last.heapUsedMb - first.heapUsedMb,
		liveRssMbAtEnd: last.rssMb,
	};
}

async function measure(database, count) {
	const profile = process.env.LRE_BENCH_MEMORY === '1';
	const benchRssBefore = process.memoryUsage().rss;
	const sbx = await startSandbox({
		port: 0,
		token: 'bench-token',
		privateKey: 'bench-key',
		dataDir: mkdtempSync(join(tmpdir(), 'lre-bench-')),
		quiet: true,
	});
	let n8n;
	try {
		const memoryDir = mkdtempSync(join(tmpdir(), 'lre-bench-memory-'));
		n8n = await N8n.create(
			2,
			profile
				? {
						NODE_OPTIONS: `--expose-gc --require ${join(__dirname, 'memory-sampler.js')}`,
						LRE_BENCH_MEMORY_OUT: memoryDir,
					}
				: {},
			{ database },
		);
		await n8n.importCredentials([
			{
				id: 'ar24sandbox',
				name: 'AR24 sandbox',
				type: 'ar24Api',
				data: {
					environment: 'custom',
					baseUrl: `${sbx.url()}/api`,
					apiToken: 'bench-token',
					privateKey: 'bench-key',
					sender: sbx.options.senderEmail,
					timeoutSeconds: 30,
				},
			},
		]);
		const small = await n8n.importWorkflow(batchWorkflow('benchSmall', 'SMALL', 10));
		const large = await n8n.importWorkflow(batchWorkflow('benchLarge', 'LARGE', count));
		const baseline = await timed(n8n, small, sbx, 'SMALL', 10);
		const run = await timed(n8n, large, sbx, 'LARGE', count);
		const sendingMs = run.wallMs - baseline.wallMs;
		return {
			database,
			letters: count,
			wallSeconds: +(run.wallMs / 1000).toFixed(1),
			lettersPerSecond: +((count * 1000) / run.wallMs).toFixed(1),
			lettersPerSecondAfterStartup: +((count * 1000) / Math.max(sendingMs, 1)).toFixed(1),
			baseline10: { wallSeconds: +(baseline.wallMs / 1000).toFixed(1), peakRssMb: baseline.peakRssMb },
			peakRssMb: run.peakRssMb,
			rssGrowthMb: run.peakRssMb - baseline.peakRssMb,
			benchRssGrowthMb: Math.round((process.memoryUsage().rss - benchRssBefore) / 1048576),
			...(profile ? { memory: liveMemory(memoryDir) } : {}),
			goals: { wallSeconds: 60, rssGrowthMb: 300 },
		};
	} finally {
		await n8n?.stop();
		n8n?.postgres?.dispose();
		await sbx.close();
	}
}

/** One row per database (SQLite, then PostgreSQL). */
module.exports = async function batch({ quick = false, databases = ['sqlite', 'postgres'] } = {}) {
	const rows = [];
	for (const database of databases) rows.push(await measure(database, quick ? 200 : 1000));
	return rows;
};
