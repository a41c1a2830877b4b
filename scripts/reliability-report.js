#!/usr/bin/env node
// Writes docs/reliability.md from the outcomes the fault, bad-input and secrets suites
// recorded in .build/reliability/ during `npm test`.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, '.build', 'reliability');
if (!fs.existsSync(dir)) {
	console.log('reliability report: no recorded outcomes (run the fault suites first)');
	process.exit(0);
}
const read = (prefix) =>
	fs
		.readdirSync(dir)
		.filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
		.sort()
		.flatMap((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));

const faults = read('faults-');
const badInputs = read('bad-input-');
const secrets = read('secrets-');
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (outcome) => {
	if (outcome.startsWith('recovered')) return 'recovered';
	if (outcome.startsWith('sent once')) return 'sent once';
	if (outcome.startsWith('not retried')) return 'not retried, fate reported';
	if (outcome.startsWith('error items')) return 'error items';
	if (outcome.startsWith('failed clearly')) return 'failed clearly';
	if (outcome.startsWith('not applicable')) return 'n/a';
	return outcome;
};

const lines = [];
lines.push('# Reliability', '');
lines.push('Generated from a test run (`npm test`) by `scripts/reliability-report.js`: the fault-injection suite');
lines.push('(`test/faults/`), the bad-input table (`test/bad-input/`) and the secrets test.', '');
const duplicates = faults.reduce((sum, row) => sum + (row.duplicates || 0), 0);
const lost = faults.reduce((sum, row) => sum + (row.lost || 0), 0);
const leaks = secrets.reduce((sum, row) => sum + (row.leaks || 0), 0);
const failedFaults = faults.filter((row) => !row.ok).length;
const reached = badInputs.filter((row) => row.callsToProvider > 0).length;
lines.push('| count | value |', '|---|---:|');
lines.push(`| faults tried (operation × fault × Continue On Fail on/off) | ${faults.length} |`);
lines.push(`| fault outcomes not as required | ${failedFaults} |`);
lines.push(`| bad inputs tried | ${badInputs.length} |`);
lines.push(`| bad inputs that reached a provider | ${reached} |`);
lines.push(`| duplicates sent | ${duplicates} |`);
lines.push(`| messages lost | ${lost} |`);
lines.push(`| runs checked for secrets | ${secrets.reduce((sum, row) => sum + (row.runs || 0), 0)} |`);
lines.push(`| secrets leaked | ${leaks} |`, '');

for (const provider of [...new Set(faults.map((row) => row.provider))]) {
	const rows = faults.filter((row) => row.provider === provider);
	const faultNames = [...new Set(rows.map((row) => row.fault))];
	const operations = [...new Set(rows.map((row) => row.operation))];
	lines.push(`## ${provider}: faults × operations`, '');
	lines.push(`| fault | ${operations.map(cell).join(' | ')} |`);
	lines.push(`|---|${operations.map(() => '---').join('|')}|`);
	for (const fault of faultNames) {
		const cells = operations.map((operation) => {
			const row = rows.find((candidate) => candidate.operation === operation && candidate.fault === fault);
			return row ? `${row.ok ? '' : '**FAIL** '}${cell(short(row.outcome))}` : '';
		});
		lines.push(`| ${cell(fault)} | ${cells.join(' | ')} |`);
	}
	lines.push('');
}

// The mutation self-test's last result (`npm run test:mutants` writes docs/mutants.json).
const mutantsFile = path.join(root, 'docs', 'mutants.json');
if (fs.existsSync(mutantsFile)) {
	const { date, mutants } = JSON.parse(fs.readFileSync(mutantsFile, 'utf8'));
	const caught = mutants.filter((mutant) => mutant.caught).length;
	lines.push('## Mutation self-test', '');
	lines.push(`\`npm run test:mutants\` on ${date}: each known bug planted alone in a copy of the package; ${caught} of ${mutants.length} caught by the suites named (which pass unmutated).`, '');
	lines.push('| bug planted | file | caught | first failing test |', '|---|---|---|---|');
	for (const mutant of mutants) lines.push(`| ${cell(mutant.name)} | ${cell(mutant.file)} | ${mutant.caught ? 'yes' : '**NO**'} | ${cell(mutant.caughtBy[0] ?? '')} |`);
	lines.push('');
}

lines.push('## Bad inputs', '', '| provider | operation | input | error | calls to the provider |', '|---|---|---|---|---:|');
for (const row of badInputs) lines.push(`| ${cell(row.provider)} | ${cell(row.operation)} | ${cell(row.input)} | ${cell(row.error)} | ${row.callsToProvider} |`);
lines.push('');
fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
fs.writeFileSync(path.join(root, 'docs', 'reliability.md'), lines.join('\n'));
console.log(`reliability report: ${faults.length} fault outcomes, ${badInputs.length} bad inputs, ${leaks} leaks -> docs/reliability.md`);
