/**
 * Routee tracking (SMS → Get History, Get Message, Get Campaign Messages, Export History) run
 * through n8n's engine against the Routee simulator, seeded with 9 days of messages (some
 * multipart, some inbound, some in campaigns). Each test asserts the requests Routee received
 * and the items the node emitted.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RouteeSimulator, type RouteeTrackingEntry } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const DAY_MS = 24 * 60 * 60 * 1000;
let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
	sim.seedHistory(5000);
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll({ keepHistory: true }));

function node(parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
		...overrides,
	};
}

const trackingCalls = () => sim.recorded(/^POST \/sms\/tracking$/);
const anyCall = () => sim.recorded(/^(POST|GET) \/(sms|accounts|oauth)/);
/** The simulator's default order: status date, then message, then part. */
const byDate = (a: RouteeTrackingEntry, b: RouteeTrackingEntry) =>
	a.status.date.localeCompare(b.status.date) || a.messageId.localeCompare(b.messageId) || a.part - b.part;
const inRange = (start: string, end: string) =>
	sim.tracking.filter((entry) => Date.parse(entry.status.date) >= Date.parse(start) && Date.parse(entry.status.date) <= Date.parse(end)).sort(byDate);
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Get History (POST /sms/tracking)', () => {
	test('Return All reads every part of the last 7 days in 0-based pages of 2,000, without a filter no body', async () => {
		const started = Date.now();
		const { outputs, error } = await runNode(node({ operation: 'getHistory', returnAll: true, mergeParts: false, output: 'raw' }));

		expect(error).toBeUndefined();
		const calls = trackingCalls();
		const { dateStart, dateEnd } = calls[0].query;
		// The window: 7 days back (moved a minute inside, so Routee's own check passes) up to now.
		expect(Date.parse(dateStart)).toBeGreaterThanOrEqual(started - 7 * DAY_MS + 59_000);
		expect(Date.parse(dateStart)).toBeLessThanOrEqual(Date.now() - 7 * DAY_MS + 61_000);
		expect(Date.parse(dateEnd)).toBeGreaterThanOrEqual(started - 1000);
		const expected = inRange(dateStart, dateEnd);
		expect(expected.length).toBeGreaterThan(4000);
		expect(calls.map((call) => [call.query.page, call.query.size])).toEqual(
			Array.from({ length: Math.ceil(expected.length / 2000) }, (_, page) => [String(page), '2000']),
		);
		for (const call of calls) {
			expect(call.query).toMatchObject({ dateStart, dateEnd });
			expect(call.rawBody).toBe('');
		}
		// Every part once, in Routee's order; nothing older than the window.
		expect(json(outputs[0]).map((entry) => entry.smsId)).toEqual(expected.map((entry) => entry.smsId));
		outputs[0].forEach((item) => expect(item.pairedItem).toEqual({ item: 0 }));
	});

	test('with parts merged, Limit counts messages and stops reading early; each message carries all its parts', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getHistory', limit: 30, output: 'raw' }));

		expect(error).toBeUndefined();
		const messages = json(outputs[0]);
		expect(messages).toHaveLength(30);
		const expected = inRange(trackingCalls()[0].query.dateStart, trackingCalls()[0].query.dateEnd);
		// Pages of 40 parts, one after the other, up to the first page that shows a 31st message.
		const distinctIn = (count: number) => new Set(expected.slice(0, count).map((entry) => entry.messageId)).size;
		let pagesNeeded = 1;
		while (distinctIn(pagesNeeded * 40) <= 30) pagesNeeded++;
		expect(trackingCalls().map((call) => [call.query.page, call.query.size])).toEqual(
			Array.from({ length: pagesNeeded }, (_, page) => [String(page), '40']),
		);
		const multipart = messages.filter((message) => (message.parts as number) > 1);
		expect(multipart.length).toBeGreaterThan(0);
		for (const message of messages) {
			const parts = expected.filter((entry) => entry.messageId === message.messageId);
			expect(message.partsTracked).toBe(parts.length);
			expect(message.parts).toBe(parts.length);
			expect(message.smsIds).toEqual(parts.map((part) => part.smsId));
			expect(message.price).toBeCloseTo(parts.reduce((sum, part) => sum + part.price, 0), 6);
			expect(message).not.toHaveProperty('part');
		}
		outputs[0].forEach((item) => expect(item.pairedItem).toEqual({ item: 0 }));
	});

	test('Simplify gives the shared message model: outbound statuses folded, failures explained, inbound received', async () => {
		const { outputs } = await runNode(node({ operation: 'getHistory', returnAll: true }));
		const messages = json(outputs[0]);
		const failed = messages.find((message) => message.providerStatus === 'Undelivered')!;
		expect(failed).toMatchObject({ provider: 'routee', direction: 'outbound', status: 'failed', error: 'Unknown Number: The number does not exist' });
		const inbound = messages.find((message) => message.direction === 'inbound')!;
		expect(inbound).toMatchObject({ status: 'received', providerStatus: 'Delivered', error: null, to: '+306900000000' });
		const multipart = messages.find((message) => (message.segments as number) > 1)!;
		const parts = sim.tracking.filter((entry) => entry.messageId === multipart.id);
		expect(multipart.segments).toBe(parts.length);
		expect(multipart.price).toBeCloseTo(parts.reduce((sum, part) => sum + part.price, 0), 6);
		expect(Object.keys(messages[0]).sort()).toEqual(
			['provider', 'id', 'direction', 'from', 'to', 'body', 'status', 'providerStatus', 'sentAt', 'segments', 'price', 'currency', 'country', 'subject', 'mediaUrl', 'reference', 'error'].sort(),
		);
		// Merged messages are distinct.
		expect(new Set(messages.map((message) => message.id)).size).toBe(messages.length);
	});

	test('one documented filter goes to Routee as the body object; every filter holds on the results', async () => {
		const { outputs, error } = await runNode(
			node({
				operation: 'getHistory',
				returnAll: true,
				mergeParts: false,
				filters: { status: 'Undelivered', country: 'gr', direction: 'Outbound', from: '+30 690 000 0000' },
				sort: 'status.date,desc',
				output: 'raw',
			}),
		);

		expect(error).toBeUndefined();
		const calls = trackingCalls();
		// Status before Direction (more selective); From and Country are not Routee filters (doc 003).
		for (const call of calls) expect(call.body).toEqual({ fieldName: 'status.status', searchTerm: 'Undelivered' });
		expect(calls[0].query.sort).toBe('status.date,desc');
		const entries = json(outputs[0]) as unknown as RouteeTrackingEntry[];
		const dates = entries.map((entry) => entry.status.date);
		expect(dates).toEqual([...dates].sort().reverse());
		const expected = inRange(calls[0].query.dateStart, calls[0].query.dateEnd).filter(
			(entry) => entry.from === '306900000000' && entry.country === 'GR' && entry.status.status === 'Undelivered' && entry.direction === 'Outbound',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(entries.map((entry) => entry.smsId).sort()).toEqual(expected.map((entry) => entry.smsId).sort());
	});

	test('with every filter set, the most selective documented one (SMS ID) is the body; the campaign ones are query parameters', async () => {
		await runNode(
			node({
				operation: 'getHistory',
				filters: {
					to: '+44 7700 900123',
					from: 'Routee',
					status: 'Delivered',
					direction: 'Inbound',
					label: 'order-8',
					country: 'GB',
					campaign: 'Spring sale',
					messageId: 'm-1',
					smsId: 's-1',
					campaignTrackingId: 'c0ffee00-0000-4000-8000-000000000001',
					onlyCampaignMessages: true,
				},
			}),
		);
		const [call] = trackingCalls();
		expect(call.body).toEqual({ fieldName: 'smsId', searchTerm: 's-1' });
		expect(call.query).toMatchObject({ trackingId: 'c0ffee00-0000-4000-8000-000000000001', campaign: 'true' });
	});

	test('when Routee ignores the filter it was sent, the node still returns only matching messages and says so', async () => {
		const target = sim.tracking.find((entry) => entry.direction === 'Outbound' && Date.parse(entry.status.date) > Date.now() - 6 * DAY_MS)!.to;
		sim.ignoredFilterFields.add('to');
		const { outputs, error, run } = await runNode(node({ operation: 'getHistory', returnAll: true, mergeParts: false, output: 'raw', filters: { to: target } }));

		expect(error).toBeUndefined();
		const [call] = trackingCalls();
		expect(call.body).toEqual({ fieldName: 'to', searchTerm: target });
		const expected = inRange(call.query.dateStart, call.query.dateEnd).filter((entry) => entry.to === target);
		expect(json(outputs[0]).map((entry) => entry.smsId)).toEqual(expected.map((entry) => entry.smsId));
		const hints = run.data.resultData.runData['Node Under Test'][0].hints ?? [];
		const others = inRange(call.query.dateStart, call.query.dateEnd).length - expected.length;
		expect(hints.map((hint) => hint.message)).toEqual([
			`Routee did not apply the To filter it was sent: it returned ${others} SMS parts that do not match, which the node left out`,
		]);
	});

	test('Text Match Starts With: nothing Routee does not document is sent; the node matches every part itself', async () => {
		const { outputs, error } = await runNode(
			node({ operation: 'getHistory', returnAll: true, mergeParts: false, output: 'raw', filters: { to: '+44', operator: 'starts_with' } }),
		);

		expect(error).toBeUndefined();
		const [call] = trackingCalls();
		expect(call.rawBody).toBe('');
		const expected = inRange(call.query.dateStart, call.query.dateEnd).filter((entry) => entry.to.startsWith('+44'));
		expect(expected.length).toBeGreaterThan(0);
		expect(json(outputs[0]).map((entry) => entry.smsId)).toEqual(expected.map((entry) => entry.smsId));
	});

	test('with a filter only the node applies, Limit still gives Limit matching messages', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getHistory', limit: 7, mergeParts: false, output: 'raw', filters: { country: 'GB' } }));

		expect(error).toBeUndefined();
		const [call] = trackingCalls();
		const expected = inRange(call.query.dateStart, call.query.dateEnd).filter((entry) => entry.country === 'GB');
		expect(expected.length).toBeGreaterThan(7);
		expect(json(outputs[0]).map((entry) => entry.smsId)).toEqual(expected.slice(0, 7).map((entry) => entry.smsId));
	});

	test('a range inside the window is sent as given (ISO 8601, UTC)', async () => {
		const from = new Date(Date.now() - 3 * DAY_MS);
		from.setUTCMilliseconds(0);
		const to = new Date(Date.now() - 1 * DAY_MS);
		to.setUTCMilliseconds(0);
		const { outputs } = await runNode(
			node({ operation: 'getHistory', returnAll: true, mergeParts: false, output: 'raw', dateFrom: from.toISOString(), dateTo: to.toISOString() }),
		);
		const [call] = trackingCalls();
		expect(call.query.dateStart).toBe(from.toISOString().replace('.000Z', 'Z'));
		expect(call.query.dateEnd).toBe(to.toISOString().replace('.000Z', 'Z'));
		expect(json(outputs[0]).map((entry) => entry.smsId)).toEqual(inRange(call.query.dateStart, call.query.dateEnd).map((entry) => entry.smsId));
	});

	test('a range that starts 8 days ago fails with a clear error before any call is made', async () => {
		const eightDaysAgo = new Date(Date.now() - 8 * DAY_MS).toISOString();
		const { outputs, error } = await runNode(node({ operation: 'getHistory', returnAll: true, dateFrom: eightDaysAgo }));

		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(
			/^"Date From" \(\d{4}-\d\d-\d\dT[\d:.]+Z\) is more than 7 days ago: Routee tracks only the last 7 days, so start at \d{4}-\d\d-\d\dT[\d:.]+Z or later$/,
		);
		expect(error?.description).toMatch(/^Item 0: nothing was sent to the provider/);
		// Not even a token was requested.
		expect(anyCall()).toHaveLength(0);
	});

	test('an end before the start fails before any call', async () => {
		const { error } = await runNode(
			node({ operation: 'getHistory', dateFrom: new Date(Date.now() - DAY_MS).toISOString(), dateTo: new Date(Date.now() - 2 * DAY_MS).toISOString() }),
		);
		expect(error?.message).toMatch(/^"Date To" \(.+\) is before "Date From"/);
		expect(anyCall()).toHaveLength(0);
	});

	test('Routee\'s own refusal of a range (a clock ahead of ours) shows its message and code', async () => {
		sim.clockOffsetMs = 10 * 60_000;
		const { error } = await runNode(node({ operation: 'getHistory' }));
		expect(error?.message).toBe('Routee: The date range may only cover the latest 7 days.');
		expect(error?.description).toMatch(/Routee code 400005002 = HTTP 400, module 005 \(SMS\), error 002\./);
	});
});

