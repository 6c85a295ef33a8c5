// Loaded into n8n's process by bench/batch.js when LRE_BENCH_MEMORY=1 (NODE_OPTIONS="--expose-gc --require …"):
// samples process.memoryUsage() every 200 ms, and every 3 s forces a full GC and records what is still live
// (heapUsed, external, RSS). A growing live heap is memory kept; a peak RSS far above it is garbage V8 had no
// reason to collect yet. Written to $LRE_BENCH_MEMORY_OUT/<pid>.json at exit.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const samples = { argv: process.argv.slice(2, 4).join(' '), peak: {}, live: [], t0: Date.now() };
const keys = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'];
const mb = (n) => Math.round(n / 1048576);
const sample = () => {
	const m = process.memoryUsage();
	for (const k of keys) samples.peak[k] = Math.max(samples.peak[k] ?? 0, mb(m[k]));
};
setInterval(sample, 200).unref();
if (typeof global.gc === 'function') {
	setInterval(() => {
		global.gc();
		const m = process.memoryUsage();
		samples.live.push({
			s: Math.round((Date.now() - samples.t0) / 1000),
			heapUsedMb: mb(m.heapUsed),
			externalMb: mb(m.external),
			rssMb: mb(m.rss),
		});
	}, 3000).unref();
}
process.on('exit', () => {
	sample();
	try {
		writeFileSync(join(process.env.LRE_BENCH_MEMORY_OUT ?? '/tmp', `${process.pid}.json`), JSON.stringify(samples));
	} catch {
		// a sampler never breaks the process it watches
	}
});
