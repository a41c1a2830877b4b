/**
 * Apico Message → Send, Get, Get History and Export History, run as n8n runs them
 * (WorkflowExecute, the built package, the credential's Basic auth really applied) against the
 * Apico simulator over real HTTP. Each test asserts what the simulator received and what the
 * node emitted.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator, type ApicoSimMessage } from '../simulators/apico';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { writeCsv } from '../support/csv';

const BASIC = `Basic ${Buffer.from(`${APICO_SANDBOX_SID}:${APICO_SANDBOX_TOKEN}`).toString('base64')}`;
const MESSAGES_PATH = `/v2/accounts/${APICO_SANDBOX_SID}/messages`;
/** 2026-03-01 12:00:00 UTC: seeded history ends here, one message a minute. */
const SEED_END = Date.UTC(2026, 2, 1, 12, 0, 0);
let sim: ApicoSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new ApicoSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.history.length = 0;
	sim.acceptedCount.clear();
	sim.rejectedRecipients.clear();
});

function node(parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}, authToken = APICO_SANDBOX_TOKEN): NodeUnderTest {
	return {
		type: 'apico',
		parameters: { output: 'full', resource: 'message', ...parameters },
		credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken, baseUrl: `${baseUrl}/v2` } },
		...overrides,
	};
}

