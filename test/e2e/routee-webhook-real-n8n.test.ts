/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The Routee Webhook Trigger in a real n8n (`n8n start`): the example workflow (alert on failed
 * deliveries) is activated; messages and a campaign are sent through the Routee node with this
 * workflow's production URL as their callback URLs; the simulator then posts Routee's callbacks
 * there as statuses change, as Routee would (OnCompletion: the final status only; OnChange:
 * every change; the campaign callback once the campaign is done). Each callback runs the
 * workflow with the normalized message; a failed one sends the alert through Routee. A payload
 * that is not Routee's gets a 400 and runs nothing.
 */
import { RouteeSimulator } from '../simulators/routee';
import { runNode } from '../support/n8n-harness';
import { RealN8n, type ExecutedRun } from '../support/real-n8n';

const SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
const WEBHOOK_ID = '8e2b6c4a-1f3d-4a7e-b5c9-0d2e4f6a8b10';
const TRIGGER = 'Routee Webhook Trigger';
let sim: RouteeSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
	n8n = await RealN8n.create();
	await n8n.importCredentials([
		{
			id: 'smsGwRouteeSandbox',
			name: 'Routee sandbox',
			type: 'routeeApi',
			data: { applicationId: 'sandbox-app', applicationSecret: SECRET, tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});


/** Sends through the Routee node (in-process, against the same simulator), as a workflow would. */
async function sendWithNode(parameters: Record<string, unknown>, recipients: string[]) {
	const { outputs, error } = await runNode(
		{
			type: 'routee',
			parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters },
			credentials: { routeeApi: { applicationId: 'sandbox-app', applicationSecret: SECRET, tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl } },
		},
		recipients.map((to, index) => ({ to, text: `Your parcel ${4711 + index} arrives tomorrow.` })),
	);
	expect(error).toBeUndefined();
	return outputs[0].map((item) => item.json);
}

const triggered = (execution: { run?: ExecutedRun['data'] }) => execution.run!.resultData.runData[TRIGGER][0].data!.main[0]![0].json;

test('callbacks Routee posts for sends and campaigns run the workflow with the normalized message; foreign payloads get 400', async () => {
	const workflow = await n8n.importExample('routee-delivery-alerts.json');
	const session = await n8n.startServer();
	const webhookUrl = `${session.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;

	await n8n.activate(session, workflow.id);
	// n8n registers the production webhook in the background: wait until its URL takes POST.
	await n8n.waitFor('the production webhook', async () => {
		const probe = await fetch(webhookUrl, { method: 'OPTIONS', headers: { origin: 'http://routee.test', 'access-control-request-method': 'POST' } });
		return probe.status === 204 && (probe.headers.get('access-control-allow-methods') ?? '').includes('POST') ? true : undefined;
	});

	// Two single sends with the workflow's URL as their callback, final status only.
	const sent = await sendWithNode({ additionalFields: { callbackUrl: webhookUrl, callbackStrategy: 'OnCompletion', label: 'parcel' } }, [
		'+306900000001',
		'+306900000002',
	]);
	for (const call of sim.recorded(/^POST \/sms$/)) {
		expect((call.body as { callback: unknown }).callback).toEqual({ url: webhookUrl, strategy: 'OnCompletion' });
	}
	const [delivered, undelivered] = sent.map((message) => message.id as string);

	expect(await sim.changeStatus(delivered, 'Sent')).toEqual([]); // not final: no callback with OnCompletion
	const [deliveredCallback] = await sim.changeStatus(delivered, 'Delivered');
	expect(deliveredCallback.attempts).toEqual([200]);
	const [failedCallback] = await sim.changeStatus(undelivered, 'Undelivered', {
		reason: { detailedStatus: 'Unknown Number', description: 'The destination number you are trying to reach is unknown.' },
	});
	expect(failedCallback.attempts).toEqual([200]);

	const executions = await n8n.waitFor('two executions', async () => {
		const list = await n8n.executions(session, workflow.id);
		return list.length === 2 && list.every((execution) => execution.status === 'success') ? list : undefined;
	});
	const failedRun = executions.find((execution) => triggered(execution).id === undelivered)!;
	const failedPart = sim.tracking.find((entry) => entry.messageId === undelivered)!;
	expect(triggered(failedRun)).toEqual({
		provider: 'routee',
		id: undelivered,
		direction: 'outbound',
		from: 'Routee',
		to: '+306900000002',
		body: 'Your parcel 4712 arrives tomorrow.',
		status: 'failed',
		providerStatus: 'Undelivered',
		sentAt: failedPart.status.date.replace('.000Z', 'Z'),
		segments: 1,
		price: 0.025,
		currency: null,
		country: 'GR',
		subject: null,
		mediaUrl: null,
		reference: 'parcel',
		error: 'Unknown Number: The destination number you are trying to reach is unknown.',
		callbackType: 'message',
		messageId: undelivered,
		smsId: failedPart.smsId,
		part: 1,
		parts: 1,
		campaignTrackingId: null,
		campaignName: null,
	});
	const deliveredRun = executions.find((execution) => triggered(execution).id === delivered)!;
	expect(triggered(deliveredRun)).toMatchObject({ status: 'delivered', providerStatus: 'Delivered', error: null, to: '+306900000001' });
	// Only the failed message raised the alert, sent through Routee.
	expect(failedRun.run!.resultData.runData['Alert on-call'][0].data!.main[0]![0].json).toMatchObject({ to: '+306900000999', status: 'queued' });
	expect(deliveredRun.run!.resultData.runData['Alert on-call']).toBeUndefined();
	const alerts = sim.recorded(/^POST \/sms$/).filter((call) => (call.body as { to: string }).to === '+306900000999');
	expect(alerts.map((call) => call.body)).toEqual([
		{ to: '+306900000999', from: 'Routee', label: 'delivery-alert', body: `SMS to +306900000002 (parcel) failed: Unknown Number: The destination number you are trying to reach is unknown.` },
	]);

	// A campaign: each message's callback on every change, the campaign's once it is done.
	const [recipient] = await sendWithNode(
		{
			sendAsCampaign: true,
			message: 'Your parcels arrive tomorrow.',
			campaignFields: { campaignName: 'Parcels', callbackUrl: webhookUrl, callbackStrategy: 'OnChange', campaignCallbackUrl: webhookUrl, campaignCallbackStrategy: 'OnCompletion' },
		},
		['+306900000003', '+306900000004'],
	);
	const campaignId = recipient.id as string;
	const campaignMessages = [...new Set(sim.tracking.filter((entry) => entry.campaignTrackingId === campaignId).map((entry) => entry.messageId))];
	expect(campaignMessages).toHaveLength(2); // one campaign for both recipients
	expect((await sim.changeStatus(campaignMessages[0], 'Delivered')).map((posted) => posted.kind)).toEqual(['sms']);
	const last = await sim.changeStatus(campaignMessages[1], 'Delivered');
	expect(last.map((posted) => [posted.kind, posted.attempts])).toEqual([
		['sms', [200]],
		['campaign', [200]],
	]);

	const all = await n8n.waitFor('five executions', async () => {
		const list = await n8n.executions(session, workflow.id);
		return list.length === 5 && list.every((execution) => execution.status === 'success') ? list : undefined;
	});
	const campaignRun = all.find((execution) => triggered(execution).callbackType === 'campaign')!;
	expect(triggered(campaignRun)).toMatchObject({
		provider: 'routee',
		id: campaignId,
		status: 'sent',
		providerStatus: 'Sent',
		reference: 'Parcels',
		campaignTrackingId: campaignId,
		campaignName: 'Parcels',
		totalRecipients: 2,
		messageStatuses: { Queued: 0, Sent: 0, Delivered: 2, Undelivered: 0, Failed: 0, Unsent: 0 },
	});
	const campaignMessageRuns = all.filter((execution) => triggered(execution).campaignTrackingId === campaignId && triggered(execution).callbackType === 'message');
	expect(campaignMessageRuns.map((execution) => triggered(execution).id).sort()).toEqual([...campaignMessages].sort());

	// Not Routee's shape: 400, and nothing runs.
	const bad = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message_id: 'X', status_code: '201' }) });
	expect(bad.status).toBe(400);
	expect(await bad.text()).toContain('Not a Routee callback');
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect(await n8n.executions(session, workflow.id)).toHaveLength(5);
}, 240_000);
