/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark code, run by node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Runs every benchmark scenario for every provider, each in its own process, side by side in
 * one run, and prints one table of figures and ratios against the baseline measured in the same
 * run. `--write` also writes docs/benchmarks.md.
 *   npm run bench                 (LATENCY_MS=40, BENCH_MESSAGES=100000, BENCH_RECIPIENTS=10000)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { BENCH_PROVIDERS } from './providers';

const LATENCY_MS = Number(process.env.LATENCY_MS ?? 40);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
/** One call per item is slow by nature: it is measured on this many and reported per message. */
const BASELINE_RECIPIENTS = Number(process.env.BENCH_BASELINE_RECIPIENTS ?? 1_000);
const ROOT = resolve(__dirname, '../..');
/** Where the hand-written explanations of the figures start in docs/benchmarks.md. */
const NOTES_HEADING = '## Why some targets are missed';

interface Result {
	calls: number;
	ms: number;
	rssStartMb: number;
	rssPeakMb: number;
	cpuMs: number;
	messages: number;
	note?: string;
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

	process.stderr.write(`${provider.name}: overhead…\n`);
	const overhead = scenario(provider.name, 'overhead', '-', MESSAGES);
	const microseconds = (overhead.cpuMs * 1000) / overhead.messages;
	row([provider.name, `parse + normalize ${MESSAGES}, no latency`, 'CPU per message', 0, '', fmt(overhead.ms), '', fmt(overhead.rssPeakMb), `${fmt(microseconds, 2)} µs`]);
	verdicts.push(`${provider.name} node overhead: ${fmt(microseconds, 2)} µs of CPU per message (${microseconds < 20 ? 'meets' : 'MISSES'} < 20 µs).`);
}

const header = [
	'| provider | scenario | variant | API calls | minimum calls | time (ms) | calls/s | peak RSS (MB) | ratio |',
	'|---|---|---|---:|---:|---:|---:|---:|---:|',
];
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const table = [...header, ...rows].join('\n');
const summary = verdicts.map((verdict) => `- ${verdict}`).join('\n');
const elapsed = `${fmt((Date.now() - started) / 60000, 1)} minutes`;
process.stdout.write(`\nLatency ${LATENCY_MS} ms per request; ${machine}; run took ${elapsed}\n\n${table}\n\n${summary}\n`);

if (process.argv.includes('--write')) {
	mkdirSync(join(ROOT, 'docs'), { recursive: true });
	const file = join(ROOT, 'docs', 'benchmarks.md');
	// The explanations below the figures are written by hand: keep them across runs.
	const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const notesAt = previous.indexOf(NOTES_HEADING);
	const notes = notesAt === -1 ? '' : `\n${previous.slice(notesAt).trimEnd()}\n`;
	writeFileSync(
		file,
		`# Benchmarks\n\nGenerated by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}.\n\n` +
			`- Machine: ${machine}.\n- Added latency: ${LATENCY_MS} ms per request (the simulators' \`latencyMs\`); ${MESSAGES} history messages; ${RECIPIENTS} recipients.\n` +
			`- Each scenario runs in its own process through n8n's workflow engine (\`WorkflowExecute\`) against the simulators over HTTP on 127.0.0.1; the ratio column compares with the baseline measured in the same run.\n` +
			`- The export scenarios run the simulator in a separate process, so their peak RSS is the node's (and n8n's) alone.\n` +
			`- One call per item is measured on ${BASELINE_RECIPIENTS} recipients and scaled to ${RECIPIENTS} (its time is linear in the calls).\n- The run took ${elapsed}.\n\n` +
			`${table}\n\n## Targets\n\n${summary}\n${notes}`,
	);
	process.stdout.write('\nWrote docs/benchmarks.md\n');
}
