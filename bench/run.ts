/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark code, run by node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Runs every benchmark scenario for every provider, each in its own process, side by side in
 * one run, and prints one table of figures and ratios against the baseline measured in the same
 * run. `--write` also writes docs/benchmarks.md.
 *   npm run bench                 (LATENCY_MS=40, BENCH_MESSAGES=100000, BENCH_RECIPIENTS=10000)
 *   npm run bench -- --only=routing [--write]
 * `--only=` picks scenario groups, comma-separated: history (with export, compared with it),
 * send, overhead, routing. A routing-only `--write` replaces only the routing section of
 * docs/benchmarks.md; the provider table is written by a full run alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { BENCH_PROVIDERS, type BenchProvider } from './providers';
import type { RoutingFigures } from './routing';

const LATENCY_MS = Number(process.env.LATENCY_MS ?? 40);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
/** One call per item is slow by nature: it is measured on this many and reported per message. */
const BASELINE_RECIPIENTS = Number(process.env.BENCH_BASELINE_RECIPIENTS ?? 1_000);
const ROOT = resolve(__dirname, '../..');
/** Where the hand-written explanations of the figures start in docs/benchmarks.md. */
const NOTES_HEADING = '## Why some targets are missed';
/** Where the routing figures start in docs/benchmarks.md (they end at the next `## ` heading). */
const ROUTING_HEADING = '## Routing across providers (SMS Gateway)';
/** Routed time against direct time, at most. */
const ROUTING_TIME_TARGET = 1.1;

const GROUPS = ['history', 'send', 'overhead', 'routing'] as const;
type Group = (typeof GROUPS)[number];
const onlyArgument = process.argv.find((argument) => argument.startsWith('--only='));
const only = onlyArgument ? onlyArgument.slice('--only='.length).split(',').filter(Boolean) : [...GROUPS];
const unknownGroups = only.filter((name) => !(GROUPS as readonly string[]).includes(name));
if (unknownGroups.length || only.length === 0) {
	process.stderr.write(`--only takes ${GROUPS.join(', ')} (comma-separated), not "${unknownGroups.join(',')}"\n`);
	process.exit(2);
}
const runs = (group: Group) => only.includes(group);
const fullRun = GROUPS.every(runs);
const routingOnly = only.every((name) => name === 'routing');
// The provider table and its targets come from one run; refuse before minutes of work are lost.
if (process.argv.includes('--write') && !fullRun && !routingOnly) {
	process.stderr.write('--write needs the full run or --only=routing: a partial run of the provider scenarios only prints\n');
	process.exit(2);
}

interface Result {
	calls: number;
	ms: number;
	rssStartMb: number;
	rssPeakMb: number;
	cpuMs: number;
	messages: number;
	note?: string;
	routing?: RoutingFigures;
}

function scenario(provider: string, name: string, variant: string, count: number): Result {
	const output = execFileSync(process.execPath, ['--expose-gc', join(__dirname, 'scenario.js'), provider, name, variant, String(count)], {
		cwd: ROOT,
		env: { ...process.env, LATENCY_MS: String(LATENCY_MS) },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 1 << 20,
	});
	return JSON.parse(output.trim().split('\n').pop()!) as Result;
}

const rows: string[] = [];
const verdicts: string[] = [];
const fmt = (value: number, digits = 0) => value.toFixed(digits);
const row = (cells: Array<string | number>) => rows.push(`| ${cells.join(' | ')} |`);

const started = Date.now();
for (const provider of BENCH_PROVIDERS) {
	if (runs('history')) history(provider);
	if (runs('send')) send(provider);
	if (runs('overhead')) overhead(provider);
}

function history(provider: BenchProvider): void {
	process.stderr.write(`${provider.name}: history…\n`);
	const parallel = scenario(provider.name, 'history', 'parallel', MESSAGES);
	const sequential = scenario(provider.name, 'history', 'sequential', MESSAGES);
	const minimum = Math.ceil(MESSAGES / provider.pageSize);
	for (const [variant, result] of [
		['parallel paging (default, 8 in flight)', parallel],
		['baseline: one page at a time', sequential],
	] as const) {
		row([provider.name, `history, Return All, ${MESSAGES}`, variant, result.calls, `${minimum}`, fmt(result.ms), fmt(result.calls / (result.ms / 1000), 1), fmt(result.rssPeakMb), `${fmt(sequential.ms / result.ms, 2)}×`]);
	}
	const speedUp = sequential.ms / parallel.ms;
	verdicts.push(`${provider.name} history: ${parallel.calls} calls (minimum ${minimum}) ${parallel.calls === minimum ? 'meets' : 'MISSES'} the call target; ${fmt(speedUp, 1)}× faster than sequential ${speedUp >= 6 ? 'meets' : 'MISSES'} the 6× target.`);

	process.stderr.write(`${provider.name}: export…\n`);
	for (const mode of ['filesystem', 'memory']) {
		const result = scenario(provider.name, 'export', mode, MESSAGES);
		const growth = result.rssPeakMb - result.rssStartMb;
		row([provider.name, `export ${MESSAGES} to CSV`, `binary data in ${mode} mode (${result.note ?? ''})`, result.calls, '', fmt(result.ms), fmt(result.calls / (result.ms / 1000), 1), `${fmt(result.rssPeakMb)} (+${fmt(growth)})`, `${fmt(result.ms / parallel.ms, 2)}× of history`]);
		if (mode === 'filesystem') {
			verdicts.push(`${provider.name} export: RSS grew ${fmt(growth)} MB (${growth < 100 ? 'meets' : 'MISSES'} < 100 MB); took ${fmt(result.ms / parallel.ms, 2)}× the history read (${result.ms <= 1.2 * parallel.ms ? 'meets' : 'MISSES'} ≤ 1.2×).`);
		}
	}
}

