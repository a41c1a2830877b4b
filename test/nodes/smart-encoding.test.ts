/**
 * Smart Encoding (Options → Smart Encoding, smsup.ch Get Price: Additional Fields) on every
 * provider's SMS Send and Get Price, run as n8n runs it (WorkflowExecute) against each
 * provider's simulator over real HTTP. A text with curly quotes, an en dash and an ellipsis is
 * UCS-2, 2 parts; with the option on the provider receives its GSM-7 form, 1 part, and each
 * output item says what was replaced.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import type { SimulatorServer } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { oneMessageCall, SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

/** 98 characters, UCS-2 for its look-alikes: 2 parts of 67. */
const TYPED = 'Hello “friend” – it’s 10… we’re open until late tonight, see you at the usual table by the window.';
/** The same text in GSM-7, 100 characters: 1 part. */
const SENT = 'Hello "friend" - it\'s 10... we\'re open until late tonight, see you at the usual table by the window.';
const REPORT = {
	replacements: [
		{ character: '“', replacement: '"', count: 1 },
		{ character: '”', replacement: '"', count: 1 },
		{ character: '–', replacement: '-', count: 1 },
		{ character: '’', replacement: "'", count: 2 },
		{ character: '…', replacement: '...', count: 1 },
	],
	partsBefore: 2,
	partsAfter: 1,
};
const ON = { smartEncoding: true };

const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

function serve<S extends SimulatorServer>(sim: S, clear: () => void = () => undefined): () => string {
	let baseUrl = '';
	beforeAll(async () => (baseUrl = await sim.start()));
	afterAll(async () => await sim.stop());
	beforeEach(() => {
		sim.reset();
		clear();
	});
	return () => baseUrl;
}

