/**
 * smsup.ch SMS → Get Price, Get History and Export History through n8n's engine against the
 * simulator: what smsup.ch received (paths, queries, headers, pages) and what the node emitted.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { oneMessageCall, SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { upcomingYear, ymd } from '../support/dates';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { writeCsv } from '../support/csv';

let sim: SmsUpSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState(10_000));

const credentials = () => ({ smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } });
const node = (parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
	type: 'smsUp',
	parameters: { output: 'full', resource: 'sms', ...parameters },
	credentials: credentials(),
	...overrides,
});
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

describe('Get Price (/send/simulate)', () => {
	const priceNode = (parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
		node({ operation: 'getPrice', to: '={{ $json.to }}', message: '={{ $json.text }}', ...parameters }, overrides);

	test('one POST /send/simulate per item (one recipient): cost in credits and the counters; nothing is sent or charged', async () => {
		sim.filtered.set('41780000002', 'blacklisted');
		const long = 'x'.repeat(200); // two parts
		const { outputs, error } = await runNode(priceNode(), [
			{ to: '+41780000001', text: long },
			{ to: '+41780000002', text: 'Hi' },
		]);
		expect(error).toBeUndefined();
		const calls = sim.recorded(/^POST \/send\/simulate$/);
		expect(calls.map(oneMessageCall)).toEqual([
			{ text: long, to: '41780000001', pushtype: 'alert' },
			{ text: 'Hi', to: '41780000002', pushtype: 'alert' },
		]);
		for (const call of calls) expect(call.headers.accept).toBe('application/json');
		expect(main(outputs).map((item) => item.json)).toEqual([
			{ provider: 'smsup', to: '+41780000001', body: long, segments: 2, cost: 2, credits: 10_000, total: 1, sent: 1, blacklisted: 0, duplicated: 0, invalid: 0, npai: 0, not_allowed: 0, flood: 0, country_limit: 0, currency: 'credits' },
			{ provider: 'smsup', to: '+41780000002', body: 'Hi', segments: 1, cost: 0, credits: 10_000, total: 1, sent: 0, blacklisted: 1, duplicated: 0, invalid: 0, npai: 0, not_allowed: 0, flood: 0, country_limit: 0, currency: 'credits' },
		]);
		expect(main(outputs).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.campaigns).toHaveLength(0);
		expect(sim.messages).toHaveLength(0);
		expect(sim.sandbox.credits).toBe(10_000);
	});

	test('as a campaign: one POST /send/simulate per 1,000 recipients, one output per call paired to its items', async () => {
		const input = Array.from({ length: 1500 }, (_, index) => ({ to: `+4178${String(index).padStart(7, '0')}`, text: 'Same text' }));
		const christmas = ymd(upcomingYear(12, 24), 12, 24);
		const { outputs } = await runNode(priceNode({ sendAsCampaign: true, additionalFields: { delay: `${christmas}T08:00:00Z` } }), input);
		const calls = sim.recorded(/^POST \/send\/simulate$/);
		expect(calls).toHaveLength(2);
		const body = calls[1].body as { sms: { message: IDataObject; recipients: { gsm: IDataObject[] } } };
		expect(body.sms.message).toEqual({ text: 'Same text', pushtype: 'alert', unicode: 0, delay: `${christmas} 09:00:00` });
		expect(body.sms.recipients.gsm[0]).toEqual({ value: '41780001000' });
		const items = main(outputs);
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ cost: 1000, total: 1000, sent: 1000, currency: 'credits' });
		expect(items[1].json).toMatchObject({ cost: 500, total: 500 });
		expect((items[1].json.recipients as string[])[0]).toBe('+41780001000');
		expect(items[0].pairedItem).toHaveLength(1000);
		expect((items[1].pairedItem as Array<{ item: number }>)[499]).toEqual({ item: 1499 });
		expect(sim.campaigns).toHaveLength(0);
	});

	test('Simplify off: smsup.ch\'s own answer', async () => {
		const { outputs } = await runNode(priceNode({ output: 'raw' }), [{ to: '+41780000001', text: 'Hi' }]);
		expect(main(outputs)[0].json).toEqual({
			status: 1, message: 'OK', cost: 1, credits: 10_000, total: 1, sent: 1,
			blacklisted: 0, duplicated: 0, invalid: 0, npai: 0, not_allowed: 0, flood: 0, country_limit: 0,
		});
	});

	test('a −7 answer is that item\'s error with the documented meaning', async () => {
		sim.inject({ match: /simulate/, fault: { type: 'status', status: 200, body: { status: -7, message: 'Data error', details: 'text too long' } } });
		const { outputs } = await runNode(priceNode({}, { continueOnFail: true }), [{ to: '+41780000001', text: 'Hi' }, { to: '+41780000002', text: 'Hi' }]);
		expect(main(outputs)[0].json).toEqual({
			error: 'smsup.ch: data error (a field is missing or invalid) (status -7)',
			details: { description: 'Provider code: -7. smsup.ch said: "Data error". Details: text too long', to: '+41780000001', providerStatus: '-7' },
		});
		expect(main(outputs)[1].json.cost).toBe(1);
	});
});

describe('Get History (GET /messages)', () => {
	const end = DateTime.fromISO('2026-07-01T12:00:00Z');
	const historyNode = (parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
		node(
			{ operation: 'getHistory', dateFrom: '2026-06-01T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', returnAll: true, ...parameters },
			overrides,
		);
	beforeEach(() => sim.seedHistory(2345, { end }));
	const pages = () => sim.recorded(/^GET \/messages$/);

	test('Return All reads start/length pages of 1,000 until totalRecords, with the dates as Paris time', async () => {
		const { outputs, error } = await runNode(historyNode());
		expect(error).toBeUndefined();
		expect(pages().map((call) => [call.query.start, call.query.length])).toEqual([
			['0', '1000'],
			['1000', '1000'],
			['2000', '1000'],
		]);
		for (const call of pages()) {
			expect(call.headers.accept).toBe('application/json');
			expect(call.query).toMatchObject({ date_start: '2026-06-01 02:00:00', date_end: '2026-07-01 14:00:00', sort: 'date' });
		}
		const items = main(outputs);
		expect(items).toHaveLength(2345);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		// In order, no page read twice: the message ids are the simulator's, ascending.
		expect(items.map((item) => item.json.id)).toEqual(sim.messages.map((row) => String(row.message_id)));
	});

	test('a filtered Return All pages by the filtered total: totalRecords counts the unfiltered range, totalDisplayRecords the matches', async () => {
		sim.resetState(10_000);
		sim.seedHistory(2150, { end });
		const outbound = sim.messages.filter((row) => row.type === 'sms_mt');
		// Two pages of matches in a range of three pages.
		expect(sim.messages.length).toBeGreaterThan(2000);
		expect(outbound.length).toBeGreaterThan(1000);
		expect(outbound.length).toBeLessThanOrEqual(2000);
		const { outputs, error } = await runNode(historyNode({ filters: { type: 'messages-out' } }));

		expect(error).toBeUndefined();
		// Two pages: none read past the matches up to the unfiltered 2,150.
		expect(pages().map((call) => call.query.start)).toEqual(['0', '1000']);
		expect(main(outputs).map((item) => item.json.id)).toEqual(outbound.map((row) => String(row.message_id)));
	});

	test('Limit 1,500 stops after the page that meets it', async () => {
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 1500 }));
		expect(pages().map((call) => [call.query.start, call.query.length])).toEqual([
			['0', '1000'],
			['1000', '1000'],
		]);
		expect(main(outputs)).toHaveLength(1500);
	});

	test('a small Limit asks for a small page', async () => {
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 5 }));
		expect(pages().map((call) => call.query.length)).toEqual(['5']);
		expect(main(outputs)).toHaveLength(5);
	});

	test('the normalized model: outbound and inbound, E.164 numbers, ISO dates from Paris time, credits', async () => {
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 60 }));
		const items = main(outputs).map((item) => item.json);
		const rowFor = (id: unknown) => sim.messages.find((row) => String(row.message_id) === id)!;
		const outbound = items.find((item) => item.direction === 'outbound')!;
		const row = rowFor(outbound.id);
		expect(outbound).toMatchObject({
			provider: 'smsup',
			from: 'SMSUP',
			to: `+${row.destination}`,
			body: row.message,
			providerStatus: row.status,
			price: 1,
			currency: 'credits',
			country: 'CH',
			reference: row.client_message_id,
			segments: 1,
		});
		expect(outbound.sentAt).toBe(DateTime.fromSQL(row.date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true }));
		const inbound = items.find((item) => item.direction === 'inbound')!;
		expect(inbound).toMatchObject({ status: 'received', providerStatus: 'incoming_message', to: '36000', from: `+${rowFor(inbound.id).sender}` });
		const statuses = new Set(items.map((item) => `${item.providerStatus}→${item.status}`));
		expect([...statuses].sort()).toEqual(
			expect.arrayContaining(['DELIVERED→delivered', 'SENT→sent', 'incoming_message→received']),
		);
	});

	test('filters reach smsup.ch in its own terms', async () => {
		const target = sim.messages.find((row) => row.type === 'sms_mt')!;
		const { outputs } = await runNode(
			historyNode({
				filters: { destination: `+${target.destination}`, message: 'seeded', type: 'messages-out', country: 'ch', status: target.status.toLowerCase() },
				sort: '-date',
			}),
		);
		expect(pages()[0].query).toMatchObject({
			destination: target.destination,
			message: 'seeded',
			type: 'messages-out',
			country: 'CH',
			status: target.status.toLowerCase(),
			sort: '-date',
		});
		const items = main(outputs);
		expect(items.length).toBeGreaterThanOrEqual(1);
		for (const item of items) expect(item.json.to).toBe(`+${target.destination}`);
	});

	test('Simplify off gives smsup.ch\'s rows', async () => {
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 1, output: 'raw' }));
		expect(main(outputs)[0].json).toEqual(sim.messages[0]);
	});

	test('both dates are required: an expression that yields nothing is refused before any call', async () => {
		const { error } = await runNode(historyNode({ dateFrom: '={{ $json.from }}' }), [{ from: '' }]);
		expect(error?.message).toBe('"Date From" is empty; smsup.ch requires a start date for message history');
		expect(sim.requests).toHaveLength(0);
	});

	test('an empty period: one call, no items', async () => {
		const { outputs } = await runNode(historyNode({ dateFrom: '2020-01-01T00:00:00Z', dateTo: '2020-01-02T00:00:00Z' }));
		expect(pages()).toHaveLength(1);
		expect(main(outputs)).toHaveLength(0);
	});

	test('a page that fails with a 503 is read again', async () => {
		sim.inject({ match: /^GET \/messages$/, fault: { type: 'status', status: 503 } });
		const { outputs } = await runNode(historyNode({ returnAll: false, limit: 10 }));
		expect(pages()).toHaveLength(2);
		expect(main(outputs)).toHaveLength(10);
	});
});

describe('Export History (built here from GET /messages)', () => {
	beforeEach(() => sim.seedHistory(1200, { end: DateTime.fromISO('2026-07-01T12:00:00Z') }));
	const exportNode = (parameters: IDataObject = {}) =>
		node({ operation: 'exportHistory', dateFrom: '2026-06-01T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', ...parameters });

	test('Return All by default: a CSV of every message as binary data', async () => {
		const { outputs, error, run } = await runNode(exportNode());
		expect(error).toBeUndefined();
		expect(sim.recorded(/^GET \/messages$/).map((call) => call.query.start)).toEqual(['0', '1000']);
		for (const call of sim.recorded(/^GET \/messages$/)) expect(call.headers.accept).toBe('application/json');
		const [item] = main(outputs);
		expect(item.json).toEqual({ provider: 'smsup', fileName: 'smsup-messages.csv', format: 'csv', rows: 1200 });
		expect(item.binary?.data).toMatchObject({ fileName: 'smsup-messages.csv', mimeType: 'text/csv' });
		const csv = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		const lines = csv.trimEnd().split('\r\n');
		expect(lines).toHaveLength(1201);
		expect(lines[0]).toBe('provider,id,direction,from,to,body,status,providerStatus,sentAt,segments,price,currency,country,subject,mediaUrl,reference,error');
		expect(lines[1]).toContain(`,${sim.messages[0].message_id},`);
		expect(run.status).not.toBe('error');
	});

	test('JSON with smsup.ch\'s own columns and a Limit', async () => {
		const { outputs } = await runNode(exportNode({ format: 'json', returnAll: false, limit: 3, output: 'raw', fileName: 'june', binaryPropertyName: 'file' }));
		const [item] = main(outputs);
		expect(item.json).toMatchObject({ fileName: 'june.json', format: 'json', rows: 3 });
		expect(item.binary?.file.mimeType).toBe('application/json');
		const rows = JSON.parse(Buffer.from(item.binary!.file.data, 'base64').toString('utf8')) as IDataObject[];
		expect(rows).toEqual(sim.messages.slice(0, 3));
	});

	/**
	 * A history row as the simplified columns, worked out here from the row by provider-docs 004
	 * and the README: numbers of 8–15 digits in E.164 (short codes and names as they are), the
	 * Paris wall-clock date in UTC, the history status in the common vocabulary, the status
	 * details as the error of a message that failed, costs in credits. Seeded texts are short
	 * GSM-7 texts: one segment each.
	 */
	const simplified = (row: (typeof sim.messages)[number]) => {
		const e164 = (value: string) => (/^[1-9]\d{7,14}$/.test(value) ? `+${value}` : value);
		const status = ({ delivered: 'delivered', sent: 'sent', not_sent: 'failed', undelivered: 'failed', incoming_message: 'received' } as Record<string, string>)[String(row.status).toLowerCase()];
		expect(status).toBeDefined();
		expect(row.message).toMatch(/^[A-Za-z0-9 ]{1,160}$/);
		return {
			provider: 'smsup',
			id: String(row.message_id),
			direction: row.type === 'sms_mo' ? 'inbound' : 'outbound',
			from: e164(String(row.sender)),
			to: e164(String(row.destination)),
			body: row.message,
			status,
			providerStatus: row.status,
			sentAt: DateTime.fromSQL(String(row.date), { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true }),
			segments: 1,
			price: Number(row.cost),
			currency: 'credits',
			country: row.country || null,
			subject: null,
			mediaUrl: null,
			reference: row.client_message_id || null,
			error: status === 'failed' ? row.status_details : null,
		};
	};

	/** The ten columns of Output = Simplified, in order (README "Output"). */
	const simplifiedColumns = (row: (typeof sim.messages)[number]) => {
		const { id, from, to, body, status, sentAt, price, currency, reference, error } = simplified(row);
		return { id, from, to, body, status, sentAt, price, currency, reference, error };
	};

	test.each(['simplified', 'full', 'raw'])('written page by page, the CSV (Output %s) is byte for byte the CSV of all rows at once', async (output) => {
		const { outputs } = await runNode(exportNode({ output }));
		const csv = Buffer.from(main(outputs)[0].binary!.data.data, 'base64').toString('utf8');
		const all = sim.messages.map((row) => (output === 'simplified' ? simplifiedColumns(row) : output === 'full' ? simplified(row) : { ...row }));
		expect(csv).toBe(writeCsv(all));
		expect(sim.recorded(/^GET \/messages$/)).toHaveLength(2);
	});

	test('an empty period gives a file with no rows', async () => {
		const { outputs } = await runNode(exportNode({ dateFrom: '2020-01-01T00:00:00Z', dateTo: '2020-01-02T00:00:00Z' }));
		const [item] = main(outputs);
		expect(item.json.rows).toBe(0);
		expect(Buffer.from(item.binary!.data.data, 'base64').toString('utf8')).toBe('\r\n');
	});
});

