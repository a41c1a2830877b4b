/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the example workflow is
 * imported with a credential and executed headless, and the credential is tested through
 * n8n's own REST API, against the ClickSend simulator.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { ClickSendSimulator } from '../simulators/clicksend';
import { parseCsv } from '../support/csv';
import { asCustomExtensionWorkflow, EXPORT_DIR, PACKAGE_ROOT, RealN8n } from '../support/real-n8n';

const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
/** n8n's time zone here: far from UTC, so "yesterday" in the nightly export is the workflow's day, not the machine's. */
const TIME_ZONE = 'Pacific/Auckland';
const NIGHTLY_TRIGGER = 'Every Night at 02:00';
let sim: ClickSendSimulator;
let n8n: RealN8n;

/** Yesterday in n8n's time zone, as the nightly export examples compute it with `$now`. */
function yesterday(): { day: string; from: DateTime; to: DateTime } {
	const from = DateTime.now().setZone(TIME_ZONE).minus({ days: 1 }).startOf('day');
	return { day: from.toISODate()!, from, to: from.endOf('day') };
}

/** History over three days (the day before yesterday, yesterday, today), one message a minute around noon. */
function seedThreeDays(): void {
	const today = DateTime.now().setZone(TIME_ZONE).startOf('day');
	for (const day of [today.minus({ days: 2 }), today.minus({ days: 1 }), today]) {
		sim.seedHistory(60, { end: Math.min(sim.now(), Math.floor(day.plus({ hours: 12 }).toSeconds())) });
	}
}

beforeAll(async () => {
	sim = new ClickSendSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create({ env: { GENERIC_TIMEZONE: TIME_ZONE } });
	await n8n.importCredentials([
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: API_KEY, baseUrl } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

test('the imported example workflow sends one SMS per row through ClickSend', async () => {
	const workflow = await n8n.importExample('clicksend-send-sms.json');
	const { code, run, output } = await n8n.execute(workflow.id);

	expect(code).toBe(0);
	expect(run.status).toBe('success');
	const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.reference, item.json.status, item.pairedItem])).toEqual([
		['+61411111111', 'A-1001', 'queued', { item: 0 }],
		['+61422222222', 'A-1002', 'queued', { item: 1 }],
		['+447777777777', 'A-1003', 'queued', { item: 2 }],
	]);
	for (const item of sent) expect(item.json.id).toMatch(/^[0-9A-F-]{36}$/);

	const calls = sim.recorded(/^POST \/v3\/sms\/send$/);
	expect(calls).toHaveLength(1);
	expect(calls[0].headers.authorization).toBe(`Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`);
	expect((calls[0].body as { messages: unknown[] }).messages).toEqual([
		{ to: '+61411111111', body: 'Hi Ada, your order A-1001 has shipped.', custom_string: 'A-1001', source: 'n8n' },
		{ to: '+61422222222', body: 'Hi Grace, your order A-1002 has shipped.', custom_string: 'A-1002', source: 'n8n' },
		{ to: '+447777777777', body: 'Hi Alan, your order A-1003 has shipped.', custom_string: 'A-1003', source: 'n8n' },
	]);
	expect(output).not.toContain(API_KEY);
}, 120_000);

test("with n8n's Retry On Fail (3 tries), a rejected recipient is tried again and the accepted ones are sent once", async () => {
	sim.requests.length = 0;
	sim.acceptedCount.clear();
	sim.rejectedRecipients.set('+61422222222', 'INVALID_RECIPIENT');
	try {
		const example = JSON.parse(asCustomExtensionWorkflow(readFileSync(join(PACKAGE_ROOT, 'examples', 'clicksend-send-sms.json'), 'utf8'))) as {
			id: string;
			name: string;
			nodes: Array<Record<string, unknown>>;
		};
		const retrying = {
			...example,
			id: 'smsGwClickSendRetry1',
			name: 'ClickSend: send with Retry On Fail',
			nodes: example.nodes.map((node) => (node.name === 'Send SMS' ? { ...node, retryOnFail: true, maxTries: 3, waitBetweenTries: 10 } : node)),
		};
		const workflow = await n8n.importWorkflow(JSON.stringify(retrying), 'clicksend-retry-on-fail.json');
		const { run } = await n8n.execute(workflow.id);

		expect(run.status).toBe('error');
		const calls = sim.recorded(/^POST \/v3\/sms\/send$/);
		expect(calls.map((call) => (call.body as { messages: Array<{ to: string }> }).messages.map((message) => message.to))).toEqual([
			['+61411111111', '+61422222222', '+447777777777'],
			['+61422222222'],
			['+61422222222'],
		]);
		expect(sim.acceptedCount.get('+61411111111|A-1001')).toBe(1);
		expect(sim.acceptedCount.get('+447777777777|A-1003')).toBe(1);
		expect(run.data.resultData.error?.message).toBe('ClickSend rejected 1 of 3 messages: item 1 (+61422222222): INVALID_RECIPIENT');
	} finally {
		sim.rejectedRecipients.clear();
	}
}, 120_000);