describe('ClickSend', () => {
	const sim = new ClickSendSimulator();
	const baseUrl = serve(sim, () => {
		sim.acceptedCount.clear();
		sim.history.length = 0;
		sim.accounts.get('sandbox')!.balance = 100_000;
	});
	const node = (parameters: IDataObject): NodeUnderTest => ({
		type: 'clickSend',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', ...parameters },
		credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: baseUrl() } },
	});
	const bodies = (path: RegExp) => sim.recorded(path).flatMap((call) => (call.body as { messages: IDataObject[] }).messages.map((message) => message.body));

	test('Send: ClickSend gets the GSM-7 text, 1 part; the item says what was replaced', async () => {
		const { outputs, error } = await runNode(node({ options: ON }), [{ to: '+61411000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(bodies(/^POST \/v3\/sms\/send$/)).toEqual([SENT]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+61411000001', body: SENT, segments: 1, status: 'queued' });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('Send with Simplify off: ClickSend\'s own message, with the report added', async () => {
		const { outputs } = await runNode(node({ options: ON, output: 'raw' }), [{ to: '+61411000001', text: TYPED }]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+61411000001', body: SENT, message_parts: 1, status: 'SUCCESS' });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('Get Price: the price is that of the GSM-7 text, with the report', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getPrice', options: ON }), [{ to: '+61411000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(bodies(/^POST \/v3\/sms\/price$/)).toEqual([SENT]);
		expect(sim.recorded(/^POST \/v3\/sms\/send$/)).toHaveLength(0);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+61411000001', accepted: true, segments: 1, price: 0.077 });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('option off: the text goes as typed, 2 parts, and no report', async () => {
		const { outputs } = await runNode(node({ options: { smartEncoding: false } }), [{ to: '+61411000001', text: TYPED }]);
		expect(bodies(/^POST \/v3\/sms\/send$/)).toEqual([TYPED]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ body: TYPED, segments: 2 });
		expect(item.json).not.toHaveProperty('smartEncoding');
	});

	test('per item: one item on, one off, in the same call', async () => {
		const { outputs } = await runNode(node({ options: { smartEncoding: '={{ $json.smart }}' } }), [
			{ to: '+61411000001', text: TYPED, smart: true },
			{ to: '+61411000002', text: TYPED, smart: false },
		]);
		expect(sim.recorded(/^POST \/v3\/sms\/send$/)).toHaveLength(1);
		expect(bodies(/^POST \/v3\/sms\/send$/)).toEqual([SENT, TYPED]);
		const items = main(outputs);
		expect(items[0].json.smartEncoding).toEqual(REPORT);
		expect(items[1].json).not.toHaveProperty('smartEncoding');
	});

	test('Skip Recipients Already Sent matches the encoded text: a message sent straight is not sent again', async () => {
		await runNode(node({ options: { skipAlreadySent: true } }), [{ to: '+61411000001', text: SENT }]);
		const second = await runNode(node({ options: { skipAlreadySent: true, smartEncoding: true } }), [{ to: '+61411000001', text: TYPED }]);
		expect(second.error).toBeUndefined();
		expect(bodies(/^POST \/v3\/sms\/send$/)).toEqual([SENT]);
		expect(main(second.outputs)[0].json).toMatchObject({ skipped: true, to: '+61411000001' });
	});
});

describe('Routee', () => {
	const sim = new RouteeSimulator();
	beforeAll(async () => await sim.start());
	afterAll(async () => await sim.stop());
	beforeEach(() => sim.resetAll());
	const node = (parameters: IDataObject): NodeUnderTest => ({
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
	});
	const bodies = (path: RegExp) => sim.recorded(path).map((call) => (call.body as IDataObject).body);

	test('Send: Routee gets the GSM-7 text; the item says what was replaced', async () => {
		const { outputs, error } = await runNode(node({ options: ON }), [{ to: '+306900000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(bodies(/^POST \/sms$/)).toEqual([SENT]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+306900000001', body: SENT });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('Send as Campaign: one campaign of the GSM-7 text; every recipient\'s item has the report', async () => {
		const { outputs, error } = await runNode(node({ sendAsCampaign: true, options: ON }), [
			{ to: '+306900000001', text: TYPED },
			{ to: '+306900000002', text: TYPED },
		]);
		expect(error).toBeUndefined();
		expect(sim.recorded(/^POST \/sms\/campaign$/).map((call) => call.body)).toEqual([{ body: SENT, from: 'Routee', to: ['+306900000001', '+306900000002'] }]);
		const items = main(outputs);
		expect(items.map((item) => item.json.smartEncoding)).toEqual([REPORT, REPORT]);
	});

	test('Get Price: Routee analyzes the GSM-7 text (1 part, not unicode), with the report', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getPrice', options: ON }), [{ to: '+306900000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(sim.recorded(/^POST \/sms\/analyze$/).map((call) => call.body)).toEqual([{ from: 'Routee', body: SENT, to: '+306900000001' }]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ body: SENT, characters: 100, parts: 1, unicode: false, costPerPart: 0.025, total: 0.025 });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('option off: the text goes as typed, and no report', async () => {
		const { outputs } = await runNode(node({}), [{ to: '+306900000001', text: TYPED }]);
		expect(bodies(/^POST \/sms$/)).toEqual([TYPED]);
		expect(main(outputs)[0].json).not.toHaveProperty('smartEncoding');
	});

	test('the length check counts the encoded text: 1,599 typed characters with an ellipsis are 1,601 sent, too long', async () => {
		const text = `${'a'.repeat(1598)}…`;
		const { error } = await runNode(node({ options: ON }), [{ to: '+306900000001', text }]);
		expect(error?.message).toBe('"Message" is 1601 characters long; Routee sends at most 1600');
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(0);
	});
});

describe('smsup.ch', () => {
	const sim = new SmsUpSimulator();
	const baseUrl = serve(sim, () => sim.resetState(100_000));
	const node = (parameters: IDataObject): NodeUnderTest => ({
		type: 'smsUp',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', ...parameters },
		credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: baseUrl() } },
	});
	const texts = (path: RegExp) => sim.recorded(path).map((call) => (call.body as { sms: { message: IDataObject } }).sms.message.text);

	test('Send: smsup.ch gets the GSM-7 text, 1 part; the item says what was replaced', async () => {
		const { outputs, error } = await runNode(node({ options: ON }), [{ to: '+41780000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(sim.recorded(/^POST \/send$/).map(oneMessageCall)).toEqual([expect.objectContaining({ text: SENT, to: '41780000001' })]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+41780000001', body: SENT, segments: 1, price: 1 });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('Send as Campaign: one campaign of the GSM-7 text; every recipient\'s item has the report', async () => {
		const { outputs, error } = await runNode(node({ sendAsCampaign: true, options: ON }), [
			{ to: '+41780000001', text: TYPED },
			{ to: '+41780000002', text: TYPED },
		]);
		expect(error).toBeUndefined();
		expect(texts(/^POST \/send$/)).toEqual([SENT]);
		expect(main(outputs).map((item) => [item.json.body, item.json.smartEncoding])).toEqual([
			[SENT, REPORT],
			[SENT, REPORT],
		]);
	});

	test('Get Price (Additional Fields → Smart Encoding): the cost of the GSM-7 text, 1 credit, with the report', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getPrice', additionalFields: ON }), [{ to: '+41780000001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(texts(/^POST \/send\/simulate$/)).toEqual([SENT]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+41780000001', body: SENT, segments: 1, cost: 1 });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('Get Price as a campaign: the one output of the call has the report', async () => {
		const { outputs } = await runNode(node({ operation: 'getPrice', sendAsCampaign: true, additionalFields: ON }), [
			{ to: '+41780000001', text: TYPED },
			{ to: '+41780000002', text: TYPED },
		]);
		expect(texts(/^POST \/send\/simulate$/)).toEqual([SENT]);
		const items = main(outputs);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ recipients: ['+41780000001', '+41780000002'], body: SENT, segments: 1, cost: 2 });
		expect(items[0].json.smartEncoding).toEqual(REPORT);
	});

	test('option off: the text goes as typed, 2 parts, and no report', async () => {
		const { outputs } = await runNode(node({}), [{ to: '+41780000001', text: TYPED }]);
		expect(texts(/^POST \/send$/)).toEqual([TYPED]);
		expect(main(outputs)[0].json).toMatchObject({ body: TYPED, segments: 2 });
		expect(main(outputs)[0].json).not.toHaveProperty('smartEncoding');
	});
});

describe('Apico', () => {
	const sim = new ApicoSimulator();
	const baseUrl = serve(sim, () => sim.acceptedCount.clear());
	const node = (parameters: IDataObject): NodeUnderTest => ({
		type: 'apico',
		parameters: { output: 'full', resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}', ...parameters },
		credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl()}/v2` } },
	});
	const sent = () => sim.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/).map((call) => call.body);

	test('Send: Apico gets the GSM-7 text, 1 part; the item says what was replaced', async () => {
		const { outputs, error } = await runNode(node({ options: ON }), [{ to: '+447700900001', text: TYPED }]);
		expect(error).toBeUndefined();
		expect(sent()).toEqual([{ from: '447860041755', to: '447700900001', text: SENT }]);
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ to: '+447700900001', body: SENT, segments: 1, status: 'queued' });
		expect(item.json.smartEncoding).toEqual(REPORT);
	});

	test('option off: the text goes as typed, 2 parts, and no report', async () => {
		const { outputs } = await runNode(node({}), [{ to: '+447700900001', text: TYPED }]);
		expect(sent()).toEqual([{ from: '447860041755', to: '447700900001', text: TYPED }]);
		expect(main(outputs)[0].json).toMatchObject({ body: TYPED, segments: 2 });
		expect(main(outputs)[0].json).not.toHaveProperty('smartEncoding');
	});
});
