#!/usr/bin/env node
// The mutation self-test (`npm run test:mutants`): plants known bugs, one at a time, in a copy of
// this working tree, builds it, and runs the suites that exist to catch each. It fails unless
// every mutant is caught (some test fails) while the same suites pass on the unmutated copy.
// Results go to docs/mutants.json, which scripts/reliability-report.js puts into
// docs/reliability.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each mutant: a bug written as one exact replacement in one source file, and the suites meant to catch it. */
const MUTANTS = [
	{
		name: 'records a provider returns against the filters are kept (the client-side filter checks are off)',
		file: 'nodes/shared/history.ts',
		from: 'return checks.every((check) => (check === sent ? passesSent : check.test(record)));',
		to: 'return true;',
		suites: ['test/nodes/clicksend-fidelity.test.js', 'test/nodes/apico-message.test.js'],
	},
	{
		name: "the ClickSend key goes with an export link on any host (the API-origin check is off)",
		file: 'nodes/ClickSend/transport.ts',
		from: 'return link.origin === new URL(this.baseUrl).origin;',
		to: 'return true;',
		suites: ['test/nodes/clicksend-operations.test.js', 'test/faults/clicksend.secrets.test.js'],
	},
	{
		name: 'a send is retried after a 5xx (the provider may have taken it)',
		file: 'nodes/shared/http.ts',
		from: "retry: (kind === 'read' || response.beforeRequest === true) && RETRYABLE_STATUS.has(statusCode),",
		to: 'retry: RETRYABLE_STATUS.has(statusCode),',
		suites: ['test/nodes/retry-on-fail.test.js', 'test/faults/clicksend.faults.test.js', 'test/faults/smsup.faults.test.js'],
	},
	{
		name: 'a send is retried after the connection dropped mid-call',
		file: 'nodes/shared/http.ts',
		from: 'retry: transient && !maybeSent,',
		to: 'retry: transient,',
		suites: ['test/nodes/retry-on-fail.test.js', 'test/faults/apico.faults.test.js', 'test/faults/routee.faults.test.js'],
	},
	{
		name: "Retry On Fail sends again what an earlier try sent (the run's ledger is off)",
		file: 'nodes/shared/send.ts',
		from: "const ledger = mode === 'send' ? RunLedger.of(context) : undefined;",
		to: 'const ledger = undefined as RunLedger | undefined;',
		suites: ['test/nodes/retry-on-fail.test.js'],
	},
	{
		name: 'credentials go along when the provider redirects to another host',
		file: 'nodes/shared/http.ts',
		from: 'export const NO_CREDENTIALS_ACROSS_ORIGINS = { sendCredentialsOnCrossOriginRedirect: false } as const;',
		to: 'export const NO_CREDENTIALS_ACROSS_ORIGINS = { sendCredentialsOnCrossOriginRedirect: true } as const;',
		suites: ['test/nodes/redirects.test.js'],
	},
	{
		name: 'Return All reads on through pages that do not advance (the paging checks are off)',
		file: 'nodes/shared/paginate.ts',
		from: '\t\tconst { page, params } = fetched;\n',
		to: '\t\tconst { page, params } = fetched;\n\t\tif (index >= 0) return;\n',
		suites: ['test/unit/paginate.test.js'],
		deadlineMinutes: 5,
	},
	{
		name: 'Return All never stops while pages keep saying more follow (no page cap)',
		file: 'nodes/shared/paginate.ts',
		from: 'if (nextIndex >= maxPages) {',
		to: 'if (nextIndex >= Number.POSITIVE_INFINITY) {',
		suites: ['test/unit/paginate.test.js'],
		deadlineMinutes: 5,
	},
	{
		name: 'the scrubber misses a URL-encoded secret',
		file: 'nodes/shared/errors.ts',
		from: 'const forms = [...new Set(secrets.filter((secret) => secret.length >= 4).flatMap(secretForms))]',
		to: "const forms = [...new Set(secrets.filter((secret) => secret.length >= 4).flatMap((secret) => secretForms(secret).filter((form) => !form.includes('%'))))]",
		suites: ['test/unit/http-secrets.test.js', 'test/faults/clicksend.secrets.test.js', 'test/faults/smsup.secrets.test.js', 'test/faults/routee.secrets.test.js', 'test/faults/apico.secrets.test.js'],
	},
	{
		name: 'an accepted message loses its pairedItem',
		file: 'nodes/shared/send.ts',
		from: 'output.push({ json: result.json, pairedItem: { item: itemIndex } });',
		to: 'output.push({ json: result.json });',
		suites: ['test/nodes/clicksend-sms-send.test.js', 'test/nodes/apico-parallel-send.test.js', 'test/nodes/routee-sms-send.test.js'],
	},
	{
		name: 'a message the answer has no entry for counts as sent',
		file: 'nodes/shared/send.ts',
		from: "const fate: ItemFate = accepted > 0 || recipients.length === 0 ? 'sent' : unsure ? 'maybeSent' : 'rejected';",
		to: "const fate: ItemFate = accepted > 0 || recipients.length === 0 || unsure ? 'sent' : unsure ? 'maybeSent' : 'rejected';",
		suites: ['test/nodes/retry-on-fail.test.js'],
	},
	{
		name: "ClickSend's answers are paired with the messages by position",
		file: 'nodes/ClickSend/gateway.ts',
		from: "claim((answer) => answer.list_id == null && isRecipient(answer.to) && String(answer.custom_string ?? '') === reference);",
		to: "claim((answer) => answer.list_id == null || (isRecipient(answer.to) && String(answer.custom_string ?? '') === reference));",
		suites: ['test/nodes/retry-on-fail.test.js', 'test/nodes/clicksend-sms-send.test.js'],
	},
	{
		name: 'a send the provider answered with a 5xx is not reported as "may have been sent"',
		file: 'nodes/shared/http.ts',
		from: "const maybeSent = kind === 'send' && statusCode >= 500 && !response.beforeRequest;",
		to: 'const maybeSent = false;',
		suites: ['test/faults/clicksend.faults.test.js', 'test/faults/routee.faults.test.js'],
	},
	{
		name: 'a send refused with a 429 (before processing) is not retried',
		file: 'nodes/shared/http.ts',
		from: 'retry: !tooLong,',
		to: "retry: !tooLong && kind === 'read',",
		suites: ['test/faults/smsup.faults.test.js', 'test/faults/apico.faults.test.js'],
	},
	{
		name: 'a downloaded export cut short (or a page in its place) is output as the export',
		file: 'nodes/ClickSend/actions/export.ts',
		from: 'const { content } = await client.download(data.url, itemIndex, csvFileProblem);',
		// The check stays referenced (never applied), so the copy still builds.
		to: 'const { content } = await client.download(data.url, itemIndex, (body) => (body.length < 0 ? csvFileProblem(body) : undefined));',
		suites: ['test/faults/clicksend.faults.test.js'],
	},
	{
		name: 'a send time years ahead is passed on to the provider',
		file: 'nodes/shared/dates.ts',
		from: 'if (date.toMillis() > now + MAX_SCHEDULE_DAYS_AHEAD * 86_400_000) {',
		to: 'if (date.toMillis() > now + MAX_SCHEDULE_DAYS_AHEAD * 86_400_000 * 100_000) {',
		suites: ['test/bad-input/clicksend.bad-input.test.js', 'test/bad-input/smsup.bad-input.test.js', 'test/bad-input/routee.bad-input.test.js'],
	},
	{
		name: 'SMS Gateway fails a message that may have been sent over to the next provider',
		file: 'nodes/shared/routing.ts',
		from: "for (const { itemIndex } of batch) deliveries.set(itemIndex, maybeSent ? { outcome: 'maybeSent', reason } : { outcome: 'refused', reason });",
		to: "for (const { itemIndex } of batch) deliveries.set(itemIndex, { outcome: 'refused', reason });",
		suites: ['test/nodes/sms-gateway-send.test.js'],
	},
	{
		name: "SMS Gateway under Retry On Fail sends again what an earlier try sent (its ledger is off)",
		file: 'nodes/SmsGateway/gateway.ts',
		from: 'const ledger = RunLedger.of(context);',
		to: 'const ledger = undefined as RunLedger | undefined;',
		suites: ['test/nodes/sms-gateway-send.test.js'],
	},
	{
		name: 'a paged read that fails leaves its other pages retrying (the read signal is not handed on)',
		file: 'nodes/shared/client.ts',
		from: '\t\t\tsignal: call.signal,\n',
		to: '',
		suites: ['test/nodes/reads-end-with-the-node.test.js'],
	},
	{
		name: 'Simplified keeps every field of the message model (Output has no 10-field cut)',
		file: 'nodes/shared/output.ts',
		from: 'return pickSimplified(full(), fields);',
		to: 'return { ...full() } as IDataObject;',
		suites: ['test/nodes/output.test.js'],
	},
	{
		name: 'a credential URL notice shows on a regex condition (n8n runs it with a 250 ms limit on every credential read)',
		file: 'nodes/shared/urlNotices.ts',
		from: "return { show: { [name]: [{ _cnd: { includes: '@' } }] } };",
		to: "return { show: { [name]: [{ _cnd: { regex: '@' } }] } };",
		suites: ['test/nodes/credential-read-without-regex.test.js'],
	},
];

