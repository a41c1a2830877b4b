/**
 * ClickSend SMS → Send, run as n8n runs it (WorkflowExecute) against the ClickSend simulator
 * over real HTTP. Each test asserts what the simulator received and what the node emitted.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { upcomingYear, ymd } from '../support/dates';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
let sim: ClickSendSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.acceptedCount.clear();
	sim.rejectedRecipients.clear();
	sim.accounts.get('sandbox')!.balance = 100_000;
});

function sendNode(overrides: Partial<NodeUnderTest> = {}, parameters: IDataObject = {}): NodeUnderTest {
	return {
		type: 'clickSend',
		parameters: {
			output: 'full',
			resource: 'sms',
			operation: 'send',
			to: '={{ $json.to }}',
			message: '={{ $json.text }}',
			additionalFields: { reference: '={{ $json.ref }}' },
			...parameters,
		},
		credentials: { clickSendApi: { username: 'sandbox', apiKey: API_KEY, baseUrl } },
		...overrides,
	};
}

/** n distinct recipients with their own text and reference. */
function recipients(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		to: `+6141${String(index).padStart(7, '0')}`,
		text: `Hello number ${index}`,
		ref: `order-${index}`,
	}));
}

const sendCalls = () => sim.recorded(/^POST \/v3\/sms\/send$/);
const sentMessages = (callIndex: number) => (sendCalls()[callIndex].body as { messages: IDataObject[] }).messages;
const mainOutput = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

test('sends 2,500 items in 3 calls (1000, 1000, 500) and pairs every result with its item', async () => {
	const input = recipients(2500);
	const { outputs, error } = await runNode(sendNode(), input);

	expect(error).toBeUndefined();
	expect(sendCalls().map((call) => (call.body as { messages: unknown[] }).messages.length)).toEqual([1000, 1000, 500]);
	// What ClickSend received: every recipient once, in item order, with its own body and reference.
	const received = sendCalls().flatMap((_, index) => sentMessages(index));
	expect(received.map((message) => message.to)).toEqual(input.map((item) => item.to));
	expect(received[1234]).toEqual({ to: input[1234].to, body: 'Hello number 1234', custom_string: 'order-1234', source: 'n8n' });
	expect(sim.acceptedTotal).toBe(2500);

	const items = mainOutput(outputs);
	expect(items).toHaveLength(2500);
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.to).toBe(input[index].to);
		expect(item.json.reference).toBe(`order-${index}`);
		expect(item.json.status).toBe('queued');
		expect(item.json.providerStatus).toBe('SUCCESS');
		expect(typeof item.json.id).toBe('string');
	});
	const ids = new Set(items.map((item) => item.json.id));
	expect(ids.size).toBe(2500);
	// The ids are the ones ClickSend assigned, mapped to the right recipient.
	const history = new Map(sim.history.map((message) => [message.message_id, message.to]));
	for (const item of items) expect(history.get(item.json.id as string)).toBe(item.json.to);
});

test('Simplify off emits ClickSend\'s own message object', async () => {
	const { outputs } = await runNode(sendNode({}, { output: 'raw' }), recipients(2));
	const items = mainOutput(outputs);
	expect(items[1].json).toMatchObject({ to: '+61410000001', status: 'SUCCESS', custom_string: 'order-1', message_parts: 1 });
	expect(items[1].json).toHaveProperty('message_id');
	expect(items[1].pairedItem).toEqual({ item: 1 });
});

describe('an invalid number in item 7', () => {
	const input = () => {
		const items = recipients(2500);
		items[7] = { ...items[7], to: '+12' };
		return items;
	};

	test('with Continue On Fail: item 7 is an error item naming the field, the other 2,499 are sent', async () => {
		const { outputs, error } = await runNode(sendNode({ continueOnFail: true }), input());
		expect(error).toBeUndefined();
		const items = mainOutput(outputs);
		expect(items).toHaveLength(2500);
		expect(items[7].pairedItem).toEqual({ item: 7 });
		expect(items[7].json.error).toMatch(/^"To" "\+12" is not a valid phone number/);
		expect(items[7].json).not.toHaveProperty('id');
		expect(items.filter((item) => typeof item.json.id === 'string' && !item.error)).toHaveLength(2499);
		expect(sim.acceptedTotal).toBe(2499);
		const received = sendCalls().flatMap((_, index) => sentMessages(index));
		expect(received).toHaveLength(2499);
		expect(received.some((message) => message.to === '+12')).toBe(false);
		expect(items[8].json.to).toBe('+61410000008');
		expect(items[8].pairedItem).toEqual({ item: 8 });
	});

	test('without it: the node fails naming item 7 and the field, and nothing reaches ClickSend', async () => {
		const { outputs, error } = await runNode(sendNode(), input());
		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(/^"To" "\+12" is not a valid phone number/);
		expect(error?.description).toMatch(/^Item 7: nothing was sent/);
		expect(sim.requests).toHaveLength(0);
	});

	test.each([
		['null from an expression', { to: null }, /"To" must be a phone number, got null/],
		['an object from an expression', { to: { phone: '+61411111111' } }, /"To" must be a phone number, got an object/],
		['an empty message', { text: '' }, /"Message" is empty/],
	])('rejects %s before sending', async (_, patch, message) => {
		const items = recipients(3);
		items[1] = { ...items[1], ...patch };
		const { error } = await runNode(sendNode(), items);
		expect(error?.message).toMatch(message);
		expect({ itemIndex: (error as { context?: { itemIndex?: number } })?.context?.itemIndex, description: (error as { description?: string })?.description }).toEqual({
			itemIndex: 1,
			description: expect.stringMatching(/^Item 1: nothing was sent/),
		});
		expect(sim.requests).toHaveLength(0);
	});
});