const sendNode = (extra: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
	node({ operation: 'send', from: '+44 7860 041755', to: '={{ $json.to }}', message: '={{ $json.text }}', ...extra }, overrides);
const jsonOf = (outputs: INodeExecutionData[][]) => (outputs[0] ?? []).map((item) => item.json);
/** The simulator's list order: newest first. */
const newestFirst = (messages: ApicoSimMessage[]) => [...messages].reverse();
const input = [
	{ to: '+447700900001', text: 'Your code is 1234' },
	{ to: '+447700900002', text: 'Grüße aus Berlin 😀' },
	{ to: '+447700900003', text: 'x'.repeat(200) },
];

describe('Message → Send', () => {
	test('one POST per item with from, to (international digits) and text; each output carries the SID from the answer\'s uri', async () => {
		const { outputs, error } = await runNode(sendNode(), input);
		expect(error).toBeUndefined();

		const calls = sim.sendCalls();
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => call.path)).toEqual([MESSAGES_PATH, MESSAGES_PATH, MESSAGES_PATH]);
		expect(calls.map((call) => call.body)).toEqual([
			{ from: '447860041755', to: '447700900001', text: 'Your code is 1234' },
			{ from: '447860041755', to: '447700900002', text: 'Grüße aus Berlin 😀' },
			{ from: '447860041755', to: '447700900003', text: 'x'.repeat(200) },
		]);
		for (const call of calls) {
			expect(call.headers.authorization).toBe(BASIC);
			expect(call.headers['content-type']).toMatch(/application\/json/);
		}

		const items = outputs[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// The SIDs are those Apico assigned (the end of `uri`), each to the right recipient.
		expect(items.map((item) => item.json.id)).toEqual(sim.history.map((message) => message.message_sid));
		expect(items.map((item) => [item.json.to, item.json.segments])).toEqual([
			['+447700900001', 1],
			['+447700900002', 1],
			['+447700900003', 2],
		]);
		expect(items[0].json).toMatchObject({
			provider: 'apico',
			direction: 'outbound',
			from: '+447860041755',
			body: 'Your code is 1234',
			status: 'queued',
			providerStatus: 'CREATED',
			price: null,
			error: null,
		});
		expect(Date.parse(items[0].json.sentAt as string)).toBeGreaterThan(Date.now() - 60_000);
		expect(sim.acceptedTotal).toBe(3);
	});

	test('Simplify off emits Apico\'s own answer; a Message Application SID goes out as msg_app_sid', async () => {
		const { outputs } = await runNode(sendNode({ output: 'raw', additionalFields: { msgAppSid: 'app0794c1fe-b34b' } }), input.slice(0, 1));
		expect(sim.sendCalls()[0].body).toEqual({ from: '447860041755', to: '447700900001', text: 'Your code is 1234', msg_app_sid: 'app0794c1fe-b34b' });
		expect(jsonOf(outputs)).toEqual([
			{ status_code: 201, status_message: 'CREATED', uri: `${MESSAGES_PATH}/${sim.history[0].message_sid}` },
		]);
	});

	test('a bad number in item 1: the node fails naming the item and the field, and nothing reaches Apico', async () => {
		const items = [input[0], { to: '12', text: 'hi' }, input[2]];
		const { outputs, error } = await runNode(sendNode(), items);
		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(/^"To" "12" is not a valid phone number/);
		expect(error?.description).toMatch(/^Item 1: nothing was sent/);
		expect(sim.requests).toHaveLength(0);
	});

	test('with Continue On Fail: bad input and a refusal are error items paired to their items; the others are sent once', async () => {
		sim.rejectedRecipients.set('447700900003', 'BAD REQUEST: the destination is blocked');
		const items = [input[0], { to: '+44', text: 'hi' }, input[2], { to: '+447700900004', text: '' }];
		const { outputs, error } = await runNode(sendNode({}, { continueOnFail: true }), items);
		expect(error).toBeUndefined();
		const out = outputs[0];
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json.status).toBe('queued');
		expect(out[1].json).toEqual({ error: expect.stringMatching(/^"To" "\+44" is not a valid phone number/), details: expect.any(Object) });
		expect(out[2].json).toEqual({
			error: 'Apico: BAD REQUEST: the destination is blocked',
			details: { description: 'Provider code: 400.', to: '+447700900003', maybeSent: false },
		});
		expect(out[3].json.error).toMatch(/^"Message" is empty/);
		// Only the valid items were sent; the refused one was tried once, never repeated.
		expect(sim.sendCalls().map((call) => (call.body as IDataObject).to)).toEqual(['447700900001', '447700900003']);
		expect(sim.acceptedTotal).toBe(1);
	});

	test('without Continue On Fail a refusal stops the node and says the earlier items were sent', async () => {
		sim.rejectedRecipients.set('447700900002', 'BAD REQUEST: the destination is blocked');
		// One call at a time, so the refusal stops the run before item 2 goes out.
		const { outputs, error } = await runNode(sendNode({ options: { parallelRequests: 1 } }), input);
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('Apico: BAD REQUEST: the destination is blocked');
		expect(error?.description).toBe(
			'The call for item 1 failed. Of the other items: 1 sent (item 0) and not sent again; 1 not sent (item 2). Provider code: 400.',
		);
		expect(sim.sendCalls()).toHaveLength(2);
		expect(sim.acceptedTotal).toBe(1);
	});

	test('a refusal inside an HTTP 200 (body status_code 400) is a failure of the item, never a success', async () => {
		sim.inject({ match: /^POST /, fault: { type: 'status', status: 200, body: { status_code: 400, status_message: 'INVALID NUMBER' } } });
		const { outputs } = await runNode(sendNode({}, { continueOnFail: true }), input.slice(0, 2));
		expect(outputs[0][0].json).toEqual({
			error: 'Apico: INVALID NUMBER',
			details: { description: 'Provider code: 400.', to: '+447700900001', maybeSent: false },
		});
		expect(outputs[0][1].json.status).toBe('queued');
	});

	test('a 500 after a send is not retried: the item says the message may have been sent', async () => {
		sim.inject({ match: /^POST /, fault: { type: 'status', status: 500, raw: '<html>Internal Server Error</html>' } });
		const { outputs } = await runNode(sendNode({}, { continueOnFail: true }), input.slice(0, 1));
		expect(outputs[0][0].json.error).toBe('Apico: Apico answered HTTP 500');
		expect((outputs[0][0].json.details as IDataObject).maybeSent).toBe(true);
		expect((outputs[0][0].json.details as IDataObject).description).toMatch(/may have been sent/);
		expect(sim.sendCalls()).toHaveLength(1);
	});

	test('a 429 with Retry-After is waited out and the send repeated once: Apico did not take it', async () => {
		sim.inject({ match: /^POST /, fault: { type: 'status', status: 429, retryAfter: '1', body: { status_code: 429, status_message: 'TOO MANY REQUESTS' } } });
		const started = Date.now();
		const { outputs, error } = await runNode(sendNode(), input.slice(0, 1));
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(sim.sendCalls()).toHaveLength(2);
		expect(sim.acceptedTotal).toBe(1);
		expect(outputs[0][0].json.id).toBe(sim.history[0].message_sid);
	});

	test('a wrong auth token: Apico\'s 401 status_message, and the token appears nowhere', async () => {
		const { error } = await runNode(node({ operation: 'send', from: '+447860041755', to: '+447700900001', message: 'hi' }, {}, 'WRONG-TOKEN-9999'));
		expect(error?.message).toBe('Apico: UNAUTHORIZED');
		expect(error?.description).toBe('Provider code: 401.');
		expect(JSON.stringify(error)).not.toContain('WRONG-TOKEN-9999');
		expect(sim.sendCalls()[0].headers.authorization).toBe(`Basic ${Buffer.from(`${APICO_SANDBOX_SID}:WRONG-TOKEN-9999`).toString('base64')}`);
	});
});