describe('Get Message (GET /sms/tracking/single/{messageId})', () => {
	const multipartId = () => sim.tracking.find((entry) => entry.parts > 2 && entry.direction === 'Outbound')!.messageId;

	test('Simplify merges the parts into one message', async () => {
		const messageId = multipartId();
		const parts = sim.tracking.filter((entry) => entry.messageId === messageId);
		const { outputs, error } = await runNode(node({ operation: 'getMessage', messageId }), [{}, {}]);

		expect(error).toBeUndefined();
		expect(sim.recorded(/^GET \/sms\/tracking\/single\//).map((call) => call.path)).toEqual([
			`/sms/tracking/single/${messageId}`,
			`/sms/tracking/single/${messageId}`,
		]);
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][0].json).toMatchObject({
			id: messageId,
			to: parts[0].to,
			body: parts[0].body,
			segments: parts.length,
			providerStatus: parts[0].status.status,
		});
		expect(outputs[0][0].json.price).toBeCloseTo(parts.length * parts[0].price, 6);
	});

	test('Simplify off gives one item per part, in order', async () => {
		const messageId = multipartId();
		const { outputs } = await runNode(node({ operation: 'getMessage', messageId, output: 'raw' }));
		const parts = sim.tracking.filter((entry) => entry.messageId === messageId);
		expect(json(outputs[0]).map((part) => [part.part, part.smsId])).toEqual(parts.map((part) => [part.part, part.smsId]));
	});

	test('an unknown message fails with Routee\'s 404 and its code explained; Continue On Fail keeps the other items', async () => {
		const { outputs } = await runNode(node({ operation: 'getMessage', messageId: '={{ $json.id }}' }, { continueOnFail: true }), [
			{ id: 'no-such-message' },
			{ id: multipartId() },
		]);
		expect(outputs[0][0].json).toEqual({
			error: 'Routee: Tracking not found.',
			details: { description: 'Provider code: 404005000. Routee code 404005000 = HTTP 404, module 005 (SMS), error 000.' },
		});
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[0][1].json.id).toBe(multipartId());
		// A 404 is not repeated.
		expect(sim.recorded(/^GET \/sms\/tracking\/single\/no-such-message$/)).toHaveLength(1);
	});
});

