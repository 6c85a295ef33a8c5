// Copies what tsc does not emit into dist/: node icons and codex files (*.node.json), the credential icon (icons/)
// and the notice fonts' licence (the fonts themselves are compiled in: scripts/build-fonts.js).
const { src, dest, parallel } = require('gulp');

function nodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { encoding: false }).pipe(dest('dist/nodes'));
}

function icons() {
	return src('icons/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

// DejaVu Sans (Bitstream Vera derived, free licence): its licence ships with the subset embedded in every letter.
function fontLicence() {
	return src('node_modules/dejavu-fonts-ttf/LICENSE', { encoding: false }).pipe(dest('dist/assets/fonts'));
}

exports['build:assets'] = parallel(nodeAssets, icons, fontLicence);
exports.default = exports['build:assets'];
