#!/usr/bin/env node
/**
 * n8n's community-package scanner (@n8n/scan-community-package, from the registry) on this package, offline.
 * The published scanner downloads a package from npm and its provenance-attested source; here the same two legs
 * run on the packed tarball and on this checkout, with the scanner's own ESLint configuration (buildScanConfig),
 * file patterns and options (inline `eslint-disable` comments ignored):
 *   - source leg: package.json and nodes/, credentials/ sources (SOURCE_FILE_PATTERNS);
 *   - tarball leg: every .js file and package.json of `npm pack`'s tarball, unpacked.
 *
 *   node scripts/scan-package.mjs [--json] [--tarball FILE]
 * Prints each problem (leg, file, rule, message) and the tarball's size; --json prints them as JSON. Exit code 0
 * whatever the result (the test decides which problems are allowed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { json: { type: 'boolean' }, tarball: { type: 'string' } } });

const work = mkdtempSync(join(tmpdir(), 'lre-scan-'));
try {
	let tarball = values.tarball;
	if (!tarball) {
		execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		tarball = join(
			work,
			readdirSync(work).find((f) => f.endsWith('.tgz')),
		);
	}
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);

	// As the scanner's analyzePackage(): its config, no inline config, its globs and ignores.
	const lint = async (cwd, patterns) => {
		const eslint = new ESLint({
			cwd,
			allowInlineConfig: false,
			overrideConfigFile: true,
			overrideConfig: await buildScanConfig(),
		});
		const files = glob.sync(patterns, { cwd, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
		const results = await eslint.lintFiles(files);
		return {
			files: files.length,
			problems: results.flatMap((r) =>
				r.messages
					.filter((m) => m.severity === 2)
					.map((m) => ({ file: relative(cwd, r.filePath), line: m.line, rule: m.ruleId, message: m.message })),
			),
		};
	};
	const source = await lint(ROOT, SOURCE_FILE_PATTERNS);
	const dist = await lint(unpacked, ['**/*.js', 'package.json']);
	const files = glob.sync('**/*', { cwd: unpacked, dot: true });
	const report = {
		tarball: {
			bytes: statSync(tarball).size,
			files: files.length,
			unpackedBytes: files.reduce((n, f) => n + statSync(join(unpacked, f)).size, 0),
		},
		source: { files: source.files, problems: source.problems },
		tarballScan: { files: dist.files, problems: dist.problems },
	};
	if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	else {
		const all = [
			...source.problems.map((p) => ({ leg: 'source', ...p })),
			...dist.problems.map((p) => ({ leg: 'tarball', ...p })),
		];
		for (const p of all) process.stdout.write(`${p.leg}  ${p.file}:${p.line}  ${p.rule}  ${p.message}\n`);
		process.stdout.write(
			`${all.length} error(s): source ${source.problems.length} in ${source.files} files, tarball ${dist.problems.length} in ${dist.files} files; ` +
				`tarball ${report.tarball.bytes} bytes (${report.tarball.files} files, ${report.tarball.unpackedBytes} bytes unpacked)\n`,
		);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
