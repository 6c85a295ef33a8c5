// Notice throughput (issue #20): the own line layout (lib/notice/layout.ts) against the former pdfkit-wrapping path
// (layout: 'pdfkit', the baseline) and warm headless Chromium printing the same letter, standard and PDF/A-2b, each
// the median of 5 runs; letters per CPU second = letters per second on one core. Then a CPU profile of the new path
// and the RSS growth over 10,000 letters in this process. `node bench/notices.js [--quick]` runs this part alone.
const { readFileSync, readdirSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { generateNotice } = require('../dist/lib/notice/generate');
const { composeNotice } = require('../dist/lib/notice/compose');
const letter = require('./fixture');
const html = require('./letter-html');

/** CPU time (ms) of a process and all its descendants, from /proc. */
function treeCpuMs(rootPid) {
	const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
	const stats = [];
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			stats.push({ pid: Number(pid), ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) * tick });
		} catch {
			// process ended meanwhile
		}
	}
	const inTree = new Set([rootPid]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const s of stats) if (!inTree.has(s.pid) && inTree.has(s.ppid)) (inTree.add(s.pid), (grew = true));
	}
	return stats.filter((s) => inTree.has(s.pid)).reduce((sum, s) => sum + s.cpu, 0);
}

/** Runs `render(i)` `warm` times, then `n` timed times, one after the other. */
async function measure(name, n, warm, render, extraCpu = () => 0) {
	for (let i = 0; i < warm; i++) await render(1_000_000 + i);
	const times = [];
	let bytes = 0;
	const cpu0 = process.cpuUsage();
	const extra0 = extraCpu();
	const t0 = process.hrtime.bigint();
	let peakRss = process.memoryUsage().rss;
	for (let i = 0; i < n; i++) {
		const t = process.hrtime.bigint();
		const pdf = await render(i);
		times.push(Number(process.hrtime.bigint() - t) / 1e6);
		bytes = pdf.length;
		if (i % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}
	const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	const cpuMs = (cpu.user + cpu.system) / 1000 + (extraCpu() - extra0);
	times.sort((a, b) => a - b);
	return {
		name,
		docs: n,
		perSecond: +((n * 1000) / wallMs).toFixed(1),
		msPerDoc: +(wallMs / n).toFixed(2),
		p95Ms: +times[Math.floor(n * 0.95)].toFixed(2),
		cpuMsPerDoc: +(cpuMs / n).toFixed(2),
		perCpuSecond: +((n * 1000) / cpuMs).toFixed(1),
		pdfBytes: bytes,
		peakRssMb: +(peakRss / 1048576).toFixed(1),
	};
}

async function chromium(n) {
	let puppeteer;
	try {
		puppeteer = require('puppeteer-core');
	} catch {
		return { skipped: 'puppeteer-core is not installed (npm ci)' };
	}
	const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => {
		try {
			readFileSync(p);
			return true;
		} catch {
			return false;
		}
	});
	if (!executablePath) return { skipped: 'Debian chromium is not installed: apt-get install -y chromium' };
	const browser = await puppeteer.launch({
		executablePath,
		headless: true,
		args: ['--no-sandbox', '--headless=new', '--disable-gpu'],
	});
	try {
		const page = await browser.newPage();
		const pid = browser.process().pid;
		const version = await browser.version();
		const result = await median5(
			'chromium (warm page, same letter as HTML)',
			n,
			5,
			async (i) => {
				await page.setContent(html(composeNotice(letter(i))));
				return Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
			},
			() => treeCpuMs(pid),
		);
		return { ...result, version };
	} finally {
		await browser.close();
	}
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Five measurements of one configuration; the row is the run with the median letters per CPU second. */
async function median5(name, n, warm, render, extraCpu) {
	const runs = [];
	for (let r = 0; r < 5; r++) runs.push(await measure(name, n, warm, render, extraCpu));
	const mid = median(runs.map((x) => x.perCpuSecond));
	const row = runs.find((x) => x.perCpuSecond === mid);
	return { ...row, perSecond: median(runs.map((x) => x.perSecond)), runs: runs.map((x) => x.perCpuSecond).join('/') };
}

/**
 * CPU profile of the new path (`node --cpu-prof` in a child process, so that no profiler runs in the measured
 * process): the functions with the most self time, and the share of each module (our layout, pdfkit, fontkit, zlib).
 */
function profile(n) {
	const { mkdtempSync, rmSync } = require('node:fs');
	const { tmpdir } = require('node:os');
	const { join } = require('node:path');
	const dir = mkdtempSync(join(tmpdir(), 'lre-notice-profile-'));
	const script = `const { generateNotice } = require(${JSON.stringify(require.resolve('../dist/lib/notice/generate'))});
const letter = require(${JSON.stringify(require.resolve('./fixture'))});
(async () => { for (let i = 0; i < ${n}; i++) await generateNotice(letter(i), { pdfA: true }); })();`;
	execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '-e', script], { stdio: 'inherit' });
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	const p = JSON.parse(readFileSync(join(dir, file), 'utf8'));
	rmSync(dir, { recursive: true, force: true });
	const self = new Map();
	const modules = new Map();
	let total = 0;
	const byId = new Map(p.nodes.map((node) => [node.id, node]));
	const ticks = new Map();
	for (let i = 0; i < p.samples.length; i++)
		ticks.set(p.samples[i], (ticks.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0));
	for (const [id, t] of ticks) {
		const { functionName, url, lineNumber } = byId.get(id).callFrame;
		if (functionName === '(idle)' || functionName === '(program)') continue;
		// Only the letters: not the start of the process (module loading, fonts parsed once).
		if (/cjs\/loader|wrapSafe|compileFunction/.test(`${url} ${functionName}`)) continue;
		total += t;
		const file = url.split('/').slice(-2).join('/');
		const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
		self.set(key, (self.get(key) || 0) + t);
		const module = /lib\/notice\//.test(url)
			? 'lib/notice (ours)'
			: /pdfkit/.test(url)
				? 'pdfkit'
				: /fontkit|restructure|tiny-inflate|unicode-/.test(url)
					? 'fontkit'
					: /zlib/.test(url) || functionName === 'processChunkSync'
						? 'zlib (deflate)'
						: functionName === '(garbage collector)'
							? 'GC'
							: 'other (node, compose, format)';
		modules.set(module, (modules.get(module) || 0) + t);
	}
	const pct = (t) => +((100 * t) / total).toFixed(1);
	return {
		letters: n,
		top: [...self]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 12)
			.map(([fn, t]) => ({ selfPercent: pct(t), fn })),
		modules: [...modules].sort((a, b) => b[1] - a[1]).map(([module, t]) => ({ module, selfPercent: pct(t) })),
	};
}

