/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the example workflow is
 * imported with a credential and executed headless, and the credential is tested through
 * n8n's own REST API, against the ClickSend simulator.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ClickSendSimulator } from '../simulators/clicksend';
import { EXPORT_DIR, RealN8n } from '../support/real-n8n';

const API_KEY = 'SANDBOX-API-KEY-0001';
let sim: ClickSendSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create();
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


test('the MMS example sends an image made in the workflow, converted through ClickSend', async () => {
	sim.requests.length = 0;
	const workflow = await n8n.importExample('clicksend-send-mms-from-file.json');
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	const sent = run.data.resultData.runData['Send MMS'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.subject, item.json.status, item.pairedItem])).toEqual([
		['+61411111111', 'Your coupon', 'queued', { item: 0 }],
		['+61422222222', 'Your coupon', 'queued', { item: 1 }],
	]);
	const uploads = sim.recorded(/^POST \/v3\/uploads$/);
	expect(uploads).toHaveLength(1);
	expect(Buffer.from((uploads[0].body as { content: string }).content, 'base64').subarray(1, 4).toString()).toBe('PNG');
	const sends = sim.recorded(/^POST \/v3\/mms\/send$/);
	expect(sends).toHaveLength(1);
	expect(sends[0].body).toEqual({
		media_file: sent[0].json.mediaUrl,
		messages: [
			{ to: '+61411111111', body: 'Hi Ada, here is your coupon.', subject: 'Your coupon', source: 'n8n' },
			{ to: '+61422222222', body: 'Hi Grace, here is your coupon.', subject: 'Your coupon', source: 'n8n' },
		],
	});
}, 120_000);

test('the export example downloads ClickSend\'s CSV of failed SMS and writes it to a file', async () => {
	sim.requests.length = 0;
	sim.seedHistory(60);
	const target = join(EXPORT_DIR, 'clicksend-failed-sms.csv');
	rmSync(target, { force: true });
	mkdirSync(EXPORT_DIR, { recursive: true });
	const workflow = await n8n.importExample('clicksend-export-sms-history.json');
	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(sim.recorded(/^GET \/v3\/sms\/history\/export$/)[0].query).toMatchObject({ q: 'status:Failed', filename: 'failed-sms.csv' });
	expect(run.data.resultData.runData['Export Failed SMS'][0].data!.main[0]![0].json.fileName).toBe('failed-sms.csv');
	const lines = readFileSync(target, 'utf8').trim().split('\n');
	const failed = sim.history.filter((message) => message.status === 'Failed');
	expect(failed.length).toBeGreaterThan(0);
	expect(lines).toHaveLength(failed.length + 1);
	expect(lines.slice(1).map((line) => line.split(',')[6])).toEqual(failed.map((message) => message.message_id));
}, 120_000);

// Last: it starts the n8n server, which holds the task broker port the CLI runs use.
test('n8n\'s credential test passes with the right key and fails with ClickSend\'s message with a wrong one', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (apiKey: string) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				credentials: { id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey, baseUrl: sim.baseUrl } },
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
}, 150_000);