describe('a recipient ClickSend rejects inside an HTTP 200', () => {
	const input = () => recipients(5);
	beforeEach(() => sim.rejectedRecipients.set('+61410000003', 'INVALID_RECIPIENT'));

	test('with Continue On Fail: that item is an error item with the provider status; the others carry their ids', async () => {
		const { outputs, error } = await runNode(sendNode({ continueOnFail: true }), input());
		expect(error).toBeUndefined();
		expect(sendCalls()).toHaveLength(1);
		const items = mainOutput(outputs);
		expect(items).toHaveLength(5);
		expect(items[3].json).toEqual({
			error: 'ClickSend rejected the message to +61410000003: INVALID_RECIPIENT',
			details: { providerStatus: 'INVALID_RECIPIENT', to: '+61410000003', reference: 'order-3' },
		});
		expect(items[3].pairedItem).toEqual({ item: 3 });
		for (const index of [0, 1, 2, 4]) {
			expect(items[index].json.id).toEqual(expect.any(String));
			expect(items[index].json.status).toBe('queued');
			expect(items[index].pairedItem).toEqual({ item: index });
		}
		expect(sim.acceptedTotal).toBe(4);
	});

	test('with the error output: the rejected item goes to the error branch, paired to its input', async () => {
		const { outputs, error } = await runNode(sendNode({ onError: 'continueErrorOutput' }), input());
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(2);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 4 }]);
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].json.error).toBe('ClickSend rejected the message to +61410000003: INVALID_RECIPIENT');
		expect(outputs[1][0].json.details).toEqual({ providerStatus: 'INVALID_RECIPIENT', to: '+61410000003', reference: 'order-3' });
		expect(outputs[1][0].pairedItem).toEqual({ item: 3 });
	});

	test('without it: the node fails naming the rejected item and says the rest were sent', async () => {
		const { error } = await runNode(sendNode(), input());
		expect(error?.message).toBe('ClickSend rejected 1 of 5 messages: item 3 (+61410000003): INVALID_RECIPIENT');
		expect(error?.description).toMatch(/The other 4 messages were sent and are not sent again/);
		expect(sendCalls()).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(4);
	});

	test('insufficient credit is a rejection too, never a silent success', async () => {
		sim.rejectedRecipients.clear();
		sim.accounts.get('sandbox')!.balance = 0.2; // enough for two messages at 0.077
		const { outputs } = await runNode(sendNode({ continueOnFail: true }), input());
		const statuses = mainOutput(outputs).map((item) => item.json.providerStatus ?? (item.json.details as IDataObject).providerStatus);
		expect(statuses).toEqual(['SUCCESS', 'SUCCESS', 'INSUFFICIENT_CREDIT', 'INSUFFICIENT_CREDIT', 'INSUFFICIENT_CREDIT']);
		expect(sim.acceptedTotal).toBe(2);
	});
});

test('a 429 with Retry-After: 1 on the send: the batch is sent exactly once, after the wait', async () => {
	sim.inject({
		match: /^POST \/v3\/sms\/send$/,
		fault: {
			type: 'status',
			status: 429,
			retryAfter: '1',
			body: { http_code: 429, response_code: 'TOO_MANY_REQUESTS', response_msg: 'Too many attempts.', data: null },
		},
	});
	const input = recipients(1200);
	const { outputs, error } = await runNode(sendNode(), input);
	expect(error).toBeUndefined();
	const calls = sendCalls();
	// 429 on the first batch, its retry, then the second batch.
	expect(calls.map((call) => (call.body as { messages: unknown[] }).messages.length)).toEqual([1000, 1000, 200]);
	expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(950);
	expect(sim.acceptedTotal).toBe(1200);
	for (const count of sim.acceptedCount.values()) expect(count).toBe(1);
	expect(mainOutput(outputs)).toHaveLength(1200);
});

