/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the smsup.ch example workflow
 * is imported with a credential and executed headless, and the credential and the pickers are
 * tried through n8n's own REST API (as the editor calls them), against the smsup.ch simulator.
 */
import { DateTime } from 'luxon';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { RealN8n, sendWorkflow } from '../support/real-n8n';

let sim: SmsUpSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	sim.sandbox.credits = 500;
	const baseUrl = await sim.start();
	// The example schedules for tomorrow 09:00 in the workflow's zone: Zurich keeps Paris's clock.
	n8n = await RealN8n.create({ env: { GENERIC_TIMEZONE: 'Europe/Zurich' } });
	await n8n.importCredentials([
		{ id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

test('the example schedules one campaign to every row for tomorrow 09:00 (digits only, Paris time) and reads the credits left', async () => {
	const workflow = await n8n.importExample('smsup-send-campaign.json');
	const { code, run, output } = await n8n.execute(workflow.id);
	const tomorrowAtNine = DateTime.now().setZone('Europe/Zurich').plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });

	expect(code).toBe(0);
	expect(run.status).toBe('success');
	const calls = sim.recorded(/^POST \/send$/);
	expect(calls).toHaveLength(1);
	expect(calls[0].headers.accept).toBe('application/json');
	expect(calls[0].headers.authorization).toBe(`Bearer ${SMSUP_SANDBOX_TOKEN}`);
	expect(calls[0].body).toEqual({
		sms: {
			message: {
				text: 'The lake cruise leaves at 10:00 from quay 3. Reply STOP to opt out.',
				pushtype: 'alert',
				unicode: 0,
				sender: 'LakeTours',
				// Paris wall-clock time, as smsup.ch reads it.
				delay: tomorrowAtNine.setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss'),
			},
			recipients: {
				gsm: [
					{ gsmsmsid: 'B-2001', value: '41781234501' },
					{ gsmsmsid: 'B-2002', value: '41781234502' },
					{ gsmsmsid: 'B-2003', value: '33612345603' },
				],
			},
		},
	});

	const ticket = String(sim.campaigns[0].id);
	const sent = run.data.resultData.runData['Send Campaign'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.reference, item.json.status, item.json.sentAt, item.pairedItem])).toEqual([
		['+41781234501', 'B-2001', 'scheduled', tomorrowAtNine.toUTC().toISO({ suppressMilliseconds: true }), { item: 0 }],
		['+41781234502', 'B-2002', 'scheduled', tomorrowAtNine.toUTC().toISO({ suppressMilliseconds: true }), { item: 1 }],
		['+33612345603', 'B-2003', 'scheduled', tomorrowAtNine.toUTC().toISO({ suppressMilliseconds: true }), { item: 2 }],
	]);
	for (const item of sent) expect(item.json.campaign).toMatchObject({ ticket, cost: 3, credits: 497, total: 3, sent: 3 });

	const credits = run.data.resultData.runData['Credits Left'][0].data!.main[0]!;
	expect(credits.map((item) => item.json)).toEqual([{ provider: 'smsup', credits: 497, postpaid: false, postpaidLimit: null, unlimited: false }]);
	expect(sim.recorded(/^GET \/credits$/)).toHaveLength(1);
	expect(output).not.toContain(SMSUP_SANDBOX_TOKEN);
}, 120_000);

