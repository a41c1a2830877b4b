/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the Routee example workflow
 * (price each reminder, send only those below a threshold) is imported with a credential and
 * executed headless twice, against the Routee simulator; the credential is tested through
 * n8n's REST API. n8n itself runs the credential's preAuthentication and keeps the token.
 * The campaign picker answers the editor's resource-locator call, and a workflow with the
 * picked campaign in its fields runs from the editor's REST call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { RouteeSimulator } from '../simulators/routee';
import { RealN8n, sendWorkflow } from '../support/real-n8n';

const SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
const N8N_TIME_ZONE = 'Europe/Athens';
let sim: RouteeSimulator;
let n8n: RealN8n;

const credential = (applicationSecret: string) => ({
	id: 'smsGwRouteeSandbox',
	name: 'Routee sandbox',
	type: 'routeeApi',
	data: { applicationId: 'sandbox-app', applicationSecret, tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
});

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
	// A time zone other than n8n's default and UTC: the picker shows dates in n8n's.
	n8n = await RealN8n.create({ env: { GENERIC_TIMEZONE: N8N_TIME_ZONE } });
	await n8n.importCredentials([credential(SECRET)]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

test('the example prices every reminder and sends only those below 0.05; a second run reuses the token n8n kept', async () => {
	const workflow = await n8n.importExample('routee-price-then-send.json');
	const { code, run, output } = await n8n.execute(workflow.id);

	expect(code).toBe(0);
	expect(run.status).toBe('success');
	const priced = run.data.resultData.runData['Check price'][0].data!.main[0]!;
	expect(priced.map((item) => [item.json.to, item.json.parts, item.json.costPerPart, item.json.total])).toEqual([
		['+306900000001', 1, 0.025, 0.025],
		['+491510000002', 2, 0.075, 0.15],
		['+306900000003', 1, 0.025, 0.025],
	]);
	const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.reference, item.json.status, item.json.providerStatus])).toEqual([
		['+306900000001', 'B-301', 'queued', undefined],
		['+306900000003', 'B-303', 'queued', undefined],
	]);
	const trackingIds = sim.tracking.map((entry) => entry.messageId);
	expect(sent.map((item) => item.json.id)).toEqual(trackingIds);

	// What Routee received: three analyses, two sends, one token.
	expect(sim.recorded(/^POST \/sms\/analyze$/).map((call) => (call.body as { to: string }).to)).toEqual(['+306900000001', '+491510000002', '+306900000003']);
	expect(sim.recorded(/^POST \/sms$/).map((call) => call.body)).toEqual([
		{ body: 'Hi Eleni, your booking B-301 is tomorrow at 10:00.', to: '+306900000001', from: 'Routee', label: 'B-301' },
		{ body: 'Hi Nikos, your booking B-303 is tomorrow at 10:00.', to: '+306900000003', from: 'Routee', label: 'B-303' },
	]);
	expect(sim.recorded(/^POST \/oauth\/token$/)).toHaveLength(1);
	const [token] = [...sim.tokens.keys()];
	for (const call of sim.recorded(/^POST \/sms/)) expect(call.headers.authorization).toBe(`Bearer ${token}`);
	expect(output).not.toContain(SECRET);
	expect(output).not.toContain(token);

	// A new execution (a new process): n8n stored the token with the credential and uses it again.
	const second = await n8n.execute(workflow.id);
	expect(second.code).toBe(0);
	expect(sim.recorded(/^POST \/oauth\/token$/)).toHaveLength(1);
	expect(sim.recorded(/^POST \/sms$/)).toHaveLength(4);
	for (const call of sim.recorded(/^POST \/sms/)) expect(call.headers.authorization).toBe(`Bearer ${token}`);
	for (const to of ['+306900000001', '+306900000003']) expect(sim.acceptedByRecipient.get(to)).toBe(2);
	expect(sim.acceptedByRecipient.has('+491510000002')).toBe(false);
}, 180_000);

test('after the kept token expires, the next run renews it once and repeats only the refused call', async () => {
	const workflow = await n8n.importExample('routee-price-then-send.json');
	sim.clockOffsetMs += 2 * 3600 * 1000;
	const tokensBefore = sim.tokensIssued;
	const acceptedBefore = sim.acceptedTotal;
	const analyzesBefore = sim.recorded(/^POST \/sms\/analyze$/).length;

	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(run.status).toBe('success');
	expect(sim.tokensIssued).toBe(tokensBefore + 1);
	// The first analysis was refused (401) and repeated with the new token; then three more reads.
	expect(sim.recorded(/^POST \/sms\/analyze$/).length - analyzesBefore).toBe(4);
	expect(sim.acceptedTotal - acceptedBefore).toBe(2);
}, 180_000);

