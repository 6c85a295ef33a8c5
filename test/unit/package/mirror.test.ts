/**
 * Tests mirror the source: every node file (`nodes/<Node>/<Node>.node.ts`) and every operation
 * (`nodes/**\/*.operation.ts`) has a unit test named after it, at the same path under test/unit/ — e.g.
 * nodes/LreSend/actions/letter/send.operation.ts → test/unit/nodes/LreSend/actions/letter/send.operation.test.ts —
 * that names the file it tests (its import or its header). A new operation without its test fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) =>
		statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)],
	);
}

const sources = filesUnder(join(ROOT, 'nodes'))
	.map((file) => relative(ROOT, file).split('\\').join('/'))
	.filter((file) => /\.(node|operation)\.ts$/.test(file))
	.sort();

describe('unit tests mirror nodes/', () => {
	it('finds the node files and operations', () => {
		expect(sources.filter((file) => file.endsWith('.node.ts')).length).toBeGreaterThanOrEqual(7);
		expect(sources.filter((file) => file.endsWith('.operation.ts')).length).toBeGreaterThanOrEqual(16);
	});

	it.each(sources)('%s has its unit test', (source) => {
		const test = join(ROOT, 'test/unit', source.replace(/\.ts$/, '.test.ts'));
		const expected = relative(ROOT, test);
		if (!existsSync(test))
			throw new Error(
				`${source} has no unit test: add ${expected} (a fake context from test/helpers/n8nContext.ts, no sandbox, no n8n)`,
			);
		expect(readFileSync(test, 'utf8')).toContain(basename(source, '.ts'));
	});
});