function send(provider: BenchProvider): void {

	process.stderr.write(`${provider.name}: send…\n`);
	const batchRecipients = Math.min(RECIPIENTS, provider.sendBatchRecipients ?? RECIPIENTS);
	const measuredBatch = scenario(provider.name, 'send', 'batch', batchRecipients);
	const batchScale = RECIPIENTS / batchRecipients;
	const batch = { ...measuredBatch, ms: measuredBatch.ms * batchScale, calls: measuredBatch.calls * batchScale };
	const perItem = scenario(provider.name, 'send', 'perItem', BASELINE_RECIPIENTS);
	const perItemProjectedMs = (perItem.ms / BASELINE_RECIPIENTS) * RECIPIENTS;
	const batchVariant = batchScale === 1 ? 'node, batch path' : `node, batch path (measured on ${batchRecipients}, ×${batchScale})`;
	row([provider.name, `send to ${RECIPIENTS}`, batchVariant, batch.calls, '', fmt(batch.ms), fmt(batch.calls / (batch.ms / 1000), 1), fmt(batch.rssPeakMb), `${fmt(perItemProjectedMs / batch.ms, 1)}×`]);
	row([provider.name, `send to ${RECIPIENTS}`, `baseline: one call per item (measured on ${BASELINE_RECIPIENTS}, time ×${RECIPIENTS / BASELINE_RECIPIENTS})`, perItem.calls * (RECIPIENTS / BASELINE_RECIPIENTS), '', fmt(perItemProjectedMs), fmt(perItem.calls / (perItem.ms / 1000), 1), fmt(perItem.rssPeakMb), '1.00×']);
	verdicts.push(`${provider.name} send: ${batch.calls} calls for ${RECIPIENTS} recipients; ${fmt(perItemProjectedMs / batch.ms, 1)}× faster than one call per item (${perItemProjectedMs / batch.ms >= 20 ? 'meets' : 'MISSES'} the 20× target).`);

	if (provider.parallelSendParameters) {
		process.stderr.write(`${provider.name}: parallel send…\n`);
		const parallelSend = scenario(provider.name, 'send', 'parallel', RECIPIENTS);
		const ratio = perItemProjectedMs / parallelSend.ms;
		row([provider.name, `send to ${RECIPIENTS}, one call per message`, 'node, Parallel Requests 8 (default)', parallelSend.calls, RECIPIENTS, fmt(parallelSend.ms), fmt(parallelSend.calls / (parallelSend.ms / 1000), 1), fmt(parallelSend.rssPeakMb), `${fmt(ratio, 1)}×`]);
		verdicts.push(`${provider.name} single-message send: ${parallelSend.calls} calls for ${RECIPIENTS} recipients, each sent once; ${fmt(ratio, 1)}× faster than one call at a time (${ratio >= 6 ? 'meets' : 'MISSES'} the 6× target).`);
	}

}

function overhead(provider: BenchProvider): void {
	process.stderr.write(`${provider.name}: overhead…\n`);
	const overhead = scenario(provider.name, 'overhead', '-', MESSAGES);
	const microseconds = (overhead.cpuMs * 1000) / overhead.messages;
	row([provider.name, `parse + normalize ${MESSAGES}, no latency`, 'CPU per message', 0, '', fmt(overhead.ms), '', fmt(overhead.rssPeakMb), `${fmt(microseconds, 2)} µs`]);
	verdicts.push(`${provider.name} node overhead: ${fmt(microseconds, 2)} µs of CPU per message (${microseconds < 20 ? 'meets' : 'MISSES'} < 20 µs).`);
}

