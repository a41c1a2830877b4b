/**
 * The Routee polling trigger, polled as n8n's poller does, against the simulator's tracking
 * (`POST /sms/tracking`, direction Inbound / Outbound, the last 7 days, parts merged): the first
 * poll emits nothing, new messages are emitted once, overlapping polls and restarts emit no
 * duplicates, a message that lands during a poll is caught by the next one, and a status change
 * is emitted once with its old and new status.
 */
import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator } from '../simulators/routee';
import { PollingTrigger, runNode, type NodeUnderTest } from '../support/n8n-harness';

const DAY_MS = 24 * 3600 * 1000;
let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

const credentials = () => ({
	routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
});
const trigger = (parameters: IDataObject): NodeUnderTest => ({ type: 'routeeTrigger', parameters: { output: 'full', ...parameters }, credentials: credentials() });
const trackingCalls = () => sim.recorded(/^POST \/sms\/tracking$/);
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
/** The normalized model's ISO form (milliseconds dropped when zero). */
const iso = (date: string) => date.replace('.000Z', 'Z');

/** Sends messages through the Routee node (POST /sms), as a workflow would; returns their tracking ids. */
async function send(texts: string[]): Promise<string[]> {
	const { outputs, error } = await runNode(
		{ type: 'routee', parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee' }, credentials: credentials() },
		texts.map((text, index) => ({ to: `+30690000${String(index).padStart(4, '0')}`, text })),
	);
	expect(error).toBeUndefined();
	return outputs[0].map((item) => item.json.id as string);
}

describe('Inbound Message Received', () => {
	test('first poll emits nothing; new messages are emitted once, oldest first; overlapping polls and a restart add no duplicates', async () => {
		const old = Array.from({ length: 5 }, (_, index) => sim.addInbound({ body: `old ${index}`, date: secondsAgo(300 - index) })[0]);
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));

		expect(await polling.poll()).toEqual([]);
		const [first] = trackingCalls();
		expect(first.body).toEqual({ fieldName: 'direction', searchTerm: 'Inbound' });
		// No cursor yet: the overlap window before now, nothing older.
		expect(Date.parse(first.query.dateEnd) - Date.parse(first.query.dateStart)).toBeGreaterThanOrEqual(600_000);
		expect(Date.parse(first.query.dateEnd) - Date.parse(first.query.dateStart)).toBeLessThan(601_000);

		const [yes] = sim.addInbound({ from: '+306911000001', body: 'Yes please', date: secondsAgo(2) });
		const [stop] = sim.addInbound({ from: '+447700900002', body: 'STOP', date: secondsAgo(1) });
		const emitted = await polling.poll();
		expect(emitted.map((item) => item.json)).toEqual([
			{
				provider: 'routee',
				id: yes.messageId,
				direction: 'inbound',
				from: '+306911000001',
				to: '+306900000000',
				body: 'Yes please',
				status: 'received',
				providerStatus: 'Delivered',
				sentAt: iso(yes.receivedDate!),
				segments: 1,
				price: 0,
				currency: null,
				country: 'GR',
				subject: null,
				mediaUrl: null,
				reference: null,
				error: null,
			},
			expect.objectContaining({ id: stop.messageId, from: '+447700900002', body: 'STOP', country: 'GB' }),
		]);
		// Each poll reads back from the newest message seen, minus the 10-minute overlap.
		const readFrom = (message: { receivedDate?: string }) => new Date((Math.floor(Date.parse(message.receivedDate!) / 1000) - 600) * 1000).toISOString();
		expect(new Date(trackingCalls()[1].query.dateStart).toISOString()).toBe(readFrom(old[4]));

		expect(await polling.poll()).toEqual([]);
		expect(new Date(trackingCalls()[2].query.dateStart).toISOString()).toBe(readFrom(stop));
		polling.restart();
		expect(await polling.poll()).toEqual([]);
		const [third] = sim.addInbound({ body: 'after restart' });
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([third.messageId]);
		// One token for every poll: n8n keeps it with the credential.
		expect(sim.tokensIssued).toBe(1);
	});

	test('a message that lands while a poll is reading is emitted by the next poll, once', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		let late: string | undefined;
		// It lands just after the poll read its page, stamped a moment before the poll's newest message.
		sim.afterAnswer = (request) => {
			if (!late && request.path === '/sms/tracking') late = sim.addInbound({ body: 'late', date: secondsAgo(30) })[0].messageId;
		};
		sim.addInbound({ body: 'on time' });
		expect((await polling.poll()).map((item) => item.json.body)).toEqual(['on time']);
		sim.afterAnswer = undefined;
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([late]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a multipart message is emitted once all its parts are tracked, with the whole text', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		const text = 'Please call me back about the delivery of order 4711. '.repeat(4);
		const parts = sim.addInbound({ body: text });
		expect(parts).toHaveLength(2);
		// Routee has tracked the first part only so far.
		const second = sim.tracking.splice(sim.tracking.indexOf(parts[1]), 1)[0];
		expect(await polling.poll()).toEqual([]);
		sim.tracking.push(second);
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.body, item.json.segments])).toEqual([[parts[0].messageId, text, 2]]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a test run (manual) returns the most recent message of the last 7 days, and leaves the cursor alone', async () => {
		sim.addInbound({ body: 'older', date: secondsAgo(3 * 86400) });
		const [newest] = sim.addInbound({ body: 'newest', date: secondsAgo(2 * 86400) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		const items = await polling.poll('manual');
		expect(items.map((item) => item.json.id)).toEqual([newest.messageId]);
		expect(polling.staticData).toEqual({ 'node:Trigger': {} });
		const [call] = trackingCalls();
		expect(call.query.sort).toBe('status.date,desc');
		expect(Date.parse(call.query.dateStart)).toBeGreaterThan(Date.now() - 7 * DAY_MS);
		expect(Date.parse(call.query.dateStart)).toBeLessThan(Date.now() - 7 * DAY_MS + 5 * 60_000);
	});

	test('raw output is Routee\'s tracking object with the parts merged', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage', output: 'raw' }));
		await polling.poll();
		const [part] = sim.addInbound({ body: 'raw please' });
		const [item] = await polling.poll();
		expect(item.json).toMatchObject({ messageId: part.messageId, smsIds: [part.smsId], partsTracked: 1, direction: 'Inbound', body: 'raw please', receivedDate: part.receivedDate });
	});
});

