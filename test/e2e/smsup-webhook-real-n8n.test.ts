/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The smsup.ch Webhook Trigger in a real n8n (`n8n start`): activating the example workflow
 * creates a DLR webhook at the simulator pointing at the workflow's URL; delivery reports the
 * simulator pushes there (raw JSON, numeric codes) run the workflow with the normalized message,
 * whatever content type they come with; a payload that is not smsup.ch's gets a 400 and runs
 * nothing; and deactivating deletes the webhook.
 */
import { DateTime } from 'luxon';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { DELIVERY_REPORTS_TABLE, RealN8n } from '../support/real-n8n';

const WEBHOOK_ID = '3e9b7a21-5c4d-4f8e-a6b2-7d1c0e9f5a31';
const MANUAL_WEBHOOK_ID = '3e9b7a21-5c4d-4f8e-a6b2-7d1c0e9f5a32';
let sim: SmsUpSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create();
	await n8n.importCredentials([
		{ id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});


test('activation creates the DLR webhook; pushed reports run the workflow and land in the data table; foreign payloads get 400; deactivation deletes it; set up by hand, no credential is needed', async () => {
	const workflow = await n8n.importExample('smsup-delivery-reports.json');
	const session = await n8n.startServer();
	const webhookUrl = `${session.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
	const reportsTable = await n8n.createDataTable(session, DELIVERY_REPORTS_TABLE);

	await n8n.activate(session, workflow.id);
	await n8n.waitFor('the DLR webhook', async () => (sim.webhooks.length ? true : undefined), 15_000).catch((error: Error) => {
		throw new Error(`${error.message}\nrequests: ${sim.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
	});
	expect(sim.webhooks).toEqual([expect.objectContaining({ webhook_id: '66', type: 'DLR', url: webhookUrl, status: 'live' })]);
	const [create] = sim.recorded(/^POST \/webhook$/);
	expect(create.headers).toMatchObject({ authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}`, accept: 'application/json' });
	expect(create.body).toEqual({ webhook: { type: 'DLR', url: webhookUrl } });

	// Two messages of a campaign, reported on by the operator through smsup.ch.
	sim.seedHistory(10);
	const [delivered, failed] = sim.messages.filter((row) => row.type === 'sms_mt');
	Object.assign(delivered, { client_message_id: 'order-7', destination: '41781234567', country: 'CH' });
	const executions = async (count: number) =>
		await n8n.waitFor(`${count} executions`, async () => {
			const list = await n8n.executions(session, workflow.id);
			return list.length >= count && list.every((execution) => execution.status === 'success') ? list : undefined;
		});

	const pushed = await sim.pushDeliveryReport(delivered, 3);
	expect(pushed.map((result) => result.status)).toEqual([200]);
	const [first] = await executions(1);
	const report = first.run!.resultData.runData['smsup.ch Webhook Trigger'][0].data!.main[0]!;
	expect(report.map((item) => item.json)).toEqual([
		{
			provider: 'smsup',
			id: null,
			direction: 'outbound',
			from: null,
			to: '+41781234567',
			body: null,
			status: 'delivered',
			providerStatus: 'DELIVERED',
			// The report's date (ISO with the Paris offset), in UTC.
			sentAt: DateTime.fromSQL(delivered.dlr_date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true }),
			segments: null,
			price: null,
			currency: null,
			country: 'CH',
			subject: null,
			mediaUrl: null,
			reference: 'order-7',
			error: null,
		},
	]);
	expect(first.run!.resultData.runData['Failed Deliveries'][0].data!.main[0]).toEqual([]);

	// A failure, posted as text/plain (smsup.ch names no content type for its raw JSON).
	const network = { ...sim.deliveryReport(failed, 11), campaign_id: String(failed.campaign_id) };
	const asText = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(network) });
	expect(asText.status).toBe(200);
	const [second] = await executions(2);
	const alert = second.run!.resultData.runData['Failed Deliveries'][0].data!.main[0]!;
	expect(alert.map((item) => item.json)).toEqual([
		{
			reference: failed.client_message_id,
			to: `+${failed.destination}`,
			alert: `SMS ${failed.client_message_id} to +${failed.destination} was not delivered: The message has not been delivered due to a network error (NETWORK_ERROR)`,
		},
	]);

	// And with no content type n8n knows (the bytes are read as JSON).
	const expired = sim.deliveryReport(failed, 12);
	const asOctets = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/octet-stream' },
		body: JSON.stringify(expired),
	});
	expect(asOctets.status).toBe(200);
	const [third] = await executions(3);
	expect(third.run!.resultData.runData['smsup.ch Webhook Trigger'][0].data!.main[0]![0].json).toMatchObject({ status: 'failed', providerStatus: 'EXPIRED' });

	// Every report is a row of the data table, in the order they came.
	const reportDate = (report: { date: string }) => DateTime.fromISO(report.date).toUTC().toISO();
	const rows = await reportsTable.rows();
	expect(rows.map(({ reportedAt, reference, to, status, providerStatus, error, country }) => ({ reportedAt, reference, to, status, providerStatus, error, country }))).toEqual([
		{
			reportedAt: DateTime.fromSQL(delivered.dlr_date, { zone: 'Europe/Paris' }).toUTC().toISO(),
			reference: 'order-7',
			to: '+41781234567',
			status: 'delivered',
			providerStatus: 'DELIVERED',
			error: null,
			country: 'CH',
		},
		{
			reportedAt: reportDate(network),
			reference: failed.client_message_id,
			to: `+${failed.destination}`,
			status: 'failed',
			providerStatus: 'NETWORK_ERROR',
			error: 'The message has not been delivered due to a network error',
			country: failed.country,
		},
		{
			reportedAt: reportDate(expired),
			reference: failed.client_message_id,
			to: `+${failed.destination}`,
			status: 'failed',
			providerStatus: 'EXPIRED',
			error: 'The message has been sent but the DLR has expired',
			country: failed.country,
		},
	]);
	expect(first.run!.resultData.runData['Save Report'][0].data!.main[0]!.map((item) => item.json.id)).toEqual([rows[0].id]);

	for (const [body, problem] of [
		[{ hello: 'world' }, 'missing status, destination, campaign_id'],
		[{ ...network, status: 'delivered' }, 'missing status'],
	] as const) {
		const bad = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ error: `Not an smsup.ch delivery report: ${problem}` });
	}
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect(await n8n.executions(session, workflow.id)).toHaveLength(3);

	await n8n.rest(session, 'POST', `/workflows/${workflow.id}/deactivate`, {});
	// n8n (de)activates in the background after answering the REST call.
	await n8n.waitFor('the webhook to be deleted', async () => (sim.webhooks.length === 0 ? true : undefined), 15_000);
	expect(sim.recorded(/^DELETE \/webhook\/66$/)).toHaveLength(1);
	expect((await sim.pushDeliveryReport(delivered, 3)).length).toBe(0);

	// Registration off, no credential: the user pastes the URL in the Developer menu by hand.
	const manual = await n8n.rest<{ id: string; versionId: string }>(session, 'POST', '/workflows', {
		name: 'smsup.ch: delivery reports, webhook set up by hand',
		nodes: [
			{
				id: '8d1f3c52-6a0e-4c1b-9f57-2b7e4a9c0301',
				name: 'Reports',
				type: 'CUSTOM.smsUpWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: MANUAL_WEBHOOK_ID,
				parameters: { registerWebhook: false, output: 'raw' },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	sim.requests.length = 0;
	await n8n.rest(session, 'POST', `/workflows/${manual.id}/activate`, { versionId: manual.versionId });
	const manualUrl = `${session.baseUrl}/webhook/${MANUAL_WEBHOOK_ID}/webhook`;
	sim.addWebhook('DLR', manualUrl);
	const raw = await n8n.waitFor('the manual webhook to answer', async () => {
		const [result] = await sim.pushDeliveryReport(delivered, 9);
		return result.status === 200 ? result : undefined;
	});
	expect(raw.status).toBe(200);
	const [run] = await n8n.waitFor('the manual execution', async () => {
		const list = await n8n.executions(session, manual.id);
		return list.length && list[0].status === 'success' ? list : undefined;
	});
	// Simplify off: smsup.ch's report as it came.
	expect(run.run!.resultData.runData.Reports[0].data!.main[0]![0].json).toEqual({
		date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/),
		status: 9,
		destination: '41781234567',
		message_id: 'order-7',
		campaign_id: String(delivered.campaign_id),
		country_code: 'CH',
	});
	expect(sim.requests.filter((request) => request.path.startsWith('/webhook'))).toEqual([]);
}, 180_000);
