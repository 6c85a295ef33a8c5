// Copies what tsc does not emit into dist/: node and credential icons, codex files (*.node.json) assets and the notice fonts.
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

// The notice font (DejaVu Sans, free licence shipped alongside): embedded in every generated letter.
function noticeFonts() {
	return src(['node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', 'node_modules/dejavu-fonts-ttf/LICENSE'], {
		encoding: false,
	}).pipe(dest('dist/assets/fonts'));
}

exports['build:assets'] = parallel(nodeAssets, credentialAssets, packageAssets, noticeFonts);
exports.default = exports['build:assets'];