describe('Get Campaign Messages (GET /sms/tracking/campaign/{trackingId})', () => {
	const campaignId = 'c0ffee00-0000-4000-8000-000000000001';

	test('Return All pages through the campaign\'s messages (all dates) in pages of 20 (no larger size is documented), parts merged', async () => {
		const { outputs, error } = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: campaignId, returnAll: true }));

		expect(error).toBeUndefined();
		const calls = sim.recorded(/^GET \/sms\/tracking\/campaign\//);
		const parts = sim.tracking.filter((entry) => entry.campaignTrackingId === campaignId).length;
		expect(parts).toBeGreaterThan(40);
		expect(calls.map((call) => [call.path, call.query.page, call.query.size]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(
			Array.from({ length: Math.ceil(parts / 20) }, (_, page) => [`/sms/tracking/campaign/${campaignId}`, String(page), '20']),
		);
		const expectedIds = [...new Set(sim.tracking.filter((entry) => entry.campaignTrackingId === campaignId).sort(byDate).map((entry) => entry.messageId))];
		expect(json(outputs[0]).map((message) => message.id)).toEqual(expectedIds);
		expect(json(outputs[0]).every((message) => message.direction === 'outbound')).toBe(true);
	});

	test('Limit with parts kept apart reads one page of 20 with the sort and keeps Limit', async () => {
		const { outputs } = await runNode(
			node({ operation: 'getCampaignMessages', campaignTrackingId: campaignId, limit: 5, mergeParts: false, sort: 'to', output: 'raw' }),
		);
		const [call] = sim.recorded(/^GET \/sms\/tracking\/campaign\//);
		expect(call.query).toEqual({ page: '0', size: '20', sort: 'to' });
		const tos = json(outputs[0]).map((entry) => entry.to as string);
		expect(tos).toHaveLength(5);
		expect(tos).toEqual([...tos].sort());
	});

	test('an unknown campaign fails with Routee\'s message', async () => {
		const { error } = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: 'nope', returnAll: true }));
		expect(error?.message).toBe('Routee: Campaign not found.');
		expect(error?.description).toMatch(/module 009 \(campaign\)/);
	});
});