/** Per provider, as `ClickSend / Routee / smsup.ch / Apico` cells show them. */
const perProvider = (figures: RoutingFigures, field: 'priceCalls' | 'sendCalls' | 'priceBatches' | 'accepted') => figures.providers.map((entry) => entry[field]).join(' / ');
const minimumCalls = (figures: RoutingFigures, routed: boolean) =>
	figures.providers.reduce((sum, entry) => sum + entry.minimumSendCalls + (routed ? entry.priceBatches : 0), 0);

/** Runs of each side of the one-provider routing variant; the median one is reported. */
const ROUTING_REPEATS = Number(process.env.BENCH_ROUTING_REPEATS ?? 5);
const median = (runs: Result[]): Result => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
const routingRows: string[] = [];
const routingVerdicts: string[] = [];
let routingElapsed = '';
if (runs('routing')) {
	const routingStarted = Date.now();
	const routingRow = (cells: Array<string | number>) => routingRows.push(`| ${cells.join(' | ')} |`);
	const variants = [
		{
			variant: 'single',
			scenario: `${RECIPIENTS} recipients, all cheapest at one provider (UK numbers: ClickSend; median of ${ROUTING_REPEATS} runs each)`,
			verdict: 'all cheapest at one provider',
			baseline: "baseline: the ClickSend node's own Send of the same recipients",
			against: "the ClickSend node's direct send",
		},
		{
			variant: 'spread',
			scenario: `${RECIPIENTS} recipients across four providers (a quarter each: UK ClickSend, US Routee, France smsup.ch, Germany Apico; all measured, none scaled)`,
			verdict: 'across four providers',
			baseline: "baseline: each provider's own node sends its share, one after another (a Switch node's four branches)",
			against: 'the four provider nodes one after another',
		},
	] as const;
	for (const { variant, scenario: title, verdict, baseline, against } of variants) {
		process.stderr.write(`SMS Gateway: routing ${variant}…\n`);
		// A few seconds of work varies by ±15 % from one process to the next on this machine: the
		// short variant runs routed and direct alternately, ROUTING_REPEATS times, and each side's
		// median run is the figure.
		const repeats = variant === 'single' ? ROUTING_REPEATS : 1;
		const routedRuns: Result[] = [];
		const directRuns: Result[] = [];
		for (let repeat = 0; repeat < repeats; repeat++) {
			routedRuns.push(scenario('SmsGateway', 'routing', `${variant}-routed`, RECIPIENTS));
			directRuns.push(scenario('SmsGateway', 'routing', `${variant}-direct`, RECIPIENTS));
		}
		const routed = median(routedRuns);
		const direct = median(directRuns);
		const ratio = routed.ms / direct.ms;
		for (const [label, result, isRouted] of [
			['SMS Gateway Send, Cheapest over ClickSend, Routee, smsup.ch, Apico', routed, true],
			[baseline, direct, false],
		] as const) {
			const figures = result.routing!;
			const calls = isRouted ? `${result.calls}${figures.otherCalls ? ` (${figures.otherCalls} other)` : ''}` : result.calls;
			routingRow([title, label, perProvider(figures, 'priceCalls'), perProvider(figures, 'sendCalls'), calls, minimumCalls(figures, isRouted), fmt(result.ms), fmt(result.rssPeakMb), isRouted ? `${fmt(ratio, 2)}×` : '1.00×']);
		}
		const figures = routed.routing!;
		// The scenario throws unless each recipient was accepted exactly once, by its cheapest provider.
		const priceTarget = figures.providers.every((entry) => entry.priceCalls <= entry.priceBatches);
		routingVerdicts.push(
			`SMS Gateway routing ${verdict}: price calls ${perProvider(figures, 'priceCalls')} (ClickSend / Routee / smsup.ch / Apico) for ${perProvider(figures, 'priceBatches')} price batches ` +
				`(${priceTarget ? 'meets' : 'MISSES'} at most one per provider per batch); every one of ${RECIPIENTS} recipients accepted exactly once (${perProvider(figures, 'accepted')}); ` +
				`routed took ${fmt(ratio, 2)}× ${against} (${ratio <= ROUTING_TIME_TARGET ? 'meets' : 'MISSES'} ≤ ${fmt(ROUTING_TIME_TARGET, 2)}×).`,
		);
	}
	routingElapsed = `${fmt((Date.now() - routingStarted) / 60000, 1)} minutes`;
}

