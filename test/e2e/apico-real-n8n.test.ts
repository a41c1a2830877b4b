/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Apico end to end in a real n8n 2.41.1 with the built package loaded: the example workflows are
 * imported with a credential and executed headless against the Apico simulator, and the
 * credential is tested through n8n's own REST API.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { EXPORT_DIR, RealN8n, sendWorkflow } from '../support/real-n8n';

const BASIC = `Basic ${Buffer.from(`${APICO_SANDBOX_SID}:${APICO_SANDBOX_TOKEN}`).toString('base64')}`;
/**
 * n8n's time zone here. Apico does not say in which zone its `created` day is; the node sends the
 * workflow's day and the simulator compares UTC days, so history is seeded around noon, where
 * both agree.
 */
const TIME_ZONE = 'Europe/Zurich';
let sim: ApicoSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new ApicoSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create({ env: { GENERIC_TIMEZONE: TIME_ZONE } });
	await n8n.importCredentials([
		{
			id: 'smsGwApicoSandbox',
			name: 'Apico sandbox',
			type: 'apicoApi',
			data: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl}/v2` },
		},
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

test('the send example sends one SMS per row, then reads each back from history with its price', async () => {
	const workflow = await n8n.importExample('apico-send-sms.json');
	const { code, run, output } = await n8n.execute(workflow.id);

	expect(code).toBe(0);
	expect(run.status).toBe('success');
	const sends = sim.sendCalls();
	expect(sends.map((call) => call.body)).toEqual([
		{ from: '447860041755', to: '447700900101', text: 'Hi Ada, your code is 4711.' },
		{ from: '447860041755', to: '447700900102', text: 'Hi Grace, your code is 9310.' },
	]);
	for (const call of sends) expect(call.headers.authorization).toBe(BASIC);

	const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	// Output = Simplified (the example's default): the ten fields, without providerStatus.
	expect(sent.map((item) => [item.json.id, item.json.to, item.json.status, item.json.providerStatus, item.pairedItem])).toEqual([
		[sim.history[0].message_sid, '+447700900101', 'queued', undefined, { item: 0 }],
		[sim.history[1].message_sid, '+447700900102', 'queued', undefined, { item: 1 }],
	]);

	expect(sim.historyCalls().map((call) => call.query)).toEqual([{ message_sid: sim.history[0].message_sid }, { message_sid: sim.history[1].message_sid }]);
	const readBack = run.data.resultData.runData['Read Back'][0].data!.main[0]!;
	expect(readBack.map((item) => [item.json.id, item.json.body, item.json.price, item.json.currency, item.json.sentAt, item.pairedItem])).toEqual([
		[sim.history[0].message_sid, 'Hi Ada, your code is 4711.', 0.00001, 'USD', new Date(Date.parse(sim.history[0].created)).toISOString().replace('.000', ''), { item: 0 }],
		[sim.history[1].message_sid, 'Hi Grace, your code is 9310.', 0.00001, 'USD', new Date(Date.parse(sim.history[1].created)).toISOString().replace('.000', ''), { item: 1 }],
	]);
	expect(output).not.toContain(APICO_SANDBOX_TOKEN);
}, 120_000);

test('the nightly export example pages through yesterday\'s history (in n8n\'s time zone) and writes the failed outbound messages to a dated CSV file', async () => {
	sim.reset();
	sim.history.length = 0;
	// 300 messages up to noon on each of three days: the day before yesterday, yesterday, today.
	const today = DateTime.now().setZone(TIME_ZONE).startOf('day');
	for (const day of [today.minus({ days: 2 }), today.minus({ days: 1 }), today]) {
		sim.seedHistory(300, { end: Math.min(Date.now(), day.plus({ hours: 12 }).toMillis()) });
	}
	const yesterday = today.minus({ days: 1 }).toISODate()!;
	const failedOutbound = [...sim.history].reverse().filter((message) => message.status === 'failed' && message.direction === 'outbound');
	const failed = failedOutbound.filter((message) => new Date(Date.parse(message.created)).toISOString().slice(0, 10) === yesterday);
	expect(failed.length).toBeGreaterThan(20);
	expect(failedOutbound.length).toBeGreaterThan(failed.length);
	const target = join(EXPORT_DIR, `apico-failed-messages-${yesterday}.csv`);
	rmSync(target, { force: true });
	mkdirSync(EXPORT_DIR, { recursive: true });

	const workflow = await n8n.importExample('apico-export-history.json');
	expect(workflow.name).toMatch(/nightly/);
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	const calls = sim.historyCalls();
	expect(calls).toHaveLength(Math.ceil(failed.length / 20));
	for (const call of calls) expect(call.query).toMatchObject({ created: yesterday, status: 'failed', direction: 'outbound', limit: '20' });
	expect(run.data.resultData.runData["Export Yesterday's Failed Messages"][0].data!.main[0]![0].json).toEqual({
		provider: 'apico',
		fileName: `apico-failed-messages-${yesterday}.csv`,
		format: 'csv',
		rows: failed.length,
	});
	const lines = readFileSync(target, 'utf8').trim().split('\r\n');
	expect(lines).toHaveLength(failed.length + 1);
	expect(lines[0]).toBe('id,from,to,body,status,sentAt,price,currency,reference,error');
	expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(failed.map((message) => message.message_sid));
}, 120_000);

// Last: it starts the n8n server, which holds the task broker port the CLI runs use.
test('n8n\'s credential test calls Apico\'s documented GET /accounts/{accountSID}/messages (one message): OK with the right token, Apico\'s 401 text with a wrong one', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (authToken: string) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				credentials: {
					id: 'smsGwApicoSandbox',
					name: 'Apico sandbox',
					type: 'apicoApi',
					data: { accountSid: APICO_SANDBOX_SID, authToken, baseUrl: `${sim.baseUrl}/v2/` },
				},
			}),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};
	sim.reset();

	expect(await testCredential(APICO_SANDBOX_TOKEN)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const wrong = await testCredential('WRONG-TOKEN-9999');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toMatch(/^Apico rejected the Account SID or Auth Token \(401\)/);
	expect(wrong.message).not.toContain('WRONG-TOKEN-9999');

	const calls = sim.recorded(/^GET \/v2\/accounts\/[^/]+\/messages$/);
	expect(calls[0].path).toBe(`/v2/accounts/${APICO_SANDBOX_SID}/messages`);
	expect(calls[0].query).toEqual({ limit: '1' });
	expect(calls[0].headers.authorization).toBe(BASIC);
	expect(calls.length).toBeGreaterThanOrEqual(2);
	for (const call of calls.slice(1)) {
		expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${APICO_SANDBOX_SID}:WRONG-TOKEN-9999`).toString('base64')}`);
	}
}, 150_000);

test('the nightly export is published with its Schedule Trigger, and a run started from that trigger exports yesterday\'s failed messages', async () => {
	const session = await n8n.startServer();
	const workflowId = 'smsGwApicoExport1';
	const yesterday = DateTime.now().setZone(TIME_ZONE).minus({ days: 1 }).toISODate()!;
	const target = join(EXPORT_DIR, `apico-failed-messages-${yesterday}.csv`);
	rmSync(target, { force: true });
	sim.reset();

	await n8n.activate(session, workflowId);
	expect(await n8n.rest<{ active: boolean }>(session, 'GET', `/workflows/${workflowId}`)).toMatchObject({ active: true });
	// What the editor's "Execute workflow" on the Schedule Trigger does.
	const { executionId } = await n8n.runManually(session, workflowId, {
		triggerToStartFrom: { name: 'Every Night at 02:00' },
	});
	const execution = await n8n.waitFor('the run from the Schedule Trigger', async () => {
		const found = (await n8n.executions(session, workflowId)).find((candidate) => candidate.id === executionId);
		return found && found.status !== 'running' && found.status !== 'new' ? found : undefined;
	});
	expect(execution.status).toBe('success');
	expect(Object.keys(execution.run!.resultData.runData).sort()).toEqual(['Every Night at 02:00', "Export Yesterday's Failed Messages", 'Write CSV File'].sort());
	expect(sim.historyCalls().length).toBeGreaterThan(0);
	for (const call of sim.historyCalls()) expect(call.query).toMatchObject({ created: yesterday, status: 'failed' });
	expect(readFileSync(target, 'utf8').split('\r\n')[0]).toBe('id,from,to,body,status,sentAt,price,currency,reference,error');
	await n8n.rest(session, 'POST', `/workflows/${workflowId}/deactivate`, {});
}, 120_000);

describe("n8n's Retry On Fail (3 tries) in a real n8n", () => {
	const input = Array.from({ length: 6 }, (_, index) => ({ to: `+4477009000${String(index).padStart(2, '0')}`, text: `Code ${index}` }));
	const accepted = () => input.map((item) => sim.acceptedCount.get(`${item.to.slice(1)}|${item.text}`) ?? 0);
	const workflow = (id: string, settings: Record<string, unknown>) =>
		sendWorkflow({
			id,
			name: `Apico: ${id}`,
			nodeType: 'apico',
			parameters: { resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}', options: { parallelRequests: 1 } },
			credentials: { apicoApi: { id: 'smsGwApicoSandbox', name: 'Apico sandbox' } },
			items: input,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10, ...settings },
		});
	const sends = /^POST \/v2\/accounts\/[^/]+\/messages$/;
	beforeEach(() => {
		sim.requests.length = 0;
		sim.acceptedCount.clear();
		sim.clearFaults();
	});

	test('a connection dropped after Apico accepted item 3: every item once, item 3 not again', async () => {
		const imported = await n8n.importWorkflow(workflow('smsGwApicoRetry1', {}), 'apico-retry.json');
		sim.inject({ match: sends, after: 3, fault: { type: 'dropAfterRead' } });
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('error');
		expect(accepted()).toEqual([1, 1, 1, 1, 1, 1]);
		expect(sim.recorded(sends)).toHaveLength(6);
		expect(run.data.resultData.error?.message).toBe('Item 3 may have been sent to Apico by an earlier try of this node: not sent again');
	}, 120_000);

	test('Continue On Fail: the item that may have been sent stays an error item, paired to its input, never sent twice', async () => {
		const imported = await n8n.importWorkflow(workflow('smsGwApicoRetry2', { onError: 'continueRegularOutput' }), 'apico-retry-continue.json');
		sim.inject({ match: sends, fault: { type: 'dropAfterRead' } });
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('success');
		expect(accepted()).toEqual([1, 1, 1, 1, 1, 1]);
		expect(sim.recorded(sends)).toHaveLength(6);
		const items = run.data.resultData.runData.Send.at(-1)!.data!.main[0]!;
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, index) => ({ item: index })));
		expect(items[0].json.error).toBe('Item 0 may have been sent to Apico by an earlier try of this node: not sent again');
		expect(items.slice(1).map((item) => item.json.to)).toEqual(input.slice(1).map((item) => item.to));
	}, 120_000);
});
