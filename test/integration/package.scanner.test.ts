/**
 * n8n's community-package scanner (@n8n/scan-community-package, its own ESLint configuration, inline disables
 * ignored) on the packed tarball and on the sources it would fetch from the provenance: the only problem is the
 * documented one, the pdfkit runtime dependency (README "Package size"). The tarball stays under half its
 * 0.1.0 size (1,063,149 bytes, when it shipped the sandbox, source maps, declarations and full fonts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const BEFORE_BYTES = 1_063_149;

interface Problem {
	file: string;
	line: number;
	rule: string;
	message: string;
}
interface Report {
	tarball: { bytes: number; files: number; unpackedBytes: number };
	source: { files: number; problems: Problem[] };
	tarballScan: { files: number; problems: Problem[] };
}

let report: Report;

beforeAll(() => {
	// Without jest's NODE_ENV=test: eslint-plugin-n8n-nodes-base switches to its own test fixtures under it.
	const env = { ...process.env };
	delete env.NODE_ENV;
	report = JSON.parse(
		execFileSync('node', [join(ROOT, 'scripts/scan-package.mjs'), '--json'], {
			cwd: ROOT,
			env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	) as Report;
}, 120_000);

/** The pdfkit dependency, as the scanner words it in package.json and where the notice engine requires it. */
const isPdfkit = (p: Problem) =>
	(p.file === 'package.json' && p.rule === '@n8n/community-nodes/no-runtime-dependencies') ||
	(p.file === 'dist/lib/notice/pdf.js' &&
		p.rule === '@n8n/community-nodes/no-restricted-imports' &&
		p.message.includes("'pdfkit'"));

it('lints the sources and every JavaScript file of the tarball', () => {
	expect(report.source.files).toBeGreaterThan(10);
	expect(report.tarballScan.files).toBeGreaterThan(50);
});

it('reports the pdfkit dependency (so the scanner really ran) and nothing else', () => {
	const all = [...report.source.problems, ...report.tarballScan.problems];
	expect(all.filter(isPdfkit).length).toBeGreaterThan(0);
	expect(all.filter((p) => !isPdfkit(p))).toEqual([]);
});

it('packs at most half the size of 0.1.0', () => {
	expect(report.tarball.bytes).toBeLessThanOrEqual(BEFORE_BYTES / 2);
});
