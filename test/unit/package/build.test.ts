/**
 * The built package holds what n8n loads, and only that: every file of package.json's `n8n` section, icons and
 * codex files, the public entry points of `exports`; no sandbox, no source maps, no declarations, no font file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { noticeInput } from '../../helpers/notice';

const ROOT = resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	bin?: Record<string, string>;
	exports: Record<string, string>;
	files: string[];
	workspaces: string[];
	peerDependencies: Record<string, string>;
	dependencies?: Record<string, string>;
};
const sandboxPkg = JSON.parse(readFileSync(join(ROOT, 'sandbox/package.json'), 'utf8')) as {
	name: string;
	bin: Record<string, string>;
};

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) =>
		statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)],
	);
}

describe('package', () => {
	it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])('build produced %s', (file) => {
		expect(existsSync(join(ROOT, file))).toBe(true);
	});

	it.each(pkg.n8n.nodes)('%s has its codex file and both icons in dist', async (file) => {
		const compiled = (await import(join(ROOT, file))) as Record<
			string,
			new () => { description: { icon: { light: string; dark: string }; name: string } }
		>;
		const [NodeClass] = Object.values(compiled);
		const { icon, name } = new NodeClass().description;
		for (const path of [icon.light, icon.dark])
			expect(existsSync(join(ROOT, dirname(file), path.replace('file:', '')))).toBe(true);
		const codex = JSON.parse(readFileSync(join(ROOT, file.replace(/\.js$/, '.json')), 'utf8')) as { node: string };
		expect(codex.node).toBe(`n8n-nodes-lre.${name}`);
	});

	it('keeps the credential icon under icons/', async () => {
		const [file] = pkg.n8n.credentials;
		const compiled = (await import(join(ROOT, file))) as Record<
			string,
			new () => { icon: { light: string; dark: string } }
		>;
		const { icon } = new (Object.values(compiled)[0])();
		for (const path of [icon.light, icon.dark]) {
			expect(path).toMatch(/^file:\.\.\/icons\//);
			expect(existsSync(join(ROOT, dirname(file), path.replace('file:', '')))).toBe(true);
		}
	});

	it('exposes the penalty calculator and the notice engine through its exports', () => {
		for (const target of Object.values(pkg.exports))
			if (!target.includes('*')) expect(existsSync(join(ROOT, target))).toBe(true);
		// Resolved by name, as a Code node or another program would (node_modules/n8n-nodes-lre is not needed:
		// a package may require itself through its own `exports`).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const penalties = require('n8n-nodes-lre/penalties') as {
			computePenalties: (input: unknown) => { totalInterest: number };
		};
		const result = penalties.computePenalties({
			debtorType: 'professional',
			invoices: [{ number: 'F', amount: 1234.5, dueDate: '2025-12-31' }],
			asOf: '2026-02-20',
		});
		expect(result.totalInterest).toBe(20.96);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		expect(typeof (require('n8n-nodes-lre/notice') as { generateNotice: unknown }).generateNotice).toBe('function');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		expect(typeof (require('n8n-nodes-lre/notice/compose') as { composeNotice: unknown }).composeNotice).toBe(
			'function',
		);
	});

	it('renders a letter from the built engine with its compiled-in fonts (embedded as subsets)', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { generateNotice } = require('n8n-nodes-lre/notice') as {
			generateNotice: (input: unknown) => Promise<{ pdf: Buffer }>;
		};
		const { pdf } = await generateNotice(
			noticeInput({ debtor: { ...noticeInput().debtor, name: 'Œuvre & Cie — Zoë' } }),
		);
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF-')).toBe(true);
		expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
		expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
	});

	it('ships no sandbox, source map, declaration or font file', () => {
		const shipped = filesUnder(join(ROOT, 'dist')).map((f) => f.slice(ROOT.length + 1));
		expect(shipped.filter((f) => /^dist\/sandbox\/|\.map$|\.d\.ts$|\.(ttf|otf|woff2?)$/.test(f))).toEqual([]);
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.bin).toBeUndefined();
	});

	it('keeps the sandbox its own workspace package with the lre-sandbox bin', () => {
		expect(pkg.workspaces).toEqual(['sandbox']);
		expect(sandboxPkg.name).toBe('lre-sandbox');
		const bin = join(ROOT, 'sandbox', sandboxPkg.bin['lre-sandbox']);
		expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
		expect(statSync(bin).mode & 0o111).not.toBe(0);
		expect(existsSync(join(ROOT, 'sandbox/dist/sandbox/cli.js'))).toBe(true);
		// What `npx lre-sandbox` runs at the repository root (npm links the workspace's bin there).
		const run = spawnSync(join(ROOT, 'node_modules/.bin/lre-sandbox'), ['--help'], { encoding: 'utf8' });
		expect(run.stdout).toMatch(/^lre-sandbox — a local AR24-compatible API/);
	});

	it('keeps n8n-workflow a peer dependency and pdfkit the only runtime dependency', () => {
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(Object.keys(pkg.dependencies ?? {})).toEqual(['pdfkit']);
	});
});