describe('Export History (built from tracking)', () => {
	const fileOf = (item: INodeExecutionData, field = 'data') => {
		const binary = item.binary![field];
		return { binary, text: Buffer.from(binary.data, 'base64').toString('utf8') };
	};

	test('CSV, one row per message with parts merged, every message of the window', async () => {
		const { outputs, error } = await runNode(node({ operation: 'exportHistory', fileName: 'last-week' }));

		expect(error).toBeUndefined();
		const [item] = outputs[0];
		const { binary, text } = fileOf(item);
		expect(binary).toMatchObject({ fileName: 'last-week.csv', mimeType: 'text/csv' });
		const [call] = trackingCalls();
		const expected = inRange(call.query.dateStart, call.query.dateEnd);
		const messageIds = [...new Set(expected.map((entry) => entry.messageId))];
		const lines = text.trimEnd().split('\r\n');
		expect(lines[0]).toBe(
			'messageId,smsId,parts,direction,from,to,body,status,detailedStatus,statusDescription,statusDate,receivedDate,price,country,operator,label,campaignName,campaignTrackingId,applicationName,originatingService,latency',
		);
		expect(lines).toHaveLength(messageIds.length + 1);
		expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(messageIds);
		const multipart = expected.find((entry) => entry.parts > 2)!;
		const row = lines.find((line) => line.startsWith(`${multipart.messageId},`))!;
		const smsIds = expected.filter((entry) => entry.messageId === multipart.messageId).map((entry) => entry.smsId);
		expect(row.split(',')[1]).toBe(smsIds.join(' '));
		expect(item.json).toEqual({
			provider: 'routee',
			fileName: 'last-week.csv',
			format: 'csv',
			rows: messageIds.length,
			rowsAre: 'messages',
			dateStart: call.query.dateStart,
			dateEnd: call.query.dateEnd,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('JSON, one row per part, into the chosen binary field, with filters', async () => {
		const { outputs, error } = await runNode(
			node({ operation: 'exportHistory', format: 'json', rows: 'part', binaryPropertyName: 'report', filters: { direction: 'Inbound' } }),
		);

		expect(error).toBeUndefined();
		const { binary, text } = fileOf(outputs[0][0], 'report');
		expect(binary).toMatchObject({ fileName: 'routee-history.json', mimeType: 'application/json' });
		const rows = JSON.parse(text) as IDataObject[];
		const [call] = trackingCalls();
		expect(call.body).toEqual({ fieldName: 'direction', searchTerm: 'Inbound' });
		const expected = inRange(call.query.dateStart, call.query.dateEnd).filter((entry) => entry.direction === 'Inbound');
		expect(rows.map((row) => row.smsId)).toEqual(expected.map((entry) => entry.smsId));
		expect(rows[0]).toEqual({
			messageId: expected[0].messageId,
			smsId: expected[0].smsId,
			part: expected[0].part,
			parts: expected[0].parts,
			direction: 'Inbound',
			from: expected[0].from,
			to: expected[0].to,
			body: expected[0].body,
			status: 'Delivered',
			detailedStatus: null,
			statusDescription: null,
			statusDate: expected[0].status.date,
			receivedDate: expected[0].receivedDate,
			price: 0,
			country: expected[0].country,
			operator: expected[0].operator,
			label: expected[0].label,
			campaignName: null,
			campaignTrackingId: null,
			applicationName: 'n8n sandbox',
			originatingService: 'Inbound',
			latency: expected[0].latency,
		});
		expect(outputs[0][0].json.rowsAre).toBe('parts');
	});

	test('a range older than 7 days fails before any call', async () => {
		const { error } = await runNode(node({ operation: 'exportHistory', dateFrom: new Date(Date.now() - 8 * DAY_MS).toISOString() }));
		expect(error?.message).toMatch(/^"Date From" .* is more than 7 days ago/);
		expect(anyCall()).toHaveLength(0);
	});
});
