/**
 * SMS Gateway's Get History and Export History against all four simulators at once: one
 * stream of normalized messages, merged in one time order across providers. Every expected
 * value is computed here from the simulators' own seeded records (not by the node's code):
 * which records fall in the range, their times, directions and recipients.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SmsUpSimulator } from '../simulators/smsup';
import { parseCsv } from '../support/csv';
import { gatewayCredentials } from '../support/gateway-credentials';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();
const simulators = [clickSend, routee, smsUp, apico];

/** The read's range: the 3 hours up to a minute ago; every simulator holds 6 hours of messages, so some fall outside. */
const NOW = DateTime.utc().startOf('minute');
const RANGE_END = NOW.minus({ minutes: 1 });
const RANGE_START = RANGE_END.minus({ hours: 3 });
const inRange = (ms: number) => ms >= RANGE_START.toMillis() && ms <= RANGE_END.toMillis();

const MODELS = ['clicksend', 'routee', 'smsup', 'apico'];

/** One seeded message as the test reads it from a simulator: its time, direction and recipient. */
interface Seeded {
	provider: string;
	time: number;
	direction: 'inbound' | 'outbound';
	to: string;
}

/** What each simulator holds, read from its own records: Routee's parts counted once per message. */
function seeded(): Seeded[] {
	const records: Seeded[] = [];
	for (const row of clickSend.history) {
		records.push({ provider: 'clicksend', time: Number(row.date) * 1000, direction: row.direction === 'in' ? 'inbound' : 'outbound', to: String(row.to) });
	}
	const routeeMessages = new Map<string, Seeded>();
	for (const entry of routee.tracking) {
		const time = Date.parse(entry.status.date);
		const known = routeeMessages.get(entry.messageId);
		// A message's time is its latest part's (the simulator dates all parts alike).
		if (!known || time > known.time) {
			routeeMessages.set(entry.messageId, { provider: 'routee', time, direction: entry.direction === 'Inbound' ? 'inbound' : 'outbound', to: entry.to });
		}
	}
	records.push(...routeeMessages.values());
	for (const row of smsUp.messages) {
		const time = DateTime.fromFormat(row.date, 'yyyy-MM-dd HH:mm:ss', { zone: 'Europe/Paris' }).toMillis();
		records.push({ provider: 'smsup', time, direction: row.type === 'sms_mo' ? 'inbound' : 'outbound', to: `+${row.destination}` });
	}
	for (const message of apico.history) {
		records.push({ provider: 'apico', time: Date.parse(message.created), direction: message.direction === 'inbound' ? 'inbound' : 'outbound', to: `+${message.to}` });
	}
	return records;
}

const expectedInRange = () => seeded().filter((record) => inRange(record.time));

function countBy(records: Array<{ provider: string }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { provider } of records) counts[provider] = (counts[provider] ?? 0) + 1;
	return counts;
}

function gateway(parameters: IDataObject, continueOnFail = false): NodeUnderTest {
	return {
		type: 'smsGateway',
		continueOnFail,
		parameters: {
			output: 'full',
			resource: 'message',
			providers: {
				provider: [
					{ provider: 'clickSend' },
					{ provider: 'routee' },
					{ provider: 'smsUp' },
					{ provider: 'apico' },
				],
			},
			dateFrom: RANGE_START.toISO(),
			dateTo: RANGE_END.toISO(),
			...parameters,
		},
		credentials: gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, smsUp: smsUp.baseUrl, apico: apico.baseUrl }),
	};
}

const timeOf = (item: INodeExecutionData) => Date.parse(String(item.json.sentAt));

/** Each consecutive pair in order: newest first means no message newer than the one before it. */
function expectOrdered(items: INodeExecutionData[], newestFirst: boolean): void {
	for (let index = 1; index < items.length; index++) {
		const [before, after] = [timeOf(items[index - 1]), timeOf(items[index])];
		expect(Number.isFinite(after)).toBe(true);
		if (newestFirst) expect(after).toBeLessThanOrEqual(before);
		else expect(after).toBeGreaterThanOrEqual(before);
	}
}

beforeAll(async () => {
	await Promise.all(simulators.map(async (sim) => await sim.start()));
	// Six hours of history each, one message a minute (Routee: 300 messages at random moments).
	// Seeded once: a simulator's reset clears its requests and faults, not its history.
	clickSend.seedHistory(360, { end: Math.floor(NOW.toSeconds()) });
	routee.seedHistory(300, 5, { spanDays: 0.25 });
	smsUp.seedHistory(360, { end: NOW });
	apico.seedHistory(360, { end: NOW.toMillis() });
});
afterAll(async () => {
	await Promise.all(simulators.map(async (sim) => await sim.stop()));
});
beforeEach(() => {
	for (const sim of simulators) sim.reset();
});

