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
	sim.ignoreQ = false;
});

function node(parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'clickSend',
		parameters: { output: 'full', ...parameters },
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
		expect(error?.message).toMatch(/^"Shorten URLs" must be true or false, got "yes"/);
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
		const { outputs, error } = await runNode(
			node({ resource: 'mms', operation: 'getPrice', to: '={{ $json.to }}', subject: 'S', message: 'Body', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif' }),
			[{ to: '+61411000001' }, { to: '+14155550100' }],
		);
		expect(error).toBeUndefined();
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

	test('Output = Summary: an item without an answer is an error item, the summary stands for the others', async () => {
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
		const { outputs } = await runNode(priceNode({ priceItems: 'summary' }, { continueOnFail: true }), input);
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0]).toMatchObject({ json: { error: 'ClickSend gave no price for the message to +14155550100: its answer had no entry for it' }, pairedItem: { item: 1 } });
		expect(outputs[0][1].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect((outputs[0][1].json.messages as IDataObject[]).map((message) => message.to)).toEqual(['+61411000001', '+447700900001']);
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

describe('History filters: one q clause sent, every filter checked on what comes back', () => {
	const hintsOf = (run: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } }) =>
		(run.data.resultData.runData['Node Under Test'][0].hints ?? []).map((hint) => hint.message);
	/** 40 messages; five of them to +61411000001, three of those Completed (messages 4, 12 and 34). */
	const seedForTo = () => {
		sim.seedHistory(40);
		for (const [index, status] of [[3, 'Completed'], [7, 'Failed'], [11, 'Completed'], [20, 'Queued'], [33, 'Completed']] as const) {
			Object.assign(sim.history[index], { to: '+61411000001', status });
		}
	};

	test('the simulator refuses the comma form q=a:x,b:y with 400 in ClickSend\'s envelope', async () => {
		const response = await fetch(`${sim.baseUrl}/v3/sms/history?q=${encodeURIComponent('status:Completed,to:+61411000001')}`, {
			headers: { authorization: `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}` },
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ http_code: 400, response_code: 'BAD_REQUEST', data: { q: expect.stringMatching(/one field:value clause/) } });
	});

	test('SMS Status + To: only To goes as q (the more selective), Status is checked on each message', async () => {
		seedForTo();
		const { outputs, error, run } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, filters: { status: 'Completed', to: '+61411000001' } }));
		expect(error).toBeUndefined();
		expect(calls(/^GET \/v3\/sms\/history$/).map((call) => call.query.q)).toEqual(['to:+61411000001']);
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded message 4', 'Seeded message 12', 'Seeded message 34']);
		expect(hintsOf(run)).toEqual([]);
	});

	test('Message ID beats To, From and Status as the q clause', async () => {
		seedForTo();
		const id = sim.history[11].message_id;
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, filters: { status: 'Completed', to: '+61411000001', from: '+61400000000', messageId: id } }));
		expect(calls(/^GET \/v3\/sms\/history$/).map((call) => call.query.q)).toEqual([`message_id:${id}`]);
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded message 12']);
	});

	test('ClickSend ignoring q (a test fault): still only matching messages, and a notice in the output', async () => {
		seedForTo();
		sim.ignoreQ = true;
		const { outputs, error, run } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, filters: { status: 'Completed', to: '+61411000001' } }));
		expect(error).toBeUndefined();
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded message 4', 'Seeded message 12', 'Seeded message 34']);
		expect(hintsOf(run)).toEqual(['ClickSend did not apply the To filter it was sent: it returned 35 messages that do not match, which the node left out']);
	});

	test('Limit counts matching messages: with q ignored, reading stops at the page that completes it', async () => {
		sim.seedHistory(300);
		for (const index of [10, 150, 250]) Object.assign(sim.history[index], { to: '+61411000001', status: 'Completed' });
		sim.ignoreQ = true;
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getHistory', limit: 2, filters: { status: 'Completed', to: '+61411000001' } }));
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded message 11', 'Seeded message 151']);
		expect(calls(/^GET \/v3\/sms\/history$/).map((call) => [call.query.page, call.query.limit])).toEqual([['1', '100'], ['2', '100']]);
	});

	test('Return All with filters matching nothing stops at the first short page', async () => {
		sim.seedHistory(250);
		sim.ignoreQ = true;
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, filters: { to: '+61499999999' } }));
		expect(jsonOf(outputs)).toEqual([]);
		expect(calls(/^GET \/v3\/sms\/history$/).map((call) => call.query.page).sort()).toEqual(['1', '2', '3']);
	});

	test('one filter honoured by ClickSend and a Limit: one call of that Limit', async () => {
		seedForTo();
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getHistory', limit: 2, filters: { to: '+61411000001' } }));
		expect(calls(/^GET \/v3\/sms\/history$/).map((call) => [call.query.q, call.query.limit])).toEqual([['to:+61411000001', '15']]);
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded message 4', 'Seeded message 8']);
	});

	test('MMS Status + From: From goes as q, Status (Queued, Queued:WaitSend too) is checked on each message', async () => {
		sim.seedMmsHistory(8);
		sim.mmsHistory[5].from = '+61298444999';
		const { outputs } = await runNode(node({ resource: 'mms', operation: 'getHistory', returnAll: true, filters: { status: 'Queued', from: '+61298444213' } }));
		expect(calls(/^GET \/v3\/mms\/history$/).map((call) => call.query.q)).toEqual(['from:+61298444213']);
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded MMS 1', 'Seeded MMS 4', 'Seeded MMS 5', 'Seeded MMS 8']);
	});

	test('SMS Export with Status + To: the export gets To as q, the CSV keeps only the rows matching both', async () => {
		seedForTo();
		const { outputs, error, run } = await runNode(node({ resource: 'sms', operation: 'exportHistory', filters: { status: 'Completed', to: '+61411000001' } }));
		expect(error).toBeUndefined();
		expect(calls(/^GET \/v3\/sms\/history(\/export)?$/).map((call) => call.query.q)).toEqual(['to:+61411000001', 'to:+61411000001']);
		const csv = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8').trim().split('\n');
		expect(csv).toHaveLength(4);
		expect(csv[0]).toMatch(/^direction,date,to,body/);
		expect(csv.slice(1).map((line) => line.split(',')[3])).toEqual(['Seeded message 4', 'Seeded message 12', 'Seeded message 34']);
		expect(outputs[0][0].json).toMatchObject({ historyTotal: 5, rows: 3 });
		expect(hintsOf(run)).toEqual([]);
	});

	test('SMS Export with q ignored (a test fault): the CSV still keeps only matching rows, and a notice', async () => {
		seedForTo();
		sim.ignoreQ = true;
		const { outputs, error, run } = await runNode(node({ resource: 'sms', operation: 'exportHistory', filters: { status: 'Completed', to: '+61411000001' } }));
		expect(error).toBeUndefined();
		const csv = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8').trim().split('\n');
		expect(csv.slice(1).map((line) => line.split(',')[3])).toEqual(['Seeded message 4', 'Seeded message 12', 'Seeded message 34']);
		expect(outputs[0][0].json).toMatchObject({ historyTotal: 40, rows: 3 });
		expect(hintsOf(run)).toEqual(['ClickSend did not apply the To filter it was sent: it returned 35 messages that do not match, which the node left out']);
	});
});