test('n8n\'s credential test gets a token and reads the balance; a wrong secret fails', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (applicationSecret: string) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ credentials: credential(applicationSecret) }),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};
	sim.requests.length = 0;

	expect(await testCredential(SECRET)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [tokenCall] = sim.recorded(/^POST \/oauth\/token$/);
	expect(tokenCall.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-app:${SECRET}`).toString('base64')}`);
	const [balanceCall] = sim.recorded(/^GET \/accounts\/me\/balance$/);
	expect(balanceCall.headers.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);

	const wrong = await testCredential('DUMMY-WRONG-SECRET-0000');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toBe('Routee refused the application credentials (401): check the Application ID, Application Secret and Token URL.');
	expect(sim.recorded(/^GET \/accounts\/me\/balance$/)).toHaveLength(1);
}, 150_000);

const ROUTEE_CREDENTIAL = { routeeApi: { id: 'smsGwRouteeSandbox', name: 'Routee sandbox' } };
const MANUAL_TRIGGER = 'When clicking \'Execute workflow\'';

/** Writes a workflow of Routee nodes (after a Manual Trigger) and imports it through n8n's CLI. */
async function importWorkflow(id: string, nodes: Array<{ name: string; parameters: Record<string, unknown> }>): Promise<string> {
	const trigger = MANUAL_TRIGGER;
	const workflow = {
		id,
		name: id,
		active: false,
		nodes: [
			{ id: `${id}-trigger`, name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...nodes.map((node, index) => ({
				id: `${id}-${index}`,
				name: node.name,
				type: 'CUSTOM.routee',
				typeVersion: 1,
				position: [220, index * 200],
				parameters: node.parameters,
				credentials: ROUTEE_CREDENTIAL,
			})),
		],
		connections: { [trigger]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const file = join(n8n.userFolder, `${id}.json`);
	writeFileSync(file, JSON.stringify(workflow));
	const imported = await n8n.cli(['import:workflow', `--input=${file}`]);
	expect(imported.code).toBe(0);
	return id;
}

/** Runs a workflow from its manual trigger through the REST API, as the editor's "Execute workflow" does; returns its finished run. */
async function runManually(session: { baseUrl: string; cookie: string }, workflowId: string) {
	const { executionId } = await n8n.runManually(session, workflowId, { triggerToStartFrom: { name: MANUAL_TRIGGER } });
	return await n8n.waitFor(`execution ${executionId}`, async () => {
		const execution = (await n8n.executions(session, workflowId)).find((entry) => entry.id === executionId);
		return execution && execution.status !== 'running' && execution.status !== 'new' ? execution : undefined;
	});
}

test('the campaign picker answers the editor with the campaign just sent; a workflow with the picked campaign reads it', async () => {
	// The earlier test moved Routee's clock on; tracking is read up to now.
	sim.clockOffsetMs = 0;
	const sendId = await importWorkflow('smsGwRouteeCampaignSend', [
		{
			name: 'Send campaign',
			parameters: {
				resource: 'sms',
				operation: 'send',
				to: '+306900000201',
				message: 'Doors open at 9! '.repeat(12),
				from: 'Routee',
				sendAsCampaign: true,
				campaignFields: { campaignName: 'Opening day' },
			},
		},
	]);
	const session = await n8n.startServer();
	const sent = await runManually(session, sendId);
	expect(sent.status).toBe('success');
	const campaign = [...sim.campaigns.values()].find((entry) => entry.campaignName === 'Opening day')!;
	expect(campaign).toBeDefined();
	const campaignParts = sim.tracking.filter((entry) => entry.campaignTrackingId === campaign.trackingId);
	expect(campaignParts).toHaveLength(2);

	// What the editor sends when the From List of Get Campaign Messages opens, and when the user types.
	const pick = async (path: string, currentNodeParameters: Record<string, unknown>, filter?: string) =>
		await n8n.rest<{ results: Array<{ name: string; value: string }>; paginationToken?: string }>(session, 'POST', '/dynamic-node-parameters/resource-locator-results', {
			nodeTypeAndVersion: { name: 'CUSTOM.routee', version: 1 },
			path,
			methodName: 'searchCampaigns',
			currentNodeParameters,
			credentials: ROUTEE_CREDENTIAL,
			...(filter === undefined ? {} : { filter }),
		});
	sim.requests.length = 0;
	const listed = await pick('parameters.campaignTrackingId', { resource: 'sms', operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'list', value: '' } });
	expect(listed.results.map((item) => [item.name, item.value])).toEqual([
		[`Opening day (${DateTime.fromISO(campaignParts[0].status.date, { zone: N8N_TIME_ZONE }).toFormat('yyyy-LL-dd HH:mm')})`, campaign.trackingId],
	]);
	expect(listed.paginationToken).toBeUndefined();
	const [trackingCall] = sim.recorded(/^POST \/sms\/tracking$/);
	expect(trackingCall.query).toMatchObject({ campaign: 'true', sort: 'status.date,desc', page: '0', size: '2000' });
	expect(trackingCall.headers.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);
	// The same picker inside Get History's Filters, searched.
	const filtersPath = 'parameters.filters.campaignTrackingId';
	const historyParameters = { resource: 'sms', operation: 'getHistory', filters: { campaignTrackingId: { __rl: true, mode: 'list', value: '' } } };
	expect((await pick(filtersPath, historyParameters, 'OPENING')).results.map((item) => item.value)).toEqual([campaign.trackingId]);
	expect((await pick(filtersPath, historyParameters, 'no such campaign')).results).toEqual([]);

	// The picked value saved in a workflow, as the editor saves it: Get Campaign Messages and the History filter read that campaign.
	const picked = { __rl: true, mode: 'list', value: listed.results[0].value, cachedResultName: listed.results[0].name };
	const readId = await importWorkflow('smsGwRouteeCampaignRead', [
		{ name: 'Campaign messages', parameters: { resource: 'sms', operation: 'getCampaignMessages', campaignTrackingId: picked, returnAll: true, output: 'full' } },
		{ name: 'Campaign history', parameters: { resource: 'sms', operation: 'getHistory', returnAll: true, output: 'raw', filters: { campaignTrackingId: picked } } },
	]);
	sim.requests.length = 0;
	const read = await runManually(session, readId);
	expect(read.status).toBe('success');
	const { runData } = read.run!.resultData;
	const messages = runData['Campaign messages'][0].data!.main[0]!;
	expect(messages.map((item) => [item.json.id, item.json.to, item.json.segments])).toEqual([[campaignParts[0].messageId, '+306900000201', 2]]);
	const history = runData['Campaign history'][0].data!.main[0]!;
	expect(history.map((item) => [item.json.messageId, item.json.campaignTrackingId, item.json.partsTracked])).toEqual([[campaignParts[0].messageId, campaign.trackingId, 2]]);
	expect(sim.recorded(/^GET \/sms\/tracking\/campaign\//).map((call) => call.path)).toEqual([`/sms/tracking/campaign/${campaign.trackingId}`]);
	expect(sim.recorded(/^POST \/sms\/tracking$/).map((call) => call.query.trackingId)).toEqual([campaign.trackingId]);
}, 180_000);

describe("n8n's Retry On Fail (3 tries) in a real n8n", () => {
	const input = [0, 1, 2].map((index) => ({ to: `+3069000000${index}`, text: `Your code is 100${index}` }));
	const accepted = () => input.map((item) => sim.acceptedByRecipient.get(item.to) ?? 0);
	const workflow = (id: string, parameters: Record<string, unknown>) =>
		sendWorkflow({
			id,
			name: `Routee: ${id}`,
			nodeType: 'routee',
			parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters },
			credentials: { routeeApi: { id: 'smsGwRouteeSandbox', name: 'Routee sandbox' } },
			items: input,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
		});
	beforeEach(() => {
		sim.requests.length = 0;
		sim.acceptedByRecipient.clear();
		sim.failAfterAccepting.clear();
		sim.clearFaults();
	});

	test('one call per item, several in flight, a 500 after Routee accepted item 1: every item accepted once', async () => {
		const imported = await n8n.importWorkflow(workflow('smsGwRouteeRetry1', {}), 'routee-retry-per-item.json');
		sim.failAfterAccepting.add(input[1].to);
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('error');
		expect(accepted()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(3);
		expect(run.data.resultData.error?.message).toBe('Item 1 may have been sent to Routee by an earlier try of this node: not sent again');
	}, 120_000);

	test('Send as Campaign, the connection drops after Routee took the campaign: every recipient once', async () => {
		const imported = await n8n.importWorkflow(
			workflow('smsGwRouteeRetry2', { sendAsCampaign: true, message: 'Doors open at 9', campaignFields: { campaignName: 'Doors' } }),
			'routee-retry-campaign.json',
		);
		sim.inject({ match: /^POST \/sms\/campaign$/, fault: { type: 'dropAfterRead' } });
		const { run } = await n8n.execute(imported.id);

		expect(run.status).toBe('error');
		expect(sim.recorded(/^POST \/sms\/campaign$/)).toHaveLength(1);
		expect(accepted()).toEqual([1, 1, 1]);
		expect(run.data.resultData.error?.message).toBe('Items 0–2 may have been sent to Routee by an earlier try of this node: not sent again');
	}, 120_000);
});