describe('parallel paging (Parallel Requests)', () => {
	const end = DateTime.fromISO('2026-07-01T12:00:00Z');
	beforeEach(() => {
		sim.seedHistory(10_500, { end });
		// Pages of 1,000 are few (10 after the first): a latency well above the time it takes to
		// send the window's requests lets them all be in flight together even on a busy machine.
		sim.latencyMs = 150;
	});
	const history = (parameters: IDataObject = {}) =>
		node({ operation: 'getHistory', dateFrom: '2026-01-01T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', returnAll: true, ...parameters });
	const pages = () => sim.recorded(/^GET \/messages$/);

	test('Parallel Requests bounds the pages in flight; the fewest calls (11 for 10,500); results complete and in order', async () => {
		const { outputs } = await runNode(history({ pagingOptions: { parallelRequests: 3 } }));
		expect(main(outputs).map((item) => item.json.id)).toEqual(sim.messages.map((row) => String(row.message_id)));
		expect(pages().map((call) => call.query.start)).toEqual(Array.from({ length: 11 }, (_, index) => String(index * 1000)));
		expect(sim.maxInFlight).toBe(3);
	});

	test('by default 8 pages are in flight once the first page gives totalRecords; 1 reads one page at a time', async () => {
		await runNode(history());
		expect(pages()[0].inFlight).toBe(1);
		expect(sim.maxInFlight).toBe(8);

		sim.reset();
		sim.latencyMs = 20;
		const { outputs } = await runNode(history({ pagingOptions: { parallelRequests: 1 } }));
		expect(main(outputs)).toHaveLength(10_500);
		expect(sim.maxInFlight).toBe(1);
	});

	test('Export History and Campaign Get Many page the same way', async () => {
		const { outputs } = await runNode(
			node({ operation: 'exportHistory', dateFrom: '2026-01-01T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', pagingOptions: { parallelRequests: 4 } }),
		);
		expect(main(outputs)[0].json.rows).toBe(10_500);
		expect(pages()).toHaveLength(11);
		expect(sim.maxInFlight).toBe(4);

		sim.seedHistory(10_000, { end }); // over 3,000 campaigns of five: 4 pages
		sim.reset();
		sim.latencyMs = 150;
		const campaigns = await runNode(node({ resource: 'campaign', operation: 'getMany', returnAll: true, pagingOptions: { parallelRequests: 2 } }));
		expect(main(campaigns.outputs)).toHaveLength(sim.campaigns.length);
		expect(sim.recorded(/^GET \/campaigns$/)).toHaveLength(Math.ceil(sim.campaigns.length / 1000));
		expect(sim.maxInFlight).toBe(2);
	});

	test('a 429 with Retry-After while paging: waits, lowers the pages in flight, and still returns every message once, in order', async () => {
		sim.inject({ match: /^GET \/messages$/, fault: { type: 'status', status: 429, retryAfter: '1', body: { status: -99, message: 'Too many requests' } } });
		const { outputs, error } = await runNode(history());
		expect(error).toBeUndefined();
		expect(main(outputs).map((item) => item.json.id)).toEqual(sim.messages.map((row) => String(row.message_id)));
		expect(pages()).toHaveLength(12); // 11 pages + the one answered with 429
		// The 429 hit the first page: after the wait the pages go 4 at a time (half of 8).
		expect(pages()[1].at - pages()[0].at).toBeGreaterThanOrEqual(950);
		expect(Math.max(...pages().slice(2, 6).map((call) => call.inFlight))).toBeLessThanOrEqual(4);
	});
});