/** A forced garbage collection, without starting node with --expose-gc. */
function collectGarbage() {
	require('node:v8').setFlagsFromString('--expose-gc');
	require('node:vm').runInNewContext('gc')();
}

/**
 * RSS growth over `n` letters in this process (new path, PDF/A): peak RSS during the run minus RSS after a warm-up
 * of 1,000 letters; and the live heap (after a forced GC) before and after, since RSS also counts garbage V8 has not
 * collected yet.
 */
async function memory(n, render) {
	for (let i = 0; i < 1000; i++) await render(2_000_000 + i);
	collectGarbage();
	const heapBefore = process.memoryUsage().heapUsed;
	const before = process.memoryUsage().rss;
	let peak = before;
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < n; i++) {
		await render(i);
		if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
	}
	const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
	peak = Math.max(peak, process.memoryUsage().rss);
	collectGarbage();
	const mb = (x) => +(x / 1048576).toFixed(1);
	return {
		letters: n,
		seconds: +seconds.toFixed(1),
		rssBeforeMb: mb(before),
		peakRssMb: mb(peak),
		growthMb: mb(peak - before),
		liveHeapBeforeMb: mb(heapBefore),
		liveHeapAfterMb: mb(process.memoryUsage().heapUsed),
		goalMb: 100,
	};
}

