/**
 * smsup.ch Campaign → Get Many / Get and Account → Get Credits through n8n's engine against the
 * simulator, plus the transport's behaviour every operation shares (Accept header, body status
 * errors with or without an HTTP error status).
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: SmsUpSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState(4321));

const node = (parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
	type: 'smsUp',
	parameters: { output: 'full', ...parameters },
	credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } },
	...overrides,
});
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

describe('Account → Get Credits (GET /credits)', () => {
	test('credits as a number and flags as booleans, asked for in JSON with the Bearer token', async () => {
		const { outputs, error } = await runNode(node({ resource: 'account', operation: 'getCredits' }));
		expect(error).toBeUndefined();
		const [call] = sim.recorded(/^GET \/credits$/);
		expect(call.headers).toMatchObject({ accept: 'application/json', authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}` });
		expect(main(outputs)).toEqual([
			{ json: { provider: 'smsup', credits: 4321, postpaid: false, postpaidLimit: null, unlimited: false }, pairedItem: { item: 0 } },
		]);
	});

	test('Simplify off: the raw answer', async () => {
		const { outputs } = await runNode(node({ resource: 'account', operation: 'getCredits', output: 'raw' }));
		expect(main(outputs)[0].json).toEqual({ status: 1, message: 'OK', credits: '4321', postpaid: '0', postpaid_limit: false, unlimited: false });
	});

	test('a base URL with a trailing slash works', async () => {
		const { error } = await runNode({ ...node({ resource: 'account', operation: 'getCredits' }), credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: `${baseUrl}/` } } });
		expect(error).toBeUndefined();
		expect(sim.recorded(/^GET \/credits$/)).toHaveLength(1);
	});

	test('a bad token answered with HTTP 401 and body status −1 still reads as an authentication error', async () => {
		sim.httpStatusForErrors = true;
		const { error } = await runNode({ ...node({ resource: 'account', operation: 'getCredits' }), credentials: { smsUpApi: { apiToken: 'nope-nope-nope', baseUrl } } });
		expect(error?.message).toBe('smsup.ch: authentication error: check the API token (and its allowed IPs) (status -1)');
		expect((error as unknown as { httpCode?: string }).httpCode).toBe('401');
	});

	test('an XML answer (what smsup.ch sends without the Accept header) is reported, not mistaken for data', async () => {
		sim.inject({
			match: /^GET \/credits$/,
			times: 5,
			fault: { type: 'malformed', raw: '<?xml version="1.0" encoding="UTF-8"?>\n<response><status>1</status></response>' },
		});
		const { error } = await runNode(node({ resource: 'account', operation: 'getCredits' }));
		expect(error?.message).toBe('smsup.ch: smsup.ch returned a response that is not valid JSON');
		expect(error?.description).toMatch(/It began with: <\?xml/);
	});
});

describe('Campaign → Get Many (GET /campaigns)', () => {
	const getMany = (parameters: IDataObject = {}) => node({ resource: 'campaign', operation: 'getMany', returnAll: true, ...parameters });
	beforeEach(() => sim.seedHistory(6000, { end: DateTime.fromISO('2026-07-01T12:00:00Z') }));
	const calls = () => sim.recorded(/^GET \/campaigns$/);

	test('Return All pages with start/length of 1,000 until totalRecords', async () => {
		const { outputs, error } = await runNode(getMany());
		expect(error).toBeUndefined();
		const total = sim.campaigns.length;
		expect(total).toBeGreaterThan(1000);
		expect(calls().map((call) => call.query.start)).toEqual(Array.from({ length: Math.ceil(total / 1000) }, (_, index) => String(index * 1000)));
		for (const call of calls()) {
			expect(call.query).toMatchObject({ length: '1000', sort: '-date' });
			expect(call.headers.accept).toBe('application/json');
		}
		const items = main(outputs);
		expect(items).toHaveLength(total);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(total);
		const newest = [...sim.campaigns].sort((a, b) => (a.date < b.date ? 1 : -1))[0];
		expect(items[0].json).toMatchObject({
			provider: 'smsup',
			id: String(newest.id),
			sender: 'SMSUP',
			text: newest.text,
			date: DateTime.fromSQL(newest.date, { zone: 'Europe/Paris' }).toUTC().toISO({ suppressMilliseconds: true }),
			cost: newest.cost,
			currency: 'credits',
			status: 'sent',
		});
		expect(typeof items[0].json.deliveryRate).toBe('number');
	});

	test('Limit and filters: dates as Paris time, destination as digits, SMS counts', async () => {
		const row = [...sim.messages].reverse().find((message) => message.type === 'sms_mt')!;
		const { outputs } = await runNode(
			getMany({
				returnAll: false,
				limit: 3,
				filters: { dateFrom: '2026-06-30T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', destination: `+${row.destination}`, smsMin: 1, smsMax: 20, text: 'Seeded' },
				sort: 'id',
			}),
		);
		expect(calls()).toHaveLength(1);
		expect(calls()[0].query).toEqual({
			date_start: '2026-06-30 02:00:00',
			date_end: '2026-07-01 14:00:00',
			destination: row.destination,
			text: 'Seeded',
			sms_min: '1',
			sms_max: '20',
			sort: 'id',
			start: '0',
			length: '3',
		});
		expect(main(outputs).map((item) => item.json.id)).toEqual([String(row.campaign_id)]);
	});

	test('Max SMS below Min SMS is refused before any call', async () => {
		const { error } = await runNode(getMany({ filters: { smsMin: 5, smsMax: 2 } }));
		expect(error?.message).toBe('"Max SMS" (2) is below "Min SMS" (5)');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Campaign → Get (GET /campaign/{id})', () => {
	test('a campaign Send created, with its delivery figures', async () => {
		const send = await runNode(
			node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hello', sendAsCampaign: true }),
			[{ to: '+41780000001' }, { to: '+41780000002' }],
		);
		const ticket = (main(send.outputs)[0].json.campaign as IDataObject).ticket as string;
		sim.deliver(ticket);
		sim.requests.length = 0;

		const { outputs, error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: ticket }));
		expect(error).toBeUndefined();
		expect(sim.recorded()[0].path).toBe(`/campaign/${ticket}`);
		expect(sim.recorded()[0].headers.accept).toBe('application/json');
		expect(main(outputs)).toHaveLength(1);
		expect(main(outputs)[0].json).toMatchObject({ id: ticket, text: 'Hello', cost: 2, total: 2, delivered: 2, deliveryRate: 100, status: 'sent' });
		expect(main(outputs)[0].json.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	});

	test('Simplify off: smsup.ch\'s object', async () => {
		sim.seedHistory(3);
		const id = String(sim.campaigns[0].id);
		const { outputs } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: id, output: 'raw' }));
		expect(main(outputs)[0].json).toMatchObject({ id: Number(id), creation_date: sim.campaigns[0].creation_date, network_error: 0 });
	});

	test('an unknown ID is −5, resource not found, for that item only (Continue On Fail)', async () => {
		sim.seedHistory(3);
		const known = String(sim.campaigns[0].id);
		const { outputs } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: '={{ $json.id }}' }, { continueOnFail: true }), [
			{ id: '999' },
			{ id: known },
		]);
		expect(main(outputs)[0]).toEqual({
			json: { error: 'smsup.ch: resource not found (status -5)', details: { description: 'Provider code: -5. smsup.ch said: "Resource not found".' } },
			pairedItem: { item: 0 },
		});
		expect(main(outputs)[1].json.id).toBe(known);
	});

	test('an ID that is not a number is refused before any call', async () => {
		const { error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: '../credits' }));
		expect(error?.message).toBe('"Campaign" "../credits" is not a campaign ID (digits, such as 14672468)');
		expect(sim.requests).toHaveLength(0);
	});
});
