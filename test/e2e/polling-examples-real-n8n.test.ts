/**
 * The polling trigger examples in a real n8n 2.41.1 (`n8n start`, the built package loaded),
 * against the four provider simulators. Each example is run as the editor's "Execute workflow"
 * on its trigger runs it (REST `POST /workflows/:id/run` from the trigger): a manual run of a
 * polling trigger reads the provider's history and emits the newest matching message, and the
 * rest of the workflow runs on it. Each test checks what the provider was asked and received,
 * and what every node emitted (for the data table example, the rows read back through REST).
 */
import { DateTime } from 'luxon';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator, type ClickSendMessage } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { DELIVERY_REPORTS_TABLE, RealN8n, type ExecutedRun } from '../support/real-n8n';

type Session = { baseUrl: string; cookie: string };
type Item = { json: Record<string, unknown>; pairedItem?: unknown };

const EXAMPLES = {
	apico: 'apico-inbound-auto-reply.json',
	clickSend: 'clicksend-delivery-status-to-table.json',
	routee: 'routee-inbound-auto-reply.json',
	smsUp: 'smsup-failed-deliveries.json',
};

let apico: ApicoSimulator;
let clickSend: ClickSendSimulator;
let routee: RouteeSimulator;
let smsUp: SmsUpSimulator;
let n8n: RealN8n;
let session: Session;
let workflowIds: Record<keyof typeof EXAMPLES, string>;
let reportsTable: Awaited<ReturnType<RealN8n['createDataTable']>>;

beforeAll(async () => {
	apico = new ApicoSimulator();
	clickSend = new ClickSendSimulator();
	routee = new RouteeSimulator();
	smsUp = new SmsUpSimulator();
	const [apicoUrl, clickSendUrl, routeeUrl, smsUpUrl] = await Promise.all([apico.start(), clickSend.start(), routee.start(), smsUp.start()]);
	n8n = await RealN8n.create();
	await n8n.importCredentials([
		{ id: 'smsGwApicoSandbox', name: 'Apico sandbox', type: 'apicoApi', data: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${apicoUrl}/v2` } },
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: clickSendUrl } },
		{
			id: 'smsGwRouteeSandbox',
			name: 'Routee sandbox',
			type: 'routeeApi',
			data: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${routeeUrl}/oauth/token`, baseUrl: routeeUrl },
		},
		{ id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: smsUpUrl } },
	]);
	const imported: Partial<Record<keyof typeof EXAMPLES, string>> = {};
	for (const [key, fileName] of Object.entries(EXAMPLES) as Array<[keyof typeof EXAMPLES, string]>) {
		imported[key] = (await n8n.importExample(fileName)).id;
	}
	workflowIds = imported as Record<keyof typeof EXAMPLES, string>;
	session = await n8n.startServer();
	reportsTable = await n8n.createDataTable(session, DELIVERY_REPORTS_TABLE);
}, 240_000);

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([apico?.stop(), clickSend?.stop(), routee?.stop(), smsUp?.stop()]);
});