describe('Message Status Changed', () => {
	test('each change to a wanted status once, with the previous status; overlapping polls and a restart add no duplicates', async () => {
		const [first, second, third] = await send(['Your code is 1001', 'Your code is 1002', 'Your code is 1003']);
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: ['delivered', 'failed'] }));
		expect(await polling.poll()).toEqual([]);
		const [call] = trackingCalls();
		expect(call.body).toEqual({ fieldName: 'direction', searchTerm: 'Outbound' });
		// Sent messages of the last 24 hours (the default look-back).
		expect(Date.parse(call.query.dateEnd) - Date.parse(call.query.dateStart)).toBeGreaterThanOrEqual(24 * 3600_000);
		expect(Date.parse(call.query.dateEnd) - Date.parse(call.query.dateStart)).toBeLessThan(24 * 3600_000 + 1000);

		await sim.changeStatus(first, 'Sent', { date: secondsAgo(8) });
		expect(await polling.poll()).toEqual([]); // Sent is not among the wanted statuses
		await sim.changeStatus(first, 'Delivered', { date: secondsAgo(5) });
		await sim.changeStatus(second, 'Undelivered', { date: secondsAgo(3) });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.status, item.json.providerStatus, item.json.previousStatus, item.json.error])).toEqual([
			[first, 'delivered', 'Delivered', 'sent', null],
			[second, 'failed', 'Undelivered', 'queued', 'Undelivered on Handset: The destination handset is switched off or otherwise unavailable.'],
		]);
		expect(emitted[0].json).toMatchObject({ provider: 'routee', direction: 'outbound', to: '+306900000000', body: 'Your code is 1001', sentAt: iso(sim.tracking[0].status.date) });

		expect(await polling.poll()).toEqual([]);
		polling.restart();
		expect(await polling.poll()).toEqual([]);
		await sim.changeStatus(third, 'Failed', { reason: { detailedStatus: 'Failed', description: 'The message could not be sent' } });
		expect((await polling.poll()).map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([[third, 'failed', 'queued']]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a change that happens while a poll is reading is emitted by the next poll, once', async () => {
		const [first, second] = await send(['one', 'two']);
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: [] }));
		await polling.poll();
		let changed = false;
		sim.afterAnswer = (request) => {
			if (!changed && request.path === '/sms/tracking') {
				changed = true;
				void sim.changeStatus(second, 'Sent');
			}
		};
		await sim.changeStatus(first, 'Sent');
		expect((await polling.poll()).map((item) => [item.json.id, item.json.status])).toEqual([[first, 'sent']]);
		sim.afterAnswer = undefined;
		expect((await polling.poll()).map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([[second, 'sent', 'queued']]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a multipart message changes status when its least advanced part does', async () => {
		const [message] = await send(['This reminder is long enough to go out in two parts, so Routee tracks each part apart. '.repeat(2)]);
		expect(sim.tracking.filter((entry) => entry.messageId === message)).toHaveLength(2);
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' }));
		await polling.poll();
		await sim.changeStatus(message, 'Delivered', { part: 1 });
		expect(await polling.poll()).toEqual([]); // part 2 is still queued
		await sim.changeStatus(message, 'Delivered', { part: 2 });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.status, item.json.previousStatus, item.json.segments, item.json.price])).toEqual([
			[message, 'delivered', 'queued', 2, 0.05],
		]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a test run (manual) returns the newest message with a wanted status', async () => {
		const [first, second, third] = await send(['one', 'two', 'three']);
		await sim.changeStatus(first, 'Delivered', { date: secondsAgo(30) });
		await sim.changeStatus(second, 'Failed', { date: secondsAgo(20) });
		await sim.changeStatus(third, 'Sent', { date: secondsAgo(10) });
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: ['delivered', 'failed'] }));
		expect((await polling.poll('manual')).map((item) => [item.json.id, item.json.status])).toEqual([[second, 'failed']]);
		expect(polling.staticData).toEqual({ 'node:Trigger': {} });
	});

	test('the look-back is capped by Routee\'s 7-day window, and Routee accepts it', async () => {
		await send(['one']);
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', lookbackHours: 168 }));
		expect(await polling.poll()).toEqual([]);
		const [call] = trackingCalls();
		expect(Date.parse(call.query.dateStart)).toBeGreaterThan(Date.now() - 7 * DAY_MS);
		expect(Date.parse(call.query.dateStart)).toBeLessThan(Date.now() - 7 * DAY_MS + 5 * 60_000);
	});
});
