// Runs @n8n/scan-community-package's analysis the way its analyzePackageByName does after the
// provenance check (node_modules/@n8n/scan-community-package/scanner/scanner.mjs): its
// analyzePackage on the attested source (SOURCE_FILE_PATTERNS) and on the unpacked tarball
// (compiled .js and package.json). The scanner downloads both from the registry and GitHub;
// here they are a local source tree and an unpacked `npm pack` output.
// analyzePackage reports only errors, so each leg is linted once more with the scanner's own
// config and options (buildScanConfig, inline configuration off) to count warnings too.
//
// Usage: node scripts/scan-package.mjs <source dir> <unpacked package dir>
// Prints one JSON line: { legs: [{ leg, passed, message, details, errors, warnings }] }.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not under a test runner's NODE_ENV=test (jest sets it): eslint-plugin-n8n-nodes-base reads it as
// its own test mode and then checks file names differently
// (node_modules/eslint-plugin-n8n-nodes-base/dist/lib/ast/utils/filename.js); the scanner runs without it.
delete process.env.NODE_ENV;
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

// The scanner's own copies of ESLint and fast-glob, the ones analyzePackage runs.
const scannerRequire = createRequire(fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs')));
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

async function count(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	return {
		files: files.length,
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		messages: results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line} ${message.ruleId}: ${message.message}`)),
	};
}

const [sourceDir, packageDir] = process.argv.slice(2).map((dir) => resolve(dir));
if (!sourceDir || !packageDir) {
	console.error('usage: node scripts/scan-package.mjs <source dir> <unpacked package dir>');
	process.exit(2);
}
const legs = [];
for (const [leg, dir, patterns] of [
	['source', sourceDir, SOURCE_FILE_PATTERNS],
	['tarball', packageDir, TARBALL_PATTERNS],
]) {
	const { passed, message, details } = await analyzePackage(dir, patterns);
	legs.push({ leg, passed, message, details, ...(await count(dir, patterns)) });
}
console.log(JSON.stringify({ legs }));
