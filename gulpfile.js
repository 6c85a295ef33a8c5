// Copies what tsc does not emit into dist/: node and credential icons, codex files (*.node.json) and assets (fonts).
const { src, dest, parallel } = require('gulp');

function nodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { encoding: false }).pipe(dest('dist/nodes'));
}

function credentialAssets() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

function packageAssets() {
	return src('assets/**/*', { encoding: false, allowEmpty: true }).pipe(dest('dist/assets'));
}

exports['build:assets'] = parallel(nodeAssets, credentialAssets, packageAssets);
exports.default = exports['build:assets'];
