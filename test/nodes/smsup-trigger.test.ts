/**
 * The smsup.ch polling trigger, polled as n8n's poller does, against the simulator: the first
 * poll emits nothing, new replies are emitted once, overlapping polls and restarts emit no
 * duplicates, a reply that lands during a poll is caught by the next one, and a status change
 * (a delivery report reaching history) is emitted once with its old and new status.
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator, type SmsUpMessageRow } from '../simulators/smsup';
import { PollingTrigger, type NodeUnderTest } from '../support/n8n-harness';

let sim: SmsUpSimulator;
beforeAll(async () => {
	sim = new SmsUpSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState());

const trigger = (parameters: IDataObject): NodeUnderTest => ({
	type: 'smsUpTrigger',
	parameters: { output: 'full', ...parameters },
	credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: sim.baseUrl } },
});
const reads = () => sim.recorded(/^GET \/messages$/);
const paris = (date: DateTime) => date.setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss');
const secondsAgo = (seconds: number) => paris(DateTime.now().minus({ seconds }));
/** The Paris time a query's date is, as Unix seconds. */
const unix = (text: string) => DateTime.fromSQL(text, { zone: 'Europe/Paris' }).toSeconds();

describe('Inbound Message Received (GET /messages?type=messages-in)', () => {
	test('first poll emits nothing; new replies are emitted once, oldest first; overlapping polls and a restart add no duplicates', async () => {
		for (let index = 0; index < 5; index++) sim.addInbound({ message: `old ${index}`, date: secondsAgo(300 - index) });
		sim.seedHistory(20, { end: DateTime.now().minus({ minutes: 1 }) });
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));

		expect(await polling.poll()).toEqual([]);
		const [first] = reads();
		expect(first.headers).toMatchObject({ authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}`, accept: 'application/json' });
		expect(first.query).toMatchObject({ type: 'messages-in', sort: 'date', start: '0', length: '1000' });
		// No cursor yet: the last overlap window (10 minutes), in Paris time, up to a day ahead.
		expect(Math.abs(unix(first.query.date_start) - (Date.now() / 1000 - 600))).toBeLessThan(5);
		expect(Math.abs(unix(first.query.date_end) - (Date.now() / 1000 + 86400))).toBeLessThan(5);

		const yes = sim.addInbound({ sender: '41781000001', message: 'Yes please', date: secondsAgo(2) });
		const stop = sim.addInbound({ sender: '41781000002', message: 'STOP', date: secondsAgo(1) });
		const emitted = await polling.poll();
		expect(emitted.map((item) => [item.json.id, item.json.from, item.json.to, item.json.body, item.json.direction, item.json.status])).toEqual([
			[String(yes.message_id), '+41781000001', '36000', 'Yes please', 'inbound', 'received'],
			[String(stop.message_id), '+41781000002', '36000', 'STOP', 'inbound', 'received'],
		]);
		expect(emitted[0].json).toMatchObject({
			provider: 'smsup',
			providerStatus: 'incoming_message',
			sentAt: DateTime.fromSQL(yes.date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true }),
		});
		expect(emitted[0].json).not.toHaveProperty('previousStatus');
		// From the newest reply's time less the overlap window.
		expect(unix(reads().at(-1)!.query.date_start)).toBeLessThanOrEqual(unix(stop.date) - 600 + 1);

		expect(await polling.poll()).toEqual([]);
		polling.restart();
		expect(await polling.poll()).toEqual([]);
		const third = sim.addInbound({ message: 'after restart' });
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([String(third.message_id)]);
		// The cursor read back from the newest reply, not from the start of time.
		expect(unix(reads().at(-1)!.query.date_start)).toBeGreaterThan(Date.now() / 1000 - 700);
	});

	test('a reply that lands while a poll is reading is emitted by the next poll, once', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		let late: SmsUpMessageRow | undefined;
		// It lands just after the poll read its page, stamped a moment before the poll's newest reply.
		sim.afterAnswer = (request) => {
			if (!late && request.path === '/messages') late = sim.addInbound({ message: 'late', date: secondsAgo(30) });
		};
		sim.addInbound({ message: 'on time' });
		expect((await polling.poll()).map((item) => item.json.body)).toEqual(['on time']);
		sim.afterAnswer = undefined;
		expect((await polling.poll()).map((item) => item.json.id)).toEqual([String(late!.message_id)]);
		expect(await polling.poll()).toEqual([]);
	});

	test('more replies than one page: every page is read and each reply emitted once', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		await polling.poll();
		const rows = Array.from({ length: 1203 }, (_, index) => sim.addInbound({ message: `bulk ${index}`, date: secondsAgo(120 - Math.floor(index / 20)) }));
		const emitted = await polling.poll();
		expect(reads().slice(1).map((call) => call.query.start)).toEqual(['0', '1000']);
		expect(emitted.map((item) => item.json.id)).toEqual(rows.map((row) => String(row.message_id)));
		expect(await polling.poll()).toEqual([]);
	});

	test('a test run (manual) returns the most recent reply in one small call, and leaves the cursor alone', async () => {
		sim.addInbound({ message: 'older', date: secondsAgo(3 * 86400) });
		const newest = sim.addInbound({ message: 'newest', date: secondsAgo(2 * 86400) });
		sim.seedHistory(5);
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage' }));
		const items = await polling.poll('manual');
		const newestSeeded = sim.messages.filter((row) => row.type === 'sms_mo').sort((a, b) => (a.date < b.date ? 1 : -1))[0];
		expect(items.map((item) => item.json.id)).toEqual([String(newestSeeded.message_id)]);
		expect(reads()).toHaveLength(1);
		expect(reads()[0].query).toMatchObject({ type: 'messages-in', sort: '-date', start: '0', length: '1' });
		expect(polling.staticData).toEqual({ 'node:Trigger': {} });

		sim.messages.splice(0, sim.messages.length, ...sim.messages.filter((row) => row.message_id <= newest.message_id));
		expect((await polling.poll('manual')).map((item) => item.json.body)).toEqual(['newest']);
	});

	test('raw output is smsup.ch\'s history row', async () => {
		const polling = new PollingTrigger(trigger({ event: 'inboundMessage', output: 'raw' }));
		await polling.poll();
		const row = sim.addInbound({ message: 'raw please' });
		expect((await polling.poll())[0].json).toEqual({ ...row });
	});

	test('an smsup.ch error fails the poll with its documented meaning', async () => {
		const polling = new PollingTrigger({ ...trigger({ event: 'inboundMessage' }), credentials: { smsUpApi: { apiToken: 'WRONG', baseUrl: sim.baseUrl } } });
		await expect(polling.poll()).rejects.toThrow(/authentication error/);
		expect(polling.staticData).toEqual({ 'node:Trigger': {} });
	});
});

describe('Message Status Changed (GET /messages?type=messages-out over the watched period)', () => {
	const sentRows = () => {
		sim.seedHistory(30, { end: DateTime.now().minus({ minutes: 1 }) });
		const rows = sim.messages.filter((row) => row.type === 'sms_mt');
		for (const row of rows) Object.assign(row, { status: 'SENT', status_details: 'SENT', dlr_date: '' });
		return rows;
	};

	test('each change to a wanted status is emitted once, with the previous status; other changes only move the cursor', async () => {
		const rows = sentRows();
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' })); // default: delivered, failed
		expect(await polling.poll()).toEqual([]);
		const [first] = reads();
		expect(first.query).toMatchObject({ type: 'messages-out', sort: 'date' });
		expect(Math.abs(unix(first.query.date_start) - (Date.now() / 1000 - 24 * 3600))).toBeLessThan(5);

		sim.deliveryReport(rows[3], 3);
		sim.deliveryReport(rows[1], 11);
		const emitted = await polling.poll();
		// In the order the reports arrived (dlr_date), both a second apart at most: by id then.
		expect(emitted.map((item) => [item.json.id, item.json.status, item.json.previousStatus, item.json.providerStatus]).sort()).toEqual(
			[
				[String(rows[1].message_id), 'failed', 'sent', 'UNDELIVERED'],
				[String(rows[3].message_id), 'delivered', 'sent', 'DELIVERED'],
			].sort(),
		);
		expect(emitted.find((item) => item.json.status === 'failed')!.json.error).toBe('UNDELIVERED');
		expect(await polling.poll()).toEqual([]);

		// To "moderation" (queued) is not wanted: nothing, but the new status is remembered…
		Object.assign(rows[5], { status: 'MODERATION', status_details: 'MODERATION' });
		expect(await polling.poll()).toEqual([]);
		// …so its delivery later says it came from queued.
		polling.restart();
		sim.deliveryReport(rows[5], 3);
		expect((await polling.poll()).map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([
			[String(rows[5].message_id), 'delivered', 'queued'],
		]);
		expect(await polling.poll()).toEqual([]);
	});

	test('a message sent after the first poll is emitted when it first shows a wanted status', async () => {
		sentRows();
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: ['delivered'] }));
		await polling.poll();
		const fresh = { ...sim.messages.find((row) => row.type === 'sms_mt')!, message_id: 999_001, date: secondsAgo(3) };
		sim.messages.push(fresh);
		expect(await polling.poll()).toEqual([]); // still SENT: not wanted
		sim.deliveryReport(fresh, 3);
		expect((await polling.poll()).map((item) => [item.json.id, item.json.previousStatus])).toEqual([['999001', 'sent']]);
	});

	test('an empty status filter emits every change', async () => {
		const rows = sentRows();
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', statuses: [] }));
		await polling.poll();
		Object.assign(rows[0], { status: 'WAITING', status_details: 'WAITING' });
		expect((await polling.poll()).map((item) => [item.json.status, item.json.previousStatus])).toEqual([['scheduled', 'sent']]);
	});

	test('Watch Messages Sent in the Last (Hours) sets the period read', async () => {
		const polling = new PollingTrigger(trigger({ event: 'statusChanged', lookbackHours: 2 }));
		await polling.poll();
		expect(Math.abs(unix(reads()[0].query.date_start) - (Date.now() / 1000 - 7200))).toBeLessThan(5);
	});

	test('a test run returns the most recently reported message with a wanted status', async () => {
		const rows = sentRows();
		const now = DateTime.now();
		// The one sent earlier got its report later: the report's time is what counts.
		sim.deliveryReport(rows[7], 3, now.minus({ minutes: 5 }));
		sim.deliveryReport(rows[2], 3, now.minus({ minutes: 2 }));
		sim.deliveryReport(rows[9], 1, now.minus({ minutes: 1 }));
		const polling = new PollingTrigger(trigger({ event: 'statusChanged' }));
		const items = await polling.poll('manual');
		expect(items.map((item) => [item.json.id, item.json.status])).toEqual([[String(rows[2].message_id), 'delivered']]);
		expect(reads()[0].query).toMatchObject({ type: 'messages-out', sort: '-date', length: '1000' });
		expect(polling.staticData).toEqual({ 'node:Trigger': {} });
	});
});