test('with Skip Recipients Already Sent, the workflow executed twice sends each recipient once; the second run says skipped', async () => {
	sim.requests.length = 0;
	sim.acceptedCount.clear();
	// ClickSend's test numbers (the example's) send nothing and stay out of the history, so the
	// guard cannot see them: real numbers here.
	const recipients = [
		{ phone: '+61411222301', name: 'Ada', order: 'G-1' },
		{ phone: '+61411222302', name: 'Grace', order: 'G-2' },
		{ phone: '+447700900301', name: 'Alan', order: 'G-3' },
	];
	const example = JSON.parse(asCustomExtensionWorkflow(readFileSync(join(PACKAGE_ROOT, 'examples', 'clicksend-send-sms.json'), 'utf8'))) as {
		nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
	};
	const guarded = {
		...example,
		id: 'smsGwClickSendGuard1',
		name: 'ClickSend: send, skipping recipients already sent',
		nodes: example.nodes.map((node) =>
			node.name === 'Send SMS'
				? { ...node, parameters: { ...node.parameters, options: { skipAlreadySent: true, alreadySentWithinHours: 24 } } }
				: node.name === 'Recipients'
					? { ...node, parameters: { jsCode: `return ${JSON.stringify(recipients.map((json) => ({ json })))};` } }
					: node,
		),
	};
	const workflow = await n8n.importWorkflow(JSON.stringify(guarded), 'clicksend-skip-already-sent.json');
	const first = await n8n.execute(workflow.id);
	const second = await n8n.execute(workflow.id);

	expect([first.code, second.code]).toEqual([0, 0]);
	expect(sim.recorded(/^POST \/v3\/sms\/send$/)).toHaveLength(1);
	expect(sim.recorded(/^GET \/v3\/sms\/history$/)).toHaveLength(2);
	expect(recipients.map((row) => sim.acceptedCount.get(`${row.phone}|${row.order}`))).toEqual([1, 1, 1]);
	const firstIds = first.run.data.resultData.runData['Send SMS'][0].data!.main[0]!.map((item) => item.json.id);
	expect(firstIds).toHaveLength(3);
	const skipped = second.run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	expect(skipped.map((item) => [item.json.skipped, item.json.to, item.json.earlierMessageId, item.pairedItem])).toEqual([
		[true, '+61411222301', firstIds[0], { item: 0 }],
		[true, '+61411222302', firstIds[1], { item: 1 }],
		[true, '+447700900301', firstIds[2], { item: 2 }],
	]);
}, 120_000);

test('the MMS example sends an image made in the workflow, converted through ClickSend', async () => {
	sim.requests.length = 0;
	const workflow = await n8n.importExample('clicksend-send-mms-from-file.json');
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	const sent = run.data.resultData.runData['Send MMS'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.body, item.json.status, item.pairedItem])).toEqual([
		['+61411111111', 'Hi Ada, here is your coupon.', 'queued', { item: 0 }],
		['+61422222222', 'Hi Grace, here is your coupon.', 'queued', { item: 1 }],
	]);
	const uploads = sim.recorded(/^POST \/v3\/uploads$/);
	expect(uploads).toHaveLength(1);
	expect(Buffer.from((uploads[0].body as { content: string }).content, 'base64').subarray(1, 4).toString()).toBe('PNG');
	const sends = sim.recorded(/^POST \/v3\/mms\/send$/);
	expect(sends).toHaveLength(1);
	expect(sends[0].body).toEqual({
		media_file: expect.stringMatching(/^https?:\/\//),
		messages: [
			{ to: '+61411111111', body: 'Hi Ada, here is your coupon.', subject: 'Your coupon', from: 'CouponShop', source: 'n8n' },
			{ to: '+61422222222', body: 'Hi Grace, here is your coupon.', subject: 'Your coupon', from: 'CouponShop', source: 'n8n' },
		],
	});
}, 120_000);

