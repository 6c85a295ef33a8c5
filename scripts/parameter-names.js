#!/usr/bin/env node
/**
 * The internal parameter names next to the display names, per node, for people who write workflow JSON
 * (`parameters` of a node in an exported workflow), from the built nodes (npm run build first):
 *   node scripts/parameter-names.js          prints the Markdown table
 *   node scripts/parameter-names.js --write  replaces it in README.md between <!-- parameters:begin/end -->
 *   node scripts/parameter-names.js --check  exits 1 if README.md's table is not the current one
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const pkg = require(join(ROOT, 'package.json'));

/** One row per parameter: options of collections and fixed collections are listed as `parent.child`. */
function rows(properties, prefix = '') {
	const out = [];
	for (const p of properties) {
		if (p.type === 'notice') continue;
		const path = `${prefix}${p.name}`;
		out.push({ display: p.displayName, name: path, type: p.type });
		if (p.type === 'collection' && Array.isArray(p.options)) out.push(...rows(p.options, `${path}.`));
		if (p.type === 'fixedCollection' && Array.isArray(p.options))
			for (const group of p.options) out.push(...rows(group.values ?? [], `${path}.${group.name}.`));
	}
	return out;
}

function table() {
	const parts = [];
	for (const file of pkg.n8n.nodes) {
		const NodeClass = Object.values(require(join(ROOT, file)))[0];
		const { displayName, properties } = new NodeClass().description;
		const seen = new Set();
		const lines = rows(properties)
			.filter((r) => {
				const key = `${r.display}|${r.name}`;
				return seen.has(key) ? false : (seen.add(key), true);
			})
			.map((r) => `| ${r.display.replace(/\|/g, '\\|')} | \`${r.name}\` | ${r.type} |`);
		parts.push(`**${displayName}**\n\n| display name | parameter | type |\n| --- | --- | --- |\n${lines.join('\n')}`);
	}
	return parts.join('\n\n');
}

const BEGIN = '<!-- parameters:begin (node scripts/parameter-names.js --write) -->';
const END = '<!-- parameters:end -->';
const mode = process.argv[2];
const generated = table();
if (!mode) process.stdout.write(`${generated}\n`);
else {
	const readmePath = join(ROOT, 'README.md');
	const readme = readFileSync(readmePath, 'utf8');
	const start = readme.indexOf(BEGIN);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
	const next = `${readme.slice(0, start + BEGIN.length)}\n\n${generated}\n\n${readme.slice(end)}`;
	if (mode === '--write') writeFileSync(readmePath, next);
	else if (next !== readme) {
		process.stderr.write(
			'README.md: the parameter table is out of date: run node scripts/parameter-names.js --write\n',
		);
		process.exit(1);
	}
}
