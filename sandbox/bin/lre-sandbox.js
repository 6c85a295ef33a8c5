#!/usr/bin/env node
// The `lre-sandbox` command. A committed file, so that `npm ci` links it into node_modules/.bin even before the
// first build; the sandbox itself is sandbox/dist/sandbox/cli.js (npm run build).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '../dist/sandbox/cli.js');
if (!existsSync(cli)) {
	process.stderr.write(
		'lre-sandbox: not built yet: run `npm run build` at the repository root (or `npm run build -w lre-sandbox`)\n',
	);
	process.exit(1);
}
require(cli);
