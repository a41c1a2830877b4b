/**
 * The ClickSend polling trigger, polled as n8n's poller does, against the simulator: the first
 * poll emits nothing, new messages are emitted once, overlapping polls and restarts emit no
 * duplicates, a message that lands during a poll is caught by the next one, and a status change
 * is emitted once with its old and new status.
 */
import type { IDataObject } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { PollingTrigger, type NodeUnderTest } from '../support/n8n-harness';

let sim: ClickSendSimulator;
beforeAll(async () => {
	sim = new ClickSendSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.history.length = 0;
	sim.inbound.length = 0;
	sim.receipts.length = 0;
});

const trigger = (parameters: IDataObject): NodeUnderTest => ({
	type: 'clickSendTrigger',
	parameters: { output: 'full', ...parameters },
	credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: sim.baseUrl } },
});

describe.each([
	['the inbound endpoint (poll rule)', 'inbound', /^GET \/v3\/sms\/inbound$/],
	['SMS history', 'history', /^GET \/v3\/sms\/history$/],
])('Inbound Message Received from %s', (_, inboundSource, endpoint) => {
	test('first poll emits nothing; new messages are emitted once, oldest first; overlapping polls and a restart add no duplicates', async () => {
		for (let index = 0; index < 5; index++) sim.addInbound({ body: `old ${index}`, timestamp: String(sim.now() - 300 + index) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage', inboundSource }));

		expect(await polling.poll()).toEqual([]);
		expect(sim.recorded(endpoint).length).toBeGreaterThan(0);

		const first = sim.addInbound({ from: '+61411000001', body: 'Yes please', timestamp: String(sim.now() - 2) });
		const second = sim.addInbound({ from: '+61411000002', body: 'STOP', timestamp: String(sim.now() - 1) });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.from, item.json.body, item.json.direction, item.json.status])).toEqual([
			[first.message_id, '+61411000001', 'Yes please', 'inbound', 'received'],
			[second.message_id, '+61411000002', 'STOP', 'inbound', 'received'],
		]);
		expect(emitted[0].json.sentAt).toBe(new Date(Number(first.timestamp) * 1000).toISOString().replace('.000', ''));

		expect(await polling.poll()).toEqual([]);
		polling.restart();
		expect(await polling.poll()).toEqual([]);
		const third = sim.addInbound({ body: 'after restart' });
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([third.message_id]);
	});

	test('a message that lands while a poll is reading is emitted by the next poll, once', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage', inboundSource }));
		await polling.poll();
		let late: { message_id: string } | undefined;
		// It lands just after the poll read its page, stamped a moment before the poll's newest message.
		sim.afterAnswer = (request) => {
			if (!late && endpoint.test(`${request.method} ${request.path}`)) late = sim.addInbound({ body: 'late', timestamp: String(sim.now() - 30) });
		};
		sim.addInbound({ body: 'on time' });
		expect((await polling.poll()).map((item) => item.json.body)).toEqual(['on time']);
		sim.afterAnswer = undefined;
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([late!.message_id]);
		expect(await polling.poll()).toEqual([]);
	});
});

test('old messages the inbound list still shows are not emitted again once the cursor forgets them', async () => {
	for (let index = 0; index < 3; index++) sim.addInbound({ body: `old ${index}`, timestamp: String(sim.now() - 3600 + index) });
	const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
	expect(await polling.poll()).toEqual([]);
	sim.addInbound({ body: 'fresh' });
	expect((await polling.poll()).map((item) => item.json.body)).toEqual(['fresh']);
	expect(await polling.poll()).toEqual([]);
	expect(await polling.poll()).toEqual([]);
});

test('a test run (manual) returns the most recent message, whatever the cursor says', async () => {
	sim.addInbound({ body: 'older', timestamp: String(sim.now() - 100) });
	const newest = sim.addInbound({ body: 'newest', timestamp: String(sim.now() - 10) });
	const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
	const items = await polling.poll('manual');
	expect(items.map((item) => item.json.id)).toEqual([newest.message_id]);
	expect(polling.staticData).toEqual({ 'node:Trigger': {} }); // no cursor: a test run never moves it
});

test('raw output is ClickSend\'s inbound object', async () => {
	const polling = new PollingTrigger(trigger({ event: 'inboundMessage', output: 'raw' }));
	await polling.poll();
	sim.addInbound({ body: 'raw please', _keyword: 'raw' });
	expect((await polling.poll())[0].json).toMatchObject({ body: 'raw please', _keyword: 'raw', timestamp: expect.any(String) });
});

describe('Message Status Changed', () => {
	test('from delivery receipts: each change to a wanted status once, with the previous status', async () => {
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: ['delivered', 'failed'] }));
		sim.addReceipt('MSG-A', '200');
		expect(await polling.poll()).toEqual([]);

		sim.addReceipt('MSG-A', '201');
		sim.addReceipt('MSG-B', '200');
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([['MSG-A', 'delivered', 'sent']]);
		expect(await polling.poll()).toEqual([]);

		sim.addReceipt('MSG-B', '301');
		expect((await polling.poll()).map((item) => [item.json.id, item.json.status, item.json.previousStatus, item.json.error])).toEqual([
			['MSG-B', 'failed', 'sent', 'Unknown subscriber'],
		]);
	});

	test('from history: a sent message that becomes delivered is emitted once with old and new status', async () => {
		sim.seedHistory(3);
		for (const message of sim.history) message.status = 'Queued';
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statusSource: 'history', statuses: [] }));
		expect(await polling.poll()).toEqual([]);
		sim.history[1].status = 'Completed';
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([
			[sim.history[1].message_id, 'delivered', 'queued'],
		]);
		expect(await polling.poll()).toEqual([]);
		expect(sim.recorded(/history/).at(-1)!.query.date_from).toBe(String(sim.now() - 24 * 3600));
	});
});