const header = [
	'| provider | scenario | variant | API calls | minimum calls | time (ms) | calls/s | peak RSS (MB) | ratio |',
	'|---|---|---|---:|---:|---:|---:|---:|---:|',
];
const routingHeader = [
	'| scenario | variant | price calls (ClickSend / Routee / smsup.ch / Apico) | send calls (ClickSend / Routee / smsup.ch / Apico) | API calls | minimum calls | time (ms) | peak RSS (MB) | time vs direct |',
	'|---|---|---|---|---:|---:|---:|---:|---:|',
];
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const table = [...header, ...rows].join('\n');
const summary = verdicts.map((verdict) => `- ${verdict}`).join('\n');
const routingTable = [...routingHeader, ...routingRows].join('\n');
const routingSummary = routingVerdicts.map((verdict) => `- ${verdict}`).join('\n');
const elapsed = `${fmt((Date.now() - started) / 60000, 1)} minutes`;
const today = new Date().toISOString().slice(0, 10);
process.stdout.write(`\nLatency ${LATENCY_MS} ms per request; ${machine}; run took ${elapsed}\n`);
if (rows.length) process.stdout.write(`\n${table}\n\n${summary}\n`);
if (routingRows.length) process.stdout.write(`\n${routingTable}\n\n${routingSummary}\n`);

/** The routing section of docs/benchmarks.md, from its heading to its targets. */
const routingSection = () =>
	`${ROUTING_HEADING}\n\nMeasured on ${today} (${fullRun ? 'in the full run' : '`npm run bench -- --only=routing --write`'}; the routing scenarios took ${routingElapsed}) on ${machine}, ${LATENCY_MS} ms added to every request.\n\n` +
	`- The SMS Gateway node's Send with Cheapest routing over ClickSend (Exchange Rate 0.5), Routee (1), smsup.ch (Price per Message Part 0.045) and Apico (0.04), in n8n's workflow engine, against all four simulators in the scenario's process.\n` +
	`- Per part in the comparison currency: UK ClickSend 0.028, Routee 0.035; US Routee 0.012; Germany Apico 0.04, smsup.ch 0.045, ClickSend 0.05; France with a 160-character text holding a € (one credit at smsup.ch, two GSM parts for Routee and Apico) smsup.ch 0.045 against ClickSend 0.05 and Apico 0.08. With one text, smsup.ch's and Apico's flat part prices never cross, so one of them would never be cheapest.\n` +
	`- Price calls: ClickSend prices up to 1,000 messages per call, Routee and smsup.ch one per call (so one per country and text), Apico has none. A price batch is one such call's worth; minimum calls are the price batches plus the fewest send calls (ClickSend 1,000 recipients per call, the others one per message, 8 in flight).\n` +
	`- Each run checks from the simulators' records that every recipient was accepted exactly once in all, by the provider that prices it lowest, and fails otherwise.\n\n` +
	`${routingTable}\n\n### Routing targets\n\n${routingSummary}\n`;

if (process.argv.includes('--write')) {
	mkdirSync(join(ROOT, 'docs'), { recursive: true });
	const file = join(ROOT, 'docs', 'benchmarks.md');
	// The explanations below the figures are written by hand: keep them across runs.
	const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const notesAt = previous.indexOf(NOTES_HEADING);
	const notes = notesAt === -1 ? '' : `\n${previous.slice(notesAt).trimEnd()}\n`;
	if (fullRun) {
		writeFileSync(
			file,
			`# Benchmarks\n\nGenerated by \`npm run bench -- --write\` on ${today}.\n\n` +
				`- Machine: ${machine}.\n- Added latency: ${LATENCY_MS} ms per request (the simulators' \`latencyMs\`); ${MESSAGES} history messages; ${RECIPIENTS} recipients.\n` +
				`- Each scenario runs in its own process through n8n's workflow engine (\`WorkflowExecute\`) against the simulators over HTTP on 127.0.0.1; the ratio column compares with the baseline measured in the same run.\n` +
				`- The export scenarios run the simulator in a separate process, so their peak RSS is the node's (and n8n's) alone.\n` +
				`- One call per item is measured on ${BASELINE_RECIPIENTS} recipients and scaled to ${RECIPIENTS} (its time is linear in the calls).\n- The run took ${elapsed}.\n\n` +
				`${table}\n\n## Targets\n\n${summary}\n\n${routingSection()}${notes}`,
		);
	} else {
		// Routing only: its section is replaced (or added before the notes); the rest stays as the full run wrote it.
		const at = previous.indexOf(ROUTING_HEADING);
		const nextHeading = at === -1 ? -1 : previous.slice(at + ROUTING_HEADING.length).search(/^## /m);
		const end = nextHeading === -1 ? (at === -1 ? -1 : previous.length) : at + ROUTING_HEADING.length + nextHeading;
		const [before, after] =
			at !== -1 ? [previous.slice(0, at), previous.slice(end)] : notesAt !== -1 ? [previous.slice(0, notesAt), previous.slice(notesAt)] : [previous, ''];
		writeFileSync(file, `${before.trimEnd()}\n\n${routingSection()}${after ? `\n${after.trimStart()}` : ''}`);
	}
	process.stdout.write('\nWrote docs/benchmarks.md\n');
}
