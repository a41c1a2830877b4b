/**
 * ClickSend provider fidelity (issue 17), run as n8n runs it (WorkflowExecute) against the
 * ClickSend simulator over real HTTP: Shorten URLs, Get Price answers matched to their items,
 * history filters (one `q` clause, every filter checked on what comes back) and Mark as Read.
 * Each test asserts what the simulator received and what the node emitted.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
let sim: ClickSendSimulator;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.acceptedCount.clear();
	sim.history.length = 0;
	sim.mmsHistory.length = 0;
	sim.inbound.length = 0;
	sim.receipts.length = 0;
	sim.accounts.get('sandbox')!.balance = 100_000;
	sim.priceAnswerOrder = 'asSent';
});

function node(parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'clickSend',
		parameters,
		credentials: { clickSendApi: { username: 'sandbox', apiKey: API_KEY, baseUrl: sim.baseUrl } },
		...overrides,
	};
}
const calls = (pattern: RegExp) => sim.recorded(pattern);
const jsonOf = (outputs: INodeExecutionData[][]) => (outputs[0] ?? []).map((item) => item.json);

describe('SMS Shorten URLs (shorten_urls, notes §1.3)', () => {
	test('Send with Shorten URLs on: ClickSend receives shorten_urls true beside messages[]', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'See https://example.com/a', options: { shortenUrls: true } }));
		expect(error).toBeUndefined();
		const [call] = calls(/^POST \/v3\/sms\/send$/);
		expect(call.body).toEqual({ shorten_urls: true, messages: [{ to: '+61411000001', body: 'See https://example.com/a', source: 'n8n' }] });
	});

	test('Get Price with Shorten URLs on: the price call carries shorten_urls true', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'getPrice', to: '+61411000001', message: 'See https://example.com/a', options: { shortenUrls: true } }));
		expect(error).toBeUndefined();
		const [call] = calls(/^POST \/v3\/sms\/price$/);
		expect(call.body).toEqual({ shorten_urls: true, messages: [{ to: '+61411000001', body: 'See https://example.com/a', source: 'n8n' }] });
	});

	test('off (the default): nothing is added, as ClickSend\'s default is false', async () => {
		await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi' }));
		expect(calls(/^POST \/v3\/sms\/send$/)[0].body).toEqual({ messages: [{ to: '+61411000001', body: 'Hi', source: 'n8n' }] });
	});

	test('Shorten URLs that is not true or false is refused on the item before any call', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi', options: { shortenUrls: '={{ "yes" }}' } }));
		expect(error?.message).toMatch(/^Item 0: "Shorten URLs" must be true or false, got "yes"/);
		expect(sim.requests).toHaveLength(0);
	});

	test('the simulator refuses a shorten_urls that is not a bool, in ClickSend\'s envelope', async () => {
		const response = await fetch(`${sim.baseUrl}/v3/sms/send`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}` },
			body: JSON.stringify({ shorten_urls: 'yes', messages: [{ to: '+61411000001', body: 'Hi' }] }),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ http_code: 400, response_code: 'BAD_REQUEST', response_msg: 'Invalid input.', data: { shorten_urls: 'The shorten urls field must be true or false.' } });
	});

	test('items that differ in Shorten URLs go in separate calls, each with its own setting', async () => {
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hi', options: { shortenUrls: '={{ $json.short }}' } }), [
			{ to: '+61411000001', short: true },
			{ to: '+61411000002', short: false },
			{ to: '+61411000003', short: true },
		]);
		const bodies = calls(/^POST \/v3\/sms\/send$/).map((call) => call.body as { shorten_urls?: boolean; messages: IDataObject[] });
		expect(bodies.map((body) => [body.shorten_urls, body.messages.map((message) => message.to)])).toEqual([
			[true, ['+61411000001', '+61411000003']],
			[undefined, ['+61411000002']],
		]);
		expect(jsonOf(outputs).map((item) => item.to)).toEqual(['+61411000001', '+61411000002', '+61411000003']);
	});
});

describe('Get Price answers matched to their items by recipient and reference, never by position', () => {
	const priceNode = (extra: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
		node({ resource: 'sms', operation: 'getPrice', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields: { reference: '={{ $json.ref }}' }, ...extra }, overrides);
	const input = [
		{ to: '+61411000001', text: 'Hi', ref: 'a' },
		{ to: '+14155550100', text: 'Hi', ref: 'b' },
		{ to: '+447700900001', text: 'Hi', ref: 'c' },
	];

	test('SMS: ClickSend answering in reverse order (a test fault), each item still gets its own recipient\'s price', async () => {
		sim.priceAnswerOrder = 'reversed';
		const { outputs, error } = await runNode(priceNode(), input);
		expect(error).toBeUndefined();
		// The fault is real: ClickSend's answer lists the last recipient first.
		const direct = await fetch(`${sim.baseUrl}/v3/sms/price`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}` },
			body: JSON.stringify({ messages: input.map(({ to, text }) => ({ to, body: text })) }),
		});
		expect(((await direct.json()) as { data: { messages: IDataObject[] } }).data.messages.map((message) => message.to)).toEqual(['+447700900001', '+14155550100', '+61411000001']);
		expect(jsonOf(outputs).map((item) => [item.to, item.reference, item.price, item.country])).toEqual([
			['+61411000001', 'a', 0.077, 'AU'],
			['+14155550100', 'b', 0.0425, 'US'],
			['+447700900001', 'c', 0.056, 'GB'],
		]);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('SMS: one recipient twice with two references, answered in reverse: each item its own reference and text', async () => {
		sim.priceAnswerOrder = 'reversed';
		const { outputs } = await runNode(priceNode(), [
			{ to: '+61411000001', text: 'Short', ref: 'one' },
			{ to: '+61411000001', text: 'x'.repeat(200), ref: 'two' },
		]);
		expect(jsonOf(outputs).map((item) => [item.reference, item.segments, item.price])).toEqual([
			['one', 1, 0.077],
			['two', 2, 0.154],
		]);
	});

	test('MMS: answered in reverse order, each item its own recipient\'s price', async () => {
		sim.priceAnswerOrder = 'reversed';
		const { outputs } = await runNode(
			node({ resource: 'mms', operation: 'getPrice', to: '={{ $json.to }}', subject: 'S', message: 'Body', mediaUrl: 'https://cdn.example.com/a.gif' }),
			[{ to: '+61411000001' }, { to: '+14155550100' }],
		);
		expect(jsonOf(outputs).map((item) => [item.to, item.price])).toEqual([
			['+61411000001', 0.242],
			['+14155550100', 0.11],
		]);
	});

	test('an answer with no entry for an item: that item is an error, the others keep their own prices', async () => {
		sim.inject({
			match: /^POST \/v3\/sms\/price$/,
			fault: {
				type: 'rewrite',
				rewrite: (answer) => {
					const body = answer.body as { data: { messages: IDataObject[] } };
					return { ...answer, body: { ...body, data: { ...body.data, messages: body.data.messages.filter((message) => message.to !== '+14155550100') } } };
				},
			},
		});
		const { outputs } = await runNode(priceNode({}, { continueOnFail: true }), input);
		const items = jsonOf(outputs);
		expect(items.map((item) => item.price ?? null)).toEqual([0.077, null, 0.056]);
		expect(items[1]).toMatchObject({ error: 'ClickSend gave no price for the message to +14155550100: its answer had no entry for it' });
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('an answer entry for a recipient not asked about is never another item\'s price; without Continue On Fail the run fails naming the item', async () => {
		sim.inject({
			match: /^POST \/v3\/sms\/price$/,
			fault: {
				type: 'rewrite',
				rewrite: (answer) => {
					const body = answer.body as { data: { messages: IDataObject[] } };
					const messages = body.data.messages.map((message) => (message.to === '+14155550100' ? { ...message, to: '+14155550199' } : message));
					return { ...answer, body: { ...body, data: { ...body.data, messages } } };
				},
			},
		});
		const { outputs, error } = await runNode(priceNode(), input);
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('ClickSend gave no price for the message to +14155550100: its answer had no entry for it');
		expect((error as { context?: IDataObject } | undefined)?.context?.itemIndex).toBe(1);
	});
});