module.exports = async function notices({ quick = false } = {}) {
	const t = process.hrtime.bigint();
	await generateNotice(letter(-1), { pdfA: true });
	const firstLetterMs = +(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1);
	const n = quick ? 40 : 200;
	const warm = quick ? 10 : 20;
	const render = (pdfA, layout) => async (i) => (await generateNotice(letter(i), { pdfA, layout })).pdf;
	const baseline = await median5('baseline: pdfkit wrapping, standard', n, warm, render(false, 'pdfkit'));
	const baselineA = await median5('baseline: pdfkit wrapping, PDF/A-2b', n, warm, render(true, 'pdfkit'));
	const standard = await median5('own layout, standard', n, warm, render(false, 'own'));
	const pdfA = await median5('own layout, PDF/A-2b', n, warm, render(true, 'own'));
	const chrome = await chromium(quick ? 10 : 40);
	const cpuRatio = (x, y) => (x.perCpuSecond && y.perCpuSecond ? +(x.perCpuSecond / y.perCpuSecond).toFixed(1) : null);
	const cpuProfile = profile(quick ? 200 : 1000);
	const rss = await memory(quick ? 1000 : 10_000, render(true, 'own'));
	return {
		firstLetterMs,
		rows: [baseline, baselineA, standard, pdfA, chrome],
		ratios: {
			standardVsChromium: cpuRatio(standard, chrome),
			pdfAVsChromium: cpuRatio(pdfA, chrome),
			standardVsBaseline: cpuRatio(standard, baseline),
			pdfAVsBaseline: cpuRatio(pdfA, baselineA),
			baselineStandardVsChromium: cpuRatio(baseline, chrome),
		},
		profile: cpuProfile,
		memory: rss,
		goals: { pdfAPerSecondOneCore: 200, timesChromium: 20, rssGrowthMb: 100 },
	};
};

function table(rows) {
	const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
	const cells = [keys, ...rows.map((r) => keys.map((k) => (r[k] === undefined ? '' : String(r[k]))))];
	const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
	return cells.map((c) => c.map((v, i) => v.padEnd(widths[i])).join(' | ')).join('\n');
}

/** The notice section of `npm run bench`, as text. */
module.exports.print = function print(result) {
	const { ratios: r, profile: p, memory: m, goals: g } = result;
	const pdfA = result.rows[3];
	return [
		table(result.rows),
		`first letter of the process (fonts parsed): ${result.firstLetterMs} ms`,
		`letters per CPU second (one core), median of 5: own PDF/A ${pdfA.perCpuSecond} (goal ≥ ${g.pdfAPerSecondOneCore}), own standard ${result.rows[2].perCpuSecond}`,
		`ratio vs Chromium by CPU time: own standard ${r.standardVsChromium}× (goal ≥ ${g.timesChromium}×), own PDF/A ${r.pdfAVsChromium}×, baseline standard ${r.baselineStandardVsChromium}×`,
		`ratio vs baseline (pdfkit wrapping): standard ${r.standardVsBaseline}×, PDF/A ${r.pdfAVsBaseline}×`,
		`CPU profile of the own path, PDF/A, ${p.letters} letters — self time by module:`,
		table(p.modules),
		'top functions by self time:',
		table(p.top),
		`memory: ${m.letters} letters in one process (after 1,000 warm-up letters) in ${m.seconds} s: RSS ${m.rssBeforeMb} → peak ${m.peakRssMb} MB, growth ${m.growthMb} MB (goal < ${m.goalMb} MB); live heap after a forced GC ${m.liveHeapBeforeMb} → ${m.liveHeapAfterMb} MB`,
	].join('\n');
};

if (require.main === module) {
	const os = require('node:os');
	console.log(
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os
			.loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')}, Node ${process.version}\n`,
	);
	module
		.exports({ quick: process.argv.includes('--quick') })
		.then((result) => console.log(module.exports.print(result)))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