describe('Message → Get History', () => {
	const historyNode = (extra: IDataObject = {}) => node({ operation: 'getHistory', ...extra });

	test('Return All over 1,000 messages costs exactly 50 calls of 20 and returns each message once, in order', async () => {
		sim.seedHistory(1000, { end: SEED_END });
		const { outputs, error } = await runNode(historyNode({ returnAll: true, output: 'raw' }));
		expect(error).toBeUndefined();

		const calls = sim.historyCalls();
		expect(calls).toHaveLength(50);
		expect(calls.every((call) => call.query.limit === '20' && call.headers.authorization === BASIC)).toBe(true);
		expect(calls.map((call) => Number(call.query.offset)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, page) => page * 20));

		const ids = jsonOf(outputs).map((message) => message.message_sid);
		expect(ids).toHaveLength(1000);
		expect(new Set(ids).size).toBe(1000);
		expect(ids).toEqual(newestFirst(sim.history).map((message) => message.message_sid));
		expect(outputs[0].every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Parallel Requests bounds the pages in flight (8 by default); the result stays complete and in order', async () => {
		sim.seedHistory(1000, { end: SEED_END });
		sim.latencyMs = 20;
		const { outputs } = await runNode(historyNode({ returnAll: true, pagingOptions: { parallelRequests: 3 } }));
		expect(sim.historyCalls()).toHaveLength(50);
		expect(sim.maxInFlight).toBe(3);
		expect(jsonOf(outputs).map((message) => message.id)).toEqual(newestFirst(sim.history).map((message) => message.message_sid));

		sim.reset();
		sim.latencyMs = 20;
		await runNode(historyNode({ returnAll: true }));
		expect(sim.historyCalls()[0].inFlight).toBe(1);
		expect(sim.maxInFlight).toBe(8);
	});

	test('Limit 25 costs 2 calls and returns the 25 newest', async () => {
		sim.seedHistory(1000, { end: SEED_END });
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 25 }));
		expect(sim.historyCalls().map((call) => call.query)).toEqual([
			{ offset: '0', limit: '20' },
			{ offset: '20', limit: '20' },
		]);
		expect(jsonOf(outputs).map((message) => message.id)).toEqual(newestFirst(sim.history).slice(0, 25).map((message) => message.message_sid));
	});

	test('Limit 5 is one call asking for 5', async () => {
		sim.seedHistory(30, { end: SEED_END });
		const { outputs } = await runNode(historyNode({ limit: 5 }));
		expect(sim.historyCalls().map((call) => call.query)).toEqual([{ offset: '0', limit: '5' }]);
		expect(outputs[0]).toHaveLength(5);
	});

	test('a message arriving while paging shifts the offsets; every message still comes once, in order', async () => {
		sim.seedHistory(100, { end: SEED_END });
		const before = newestFirst(sim.history).map((message) => message.message_sid);
		let arrived = false;
		sim.afterAnswer = (request) => {
			if (!arrived && request.method === 'GET') {
				arrived = true;
				sim.receive('Arrived during the read');
			}
		};
		const { outputs } = await runNode(historyNode({ returnAll: true }));
		// 5 planned pages, then one more because the total grew and the last page was full.
		expect(sim.historyCalls()).toHaveLength(6);
		expect(jsonOf(outputs).map((message) => message.id)).toEqual(before);
	});

	test('the simplified model: RFC 2822 `created` as ISO (UTC), price in USD from cents, E.164 numbers, failure details', async () => {
		sim.history.push(
			{
				account_sid: APICO_SANDBOX_SID,
				text: 'Just tried using Apico API to send SMS from the web!',
				created: 'Wed, 10 Feb 2016 07:21:01 +0000',
				direction: 'outbound',
				from: '447860041755',
				to: '447860041756',
				price: '0.0010',
				message_sid: 'msg-doc-example',
				status: 'delivered',
			},
			{
				account_sid: APICO_SANDBOX_SID,
				text: 'Failed one',
				created: 'Thu, 11 Feb 2016 09:00:00 +0200',
				direction: 'outbound',
				from: '447860041755',
				to: '447860041757',
				price: '1.5',
				message_sid: 'msg-failed',
				status: 'failed',
				status_message: 'Unknown subscriber',
			},
			{
				account_sid: APICO_SANDBOX_SID,
				text: 'Hello back',
				created: 'Fri, 12 Feb 2016 10:00:00 +0000',
				direction: 'inbound',
				from: '447700900555',
				to: '447860041755',
				price: '0.0000',
				message_sid: 'msg-inbound',
				status: 'received',
			},
		);
		const { outputs } = await runNode(historyNode({ returnAll: true }));
		expect(jsonOf(outputs)).toEqual([
			{
				provider: 'apico',
				id: 'msg-inbound',
				direction: 'inbound',
				from: '+447700900555',
				to: '+447860041755',
				body: 'Hello back',
				status: 'received',
				providerStatus: 'received',
				sentAt: '2016-02-12T10:00:00Z',
				segments: null,
				price: 0,
				currency: 'USD',
				country: null,
				subject: null,
				mediaUrl: null,
				reference: null,
				error: null,
			},
			expect.objectContaining({ id: 'msg-failed', status: 'failed', sentAt: '2016-02-11T07:00:00Z', price: 0.015, error: 'Unknown subscriber' }),
			expect.objectContaining({
				id: 'msg-doc-example',
				direction: 'outbound',
				from: '+447860041755',
				to: '+447860041756',
				status: 'delivered',
				sentAt: '2016-02-10T07:21:01Z',
				price: 0.00001,
				currency: 'USD',
				error: null,
			}),
		]);
	});

	test('raw output keeps Apico\'s fields as they came (RFC 2822 date, price string in cents)', async () => {
		sim.seedHistory(3, { end: SEED_END });
		const { outputs } = await runNode(historyNode({ output: 'raw' }));
		expect(jsonOf(outputs)[0]).toEqual({ ...newestFirst(sim.history)[0] });
		expect(jsonOf(outputs)[0].created).toBe('Sun, 01 Mar 2026 12:00:00 +0000');
	});

	test('Created On: the day\'s format is a guess, so each message is checked too; with Apico ignoring it (a test fault) only that day comes out, with a notice', async () => {
		sim.seedHistory(1000, { end: SEED_END });
		// Newest first: 721 messages of 1 March come before the 279 of 28 February.
		const february28 = newestFirst(sim.history).filter((message) => message.created.startsWith('Sat, 28 Feb 2026'));
		expect(february28).toHaveLength(279);
		const hintsOf = (run: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } }) =>
			(run.data.resultData.runData['Node Under Test'][0].hints ?? []).map((hint) => hint.message);

		const honoured = await runNode(historyNode({ returnAll: true, filters: { created: '2026-02-28T10:00:00' } }));
		expect(honoured.error).toBeUndefined();
		expect(jsonOf(honoured.outputs).map((message) => message.id)).toEqual(february28.map((message) => message.message_sid));
		expect(hintsOf(honoured.run)).toEqual([]);

		sim.reset();
		sim.ignoredParameters.add('created');
		const ignored = await runNode(historyNode({ returnAll: true, filters: { created: '2026-02-28T10:00:00' } }));
		expect(ignored.error).toBeUndefined();
		expect(sim.historyCalls()[0].query.created).toBe('2026-02-28');
		expect(jsonOf(ignored.outputs).map((message) => message.id)).toEqual(february28.map((message) => message.message_sid));
		expect(hintsOf(ignored.run)).toEqual([
			'Apico did not apply the Created On filter it was sent: it returned 721 messages that do not match, which the node left out',
		]);

		sim.reset();
		const limitedHonoured = await runNode(historyNode({ limit: 25, filters: { created: '2026-02-28T10:00:00' } }));
		expect(jsonOf(limitedHonoured.outputs).map((message) => message.id)).toEqual(february28.slice(0, 25).map((message) => message.message_sid));
		expect(sim.historyCalls().map((call) => [call.query.offset, call.query.limit])).toEqual([['0', '20'], ['20', '20']]);

		sim.reset();
		sim.ignoredParameters.add('created');
		const limited = await runNode(historyNode({ limit: 25, filters: { created: '2026-02-28T10:00:00' } }));
		expect(jsonOf(limited.outputs).map((message) => message.id)).toEqual(february28.slice(0, 25).map((message) => message.message_sid));
		// 721 + 25 messages reach the 25th match: pages of 20 up to offset 740, none after.
		expect(sim.historyCalls().map((call) => call.query.offset)).toEqual(Array.from({ length: 38 }, (_, page) => String(page * 20)));
	});

	test('filters go out as Apico\'s query parameters and narrow the result', async () => {
		sim.seedHistory(3000, { end: SEED_END });
		const failedMarch1 = newestFirst(sim.history).filter(
			(message) => message.status === 'failed' && message.direction === 'outbound' && message.created.startsWith('Sun, 01 Mar 2026'),
		);
		const target = failedMarch1[0];
		const { outputs } = await runNode(
			historyNode({
				returnAll: true,
				filters: { status: 'failed', direction: 'outbound', created: '2026-03-01T08:30:00', from: '+447860041755', to: `+${target.to}` },
			}),
		);
		expect(sim.historyCalls()[0].query).toEqual({
			offset: '0',
			limit: '20',
			status: 'failed',
			direction: 'outbound',
			created: '2026-03-01',
			from: '447860041755',
			to: target.to,
		});
		expect(jsonOf(outputs).map((message) => message.id)).toEqual(failedMarch1.filter((message) => message.to === target.to).map((message) => message.message_sid));

		sim.reset();
		const bySid = await runNode(historyNode({ filters: { messageSid: target.message_sid } }));
		expect(sim.historyCalls()[0].query).toEqual({ offset: '0', limit: '20', message_sid: target.message_sid });
		expect(jsonOf(bySid.outputs).map((message) => message.id)).toEqual([target.message_sid]);

		sim.reset();
		const byAccount = await runNode(historyNode({ limit: 3, filters: { accountSid: ` ${APICO_SANDBOX_SID} ` } }));
		expect(sim.historyCalls()[0].query).toEqual({ offset: '0', limit: '3', account_sid: APICO_SANDBOX_SID });
		expect(jsonOf(byAccount.outputs).map((message) => message.id)).toEqual(newestFirst(sim.history).slice(0, 3).map((message) => message.message_sid));
	});

	test('a bad filter is an input error naming the field; nothing is asked', async () => {
		const { error } = await runNode(historyNode({ filters: { to: 'not a number' } }));
		expect(error?.message).toMatch(/^"To" "not a number" is not a valid phone number/);
		expect(sim.requests).toHaveLength(0);
	});

	test('a 503 on a page is retried; the result is still complete', async () => {
		sim.seedHistory(45, { end: SEED_END });
		sim.inject({ match: /^GET /, fault: { type: 'status', status: 503, body: { status_code: 503, status_message: 'SERVICE UNAVAILABLE' } } });
		const { outputs, error } = await runNode(historyNode({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(sim.historyCalls()).toHaveLength(4);
		expect(outputs[0]).toHaveLength(45);
	});
});

describe('Message → Get', () => {
	test('one message by SID, through the documented message_sid filter', async () => {
		sim.seedHistory(50, { end: SEED_END });
		const wanted = sim.history[17];
		const { outputs, error } = await runNode(node({ operation: 'get', messageSid: '={{ $json.sid }}' }), [{ sid: wanted.message_sid }]);
		expect(error).toBeUndefined();
		expect(sim.historyCalls().map((call) => call.query)).toEqual([{ message_sid: wanted.message_sid }]);
		expect(outputs[0]).toEqual([
			{
				json: expect.objectContaining({ id: wanted.message_sid, body: wanted.text, providerStatus: wanted.status, sentAt: '2026-03-01T11:28:00Z' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('an unknown SID fails the item with a clear message; with Continue On Fail it is an error item', async () => {
		sim.seedHistory(5, { end: SEED_END });
		const { error } = await runNode(node({ operation: 'get', messageSid: 'msg-nope' }));
		expect(error?.message).toBe('Apico: No message with SID "msg-nope"');

		const items = [{ sid: 'msg-nope' }, { sid: sim.history[0].message_sid }];
		const { outputs } = await runNode(node({ operation: 'get', messageSid: '={{ $json.sid }}' }, { continueOnFail: true }), items);
		expect(outputs[0][0]).toEqual({ json: { error: 'Apico: No message with SID "msg-nope"', details: expect.any(Object) }, pairedItem: { item: 0 } });
		expect(outputs[0][1].json.id).toBe(sim.history[0].message_sid);
	});

	test('an error without Apico\'s status fields is told by its HTTP status', async () => {
		sim.inject({ match: /^GET /, fault: { type: 'status', status: 404, raw: '' } });
		const { error } = await runNode(node({ operation: 'get', messageSid: 'msg-1' }));
		expect(error?.message).toBe('Apico: Apico answered HTTP 404');
		expect(sim.historyCalls()).toHaveLength(1);
	});
});

describe('Message → Export History', () => {
	test('CSV of the filtered history as binary data, built from all its pages (Return All on by default)', async () => {
		sim.seedHistory(300, { end: SEED_END });
		const failed = newestFirst(sim.history).filter((message) => message.status === 'failed');
		const { outputs, error } = await runNode(node({ operation: 'exportHistory', fileName: 'failed', filters: { status: 'failed' } }));
		expect(error).toBeUndefined();
		expect(sim.historyCalls()).toHaveLength(Math.ceil(failed.length / 20));
		expect(sim.historyCalls().every((call) => call.query.status === 'failed')).toBe(true);

		const [item] = outputs[0];
		expect(item.json).toEqual({ provider: 'apico', fileName: 'failed.csv', format: 'csv', rows: failed.length });
		expect(item.binary?.data).toMatchObject({ fileName: 'failed.csv', mimeType: 'text/csv' });
		const lines = Buffer.from(item.binary!.data.data, 'base64').toString('utf8').trim().split('\r\n');
		expect(lines[0]).toBe('provider,id,direction,from,to,body,status,providerStatus,sentAt,segments,price,currency,country,subject,mediaUrl,reference,error');
		expect(lines).toHaveLength(failed.length + 1);
		expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(failed.map((message) => message.message_sid));
		expect(lines[1]).toMatch(/,failed,failed,2026-0[23]-\d\dT\d\d:\d\d:00Z,,0\.00001,USD,,,,,Unknown subscriber$/);
	});

	test('written page by page, the CSV is byte for byte the one built from the whole history at once', async () => {
		sim.seedHistory(95, { end: SEED_END });
		const { outputs } = await runNode(node({ operation: 'exportHistory' }));
		expect(sim.historyCalls()).toHaveLength(5);
		const file = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8');
		// Each message simplified here from its raw record by provider-docs 002: numbers in E.164, the
		// RFC 2822 date in UTC, the price in USD cents as dollars, Apico's five statuses as they are,
		// the status message as a failed message's error; no part count in Apico's history.
		const simplified = (message: ApicoSimMessage) => {
			const dollars = Number(message.price) / 100;
			return {
				provider: 'apico',
				id: message.message_sid,
				direction: message.direction,
				from: `+${message.from}`,
				to: `+${message.to}`,
				body: message.text,
				status: message.status,
				providerStatus: message.status,
				sentAt: new Date(Date.parse(message.created)).toISOString().replace('.000Z', 'Z'),
				segments: null,
				price: dollars,
				currency: 'USD',
				country: null,
				subject: null,
				mediaUrl: null,
				reference: null,
				error: message.status === 'failed' ? message.status_message : null,
			};
		};
		expect(file).toBe(writeCsv(newestFirst(sim.history).map(simplified)));
	});

	test('raw CSV has Apico\'s documented columns, status_message included though the first page has no failed message', async () => {
		sim.seedHistory(40, { end: SEED_END - 3600_000 });
		for (const message of sim.history) if (message.status === 'failed') sim.setStatus(message.message_sid, 'delivered');
		sim.history[5].status = 'failed';
		sim.history[5].status_message = 'Absent subscriber';
		const { outputs } = await runNode(node({ operation: 'exportHistory', output: 'raw' }));
		const lines = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8').trim().split('\r\n');
		expect(lines[0]).toBe('account_sid,text,created,direction,from,to,price,message_sid,status,status_message');
		expect(lines).toHaveLength(41);
		// Newest first: the sixth stored message is the 35th row, on the second page.
		expect(lines[35]).toMatch(/^acc5f3a9c1e-7b2d-4e8f-9a10-5a4d0b0c0001,Seeded message 6,"Sun, 01 Mar 2026 10:\d\d:00 \+0000",.*,failed,Absent subscriber$/);
		expect(lines.filter((line) => line.endsWith(',')).length).toBe(39);
	});

	test('export with Created On that Apico ignores (a test fault): the file holds only that day\'s messages', async () => {
		sim.seedHistory(1000, { end: SEED_END });
		sim.ignoredParameters.add('created');
		const { outputs, error } = await runNode(node({ operation: 'exportHistory', format: 'json', output: 'raw', filters: { created: '2026-02-28T10:00:00' } }));
		expect(error).toBeUndefined();
		const file = JSON.parse(Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8')) as ApicoSimMessage[];
		expect(file.map((message) => message.message_sid)).toEqual(
			newestFirst(sim.history)
				.filter((message) => message.created.startsWith('Sat, 28 Feb 2026'))
				.map((message) => message.message_sid),
		);
	});

	test('JSON of Apico\'s raw messages with a Limit, into a named binary field', async () => {
		sim.seedHistory(60, { end: SEED_END });
		const { outputs } = await runNode(
			node({ operation: 'exportHistory', returnAll: false, limit: 30, format: 'json', output: 'raw', fileName: 'last-30.json', binaryPropertyName: 'file' }),
		);
		expect(sim.historyCalls()).toHaveLength(2);
		const [item] = outputs[0];
		expect(item.json).toEqual({ provider: 'apico', fileName: 'last-30.json', format: 'json', rows: 30 });
		expect(item.binary?.file).toMatchObject({ fileName: 'last-30.json', mimeType: 'application/json' });
		const rows = JSON.parse(Buffer.from(item.binary!.file.data, 'base64').toString('utf8')) as ApicoSimMessage[];
		expect(rows).toEqual(newestFirst(sim.history).slice(0, 30));
	});
});