describe('Export filters where the CSV lacks a filter\'s column', () => {
	const hintsOf = (run: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } }) =>
		(run.data.resultData.runData['Node Under Test'][0].hints ?? []).map((hint) => hint.message);
	const withoutColumn = (column: string) =>
		sim.inject({
			match: /^GET \/files\//,
			fault: {
				type: 'rewrite',
				rewrite: (answer) => {
					const lines = Buffer.from(answer.raw as Buffer).toString('utf8').split('\n');
					const index = lines[0].split(',').indexOf(column);
					const text = lines.map((line) => (line ? line.split(',').filter((_, cell) => cell !== index).join(',') : line)).join('\n');
					return { ...answer, raw: Buffer.from(text, 'utf8') };
				},
			},
		});

	test('the q filter\'s column missing: the file as ClickSend filtered it, and a notice', async () => {
		sim.seedHistory(40);
		for (const index of [3, 7]) sim.history[index].to = '+61411000001';
		withoutColumn('to');
		const { outputs, error, run } = await runNode(node({ resource: 'sms', operation: 'exportHistory', filters: { to: '+61411000001' } }));
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ historyTotal: 2, rows: 2 });
		expect(hintsOf(run)).toEqual(["ClickSend's export has no to column: the To filter is as ClickSend applied it, not checked by the node"]);
	});

	test('another filter\'s column missing: refused, never output unfiltered', async () => {
		sim.seedHistory(40);
		for (const index of [3, 7]) sim.history[index].to = '+61411000001';
		withoutColumn('status');
		const { outputs, error } = await runNode(node({ resource: 'sms', operation: 'exportHistory', filters: { to: '+61411000001', status: 'Completed' } }));
		expect(outputs).toEqual([]);
		expect(error?.message).toBe("ClickSend's export has no status column to check the Status filter against");
	});
});

