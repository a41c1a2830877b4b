/**
 * n8n's distributed engine: `n8n start` as main and `n8n worker` as a worker, Redis between them
 * (Debian's redis-server on a free loopback port), both with the package loaded. The webhook
 * example runs on the worker: its trigger takes the pushed SMS on the main instance, the
 * ClickSend node replies from the worker. Run by `npm run test:queue` (not part of `npm test`).
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { ClickSendSimulator } from '../simulators/clicksend';
import { freePort, RealN8n } from '../support/real-n8n';

let redis: ChildProcess;
let sim: ClickSendSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	const redisPort = await freePort();
	redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	sim = new ClickSendSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create({
		env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redisPort) },
	});
	await n8n.importCredentials([
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: 'SANDBOX-API-KEY-0001', baseUrl } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	redis?.kill('SIGKILL');
});

test('the ClickSend webhook example runs on the worker and replies through ClickSend', async () => {
	const workflow = await n8n.importExample('clicksend-auto-reply.json');
	const session = await n8n.startServer();
	await n8n.startWorker();
	await n8n.activate(session, workflow.id);
	await n8n.waitFor('the inbound rule', () => (sim.rules.length ? true : undefined));
	expect(sim.rules).toHaveLength(1);

	const pushed = await sim.push('inbound', { timestamp: '1795000000', from: '+61411222333', body: 'Queue mode?', message_id: 'Q-1', to: '+61400000000', custom_string: 'q' });
	expect(pushed.map((result) => result.status)).toEqual([200]);

	const [reply] = await n8n.waitFor('the reply from the worker', () => {
		const sends = sim.recorded(/^POST \/v3\/sms\/send$/);
		return sends.length ? sends : undefined;
	}, 60_000);
	expect((reply.body as { messages: unknown[] }).messages).toEqual([
		{ to: '+61411222333', body: 'Thanks, we got your message: "Queue mode?"', custom_string: 'reply-Q-1', source: 'n8n' },
	]);
	// The worker, not the main instance, ran it.
	expect(n8n.workerLog()).toMatch(/Worker finished execution \d+/);
	const [execution] = await n8n.executions(session, workflow.id);
	expect(execution.status).toBe('success');
	expect(execution.run!.resultData.runData.Reply[0].data!.main[0]![0].json).toMatchObject({ to: '+61411222333', status: 'queued', reference: 'reply-Q-1' });
}, 240_000);
