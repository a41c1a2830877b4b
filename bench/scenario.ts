/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark code, run by node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * One benchmark scenario in its own process (so peak RSS is its own), printing one JSON line.
 *   node .build/bench/scenario.js <provider> <history|export|send|overhead> <variant> <count>
 *   node .build/bench/scenario.js SmsGateway routing <single|spread>-<routed|direct> <count>
 * Variants: history parallel|sequential; export filesystem|memory; send batch|perItem|parallel; overhead -;
 * routing (all four simulators in this process, see routing.ts) single-routed|single-direct|spread-routed|spread-direct.
 * The export scenario runs its simulator in a child process (`serve`), so the memory measured
 * is the node's, not the simulator's 100,000 messages and the pages it encodes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { RoutingFigures, RoutingRun, RoutingVariant } from './routing';
import type { SimulatorServer } from '../test/simulators/framework';

const [providerName, scenario, variant, countText] = process.argv.slice(2);
const count = Number(countText);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 40);

if (scenario === 'export' && variant === 'filesystem') {
	// Must be set before n8n-core reads its configuration.
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = mkdtempSync(join(tmpdir(), 'sms-gateways-bench-'));
}

interface Result {
	calls: number;
	ms: number;
	/** RSS when the scenario started (simulator seeded), and the most it reached, in MB. */
	rssStartMb: number;
	rssPeakMb: number;
	cpuMs: number;
	messages: number;
	note?: string;
	routing?: RoutingFigures;
}

/** What a measured run reports besides its time, memory and calls. */
type Measured = Pick<Result, 'messages' | 'note' | 'routing'>;

/**
 * Runs `run` once: its time, CPU and peak RSS (sampled every 10 ms, after a collection), and the
 * requests `sims` received during it (their records are emptied first).
 */
async function measure(sims: SimulatorServer[], run: () => Promise<Measured>): Promise<Result> {
	let peak = 0;
	const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
	if (global.gc) global.gc();
	const rssStart = process.memoryUsage().rss;
	peak = rssStart;
	const timer = setInterval(sample, 10);
	for (const sim of sims) sim.requests.length = 0;
	const cpuStart = process.cpuUsage();
	const started = process.hrtime.bigint();
	const measured = await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuStart);
	clearInterval(timer);
	sample();
	const calls = sims.reduce((sum, sim) => sum + sim.requests.length, 0);
	return { calls, ms, rssStartMb: rssStart / 2 ** 20, rssPeakMb: peak / 2 ** 20, cpuMs: (cpu.user + cpu.system) / 1000, ...measured };
}

