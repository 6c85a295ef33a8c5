/** README.md's generated parameter table matches the built nodes (npm run build first, as npm test does). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

it("README's parameter-name table is the current one", () => {
	const run = spawnSync('node', [join(__dirname, '../../../scripts/parameter-names.js'), '--check'], {
		encoding: 'utf8',
	});
	expect(run.stderr).toBe('');
	expect(run.status).toBe(0);
});