test('the spreadsheet example reads a CSV sheet, texts each row through ClickSend and writes each row\'s result to a CSV file', async () => {
	sim.requests.length = 0;
	mkdirSync(EXPORT_DIR, { recursive: true });
	const sheet = join(EXPORT_DIR, 'sms-recipients.csv');
	const results = join(EXPORT_DIR, 'sms-recipients-results.csv');
	rmSync(results, { force: true });
	// As a spreadsheet saves it: a quoted cell with a comma, a number that is not international, CRLF line ends.
	writeFileSync(
		sheet,
		['phone,name,order', '+61411111111,Ada,B-2001', '+61422222222,"Hopper, Grace",B-2002', '0412 345,Alan,B-2003', '+447777777777,Linus,B-2004'].join('\r\n') + '\r\n',
	);

	const workflow = await n8n.importExample('clicksend-send-sms-from-sheet.json');
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(run.status).toBe('success');

	// ClickSend got the three good rows in one call; the bad one never left n8n.
	const calls = sim.recorded(/^POST \/v3\/sms\/send$/);
	expect(calls).toHaveLength(1);
	expect((calls[0].body as { messages: unknown[] }).messages).toEqual([
		{ to: '+61411111111', body: 'Hi Ada, your order B-2001 has shipped.', custom_string: 'B-2001', source: 'n8n' },
		{ to: '+61422222222', body: 'Hi Hopper, Grace, your order B-2002 has shipped.', custom_string: 'B-2002', source: 'n8n' },
		{ to: '+447777777777', body: 'Hi Linus, your order B-2004 has shipped.', custom_string: 'B-2004', source: 'n8n' },
	]);
	const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	expect(sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	const ids = sent.map((item) => item.json.id as string | undefined);
	for (const index of [0, 1, 3]) expect(ids[index]).toMatch(/^[0-9A-F-]{36}$/);
	const badRow = sent[2].json as { error: string };
	expect(badRow.error).toMatch(/"To" "0412 345" is not a valid phone number/);

	// The result sheet: the row as it was read, ClickSend's message ID and status, or the error.
	const written = readFileSync(results, 'utf8');
	// n8n starts the file with a byte order mark, so that spreadsheet apps read it as UTF-8.
	expect(written.startsWith('\uFEFF')).toBe(true);
	const [header, ...rows] = parseCsv(written.slice(1));
	expect(header).toEqual(['phone', 'name', 'order', 'messageId', 'status', 'error']);
	expect(rows).toEqual([
		['+61411111111', 'Ada', 'B-2001', ids[0], 'queued', ''],
		['+61422222222', 'Hopper, Grace', 'B-2002', ids[1], 'queued', ''],
		['0412 345', 'Alan', 'B-2003', '', 'error', badRow.error],
		['+447777777777', 'Linus', 'B-2004', ids[3], 'queued', ''],
	]);
}, 120_000);

test('the nightly export example downloads ClickSend\'s CSV of yesterday\'s failed SMS (in n8n\'s time zone) and writes it to a dated file', async () => {
	sim.requests.length = 0;
	seedThreeDays();
	const { day, from, to } = yesterday();
	const target = join(EXPORT_DIR, `clicksend-failed-sms-${day}.csv`);
	rmSync(target, { force: true });
	mkdirSync(EXPORT_DIR, { recursive: true });
	const workflow = await n8n.importExample('clicksend-export-sms-history.json');
	expect(workflow.name).toMatch(/nightly/);
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(sim.recorded(/^GET \/v3\/sms\/history\/export$/).map((call) => call.query)).toEqual([
		expect.objectContaining({
			q: 'status:Failed',
			filename: `failed-sms-${day}.csv`,
			date_from: String(from.toSeconds()),
			date_to: String(Math.floor(to.toSeconds())),
		}),
	]);
	expect(run.data.resultData.runData["Export Yesterday's Failed SMS"][0].data!.main[0]![0].json.fileName).toBe(`failed-sms-${day}.csv`);
	const lines = readFileSync(target, 'utf8').trim().split('\n');
	const failed = sim.history.filter((message) => message.status === 'Failed');
	const yesterdays = failed.filter((message) => Number(message.date) >= from.toSeconds() && Number(message.date) <= to.toSeconds());
	expect(yesterdays.length).toBeGreaterThan(0);
	expect(failed.length).toBeGreaterThan(yesterdays.length);
	expect(lines).toHaveLength(yesterdays.length + 1);
	expect(lines.slice(1).map((line) => line.split(',')[6])).toEqual(yesterdays.map((message) => message.message_id));
}, 120_000);

// Last: it starts the n8n server, which holds the task broker port the CLI runs use.
test('n8n\'s credential test passes with the right key and fails with ClickSend\'s message with a wrong one', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (apiKey: string, credentialBaseUrl = sim.baseUrl) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				credentials: { id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey, baseUrl: credentialBaseUrl } },
			}),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};
	sim.requests.length = 0;

	expect(await testCredential(API_KEY)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const wrong = await testCredential('WRONG-KEY-0000');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toMatch(/^ClickSend rejected the API username or API key \(401 UNAUTHORIZED\)/);
	expect(wrong.message).not.toContain('WRONG-KEY-0000');

	// ClickSend saw each key as Basic auth on GET /v3/account (n8n may repeat a request that got a 401).
	const [first, ...rest] = sim.recorded(/^GET \/v3\/account$/).map((call) => call.headers.authorization);
	expect(first).toBe(`Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`);
	expect(rest.length).toBeGreaterThanOrEqual(1);
	for (const header of rest) expect(header).toBe(`Basic ${Buffer.from('sandbox:WRONG-KEY-0000').toString('base64')}`);

	// A Base URL ending in /v3 works in the nodes (they drop it), so it passes the test too.
	sim.requests.length = 0;
	expect(await testCredential(API_KEY, `${sim.baseUrl}/v3/`)).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(sim.recorded().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /v3/account']);
}, 150_000);