/** The routing scenario: the four simulators here, each with the latency, one measured run. */
async function routingScenario(): Promise<Result> {
	const { checkRouting, routingRecipients, routingSimulators, runRouting, simulatorList } = await import('./routing');
	const [recipientsOf, run] = variant.split('-') as [RoutingVariant, RoutingRun];
	if (!['single', 'spread'].includes(recipientsOf) || !['routed', 'direct'].includes(run)) throw new Error(`Unknown routing variant ${variant}`);
	// n8n-workflow's default regex engine runs each match in a vm with a 250 ms wall-clock limit; in
	// this busy process (four simulators, 10,000 items) a garbage-collection pause overruns it and
	// fails a call at random ("Regular expression execution timed out", seen in smsup.ch's and
	// Routee's sends). The patterns are the nodes' own, not user input: match natively, as
	// n8n-workflow's own fallback does.
	const { setSafeRegexEngine } = await import('n8n-workflow');
	setSafeRegexEngine({
		exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
		test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
		replace: (pattern, input, flags, replacement) => input.replace(new RegExp(pattern, flags), replacement),
		matchAll: (pattern, input, flags) => Array.from(input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`))),
		split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
	});
	const sims = routingSimulators();
	const all = simulatorList(sims);
	await Promise.all(all.map((sim) => sim.start()));
	try {
		for (const sim of all) sim.latencyMs = LATENCY_MS;
		const recipients = routingRecipients(recipientsOf, count);
		return await measure(all, async () => {
			const output = await runRouting(run, sims, recipients);
			return { messages: recipients.length, routing: checkRouting(run, sims, recipients, output) };
		});
	} finally {
		await Promise.all(all.map((sim) => sim.stop()));
	}
}

/** Messages between the export scenario and its simulator process. */
type ServeRequest = 'calls' | 'reset' | 'stop';
interface ServeReply {
	baseUrl?: string;
	calls?: number;
}

/** The simulator alone, seeded, answering the parent's requests for its call count. */
async function serve(): Promise<void> {
	const { BENCH_PROVIDERS } = await import('./providers');
	const provider = BENCH_PROVIDERS.find((candidate) => candidate.name === providerName);
	if (!provider) throw new Error(`Unknown provider ${providerName}`);
	const sim = provider.createSimulator();
	await sim.start();
	provider.seedHistory(sim, count);
	sim.latencyMs = LATENCY_MS;
	process.on('message', (request: ServeRequest) => {
		if (request === 'reset') sim.requests.length = 0;
		if (request === 'stop') void sim.stop().then(() => process.exit(0));
		else process.send!({ calls: sim.requests.length } satisfies ServeReply);
	});
	process.send!({ baseUrl: sim.baseUrl } satisfies ServeReply);
}

/** Starts the simulator process and waits for its URL; `ask` sends a request and waits for the answer. */
async function simulatorProcess(): Promise<{ baseUrl: string; ask: (request: ServeRequest) => Promise<ServeReply>; child: ChildProcess }> {
	const child = fork(__filename, [providerName, 'serve', '-', String(count)], { env: { ...process.env, LATENCY_MS: String(LATENCY_MS) } });
	const next = async () =>
		await new Promise<ServeReply>((resolve, reject) => {
			child.once('message', (reply: ServeReply) => resolve(reply));
			child.once('exit', (code) => reject(new Error(`simulator process exited ${code}`)));
		});
	const { baseUrl } = await next();
	const ask = async (request: ServeRequest) => {
		const reply = next();
		child.send(request);
		return await reply;
	};
	return { baseUrl: baseUrl!, ask, child };
}

async function main(): Promise<Result> {
	// n8n-core's own copy of the DI container (another version may sit at the top of node_modules).
	const diPath = require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads n8n-core's own copy of @n8n/di, by its path
	const { Container } = require(diPath) as typeof import('@n8n/di');
	const { BinaryDataService } = await import('n8n-core');
	if (scenario === 'export' && variant === 'filesystem') await Container.get(BinaryDataService).init();
	const { BENCH_PROVIDERS } = await import('./providers');
	if (scenario === 'routing') return await routingScenario();
	const { runNode } = await import('../test/support/n8n-harness');
	const provider = BENCH_PROVIDERS.find((candidate) => candidate.name === providerName);
	if (!provider) throw new Error(`Unknown provider ${providerName}`);
	// The export's simulator runs in its own process (see `serve`); the others run here.
	const sim = provider.createSimulator();
	if (scenario !== 'export') await sim.start();

	// The export's simulator counts its own calls (in its process); the others count here.
	const counted = scenario === 'export' ? [] : [sim];
	const credentials = { [provider.credentialType]: provider.credentials(sim.baseUrl, sim) };
	const run = async (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) => {
		const { outputs, error } = await runNode({ type: provider.nodeType, parameters: parameters as never, credentials }, items as never);
		if (error) throw error;
		return outputs[0] ?? [];
	};

	try {
		if (scenario === 'history') {
			provider.seedHistory(sim, count);
			sim.latencyMs = LATENCY_MS;
			return await measure(counted, async () => {
				const items = await run(provider.historyParameters(variant === 'sequential' ? 1 : 8));
				if (items.length !== count) throw new Error(`history returned ${items.length} of ${count}`);
				return { messages: items.length };
			});
		}
		if (scenario === 'export') {
			const remote = await simulatorProcess();
			try {
				const exportCredentials = { [provider.credentialType]: provider.credentials(remote.baseUrl) };
				await remote.ask('reset');
				const result = await measure(counted, async () => {
					const { outputs, error } = await runNode({ type: provider.nodeType, parameters: provider.exportParameters() as never, credentials: exportCredentials }, [{}] as never);
					if (error) throw error;
					const binary = Object.values(outputs[0]?.[0]?.binary ?? {})[0];
					if (!binary) throw new Error('export produced no file');
					return { messages: count, note: `${binary.fileSize ?? ''} ${binary.id ? 'stored as file' : 'in memory'}`.trim() };
				});
				return { ...result, calls: (await remote.ask('calls')).calls ?? 0 };
			} finally {
				remote.child.send('stop');
			}
		}
		if (scenario === 'send') {
			const items = provider.sendItems(count);
			sim.latencyMs = LATENCY_MS;
			return await measure(counted, async () => {
				if (variant === 'batch') await run(provider.sendParameters(), items);
				else if (variant === 'parallel') await run(provider.parallelSendParameters!(), items);
				else await provider.sendOneByOne(sim, items);
				if (provider.acceptedCount(sim) !== count) throw new Error(`accepted ${provider.acceptedCount(sim)} of ${count}`);
				// Exactly once: as many send calls' recipients as items, each a different number.
				const recipients = provider.sentRecipients(sim);
				if (recipients.length !== count || new Set(recipients).size !== count) {
					throw new Error(`${recipients.length} recipients sent, ${new Set(recipients).size} distinct, for ${count} items`);
				}
				return { messages: count };
			});
		}
		if (scenario === 'overhead') {
			// Parsing and normalizing only: the pages as JSON text, as they arrive over the wire.
			const raw = provider.rawHistory(sim, count);
			const pages: string[] = [];
			for (let start = 0; start < raw.length; start += provider.pageSize) pages.push(JSON.stringify(raw.slice(start, start + provider.pageSize)));
			return await measure(counted, async () => {
				let messages = 0;
				for (const page of pages) {
					for (const message of JSON.parse(page) as unknown[]) {
						provider.normalize(message);
						messages++;
					}
				}
				return { messages };
			});
		}
		throw new Error(`Unknown scenario ${scenario}`);
	} finally {
		if (scenario !== 'export') await sim.stop();
	}
}

if (scenario === 'serve') {
	serve().catch((error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
} else main().then(
	(result) => {
		process.stdout.write(JSON.stringify(result) + '\n');
		process.exit(0);
	},
	(error: unknown) => {
		// A node error's description carries the per-item reasons (which call failed, and how).
		const { stack, description } = error as Error & { description?: unknown };
		process.stderr.write(`${stack ?? String(error)}\n${typeof description === 'string' ? `${description}\n` : ''}`);
		process.exit(1);
	},
);