/** Runs a workflow from its polling trigger as the editor does, and waits until the run is over. */
async function runFromTrigger(workflowId: string, trigger: string): Promise<ExecutedRun['data']> {
	const { executionId } = await n8n.runManually(session, workflowId, { triggerToStartFrom: { name: trigger } });
	const execution = await n8n.waitFor(`the run from ${trigger}`, async () => {
		const found = (await n8n.executions(session, workflowId)).find((candidate) => candidate.id === executionId);
		return found && found.status !== 'running' && found.status !== 'new' ? found : undefined;
	});
	expect({ status: execution.status, error: execution.run?.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
	return execution.run!;
}

const output = (run: ExecutedRun['data'], node: string): Item[] => run.resultData.runData[node][0].data!.main[0]!;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');

test('Apico: the auto-reply example\'s trigger emits the newest inbound SMS, and the reply goes back to its sender from the number it was sent to', async () => {
	const now = Date.now();
	apico.seedHistory(30, { end: now - 10 * 60_000 });
	const question = apico.addInbound({ text: 'Is my order ready?', from: '447700900777', at: now - 60_000 });
	// Newer, but outbound: not what the inbound trigger is about.
	apico.addOutbound({ text: 'Your parcel is on its way', at: now - 30_000 });
	apico.reset();

	const run = await runFromTrigger(workflowIds.apico, 'Apico Trigger');

	// One history page, inbound only (a test run looks at the newest page).
	expect(apico.historyCalls().map((call) => call.query)).toEqual([{ direction: 'inbound', offset: '0', limit: '20' }]);
	const [received] = output(run, 'Apico Trigger');
	expect(output(run, 'Apico Trigger')).toHaveLength(1);
	expect(received.json).toMatchObject({
		id: question.message_sid,
		from: '+447700900777',
		to: '+447860041755',
		body: 'Is my order ready?',
		status: 'received',
		sentAt: iso(Math.floor((now - 60_000) / 1000)),
	});

	const text = 'Thanks, we got your message: "Is my order ready?"';
	expect(apico.sendCalls().map((call) => call.body)).toEqual([{ from: '447860041755', to: '447700900777', text }]);
	const reply = apico.history.find((message) => message.direction === 'outbound' && message.text === text);
	expect(reply).toBeDefined();
	expect(output(run, 'Reply').map((item) => [item.json.id, item.json.to, item.json.status, item.json.providerStatus, item.pairedItem])).toEqual([
		[reply!.message_sid, '+447700900777', 'queued', undefined, { item: 0 }],
	]);
}, 60_000);

test('ClickSend: the status example reads SMS history (no ClickSend rule needed) and writes the newest delivered or failed SMS into the "SMS delivery reports" table', async () => {
	const now = clickSend.now();
	clickSend.seedHistory(40, { end: now - 600 });
	const outbound = clickSend.history.filter((message) => message.direction === 'out');
	// The newest sent message is delivered; after it come one still on its way and one inbound.
	const delivered = Object.assign(outbound[outbound.length - 1], {
		date: now - 300,
		status: 'Completed',
		status_code: '201',
		error_code: null,
		error_text: null,
		custom_string: 'order-42',
		to: '+61411222333',
	});
	const onItsWay: ClickSendMessage = { ...delivered, message_id: 'A1B2C3D4-0000-4000-8000-00000000F001', date: now - 120, status: 'Sent', status_code: '200', custom_string: 'order-43', to: '+61411222444' };
	clickSend.history.push(onItsWay);
	clickSend.addInbound({ body: 'Thanks!', timestamp: String(now - 60) });
	clickSend.listingDirty = true;
	clickSend.reset();
	const rowOf = ({ reference, to, status, providerStatus, error, country }: Record<string, unknown>) => ({ reference, to, status, providerStatus, error, country });

	const before = Date.now();
	const first = await runFromTrigger(workflowIds.clickSend, 'ClickSend Trigger');
	const after = Date.now();

	// SMS history, oldest first, over the trigger's 24 hours.
	const [historyCall, ...more] = clickSend.recorded(/^GET \/v3\/sms\/history$/);
	expect(more).toEqual([]);
	expect(historyCall.query).toMatchObject({ order_by: 'date:asc' });
	expect(Math.abs(Number(historyCall.query.date_from) - (Math.floor(before / 1000) - 24 * 3600))).toBeLessThanOrEqual(5);
	expect(clickSend.recorded(/^GET \/v3\/sms\/(inbound|receipts)$/)).toEqual([]);
	expect(output(first, 'ClickSend Trigger').map((item) => item.json)).toEqual([
		{
			provider: 'clicksend',
			id: delivered.message_id,
			direction: 'outbound',
			from: delivered.from,
			to: '+61411222333',
			body: delivered.body,
			status: 'delivered',
			providerStatus: 'Completed',
			sentAt: iso(now - 300),
			segments: 1,
			price: 0.077,
			currency: null,
			country: 'AU',
			subject: null,
			mediaUrl: null,
			reference: 'order-42',
			error: null,
			previousStatus: null,
		},
	]);

	// The message on its way fails: the next run records that.
	Object.assign(onItsWay, { status: 'Failed', status_code: '301', error_code: '301', error_text: 'Unknown subscriber' });
	clickSend.listingDirty = true;
	const second = await runFromTrigger(workflowIds.clickSend, 'ClickSend Trigger');
	expect(output(second, 'ClickSend Trigger').map((item) => [item.json.id, item.json.status, item.json.error])).toEqual([
		[onItsWay.message_id, 'failed', 'Unknown subscriber'],
	]);

	const rows = await reportsTable.rows();
	expect(rows.map(rowOf)).toEqual([
		{ reference: 'order-42', to: '+61411222333', status: 'delivered', providerStatus: 'Completed', error: null, country: 'AU' },
		{ reference: 'order-43', to: '+61411222444', status: 'failed', providerStatus: 'Failed', error: 'Unknown subscriber', country: 'AU' },
	]);
	// reportedAt: when the trigger saw the status (ClickSend's history gives no time of the change).
	const reportedAt = Date.parse(String(rows[0].reportedAt));
	expect(reportedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
	expect(reportedAt).toBeLessThanOrEqual(after);
	expect(Date.parse(String(rows[1].reportedAt))).toBeGreaterThanOrEqual(reportedAt);
	expect(output(first, 'Save Report').map((item) => item.json)).toMatchObject([{ id: rows[0].id, reference: 'order-42', status: 'delivered' }]);
	expect(output(second, 'Save Report').map((item) => item.json)).toMatchObject([{ id: rows[1].id, reference: 'order-43', status: 'failed' }]);
}, 60_000);

test('Routee: the auto-reply example\'s trigger emits the newest inbound SMS from tracking, and the reply goes back to its sender', async () => {
	routee.seedHistory(60, 5, { spanDays: 3 });
	const [question] = routee.addInbound({ from: '+306912345678', body: 'Is the shop open on Sunday?' });
	routee.reset();

	const run = await runFromTrigger(workflowIds.routee, 'Routee Trigger');

	// Inbound tracking of the last 7 days, newest first.
	const tracking = routee.recorded(/^POST \/sms\/tracking$/);
	expect(tracking.length).toBeGreaterThanOrEqual(1);
	for (const call of tracking) {
		expect(call.body).toEqual({ fieldName: 'direction', searchTerm: 'Inbound' });
		expect(call.query.sort).toBe('status.date,desc');
		expect(Date.now() - Date.parse(call.query.dateStart)).toBeGreaterThan(6.9 * 86_400_000);
	}
	expect(output(run, 'Routee Trigger').map((item) => item.json)).toEqual([
		expect.objectContaining({
			provider: 'routee',
			id: question.messageId,
			direction: 'inbound',
			from: '+306912345678',
			to: '+306900000000',
			body: 'Is the shop open on Sunday?',
			status: 'received',
			sentAt: question.receivedDate,
		}),
	]);

	const sends = routee.recorded(/^POST \/sms$/);
	expect(sends.map((call) => call.body)).toEqual([
		{ body: 'Thanks, we got your message: "Is the shop open on Sunday?"', to: '+306912345678', from: '306900000000', label: 'auto-reply' },
	]);
	const sent = routee.tracking.filter((entry) => entry.direction === 'Outbound' && entry.to === '+306912345678');
	expect(sent).toHaveLength(1);
	expect(output(run, 'Reply').map((item) => [item.json.id, item.json.to, item.json.status, item.json.providerStatus, item.json.reference, item.pairedItem])).toEqual([
		[sent[0].messageId, '+306912345678', 'queued', undefined, 'auto-reply', { item: 0 }],
	]);
}, 60_000);

test('smsup.ch: the failed-deliveries example\'s trigger emits the newest failed message of the last 24 hours, and the Code node makes its alert line', async () => {
	const now = DateTime.now();
	smsUp.seedHistory(40, { end: now.minus({ minutes: 10 }) });
	const sent = smsUp.messages.filter((row) => row.type === 'sms_mt' && row.status === 'SENT');
	expect(sent.length).toBeGreaterThanOrEqual(2);
	const [undelivered, delivered] = sent.slice(-2);
	// The operator reports a network error on one message, then (later) a delivery on another.
	smsUp.deliveryReport(undelivered, 11, now.minus({ minutes: 2 }));
	smsUp.deliveryReport(delivered, 3, now.minus({ minutes: 1 }));
	smsUp.reset();

	const run = await runFromTrigger(workflowIds.smsUp, 'smsup.ch Trigger');

	const calls = smsUp.recorded(/^GET \/messages$/);
	expect(calls).toHaveLength(1);
	const paris = (time: DateTime) => time.setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');
	expect(calls[0].query).toMatchObject({ type: 'messages-out', sort: '-date', start: '0', length: '1000' });
	expect(Math.abs(DateTime.fromSQL(calls[0].query.date_start, { zone: 'Europe/Paris' }).diff(now.minus({ hours: 24 }), 'seconds').seconds)).toBeLessThanOrEqual(5);
	expect(calls[0].headers.authorization).toBe(`Bearer ${SMSUP_SANDBOX_TOKEN}`);

	const sentAt = DateTime.fromSQL(undelivered.date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true });
	expect(output(run, 'smsup.ch Trigger').map((item) => item.json)).toEqual([
		expect.objectContaining({
			provider: 'smsup',
			id: String(undelivered.message_id),
			direction: 'outbound',
			to: `+${undelivered.destination}`,
			status: 'failed',
			providerStatus: 'UNDELIVERED',
			error: 'UNDELIVERED',
			reference: undelivered.client_message_id,
			sentAt,
			previousStatus: null,
		}),
	]);
	expect(undelivered.dlr_date).toBe(paris(now.minus({ minutes: 2 })));
	expect(output(run, 'Alert Line').map((item) => item.json)).toEqual([
		{
			id: String(undelivered.message_id),
			reference: undelivered.client_message_id,
			to: `+${undelivered.destination}`,
			sentAt,
			alert: `SMS ${undelivered.client_message_id} to +${undelivered.destination}, sent ${sentAt}, was not delivered: UNDELIVERED (UNDELIVERED)`,
		},
	]);
}, 60_000);

test('smsup.ch: published, the failed-deliveries example notes the statuses on activation without emitting them, then emits a new failure once on its next minute poll', async () => {
	const workflowId = workflowIds.smsUp;
	const scheduledPolls = () => smsUp.recorded(/^GET \/messages$/).filter((call) => call.query.sort === 'date');
	const [failing, delivering] = smsUp.messages.filter((row) => row.type === 'sms_mt' && row.status === 'SENT');
	expect(delivering).toBeDefined();
	smsUp.reset();
	const executionsBefore = (await n8n.executions(session, workflowId)).map((execution) => execution.id);

	// Activation polls once: the messages sent in the last 24 hours and their statuses, nothing emitted.
	await n8n.activate(session, workflowId);
	await n8n.waitFor('the poll on activation', () => (scheduledPolls().length ? true : undefined), 30_000);
	expect(scheduledPolls()[0].query).toMatchObject({ type: 'messages-out', start: '0', length: '1000' });

	// A delivery (not a status the example asks for) and a failure are reported before the next poll.
	smsUp.deliveryReport(delivering, 3);
	smsUp.deliveryReport(failing, 2);
	const executionId = await n8n.waitFor(
		'the execution of the new failure',
		async () => (await n8n.executions(session, workflowId)).find((execution) => !executionsBefore.includes(execution.id) && execution.status === 'success')?.id,
		75_000,
	);
	const execution = (await n8n.executions(session, workflowId)).find((candidate) => candidate.id === executionId)!;
	expect(scheduledPolls().length).toBeGreaterThanOrEqual(2);
	expect(output(execution.run!, 'smsup.ch Trigger').map((item) => [item.json.id, item.json.status, item.json.providerStatus, item.json.previousStatus])).toEqual([
		[String(failing.message_id), 'failed', 'UNDELIVERED', 'sent'],
	]);
	expect(output(execution.run!, 'Alert Line').map((item) => item.json.alert)).toEqual([
		`SMS ${failing.client_message_id} to +${failing.destination}, sent ${DateTime.fromSQL(failing.date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true })}, was not delivered: UNDELIVERED (UNDELIVERED)`,
	]);
	expect((await n8n.executions(session, workflowId)).filter((candidate) => !executionsBefore.includes(candidate.id))).toHaveLength(1);
	await n8n.rest(session, 'POST', `/workflows/${workflowId}/deactivate`, {});
}, 120_000);