describe('SMS Gateway Get History', () => {
	it('merges the four histories into one stream, newest first, each message with its provider', async () => {
		const expected = expectedInRange();
		const perProvider = countBy(expected);
		// The seed gives each provider messages in the range, and leaves some out of it.
		for (const model of MODELS) expect(perProvider[model]).toBeGreaterThan(0);
		expect(seeded().length).toBeGreaterThan(expected.length);

		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: true }));
		expect(error).toBeUndefined();
		const items = outputs[0];
		expect(items).toHaveLength(expected.length);
		expect(countBy(items.map((item) => ({ provider: String(item.json.provider) })))).toEqual(perProvider);
		expectOrdered(items, true);
		for (const item of items) expect(inRange(timeOf(item))).toBe(true);
	}, 60_000);

	it('merges oldest first when asked', async () => {
		const expected = expectedInRange();
		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: true, order: 'oldestFirst' }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(expected.length);
		expectOrdered(outputs[0], false);
	}, 60_000);

	it('returns the Limit newest messages across providers, without reading every page', async () => {
		const limit = 25;
		const newestTimes = expectedInRange()
			.map((record) => record.time)
			.sort((a, b) => b - a)
			.slice(0, limit);
		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: false, limit }));
		expect(error).toBeUndefined();
		const items = outputs[0];
		expect(items).toHaveLength(limit);
		expectOrdered(items, true);
		expect(items.map(timeOf)).toEqual(newestTimes);
		// Apico's 20-message pages: 180 messages in the range are 9 pages, the newest 25 across four providers need at most 2.
		expect(apico.historyCalls().length).toBeLessThanOrEqual(2);
		// ClickSend's 180 in the range, in pages of 25 (the Limit): the newest 25 across providers need at most 2.
		expect(clickSend.recorded(/^GET \/v3\/sms\/history$/).length).toBeLessThanOrEqual(2);
	}, 60_000);

	it('applies Direction on every provider', async () => {
		const inbound = expectedInRange().filter((record) => record.direction === 'inbound');
		const perProvider = countBy(inbound);
		for (const model of MODELS) expect(perProvider[model]).toBeGreaterThan(0);
		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: true, filters: { direction: 'inbound' } }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(inbound.length);
		expect(countBy(outputs[0].map((item) => ({ provider: String(item.json.provider) })))).toEqual(perProvider);
		for (const item of outputs[0]) expect(item.json.direction).toBe('inbound');
		expectOrdered(outputs[0], true);
	}, 60_000);

	it('applies To on every provider', async () => {
		// Apico's own number receives every inbound Apico message: a recipient with several messages in the range.
		const to = '+' + String(apico.history.find((message) => message.direction === 'inbound')!.to);
		const matching = expectedInRange().filter((record) => record.to === to);
		expect(matching.length).toBeGreaterThan(1);
		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: true, filters: { to } }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(matching.length);
		for (const item of outputs[0]) expect(item.json.to).toBe(to);
	}, 60_000);

	it('fails the item naming the provider whose read failed, never a partial stream', async () => {
		smsUp.inject({ match: /^GET \/messages$/, times: 10, fault: { type: 'status', status: 400, body: { status: -7, message: 'refused' } } });
		const { outputs, error } = await runNode(gateway({ operation: 'getHistory', returnAll: true }));
		expect(outputs[0] ?? []).toHaveLength(0);
		expect(error?.message).toMatch(/smsup\.ch/);

		const continued = await runNode(gateway({ operation: 'getHistory', returnAll: true }, true));
		expect(continued.error).toBeUndefined();
		expect(continued.outputs[0]).toHaveLength(1);
		expect(String(continued.outputs[0][0].json.error)).toMatch(/smsup\.ch/);
	}, 60_000);
});

describe('SMS Gateway Export History', () => {
	it('writes the merged history to one CSV with a provider column holding all four', async () => {
		const expected = expectedInRange();
		const { outputs, error } = await runNode(gateway({ operation: 'exportHistory' }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		const [item] = outputs[0];
		expect(item.json.rows).toBe(expected.length);
		const text = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		const [header, ...rows] = parseCsv(text);
		expect(rows).toHaveLength(expected.length);
		const providerColumn = header.indexOf('provider');
		expect(providerColumn).toBeGreaterThanOrEqual(0);
		expect(new Set(rows.map((row) => row[providerColumn]))).toEqual(new Set(MODELS));
		expect(countBy(rows.map((row) => ({ provider: row[providerColumn] })))).toEqual(countBy(expected));
		// Rows in the merged order too.
		const sentAt = header.indexOf('sentAt');
		const times = rows.map((row) => Date.parse(row[sentAt]));
		for (let index = 1; index < times.length; index++) expect(times[index]).toBeLessThanOrEqual(times[index - 1]);
	}, 60_000);

	it('writes JSON when asked', async () => {
		const expected = expectedInRange();
		const { outputs, error } = await runNode(gateway({ operation: 'exportHistory', format: 'json', fileName: 'all-providers' }));
		expect(error).toBeUndefined();
		const [item] = outputs[0];
		expect(item.binary!.data.fileName).toBe('all-providers.json');
		const rows = JSON.parse(Buffer.from(item.binary!.data.data, 'base64').toString('utf8')) as Array<{ provider: string }>;
		expect(rows).toHaveLength(expected.length);
		expect(countBy(rows)).toEqual(countBy(expected));
	}, 60_000);
});
