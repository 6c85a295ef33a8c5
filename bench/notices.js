// Notice throughput: pdfkit (standard and PDF/A-2b) against warm headless Chromium printing the same letter.
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
	const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--headless=new', '--disable-gpu'] });
	try {
		const page = await browser.newPage();
		const pid = browser.process().pid;
		const version = await browser.version();
		const result = await measure(
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

module.exports = async function notices({ quick = false } = {}) {
	const t = process.hrtime.bigint();
	await generateNotice(letter(-1), { pdfA: true });
	const firstLetterMs = +(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1);
	const n = quick ? 60 : 400;
	const standard = await measure('pdfkit, embedded DejaVu Sans', n, 20, async (i) => (await generateNotice(letter(i))).pdf);
	const pdfA = await measure('pdfkit, PDF/A-2b', n, 20, async (i) => (await generateNotice(letter(i), { pdfA: true })).pdf);
	const chrome = await chromium(quick ? 20 : 80);
	const ratio = (x) => (chrome.perSecond ? +(x.perSecond / chrome.perSecond).toFixed(1) : null);
	const cpuRatio = (x) => (chrome.cpuMsPerDoc ? +(chrome.cpuMsPerDoc / x.cpuMsPerDoc).toFixed(1) : null);
	return {
		firstLetterMs,
		rows: [standard, pdfA, chrome],
		ratios: {
			standardVsChromium: ratio(standard),
			pdfAVsChromium: ratio(pdfA),
			standardVsChromiumCpu: cpuRatio(standard),
			pdfAVsChromiumCpu: cpuRatio(pdfA),
		},
		goals: { pdfAPerSecondOneCore: 200, timesChromium: 20 },
	};
};
