/**
 * The Apico polling trigger, polled as n8n's poller does (the built node, the credential's Basic
 * auth really applied), against the Apico simulator over real HTTP: the first poll emits
 * nothing, new messages are emitted once, overlapping polls and restarts emit no duplicates, a
 * message that lands during a poll is caught by the next one, and a status change is emitted
 * once with its old and new status. Apico has no push mechanism, so both events read history.
 */
import type { IDataObject } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator, type ApicoSimMessage } from '../simulators/apico';
import { PollingTrigger, type NodeUnderTest } from '../support/n8n-harness';

const BASIC = `Basic ${Buffer.from(`${APICO_SANDBOX_SID}:${APICO_SANDBOX_TOKEN}`).toString('base64')}`;
const MINUTE = 60_000;
let sim: ApicoSimulator;

beforeAll(async () => {
	sim = new ApicoSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.history.length = 0;
	sim.listOrder = 'newestFirst';
});

const trigger = (parameters: IDataObject): NodeUnderTest => ({
	type: 'apicoTrigger',
	parameters: { output: 'full', ...parameters },
	credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${sim.baseUrl}/v2` } },
});
const ago = (ms: number) => Date.now() - ms;
const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);

describe('Inbound Message Received', () => {
	test('first poll emits nothing; new messages are emitted once, oldest first, normalized; overlapping polls and a restart add no duplicates', async () => {
		for (let index = 0; index < 5; index++) sim.addInbound({ text: `old ${index}`, at: ago((5 - index) * MINUTE) });
		sim.addOutbound({ text: 'not inbound' });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));

		expect(await polling.poll()).toEqual([]);
		const [firstCall] = sim.historyCalls();
		expect(firstCall.query).toEqual({ direction: 'inbound', offset: '0', limit: '20' });
		expect(firstCall.headers.authorization).toBe(BASIC);

		const first = sim.addInbound({ from: '447700900001', text: 'Yes please', at: ago(2000) });
		const second = sim.addInbound({ from: '447700900002', text: 'STOP', at: ago(1000) });
		sim.addOutbound({ text: 'an outbound message is no inbound event' });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.from, item.json.to, item.json.body, item.json.direction, item.json.status])).toEqual([
			[first.message_sid, '+447700900001', '+447860041755', 'Yes please', 'inbound', 'received'],
			[second.message_sid, '+447700900002', '+447860041755', 'STOP', 'inbound', 'received'],
		]);
		expect(emitted[0].json).toMatchObject({ provider: 'apico', sentAt: new Date(Date.parse(first.created)).toISOString().replace('.000', '') });
		expect(emitted[0].json).not.toHaveProperty('previousStatus');

		expect(await polling.poll()).toEqual([]);
		polling.restart();
		expect(await polling.poll()).toEqual([]);
		const third = sim.addInbound({ text: 'after restart' });
		expect(ids(await polling.poll())).toEqual([third.message_sid]);
		// Every poll so far fitted in one page: one call each.
		expect(sim.historyCalls()).toHaveLength(5);
	});

	test('the first poll reads back over the overlap window, so a later poll replays none of the messages already there', async () => {
		// 45 messages 10 s apart (7.5 minutes, inside the 10-minute overlap): three pages.
		const old = Array.from({ length: 45 }, (_, index) => sim.addInbound({ text: `old ${index}`, at: ago((45 - index) * 10_000) }));
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		expect(await polling.poll()).toEqual([]);
		expect(sim.historyCalls().map((call) => call.query.offset)).toEqual(['0', '20', '40']);
		const cursor = (polling.staticData['node:Trigger'] as { cursor: { seen: Record<string, number> } }).cursor;
		expect(Object.keys(cursor.seen).sort()).toEqual(old.map((message) => message.message_sid).sort());

		const fresh = sim.addInbound({ text: 'fresh' });
		expect(ids(await polling.poll())).toEqual([fresh.message_sid]);
	});

	test('a poll stops reading once it has reached back past the window: older history is not read', async () => {
		// One message a minute for 100 minutes: the first page (20 minutes) already covers the window.
		for (let index = 0; index < 100; index++) sim.addInbound({ text: `old ${index}`, at: ago((100 - index) * MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		await polling.poll();
		expect(sim.historyCalls().map((call) => call.query.offset)).toEqual(['0', '0']);
	});

	test('older messages still on the first page never come back once the cursor has forgotten them', async () => {
		for (let index = 0; index < 10; index++) sim.addInbound({ text: `old ${index}`, at: ago((34 - index) * MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		const fresh = sim.addInbound({ text: 'fresh' });
		expect(ids(await polling.poll())).toEqual([fresh.message_sid]);
		// The watermark moved 25 minutes on: the old ids left the cursor, yet they share the page.
		expect(await polling.poll()).toEqual([]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a burst of new messages over several pages is emitted completely, in order, once', async () => {
		sim.addInbound({ text: 'before', at: ago(20 * MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		const burst = Array.from({ length: 55 }, (_, index) => sim.addInbound({ text: `burst ${index}`, at: ago((55 - index) * 1000) }));
		const emitted = await polling.poll();
		expect(ids(emitted)).toEqual(burst.map((message) => message.message_sid));
		// The first page holds only the burst's newest 20; the next pages (at once) reach the end.
		expect(sim.historyCalls().slice(1).map((call) => call.query.offset)).toEqual(['0', '20', '40']);
		expect(await polling.poll()).toEqual([]);
	});

	test('a message that lands while a poll is reading is emitted by the next poll, once', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		let late: ApicoSimMessage | undefined;
		// It lands just after the poll read its page, stamped 30 s before the poll's newest message.
		sim.afterAnswer = (request) => {
			if (!late && request.method === 'GET') late = sim.addInbound({ text: 'late', at: ago(30_000) });
		};
		sim.addInbound({ text: 'on time' });
		expect((await polling.poll()).map((item) => item.json.body)).toEqual(['on time']);
		sim.afterAnswer = undefined;
		expect(ids(await polling.poll())).toEqual([late!.message_sid]);
		expect(await polling.poll()).toEqual([]);
	});

	test('messages arriving between page reads shift the offsets: each is still emitted once and none is missed', async () => {
		sim.addInbound({ text: 'before', at: ago(30 * MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		const burst = Array.from({ length: 50 }, (_, index) => sim.addInbound({ text: `burst ${index}`, at: ago((50 - index) * 1000) }));
		const arrivals: ApicoSimMessage[] = [];
		sim.afterAnswer = () => {
			if (arrivals.length < 3) arrivals.push(sim.addInbound({ text: `arrival ${arrivals.length}` }));
		};
		const emitted = ids(await polling.poll());
		sim.afterAnswer = undefined;
		emitted.push(...ids(await polling.poll()));
		const expected = [...burst, ...arrivals].map((message) => message.message_sid);
		expect([...emitted].sort()).toEqual([...expected].sort());
		expect(new Set(emitted).size).toBe(emitted.length);
	});

	test('a history that comes oldest first is read from its end, so new messages are still found', async () => {
		sim.listOrder = 'oldestFirst';
		for (let index = 0; index < 50; index++) sim.addInbound({ text: `old ${index}`, at: ago((50 - index) * MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		expect(await polling.poll()).toEqual([]);
		const fresh = [sim.addInbound({ text: 'new 1', at: ago(2000) }), sim.addInbound({ text: 'new 2', at: ago(1000) })];
		expect(ids(await polling.poll())).toEqual(fresh.map((message) => message.message_sid));
		// Page 0 tells the order and total; then the newest end (offset total − 20).
		expect(sim.historyCalls().slice(-2).map((call) => [call.query.offset, call.query.limit])).toEqual([
			['0', '20'],
			['32', '20'],
		]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a test run (manual) returns the most recent inbound message and leaves the cursor alone', async () => {
		sim.addInbound({ text: 'older', at: ago(100_000) });
		const newest = sim.addInbound({ text: 'newest', at: ago(10_000) });
		sim.addOutbound({ text: 'outbound is newer still' });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		const items = await polling.poll('manual');
		expect(ids(items)).toEqual([newest.message_sid]);
		expect(polling.staticData).toEqual({}); // no cursor: a test run never moves it
	});

	test('raw output is Apico\'s own message', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage', output: 'raw' }));
		await polling.poll();
		const message = sim.addInbound({ text: 'raw please' });
		expect((await polling.poll()).map((item) => item.json)).toEqual([{ ...message }]);
	});

	test('a refused poll fails with Apico\'s message and leaves the cursor as it was', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		sim.addInbound({ text: 'seen' });
		await polling.poll();
		const before = polling.staticData;
		sim.inject({ match: /^GET /, fault: { type: 'status', status: 403, body: { status_code: 403, status_message: 'FORBIDDEN: the account is suspended' } } });
		await expect(polling.poll()).rejects.toThrow('FORBIDDEN: the account is suspended');
		expect(polling.staticData).toEqual(before);
	});
});

describe('Message Status Changed', () => {
	test('each change to a wanted status is emitted once, with the previous status; other changes only move the cursor', async () => {
		const a = sim.addOutbound({ to: '447700900501', at: ago(5 * MINUTE) });
		const b = sim.addOutbound({ to: '447700900502', at: ago(4 * MINUTE) });
		sim.addInbound({ text: 'inbound is not followed' });
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' }));
		expect(await polling.poll()).toEqual([]);
		expect(sim.historyCalls()[0].query).toEqual({ direction: 'outbound', offset: '0', limit: '20' });

		sim.setStatus(a.message_sid, 'sent');
		expect(await polling.poll()).toEqual([]); // sent is not among the default statuses (delivered, failed)

		sim.setStatus(a.message_sid, 'delivered');
		sim.setStatus(b.message_sid, 'failed');
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.to, item.json.status, item.json.previousStatus, item.json.error])).toEqual([
			[a.message_sid, '+447700900501', 'delivered', 'sent', null],
			[b.message_sid, '+447700900502', 'failed', 'queued', 'Unknown subscriber'],
		]);
		expect(await polling.poll()).toEqual([]);
		polling.restart();
		expect(await polling.poll()).toEqual([]);
	});

	test('with no statuses chosen every change is emitted, a new message included; raw output adds previousStatus', async () => {
		const a = sim.addOutbound({ at: ago(MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: [], output: 'raw' }));
		await polling.poll();
		sim.setStatus(a.message_sid, 'sent');
		const b = sim.addOutbound({ text: 'just sent' });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.message_sid, item.json.status, item.json.previousStatus])).toEqual([
			[a.message_sid, 'sent', 'queued'],
			[b.message_sid, 'queued', null],
		]);
		expect(emitted[0].json).toMatchObject({ account_sid: APICO_SANDBOX_SID, direction: 'outbound', created: a.created });
	});

	test('follows the outbound messages of the last N hours: reads their pages, and ignores changes to older ones', async () => {
		// 100 outbound messages, one a minute; the window of 1 hour holds the newest 60.
		const messages = Array.from({ length: 100 }, (_, index) => sim.addOutbound({ at: ago((100 - index) * MINUTE + 30_000) }));
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', lookbackHours: 1 }));
		await polling.poll();
		// Page 0, then four pages at once (offsets 20–80); the page at 60 already reaches past the hour.
		expect(sim.historyCalls().map((call) => call.query.offset)).toEqual(['0', '20', '40', '60', '80']);

		const recent = messages[99 - 10];
		const tooOld = messages[99 - 70];
		sim.setStatus(recent.message_sid, 'delivered');
		sim.setStatus(tooOld.message_sid, 'delivered');
		expect((await polling.poll()).map((item) => [item.json.id, item.json.previousStatus])).toEqual([[recent.message_sid, 'queued']]);
	});

	test('a test run (manual) returns the newest message in a wanted status, through history\'s status filter', async () => {
		sim.addOutbound({ status: 'failed', at: ago(3 * MINUTE), status_message: 'Unknown subscriber' });
		const delivered = sim.addOutbound({ status: 'delivered', at: ago(2 * MINUTE) });
		sim.addOutbound({ status: 'queued', at: ago(MINUTE) });
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' }));
		const items = await polling.poll('manual');
		expect(items.map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([[delivered.message_sid, 'delivered', null]]);
		expect(sim.historyCalls().map((call) => [call.query.direction, call.query.status]).sort()).toEqual([
			['outbound', 'delivered'],
			['outbound', 'failed'],
		]);
		expect(polling.staticData).toEqual({}); // no cursor: a test run never moves it
	});

	test('a test run with nothing to show returns no items', async () => {
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' }));
		expect(await polling.poll('manual')).toEqual([]);
	});
});