test('n8n\'s credential test passes with the right token and fails with smsup.ch\'s meaning with a wrong one', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (apiToken: string) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				credentials: { id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken, baseUrl: sim.baseUrl } },
			}),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};
	sim.requests.length = 0;

	expect(await testCredential(SMSUP_SANDBOX_TOKEN)).toEqual({ status: 'OK', message: 'Connection successful!' });
	// smsup.ch's documented signal: HTTP 200 with body status -1.
	const wrong = await testCredential('WRONG-TOKEN-0000');
	expect(wrong).toEqual({
		status: 'Error',
		message: 'smsup.ch rejected the API token (status -1, authentication error). Check the token and its allowed IPs.',
	});
	// Should smsup.ch answer a bad token with HTTP 401 instead, the test fails as clearly.
	sim.httpStatusForErrors = true;
	const wrong401 = await testCredential('WRONG-TOKEN-0000');
	expect(wrong401.status).toBe('Error');
	expect(wrong401.message).toBe('smsup.ch rejected the API token (401). Check the token and its allowed IPs.');

	const calls = sim.recorded(/^GET \/credits$/);
	expect(calls[0].headers).toMatchObject({ authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}`, accept: 'application/json' });
	for (const call of calls.slice(1)) expect(call.headers.authorization).toBe('Bearer WRONG-TOKEN-0000');
}, 150_000);

test('the editor\'s pickers list recent campaigns and the account\'s and campaigns\' senders, with the stored credential', async () => {
	const session = await n8n.startServer();
	sim.sandbox.senderId = 'SmsUpDemo';
	const seeded = sim.addCampaign({ sender: 'Alpenblick', text: 'Evening cruise tonight at 19:00', date: DateTime.now().minus({ hours: 1 }) });
	sim.requests.length = 0;
	const pick = async (methodName: string, path: string, currentNodeParameters: Record<string, unknown>, filter?: string) =>
		await n8n.rest<{ results: Array<{ name: string; value: string }> }>(session, 'POST', '/dynamic-node-parameters/resource-locator-results', {
			path,
			methodName,
			filter,
			nodeTypeAndVersion: { name: 'CUSTOM.smsUp', version: 1 },
			currentNodeParameters,
			credentials: { smsUpApi: { id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox' } },
		});

	// The first test's example campaign (LakeTours, scheduled for tomorrow) is the newest.
	const example = sim.campaigns.find((campaign) => campaign.sender === 'LakeTours')!;
	const campaigns = await pick('searchCampaigns', 'parameters.campaignId', { resource: 'campaign', operation: 'get' }, 'cruise');
	expect(campaigns.results.map((result) => result.value)).toEqual([String(example.id), String(seeded.id)]);
	expect(campaigns.results[0].name).toMatch(/^\d{4}-\d{2}-\d{2} 09:00 · LakeTours · The lake cruise leaves at 10:00 from…$/);
	expect(campaigns.results[1].name).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · Alpenblick · Evening cruise tonight at 19:00$/);
	// The Sender sits inside Additional Fields; n8n resolves the picker there as for a top-level field.
	const senders = await pick('searchSenders', 'parameters.additionalFields.sender', { resource: 'sms', operation: 'send', additionalFields: {} });
	expect(senders.results.map((result) => result.value)).toEqual(['SmsUpDemo', 'LakeTours', 'Alpenblick']);
	expect(senders.results[0]).toEqual({ name: 'SmsUpDemo (account sender ID)', value: 'SmsUpDemo' });

	expect(sim.recorded(/^GET \/campaigns$/).map((call) => call.query)).toEqual([
		{ start: '0', length: '200', sort: '-date', text: 'cruise' },
		{ start: '0', length: '500', sort: '-date' },
	]);
	for (const call of sim.recorded(/^GET \/(campaigns|account)$/)) expect(call.headers.authorization).toBe(`Bearer ${SMSUP_SANDBOX_TOKEN}`);
}, 150_000);

describe("n8n's Retry On Fail (3 tries) in a real n8n", () => {
	const input = [0, 1, 2].map((index) => ({ to: `+417800000${index}0`, text: `Hello ${index}`, ref: `order-${index}` }));
	const accepted = (index: number) => sim.acceptedCount.get(`${input[index].to.slice(1)}|${input[index].ref}`) ?? 0;
	const workflow = (id: string, parameters: Record<string, unknown>) =>
		sendWorkflow({
			id,
			name: `smsup.ch: ${id}`,
			nodeType: 'smsUp',
			parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields: { reference: '={{ $json.ref }}' }, ...parameters },
			credentials: { smsUpApi: { id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox' } },
			items: input,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
		});
	beforeEach(() => {
		sim.requests.length = 0;
		sim.acceptedCount.clear();
		sim.clearFaults();
	});

	test('one call per item, a 500 on item 1 after item 0 went out: item 0 once, item 1 never again, item 2 sent by the next try', async () => {
		const imported = await n8n.importWorkflow(workflow('smsGwSmsUpRetry1', { options: { parallelRequests: 1 } }), 'smsup-retry-per-item.json');
		sim.inject({ match: /^(GET|POST) \/send$/, after: 1, fault: { type: 'status', status: 500, body: { status: -99, message: 'Internal error' } } });
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('error');
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 0, 1]);
		expect(sim.recorded(/^(GET|POST) \/send$/)).toHaveLength(3);
		expect(run.data.resultData.error?.message).toBe('Item 1 may have been sent to smsup.ch by an earlier try of this node: not sent again');
	}, 120_000);

	test('one campaign call, the connection drops after smsup.ch took it: every recipient once, the error says may have been sent', async () => {
		const imported = await n8n.importWorkflow(workflow('smsGwSmsUpRetry2', { sendAsCampaign: true, message: 'Same text' }), 'smsup-retry-campaign.json');
		sim.inject({ match: /^POST \/send$/, fault: { type: 'dropAfterRead' } });
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('error');
		expect(sim.recorded(/^POST \/send$/)).toHaveLength(1);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 1, 1]);
		expect(run.data.resultData.error?.message).toBe('Items 0–2 may have been sent to smsup.ch by an earlier try of this node: not sent again');
	}, 120_000);
});
