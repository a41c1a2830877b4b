/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the SMS Gateway example
 * (preview four customers' messages, then send each through the cheapest of four providers) is
 * imported with the four credentials and executed headless against the four simulators, with
 * Apico's credential refused: the messages Apico was cheapest for go out through the next
 * cheapest provider, each recipient exactly once across all of them.
 */
import { APICO_SANDBOX_SID, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { RealN8n } from '../support/real-n8n';

const ROUTEE_SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
const APICO_WRONG_TOKEN = 'DUMMY-WRONG-AUTH-TOKEN-0000';
const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();
let n8n: RealN8n;

beforeAll(async () => {
	await Promise.all([clickSend.start(), routee.start(), smsUp.start(), apico.start()]);
	n8n = await RealN8n.create();
	await n8n.importCredentials([
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: clickSend.baseUrl } },
		{
			id: 'smsGwRouteeSandbox',
			name: 'Routee sandbox',
			type: 'routeeApi',
			data: { applicationId: 'sandbox-app', applicationSecret: ROUTEE_SECRET, tokenUrl: `${routee.baseUrl}/oauth/token`, baseUrl: routee.baseUrl },
		},
		{ id: 'smsGwSmsUpSandbox', name: 'smsup.ch sandbox', type: 'smsUpApi', data: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: smsUp.baseUrl } },
		// Refused by the simulator (401): the provider that fails.
		{ id: 'smsGwApicoSandbox', name: 'Apico sandbox', type: 'apicoApi', data: { accountSid: APICO_SANDBOX_SID, authToken: APICO_WRONG_TOKEN, baseUrl: `${apico.baseUrl}/v2` } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([clickSend.stop(), routee.stop(), smsUp.stop(), apico.stop()]);
});

test('the example previews every message, then sends each through the cheapest provider, past the one that refuses', async () => {
	const workflow = await n8n.importExample('sms-gateway-cheapest-with-fallback.json');
	const { code, run, output } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(run.status).toBe('success');

	// Worked out by hand from the simulators' price lists, per part in EUR: ClickSend AUD × 0.6
	// (GB 0.056, US 0.0425, CH 0.09, DE 0.1), Routee (GB 0.035, US 0.012, CH 0.07, DE 0.075),
	// smsup.ch 0.05 per credit, Apico 0.04 per part. Smart Encoding made each text one GSM-7 part.
	const preview = run.data.resultData.runData.Preview[0].data!.main[0]!;
	expect(preview.map((item) => [item.json.to, item.json.country, item.json.encoding, item.json.parts, item.json.chosen, item.json.chosenPrice])).toEqual([
		['+447700900123', 'GB', 'GSM-7', 1, 'ClickSend', 0.0336],
		['+12025550143', null, 'GSM-7', 1, 'Routee', 0.012],
		['+41781234567', 'CH', 'GSM-7', 1, 'Apico', 0.04],
		['+4915112345678', 'DE', 'GSM-7', 1, 'Apico', 0.04],
	]);
	expect(preview[0].json.smartEncoding).toEqual({
		replacements: [
			{ character: '–', replacement: '-', count: 1 },
			{ character: '’', replacement: "'", count: 1 },
		],
		partsBefore: 1,
		partsAfter: 1,
	});

	const sent = run.data.resultData.runData['Send cheapest'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.provider, (item.json.routing as { price: number }).price, item.pairedItem])).toEqual([
		['+447700900123', 'clicksend', 0.0336, { item: 0 }],
		['+12025550143', 'routee', 0.012, { item: 1 }],
		// Apico refused its credential (nothing sent); smsup.ch is next cheapest for both.
		['+41781234567', 'smsup', 0.05, { item: 2 }],
		['+4915112345678', 'smsup', 0.05, { item: 3 }],
	]);
	for (const item of sent.slice(2)) {
		expect((item.json.routing as { passedOver: Array<{ provider: string; reason: string }> }).passedOver).toEqual([{ provider: 'Apico', reason: expect.stringMatching(/401|credential|token/i) }]);
	}

	// Each recipient accepted exactly once, by the provider it was routed to.
	const digits = (counts: Map<string, number>) => [...counts].map(([key, count]) => [key.split('|')[0].replace(/\D/g, ''), count]);
	expect(digits(clickSend.acceptedCount)).toEqual([['447700900123', 1]]);
	expect(digits(routee.acceptedByRecipient)).toEqual([['12025550143', 1]]);
	expect(digits(smsUp.acceptedCount).sort()).toEqual([['41781234567', 1], ['4915112345678', 1]]);
	expect(apico.acceptedCount.size).toBe(0);
	// The text went out straightened, with the customer's order as reference.
	const [clickSendCall] = clickSend.recorded(/^POST \/v3\/sms\/send$/);
	expect((clickSendCall.body as { messages: Array<{ body: string; custom_string: string }> }).messages).toEqual([
		expect.objectContaining({ body: "Hi Amelia, your order A-1001 has shipped - it's on its way!", custom_string: 'A-1001' }),
	]);
	expect(output).not.toContain(APICO_WRONG_TOKEN);
	expect(output).not.toContain(ROUTEE_SECRET);
}, 180_000);
