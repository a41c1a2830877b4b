/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * n8n's distributed engine: `n8n start` as main and `n8n worker` as a worker, Redis between them
 * (Debian's redis-server on a free loopback port), both with the package loaded, against the four
 * provider simulators. It shows that:
 * - each provider's action node runs on the worker in an example workflow: the ClickSend
 *   webhook example (the trigger takes the pushed SMS on main, the reply goes out from the
 *   worker), and the manual examples of ClickSend, Routee, smsup.ch and Apico, run as the
 *   editor runs them (REST `POST /workflows/:id/run`) with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS;
 * - triggers keep their state in the workflow's static data, which n8n persists: the ClickSend
 *   webhook trigger's rule id (deactivating deletes that rule), and the Apico polling trigger's
 *   cursor. Main polls and the worker runs what a poll emits; the first poll emits nothing,
 *   a new message is emitted once and never again, and after main restarts a message that
 *   arrived meanwhile is emitted once, the earlier ones not again.
 * Run by `npm run test:queue` (not part of `npm test`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator, type ApicoSimMessage } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { asCustomExtensionWorkflow, freePort, PACKAGE_ROOT, RealN8n, type ExecutedRun } from '../support/real-n8n';

type Session = { baseUrl: string; cookie: string };
type Execution = { id: string; status: string; run?: ExecutedRun['data'] };

const MANUAL_TRIGGER = "When clicking 'Execute workflow'";
const POLLING_WORKFLOW_ID = 'smsGwQueueApicoPoll1';
const POLL_TRIGGER = 'New Apico SMS';
// n8n refuses a poll time that fires more than once a minute (a six-field cron whose seconds
// field is not a single number); six poll times, each once a minute, poll every 10 seconds.
const EVERY_TEN_SECONDS = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };

/** Polls Apico for inbound SMS; each new one gets an answer through Apico (an inline workflow: no example polls). */
const pollingWorkflow = {
	id: POLLING_WORKFLOW_ID,
	name: 'Queue mode: answer each inbound Apico SMS',
	active: false,
	nodes: [
		{
			id: 'b1d0c2e4-5f60-4a71-8b92-0c3d4e5f6a01',
			name: POLL_TRIGGER,
			type: 'CUSTOM.apicoTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { event: 'inboundMessage', pollTimes: EVERY_TEN_SECONDS },
			credentials: { apicoApi: { id: 'smsGwApicoSandbox', name: 'Apico sandbox' } },
		},
		{
			id: 'b1d0c2e4-5f60-4a71-8b92-0c3d4e5f6a02',
			name: 'Answer',
			type: 'CUSTOM.apico',
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.from }}', message: '=Got it: {{ $json.body }}', additionalFields: {} },
			credentials: { apicoApi: { id: 'smsGwApicoSandbox', name: 'Apico sandbox' } },
		},
	],
	connections: { [POLL_TRIGGER]: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const EXAMPLES = ['clicksend-auto-reply.json', 'clicksend-send-sms.json', 'routee-price-then-send.json', 'smsup-send-campaign.json', 'apico-send-sms.json'];
const ROUTEE_SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
/** n8n's zone for every workflow, which the smsup.ch example's "tomorrow 09:00" is in. */
const TIME_ZONE = 'Europe/Zurich';

let redis: ChildProcess;
let clickSend: ClickSendSimulator;
let routee: RouteeSimulator;
let smsUp: SmsUpSimulator;
let apico: ApicoSimulator;
let n8n: RealN8n;
let session: Session;
const workflowIds = new Map<string, string>();

/** Resolves once Redis accepts connections: n8n and the worker connect right after. */
async function redisListening(port: number, redisProcess: ChildProcess): Promise<void> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (redisProcess.exitCode !== null) throw new Error(`redis-server exited with ${redisProcess.exitCode}`);
		const accepted = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
			socket.on('error', () => resolve(false));
		});
		if (accepted) return;
		if (Date.now() > deadline) throw new Error(`redis-server is not listening on ${port}`);
		await new Promise((wait) => setTimeout(wait, 100));
	}
}