// `--only=<text>`: just the mutants whose name contains it (a quick check; docs/mutants.json is
// written only by a full run).
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const selected = only ? MUTANTS.filter((mutant) => mutant.name.includes(only)) : MUTANTS;

const run = (command, args, cwd) => spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function build(cwd) {
	for (const [command, args] of [
		['npx', ['n8n-node', 'build']],
		['npx', ['tsc', '-p', 'tsconfig.test.json']],
	]) {
		const result = run(command, args, cwd);
		if (result.status !== 0) return `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`;
	}
	return undefined;
}

/**
 * Runs the suites; the names of the tests that failed, or undefined when jest itself could not
 * run them. With `deadlineMinutes` (a mutant that may make a read endless), jest runs in band in
 * this process's Node, so that killing it at the deadline leaves no workers behind; a run cut off
 * there has failed, as it would for a developer waiting on it.
 */
function failingTests(cwd, suites, deadlineMinutes) {
	const resultsFile = join(cwd, '.build', 'mutant-results.json');
	rmSync(resultsFile, { force: true });
	const files = suites.map((suite) => join('.build', suite));
	const jestArgs = ['--forceExit', '--json', `--outputFile=${resultsFile}`, ...files];
	const jest =
		deadlineMinutes === undefined
			? run('npx', ['jest', ...jestArgs], cwd)
			: spawnSync(process.execPath, [join(cwd, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...jestArgs], {
					cwd,
					encoding: 'utf8',
					maxBuffer: 64 * 1024 * 1024,
					timeout: deadlineMinutes * 60_000,
					killSignal: 'SIGKILL',
				});
	if (jest.signal) return [`the suites did not finish within ${deadlineMinutes} minutes (killed)`];
	let results;
	try {
		results = JSON.parse(readFileSync(resultsFile, 'utf8'));
	} catch {
		return undefined;
	}
	if (results.numTotalTests === 0) return undefined;
	return results.testResults.flatMap((suite) => suite.assertionResults.filter((test) => test.status === 'failed').map((test) => test.fullName));
}

const copy = mkdtempSync(join(tmpdir(), 'sms-gateways-mutants-'));
try {
	const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
	for (const file of files) {
		if (file === 'node_modules' || file.startsWith('node_modules/')) continue;
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		try {
			cpSync(join(root, file), join(copy, file));
		} catch {
			// A file deleted in the working tree but still tracked: the copy goes without it.
		}
	}
	symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));

	const buildError = build(copy);
	if (buildError) throw new Error(`the unmutated copy does not build: ${buildError}`);
	const allSuites = [...new Set(selected.flatMap((mutant) => mutant.suites))];
	const baseline = failingTests(copy, allSuites);
	if (baseline === undefined || baseline.length) throw new Error(`the suites do not pass on the unmutated copy: ${JSON.stringify(baseline)}`);
	console.log(`baseline: ${allSuites.length} suites pass unmutated`);

	const results = [];
	for (const mutant of selected) {
		const path = join(copy, mutant.file);
		const original = readFileSync(path, 'utf8');
		const places = original.split(mutant.from).length - 1;
		if (places !== 1) throw new Error(`mutant "${mutant.name}": its code is found ${places} times in ${mutant.file}, not once (update the mutant)`);
		writeFileSync(path, original.replace(mutant.from, mutant.to));
		try {
			const error = build(copy);
			const failed = error ? undefined : failingTests(copy, mutant.suites, mutant.deadlineMinutes);
			const caught = failed !== undefined && failed.length > 0;
			results.push({ name: mutant.name, file: mutant.file, suites: mutant.suites, caught, caughtBy: (failed ?? []).slice(0, 5), buildError: error ? true : undefined });
			console.log(`${caught ? 'caught  ' : error ? 'NO BUILD' : 'SURVIVED'} ${mutant.name}${caught ? ` (${failed.length} tests failed)` : ''}`);
		} finally {
			writeFileSync(path, original);
		}
	}
	mkdirSync(join(root, 'docs'), { recursive: true });
	if (!only) writeFileSync(join(root, 'docs', 'mutants.json'), JSON.stringify({ date: new Date().toISOString().slice(0, 10), mutants: results }, null, '\t') + '\n');
	const survived = results.filter((result) => !result.caught);
	console.log(`mutants: ${results.length - survived.length} caught, ${survived.length} survived${only ? '' : ' -> docs/mutants.json'}`);
	process.exitCode = survived.length ? 1 : 0;
} finally {
	rmSync(copy, { recursive: true, force: true });
}