describe('a connection dropped after ClickSend read the send', () => {
	beforeEach(() => sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'dropAfterRead' } }));

	test('is not retried: the node fails saying the messages may have been sent', async () => {
		const { error } = await runNode(sendNode(), recipients(3));
		expect(sendCalls()).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(3);
		expect(error?.message).toBe('ClickSend: The connection closed before ClickSend answered');
		expect(error?.description).toMatch(/Network error code: (ECONNRESET|EPIPE)/);
		expect(error?.description).toMatch(/may have been sent/);
		expect(error?.description).toMatch(/The call for 3 items \(items 0–2\) failed\./);
	});

	test('with Continue On Fail every item of the batch says so, paired to its input', async () => {
		const { outputs } = await runNode(sendNode({ continueOnFail: true }), recipients(3));
		expect(sendCalls()).toHaveLength(1);
		const items = mainOutput(outputs);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			expect(item.json.error).toBe('ClickSend: The connection closed before ClickSend answered');
			expect(item.json.details).toMatchObject({ maybeSent: true, description: expect.stringMatching(/may have been sent/) });
		}
	});
});

test('a 500 on the send is not retried (ClickSend may have taken it)', async () => {
	sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'status', status: 500, body: { http_code: 500, response_code: 'INTERNAL_SERVER_ERROR', response_msg: 'Something went wrong.', data: null } } });
	const { error } = await runNode(sendNode(), recipients(2));
	expect(sendCalls()).toHaveLength(1);
	expect(error?.message).toBe('ClickSend: Something went wrong.');
	expect(error?.description).toMatch(/may have been sent/);
});

test('a wrong API key: the error shows ClickSend\'s message and neither the key nor an Authorization header', async () => {
	const wrongKey = 'DUMMY-WRONG-KEY-5F3A9C1E77';
	const node = sendNode();
	node.credentials = { clickSendApi: { username: 'sandbox', apiKey: wrongKey, baseUrl } };
	const { error, run } = await runNode(node, recipients(1));
	expect(sendCalls()).toHaveLength(1);
	expect(error?.message).toBe('ClickSend: Invalid credentials. Check your API username and key.');
	expect(error?.description).toMatch(/UNAUTHORIZED/);
	const everything = JSON.stringify({ error, description: error?.description, stack: error?.stack, run });
	const basic = Buffer.from(`sandbox:${wrongKey}`).toString('base64');
	expect(everything).not.toContain(wrongKey);
	expect(everything).not.toContain(basic);
	expect(everything).not.toMatch(/authorization/i);
	expect(sim.acceptedTotal).toBe(0);
});

describe('optional fields reach ClickSend in its own terms', () => {
	test('From, a schedule in the workflow time zone, a reference and a country with a national number', async () => {
		const marchYear = upcomingYear(3, 1);
		const march = ymd(marchYear, 3, 1);
		const { outputs, error } = await runNode(
			sendNode({}, {
				to: '0411111111',
				message: 'Reminder',
				from: 'MyShop',
				additionalFields: { schedule: `${march}T09:30:00`, reference: 'appt-77', country: 'au' },
			}),
			[{}],
		);
		expect(error).toBeUndefined();
		expect(sentMessages(0)).toEqual([
			{
				to: '0411111111',
				body: 'Reminder',
				from: 'MyShop',
				// The workflow's time zone is UTC in the harness: 1 March 09:30 UTC as unix seconds.
				schedule: Date.UTC(marchYear, 2, 1, 9, 30) / 1000,
				custom_string: 'appt-77',
				country: 'AU',
				source: 'n8n',
			},
		]);
		expect(mainOutput(outputs)[0].json).toMatchObject({ status: 'scheduled', from: 'MyShop', reference: 'appt-77' });
	});

	test.each([
		['a sender ID over 11 characters', { from: 'MyVeryLongShopName' }, /^"From" "MyVeryLongShopName" is not a valid sender/],
		['a schedule in the past', { additionalFields: { schedule: '2001-01-01T00:00:00Z' } }, /^"Schedule" \(2001-01-01T00:00:00Z\) is in the past/],
		['a reference over 50 characters', { additionalFields: { reference: 'x'.repeat(51) } }, /^"Reference" is 51 characters long/],
		['a country that is not two letters', { additionalFields: { country: 'AUS' } }, /^"Country" "AUS" is not a two-letter country code/],
		['a national number without a country', { to: '0411111111' }, /^"To" "0411111111" is not a valid phone number/],
	])('rejects %s before sending', async (_, parameters, message) => {
		const { error } = await runNode(sendNode({}, { to: '+61411111111', message: 'Hi', ...parameters }), [{}]);
		expect(error?.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});
});