describe('Get Inbound and Get Delivery Receipts → Mark as Read (notes §1.6)', () => {
	beforeEach(() => sim.seedInboundAndReceipts(20, { end: 1_790_000_000 }));
	const puts = () => calls(/^PUT /).map((call) => [call.path, call.body ?? null]);

	test('inbound: every message returned is marked read by its ID; the next read returns only what came since', async () => {
		const ids = sim.inbound.map((message) => message.message_id);
		const first = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true, markAsRead: true }));
		expect(first.error).toBeUndefined();
		expect(jsonOf(first.outputs).map((item) => item.id)).toEqual(ids);
		expect(puts().map(([path]) => path).sort()).toEqual(ids.map((id) => `/v3/sms/inbound-read/${id}`).sort());
		sim.reset();
		const second = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true, markAsRead: true }));
		expect(jsonOf(second.outputs)).toEqual([]);
		expect(puts()).toEqual([]);
		const late = sim.addInbound({ body: 'Late reply', timestamp: '1790000100' });
		const third = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true, markAsRead: true }));
		expect(jsonOf(third.outputs).map((item) => item.body)).toEqual(['Late reply']);
		expect(puts()).toEqual([[`/v3/sms/inbound-read/${late.message_id}`, null]]);
	});

	test('inbound with a Limit: only the messages returned are marked read', async () => {
		const ids = sim.inbound.map((message) => message.message_id);
		const first = await runNode(node({ resource: 'sms', operation: 'getInbound', limit: 5, markAsRead: true }));
		expect(jsonOf(first.outputs).map((item) => item.id)).toEqual(ids.slice(0, 5));
		expect(puts().map(([path]) => path).sort()).toEqual(ids.slice(0, 5).map((id) => `/v3/sms/inbound-read/${id}`).sort());
		const second = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true }));
		expect(jsonOf(second.outputs).map((item) => item.id)).toEqual(ids.slice(5));
	});

	test('receipts: marked read up to the newest one returned (date_before one second past it); the next read returns nothing', async () => {
		const first = await runNode(node({ resource: 'sms', operation: 'getReceipts', returnAll: true, markAsRead: true }));
		expect(first.error).toBeUndefined();
		expect(jsonOf(first.outputs)).toHaveLength(20);
		// The newest receipt is 60 s before 1,790,000,000.
		expect(puts()).toEqual([['/v3/sms/receipts-read', { date_before: 1_789_999_941 }]]);
		const second = await runNode(node({ resource: 'sms', operation: 'getReceipts', returnAll: true, markAsRead: true }));
		expect(jsonOf(second.outputs)).toEqual([]);
		expect(puts()).toHaveLength(1);
	});

	test('receipts with a Limit and Mark as Read: refused before any call (receipts-read takes a date, not IDs)', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'getReceipts', limit: 5, markAsRead: true }));
		expect(error?.message).toMatch(/^"Mark as Read" marks every receipt up to the newest one read/);
		expect(sim.requests).toHaveLength(0);
	});

	test('without Mark as Read nothing is marked, and a second read returns the same messages', async () => {
		await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true }));
		const again = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true }));
		expect(jsonOf(again.outputs)).toHaveLength(20);
		expect(puts()).toEqual([]);
	});

	test('the simulator: a bulk mark without date_before is refused; an unknown ID is 404', async () => {
		const auth = { authorization: `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`, 'content-type': 'application/json' };
		const bulk = await fetch(`${sim.baseUrl}/v3/sms/receipts-read`, { method: 'PUT', headers: auth, body: '{}' });
		expect(bulk.status).toBe(400);
		const unknown = await fetch(`${sim.baseUrl}/v3/sms/inbound-read/NOPE`, { method: 'PUT', headers: auth });
		expect(unknown.status).toBe(404);
		expect(sim.inbound).toHaveLength(20);
	});
});

test('SMS Export with two filters matching nothing: an empty export, not an error about its columns', async () => {
	sim.seedHistory(10);
	const { outputs, error } = await runNode(node({ resource: 'sms', operation: 'exportHistory', filters: { status: 'Completed', to: '+61499999999' } }));
	expect(error).toBeUndefined();
	expect(outputs[0][0].json).toMatchObject({ historyTotal: 0, rows: 0 });
});
