/** The built package holds what n8n loads: every file of package.json's `n8n` section, icons and codex files. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	bin: Record<string, string>;
	peerDependencies: Record<string, string>;
	dependencies?: Record<string, string>;
};

describe('package', () => {
	it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials, ...Object.values(pkg.bin)])('build produced %s', (file) => {
		expect(existsSync(join(ROOT, file))).toBe(true);
	});

	it.each(pkg.n8n.nodes)('%s has its codex file and both icons in dist', async (file) => {
		const compiled = (await import(join(ROOT, file))) as Record<string, new () => { description: { icon: { light: string; dark: string }; name: string } }>;
		const [NodeClass] = Object.values(compiled);
		const { icon, name } = new NodeClass().description;
		for (const path of [icon.light, icon.dark]) expect(existsSync(join(ROOT, dirname(file), path.replace('file:', '')))).toBe(true);
		const codex = JSON.parse(readFileSync(join(ROOT, file.replace(/\.js$/, '.json')), 'utf8')) as { node: string };
		expect(codex.node).toBe(`n8n-nodes-lre.${name}`);
	});

	it('exposes the penalty calculator at dist/notice/penalties.js', async () => {
		const module = (await import(join(ROOT, 'dist/notice/penalties.js'))) as { computePenalties: (input: unknown) => { totalInterest: number } };
		const result = module.computePenalties({ debtorType: 'professional', invoices: [{ number: 'F', amount: 1234.5, dueDate: '2025-12-31' }], asOf: '2026-02-20' });
		expect(result.totalInterest).toBe(20.96);
	});

	it('keeps n8n-workflow a peer dependency and pdfkit the only runtime dependency', () => {
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(Object.keys(pkg.dependencies ?? {})).toEqual(['pdfkit']);
	});
});
