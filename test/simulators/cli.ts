/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Runs the provider simulators as a standalone process (for the sandbox and for trying the
 * nodes by hand). Prints one JSON line with each simulator's base URL, then serves until
 * SIGINT/SIGTERM. `--port N` makes the first simulator listen on N, the next on N+1, …
 * Control endpoints on every simulator: GET /__sim/requests lists what it received.
 */
import { ApicoSimulator } from './apico';
import { ClickSendSimulator } from './clicksend';
import type { SimulatorServer } from './framework';
import { RouteeSimulator } from './routee';
import { SmsUpSimulator } from './smsup';

async function main(): Promise<void> {
	const portArgument = process.argv.indexOf('--port');
	const firstPort = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
	const clickSend = new ClickSendSimulator();
	clickSend.seedHistory(250);
	clickSend.seedMmsHistory(40);
	clickSend.seedInboundAndReceipts(30);
	const apico = new ApicoSimulator();
	apico.seedHistory(250);
	const smsUp = new SmsUpSimulator();
	smsUp.seedHistory(250);
	const routee = new RouteeSimulator();
	routee.seedHistory(250);
	const simulators: Record<string, SimulatorServer> = { clicksend: clickSend, apico, smsup: smsUp, routee };

	const urls: Record<string, string> = {};
	let offset = 0;
	for (const [name, simulator] of Object.entries(simulators)) {
		simulator.route('GET', '/__sim/requests', () => ({ status: 200, body: simulator.requests }));
		urls[name] = await simulator.start(firstPort ? firstPort + offset++ : 0);
	}
	process.stdout.write(JSON.stringify(urls) + '\n');

	const stop = async () => {
		await Promise.all(Object.values(simulators).map(async (simulator) => await simulator.stop()));
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