test('the nightly export is published with its Schedule Trigger, and a run started from that trigger exports yesterday\'s failed SMS', async () => {
	const session = await n8n.startServer();
	const workflowId = 'smsGwClickSendExport1';
	const { day } = yesterday();
	const target = join(EXPORT_DIR, `clicksend-failed-sms-${day}.csv`);
	rmSync(target, { force: true });
	sim.requests.length = 0;

	await n8n.activate(session, workflowId);
	expect(await n8n.rest<{ active: boolean }>(session, 'GET', `/workflows/${workflowId}`)).toMatchObject({ active: true });
	// What the editor's "Execute workflow" on the Schedule Trigger does.
	const { executionId } = await n8n.runManually(session, workflowId, {
		triggerToStartFrom: { name: NIGHTLY_TRIGGER },
	});
	const execution = await n8n.waitFor('the run from the Schedule Trigger', async () => {
		const found = (await n8n.executions(session, workflowId)).find((candidate) => candidate.id === executionId);
		return found && found.status !== 'running' && found.status !== 'new' ? found : undefined;
	});
	expect(execution.status).toBe('success');
	const runData = execution.run!.resultData.runData;
	expect(Object.keys(runData).sort()).toEqual([NIGHTLY_TRIGGER, "Export Yesterday's Failed SMS", 'Write CSV File'].sort());
	expect(sim.recorded(/^GET \/v3\/sms\/history\/export$/).map((call) => call.query.filename)).toEqual([`failed-sms-${day}.csv`]);
	expect(readFileSync(target, 'utf8').trim().split('\n')[0]).toMatch(/message_id/);
	await n8n.rest(session, 'POST', `/workflows/${workflowId}/deactivate`, {});
}, 120_000);
