/**
 * Benchmarks, printed as ratios measured side by side in one run (never timed assertions in
 * tests). Each scenario runs against the simulators with a fixed added latency per request.
 *   npm run bench            (LATENCY_MS=40 by default)
 */
import type { INode } from 'n8n-workflow';

import { createClickSendClient } from '../nodes/ClickSend/transport';
import { collectAll, pageLimitStyle, paginate } from '../nodes/shared/paginate';
import { ClickSendSimulator } from '../test/simulators/clicksend';
import { axiosExchange } from '../test/support/axios-exchange';
import { runNode } from '../test/support/n8n-harness';

const LATENCY_MS = Number(process.env.LATENCY_MS ?? 40);
const node: INode = { id: 'bench', name: 'ClickSend', type: 'clickSend', typeVersion: 1, position: [0, 0], parameters: {} };
const credentials = { username: 'sandbox', apiKey: 'SANDBOX-API-KEY-0001' };

interface Row {
	scenario: string;
	variant: string;
	calls: number;
	ms: number;
}

async function timed(run: () => Promise<void>): Promise<number> {
	const started = process.hrtime.bigint();
	await run();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function sendBatching(sim: ClickSendSimulator, recipients: number): Promise<Row[]> {
	const items = Array.from({ length: recipients }, (_, index) => ({ to: `+6142${String(index).padStart(7, '0')}` }));
	sim.requests.length = 0;
	const batchedMs = await timed(async () => {
		const { error } = await runNode(
			{
				type: 'clickSend',
				parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Benchmark' },
				credentials: { clickSendApi: { ...credentials, baseUrl: sim.baseUrl } },
			},
			items,
		);
		if (error) throw error;
	});
	const batchedCalls = sim.requests.length;

	sim.requests.length = 0;
	const client = createClickSendClient(axiosExchange({ username: credentials.username, password: credentials.apiKey }), node, sim.baseUrl);
	const perItemMs = await timed(async () => {
		for (const { to } of items) {
			await client.call({ method: 'POST', path: '/v3/sms/send', kind: 'send', body: { messages: [{ to, body: 'Benchmark' }] } });
		}
	});
	return [
		{ scenario: `send ${recipients} SMS`, variant: 'node, batched (1000/call)', calls: batchedCalls, ms: batchedMs },
		{ scenario: `send ${recipients} SMS`, variant: 'baseline: one call per item', calls: sim.requests.length, ms: perItemMs },
	];
}

async function historyPaging(sim: ClickSendSimulator, messages: number): Promise<Row[]> {
	const client = createClickSendClient(axiosExchange({ username: credentials.username, password: credentials.apiKey }), node, sim.baseUrl);
	const style = pageLimitStyle(100, 15);
	const rows: Row[] = [];
	for (const [variant, concurrency] of [
		['paginate engine, 4 in flight', 4],
		['baseline: one page at a time', 1],
	] as const) {
		sim.requests.length = 0;
		let count = 0;
		const ms = await timed(async () => {
			const all = await collectAll(
				paginate({
					style,
					concurrency,
					fetchPage: async (params) => {
						const page = await client.call<{ total: number; data: unknown[] }>({ method: 'GET', path: '/v3/sms/history', kind: 'read', qs: params });
						return { items: page.data, total: page.total };
					},
				}),
			);
			count = all.length;
		});
		if (count !== messages) throw new Error(`history returned ${count} of ${messages}`);
		rows.push({ scenario: `read ${messages} history messages`, variant, calls: sim.requests.length, ms });
	}
	return rows;
}

function print(rows: Row[]): void {
	const baselineOf = (scenario: string) => rows.find((row) => row.scenario === scenario && row.variant.startsWith('baseline'))!;
	console.log(`\nLatency ${LATENCY_MS} ms per request; machine: ${require('node:os').cpus().length} cores, Node ${process.version}\n`);
	console.log('| scenario | variant | API calls | time (ms) | calls/s | speed-up vs baseline |');
	console.log('|---|---|---:|---:|---:|---:|');
	for (const row of rows) {
		const ratio = baselineOf(row.scenario).ms / row.ms;
		const perSecond = row.calls / (row.ms / 1000);
		console.log(`| ${row.scenario} | ${row.variant} | ${row.calls} | ${row.ms.toFixed(0)} | ${perSecond.toFixed(1)} | ${ratio.toFixed(2)}× |`);
	}
}

async function main(): Promise<void> {
	const sim = new ClickSendSimulator();
	await sim.start();
	sim.accounts.get('sandbox')!.balance = 1e9;
	sim.seedHistory(10_000);
	sim.latencyMs = LATENCY_MS;
	try {
		const rows = [...(await historyPaging(sim, 10_000)), ...(await sendBatching(sim, 300))];
		print(rows);
	} finally {
		await sim.stop();
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