beforeAll(async () => {
	const redisPort = await freePort();
	redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	await redisListening(redisPort, redis);

	clickSend = new ClickSendSimulator();
	routee = new RouteeSimulator();
	smsUp = new SmsUpSimulator();
	smsUp.sandbox.credits = 500;
	apico = new ApicoSimulator();
	await Promise.all([clickSend.start(), routee.start(), smsUp.start(), apico.start()]);

	n8n = await RealN8n.create({
		env: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			GENERIC_TIMEZONE: TIME_ZONE,
			// Manual runs go to a worker too, as they will always in n8n 3.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		},
	});
	await n8n.importCredentials([
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: clickSend.baseUrl } },
		{
			id: 'smsGwRouteeSandbox',
			name: 'Routee sandbox',
			type: 'routeeApi',
			data: { applicationId: 'sandbox-app', applicationSecret: ROUTEE_SECRET, tokenUrl: `${routee.baseUrl}/oauth/token`, baseUrl: routee.baseUrl },
		},
		{ id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: smsUp.baseUrl } },
		{ id: 'smsGwApicoSandbox', name: 'Apico sandbox', type: 'apicoApi', data: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${apico.baseUrl}/v2` } },
	]);
	// All workflows in one import, before main starts (one writer on the SQLite database).
	const workflows = EXAMPLES.map((fileName) => JSON.parse(asCustomExtensionWorkflow(readFileSync(join(PACKAGE_ROOT, 'examples', fileName), 'utf8'))) as { id: string });
	EXAMPLES.forEach((fileName, index) => workflowIds.set(fileName, workflows[index].id));
	const file = join(n8n.userFolder, 'queue-workflows.json');
	writeFileSync(file, JSON.stringify([...workflows, pollingWorkflow]));
	const imported = await n8n.cli(['import:workflow', `--input=${file}`]);
	if (imported.code !== 0) throw new Error(`n8n import:workflow failed\n${imported.stdout}\n${imported.stderr}`);

	session = await n8n.startServer();
	await n8n.startWorker();
}, 240_000);

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([clickSend?.stop(), routee?.stop(), smsUp?.stop(), apico?.stop()]);
	redis?.kill('SIGKILL');
});

const workflowId = (fileName: string) => workflowIds.get(fileName)!;

/**
 * Waits until the worker has finished the execution and n8n reports it done; the provider may
 * have received the last call while the worker still saves the run, so sends alone prove nothing.
 */
async function finishedOnWorker(ofWorkflow: string, executionId: string): Promise<Execution> {
	const execution = await n8n
		.waitFor(
			`the worker to finish execution ${executionId}`,
			async () => {
				if (!new RegExp(`Worker finished execution ${executionId} `).test(n8n.workerLog())) return undefined;
				const found = (await n8n.executions(session, ofWorkflow)).find((candidate) => candidate.id === executionId);
				return found && !['new', 'running'].includes(found.status) ? found : undefined;
			},
			90_000,
		)
		.catch((error: Error) => {
			throw new Error(`${error.message}\n--- worker log ---\n${n8n.workerLog().slice(-2500)}`);
		});
	expect(n8n.workerLog()).toContain(`Worker started execution ${executionId} `);
	return execution;
}

/** Runs a workflow from its manual trigger through the REST API, as the editor's "Execute workflow" does. */
async function runManually(fileName: string): Promise<Execution> {
	const { executionId } = await n8n.rest<{ executionId: string }>(session, 'POST', `/workflows/${workflowId(fileName)}/run`, { triggerToStartFrom: { name: MANUAL_TRIGGER } });
	expect(executionId).toMatch(/^\d+$/);
	return await finishedOnWorker(workflowId(fileName), executionId);
}

const outputOf = (execution: Execution, node: string) => execution.run!.resultData.runData[node][0].data!.main[0]!;

async function staticDataOf(id: string): Promise<Record<string, Record<string, unknown>>> {
	const workflow = await n8n.rest<{ staticData?: Record<string, Record<string, unknown>> | null }>(session, 'GET', `/workflows/${id}`);
	return workflow.staticData ?? {};
}

test('the ClickSend webhook example replies from the worker; the rule id it keeps in static data deletes the rule on deactivation', async () => {
	const id = workflowId('clicksend-auto-reply.json');
	await n8n.activate(session, id);
	await n8n.waitFor('the inbound rule', () => (clickSend.rules.length ? true : undefined), 60_000);
	expect(clickSend.rules).toHaveLength(1);
	// The trigger's state: the rule's id, saved by main in the workflow's static data.
	const [rule] = clickSend.rules;
	expect((await staticDataOf(id))['node:ClickSend Webhook Trigger']).toEqual({ ruleId: rule.id, event: 'inboundMessage' });

	const pushed = await clickSend.push('inbound', { timestamp: '1795000000', from: '+61411222333', body: 'Queue mode?', message_id: 'Q-1', to: '+61400000000', custom_string: 'q' });
	expect(pushed.map((result) => result.status)).toEqual([200]);

	const executionId = await n8n.waitFor('the webhook execution', async () => (await n8n.executions(session, id))[0]?.id, 60_000);
	const execution = await finishedOnWorker(id, executionId);
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Reply')[0].json).toMatchObject({ to: '+61411222333', status: 'queued', reference: 'reply-Q-1' });
	const sends = clickSend.recorded(/^POST \/v3\/sms\/send$/);
	expect(sends.map((call) => (call.body as { messages: unknown[] }).messages)).toEqual([
		[{ to: '+61411222333', body: 'Thanks, we got your message: "Queue mode?"', custom_string: 'reply-Q-1', source: 'n8n' }],
	]);

	await n8n.rest(session, 'POST', `/workflows/${id}/deactivate`, {});
	await n8n.waitFor('the rule to be deleted', () => (clickSend.rules.length === 0 ? true : undefined));
	expect(clickSend.recorded(/^DELETE \/v3\/automations\/sms\/inbound\/\d+$/).map((call) => call.path)).toEqual([`/v3/automations/sms/inbound/${rule.id}`]);
	expect((await staticDataOf(id))['node:ClickSend Webhook Trigger'] ?? {}).toEqual({});
}, 240_000);

test('ClickSend: the send example runs on the worker, one SMS per row', async () => {
	clickSend.requests.length = 0;
	const execution = await runManually('clicksend-send-sms.json');
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Send SMS').map((item) => [item.json.to, item.json.reference, item.json.status])).toEqual([
		['+61411111111', 'A-1001', 'queued'],
		['+61422222222', 'A-1002', 'queued'],
		['+447777777777', 'A-1003', 'queued'],
	]);
	const calls = clickSend.recorded(/^POST \/v3\/sms\/send$/);
	expect(calls.map((call) => (call.body as { messages: unknown[] }).messages)).toEqual([
		[
			{ to: '+61411111111', body: 'Hi Ada, your order A-1001 has shipped.', custom_string: 'A-1001', source: 'n8n' },
			{ to: '+61422222222', body: 'Hi Grace, your order A-1002 has shipped.', custom_string: 'A-1002', source: 'n8n' },
			{ to: '+447777777777', body: 'Hi Alan, your order A-1003 has shipped.', custom_string: 'A-1003', source: 'n8n' },
		],
	]);
}, 180_000);

test('Routee: the price-then-send example runs on the worker, which gets the token and sends only the cheap ones', async () => {
	const execution = await runManually('routee-price-then-send.json');
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Check price').map((item) => [item.json.to, item.json.total])).toEqual([
		['+306900000001', 0.025],
		['+491510000002', 0.15],
		['+306900000003', 0.025],
	]);
	const sent = outputOf(execution, 'Send SMS');
	expect(sent.map((item) => [item.json.to, item.json.reference, item.json.status])).toEqual([
		['+306900000001', 'B-301', 'queued'],
		['+306900000003', 'B-303', 'queued'],
	]);
	expect(sent.map((item) => item.json.id)).toEqual(routee.tracking.map((entry) => entry.messageId));
	expect(routee.recorded(/^POST \/sms\/analyze$/).map((call) => (call.body as { to: string }).to)).toEqual(['+306900000001', '+491510000002', '+306900000003']);
	expect(routee.recorded(/^POST \/sms$/).map((call) => call.body)).toEqual([
		{ body: 'Hi Eleni, your booking B-301 is tomorrow at 10:00.', to: '+306900000001', from: 'Routee', label: 'B-301' },
		{ body: 'Hi Nikos, your booking B-303 is tomorrow at 10:00.', to: '+306900000003', from: 'Routee', label: 'B-303' },
	]);
	expect(routee.tokensIssued).toBe(1);
}, 180_000);

test('smsup.ch: the campaign example runs on the worker, one campaign for every row, then the credits left', async () => {
	const execution = await runManually('smsup-send-campaign.json');
	expect(execution.status).toBe('success');
	// The example schedules the campaign for tomorrow 09:00 in the workflow's zone (Zurich, on Paris's clock).
	const tomorrowAtNine = DateTime.now().setZone(TIME_ZONE).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
	const [send] = smsUp.recorded(/^POST \/send$/);
	expect(smsUp.recorded(/^POST \/send$/)).toHaveLength(1);
	expect((send.body as { sms: { message: { delay: string }; recipients: unknown } }).sms).toMatchObject({
		message: { delay: tomorrowAtNine.setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss') },
		recipients: {
			gsm: [
				{ gsmsmsid: 'B-2001', value: '41781234501' },
				{ gsmsmsid: 'B-2002', value: '41781234502' },
				{ gsmsmsid: 'B-2003', value: '33612345603' },
			],
		},
	});
	const sendAt = tomorrowAtNine.toUTC().toISO({ suppressMilliseconds: true });
	expect(outputOf(execution, 'Send Campaign').map((item) => [item.json.to, item.json.reference, item.json.status, item.json.sentAt])).toEqual([
		['+41781234501', 'B-2001', 'scheduled', sendAt],
		['+41781234502', 'B-2002', 'scheduled', sendAt],
		['+33612345603', 'B-2003', 'scheduled', sendAt],
	]);
	expect(outputOf(execution, 'Credits Left').map((item) => item.json)).toEqual([{ provider: 'smsup', credits: 497, postpaid: false, postpaidLimit: null, unlimited: false }]);
}, 180_000);

test('Apico: the send example runs on the worker, sends one SMS per row and reads each back', async () => {
	const execution = await runManually('apico-send-sms.json');
	expect(execution.status).toBe('success');
	expect(apico.sendCalls().map((call) => call.body)).toEqual([
		{ from: '447860041755', to: '447700900101', text: 'Hi Ada, your code is 4711.' },
		{ from: '447860041755', to: '447700900102', text: 'Hi Grace, your code is 9310.' },
	]);
	const sids = apico.history.map((message) => message.message_sid);
	expect(outputOf(execution, 'Send SMS').map((item) => [item.json.id, item.json.status])).toEqual(sids.map((sid) => [sid, 'queued']));
	expect(outputOf(execution, 'Read Back').map((item) => [item.json.id, item.json.body])).toEqual([
		[sids[0], 'Hi Ada, your code is 4711.'],
		[sids[1], 'Hi Grace, your code is 9310.'],
	]);
}, 180_000);

test('the Apico polling trigger keeps its cursor in static data: main polls, the worker runs each new SMS once, also across a restart of main', async () => {
	apico.reset();
	apico.history.length = 0;
	const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;
	const old = [apico.addInbound({ from: '447700900011', text: 'old one', at: minutesAgo(3) }), apico.addInbound({ from: '447700900012', text: 'old two', at: minutesAgo(2) })];
	const polls = () => apico.historyCalls().length;
	const executions = async () => await n8n.executions(session, POLLING_WORKFLOW_ID);
	const cursorSeen = async () => {
		const cursor = (await staticDataOf(POLLING_WORKFLOW_ID))[`node:${POLL_TRIGGER}`]?.cursor as { seen: Record<string, number> } | undefined;
		return Object.keys(cursor?.seen ?? {}).sort();
	};
	const emitted = (execution: Execution) => outputOf(execution, POLL_TRIGGER).map((item) => [item.json.id, item.json.from, item.json.body]);

	// Activation polls once: it records what is there and emits nothing; main saves the cursor.
	await n8n.activate(session, POLLING_WORKFLOW_ID);
	await n8n.waitFor('the cursor in static data', async () => ((await cursorSeen()).length ? true : undefined));
	expect(await cursorSeen()).toEqual(old.map((message) => message.message_sid).sort());
	const afterActivation = polls();
	expect(afterActivation).toBeGreaterThanOrEqual(1);
	await n8n.waitFor('a scheduled poll', () => (polls() > afterActivation ? true : undefined), 30_000);
	expect(await executions()).toEqual([]);

	// A new SMS: the next poll emits it, the worker answers it.
	const fresh = apico.addInbound({ from: '447700900021', text: 'Queue mode?' });
	const firstId = await n8n.waitFor('the execution of the new SMS', async () => (await executions())[0]?.id, 40_000);
	const first = await finishedOnWorker(POLLING_WORKFLOW_ID, firstId);
	expect(first.status).toBe('success');
	expect(emitted(first)).toEqual([[fresh.message_sid, '+447700900021', 'Queue mode?']]);
	expect(outputOf(first, 'Answer').map((item) => [item.json.to, item.json.status])).toEqual([['+447700900021', 'queued']]);
	expect(apico.sendCalls().map((call) => call.body)).toEqual([{ from: '447860041755', to: '447700900021', text: 'Got it: Queue mode?' }]);
	expect(await cursorSeen()).toEqual([...old, fresh].map((message) => message.message_sid).sort());

	// Following polls read the same messages and emit none of them again.
	const afterFirst = polls();
	await n8n.waitFor('two more polls', () => (polls() >= afterFirst + 2 ? true : undefined), 40_000);
	expect((await executions()).map((execution) => execution.id)).toEqual([firstId]);

	// Main restarts (the worker keeps running); an SMS that arrives meanwhile is emitted once on
	// activation, read with the cursor from the database, and nothing earlier comes back.
	const beforeRestart = polls();
	let meanwhile: ApicoSimMessage | undefined;
	session = await n8n.restartServer(() => {
		meanwhile = apico.addInbound({ from: '447700900031', text: 'While main was down' });
	});
	const secondId = await n8n.waitFor('the execution after the restart', async () => (await executions()).find((execution) => execution.id !== firstId)?.id, 60_000);
	const second = await finishedOnWorker(POLLING_WORKFLOW_ID, secondId);
	expect(second.status).toBe('success');
	expect(emitted(second)).toEqual([[meanwhile!.message_sid, '+447700900031', 'While main was down']]);
	const afterRestart = polls();
	expect(afterRestart).toBeGreaterThan(beforeRestart);
	await n8n.waitFor('two polls after the restart', () => (polls() >= afterRestart + 2 ? true : undefined), 40_000);
	expect((await executions()).map((execution) => execution.id).sort()).toEqual([firstId, secondId].sort());
	expect(apico.sendCalls().map((call) => (call.body as { to: string }).to)).toEqual(['447700900021', '447700900031']);
}, 300_000);
