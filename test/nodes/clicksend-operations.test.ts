/**
 * Every ClickSend operation besides SMS Send, run as n8n runs it (WorkflowExecute) against the
 * ClickSend simulator over real HTTP: what the simulator received, and what the node emitted
 * with Simplify on and off.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { SimulatorServer } from '../simulators/framework';
import { listSearch, runNode, runNodeWithItems, type NodeUnderTest } from '../support/n8n-harness';

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
const basic = `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`;

describe('SMS → Get Price', () => {
	const priceNode = (extra: IDataObject = {}) =>
		node({ resource: 'sms', operation: 'getPrice', to: '={{ $json.to }}', message: '={{ $json.text }}', ...extra });
	const input = [
		{ to: '+61411000001', text: 'Short' },
		{ to: '+14155550100', text: 'x'.repeat(200) },
	];

	test('one item per message: parts, price, currency and acceptance; nothing is sent', async () => {
		const { outputs, error } = await runNode(priceNode(), input);
		expect(error).toBeUndefined();
		expect(calls(/^POST \/v3\/sms\/price$/)).toHaveLength(1);
		expect((calls(/price/)[0].body as { messages: IDataObject[] }).messages).toEqual([
			{ to: '+61411000001', body: 'Short', source: 'n8n' },
			{ to: '+14155550100', body: 'x'.repeat(200), source: 'n8n' },
		]);
		expect(jsonOf(outputs)).toEqual([
			expect.objectContaining({ to: '+61411000001', accepted: true, providerStatus: 'SUCCESS', segments: 1, price: 0.077, currency: 'AUD', country: 'AU' }),
			expect.objectContaining({ to: '+14155550100', accepted: true, segments: 2, price: 0.085, currency: 'AUD', country: 'US' }),
		]);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.acceptedTotal).toBe(0);
		expect(sim.history).toHaveLength(0);
	});

	test('summary: total, count, currency and the per-country summary, paired to every input', async () => {
		const { outputs } = await runNode(priceNode({ priceItems: 'summary' }), input);
		expect(outputs[0]).toHaveLength(1);
		const [summary] = outputs[0];
		expect(summary.json).toMatchObject({ totalPrice: 0.162, totalCount: 2, queuedCount: 2, currency: 'AUD' });
		expect(summary.json.countries).toMatchObject({ AU: { recipient_count: 1, name: 'Australia' }, US: { recipient_count: 1 } });
		expect(summary.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('raw: ClickSend\'s own message objects, prices as strings', async () => {
		const { outputs } = await runNode(priceNode({ output: 'raw' }), input.slice(0, 1));
		expect(jsonOf(outputs)[0]).toMatchObject({ to: '+61411000001', message_price: '0.0770', message_parts: 1, status: 'SUCCESS', date: '' });
	});
});

test('SMS Get Price batches like Send: 1,500 items cost 2 calls (1000, 500), each answer paired to its item', async () => {
	const input = Array.from({ length: 1500 }, (_, index) => ({ to: `+6141${String(index).padStart(7, '0')}` }));
	const { outputs } = await runNode(node({ resource: 'sms', operation: 'getPrice', to: '={{ $json.to }}', message: 'Hi' }), input);
	expect(calls(/sms\/price/).map((call) => (call.body as { messages: unknown[] }).messages.length)).toEqual([1000, 500]);
	expect(jsonOf(outputs).map((item) => item.to)).toEqual(input.map((item) => item.to));
	expect(outputs[0][1499].pairedItem).toEqual({ item: 1499 });
});

describe('SMS → Get History', () => {
	const historyNode = (extra: IDataObject = {}) => node({ resource: 'sms', operation: 'getHistory', ...extra });

	test('Limit 37 costs one call of 37; dates from the picker arrive as unix seconds', async () => {
		sim.seedHistory(120, { end: Date.UTC(2026, 10, 1) / 1000 });
		const { outputs, error } = await runNode(
			historyNode({ limit: 37, dateFrom: '2026-10-31T00:00:00', dateTo: '2026-11-01T00:00:00Z' }),
		);
		expect(error).toBeUndefined();
		const [call] = calls(/^GET \/v3\/sms\/history$/);
		expect(calls(/history/)).toHaveLength(1);
		expect(call.query).toMatchObject({ page: '1', limit: '37', date_from: String(Date.UTC(2026, 9, 31) / 1000), date_to: String(Date.UTC(2026, 10, 1) / 1000), order_by: 'date:asc' });
		expect(call.headers.authorization).toBe(basic);
		const items = jsonOf(outputs);
		expect(items).toHaveLength(37);
		expect(items[0]).toMatchObject({ provider: 'clicksend', body: 'Seeded message 1', reference: 'seed-1', segments: 1, price: 0.077 });
		expect(items[0].sentAt).toBe(new Date((Date.UTC(2026, 10, 1) / 1000 - 120 * 60) * 1000).toISOString().replace('.000', ''));
	});

	test('Return All over 10,000 messages returns each exactly once, in order, in 100 calls', async () => {
		sim.seedHistory(10_000);
		const { outputs } = await runNode(historyNode({ returnAll: true }));
		const items = jsonOf(outputs);
		expect(items).toHaveLength(10_000);
		expect(new Set(items.map((item) => item.id)).size).toBe(10_000);
		expect(items.map((item) => item.body)).toEqual(sim.history.map((message) => message.body));
		const pages = calls(/history/).map((call) => Number(call.query.page));
		expect(pages.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
		expect(new Set(calls(/history/).map((call) => call.query.limit))).toEqual(new Set(['100']));
	});

	test('one filter goes as the q clause with the value URL-encoded (from:+61… arrives as from:%2B61…); Status is checked on each message', async () => {
		sim.seedHistory(30);
		const from = '+61400000000';
		const { outputs } = await runNode(historyNode({ returnAll: true, filters: { from, status: 'Completed' }, orderBy: 'date:desc' }));
		const [call] = calls(/history/);
		expect(call.rawQuery).toContain('from%3A%2B61400000000');
		expect(call.rawQuery).not.toMatch(/from(:|%3A)\+61/);
		// One clause, as the docs show it: From is the more selective of the two.
		expect(call.query.q).toBe('from:+61400000000');
		expect(call.query.order_by).toBe('date:desc');
		const items = jsonOf(outputs);
		const expected = sim.history.filter((message) => message.status === 'Completed').reverse();
		expect(items.map((item) => item.id)).toEqual(expected.map((message) => message.message_id));
		expect(new Set(items.map((item) => item.status))).toEqual(new Set(['delivered']));
	});

	test('an end date before the start date is refused before any call', async () => {
		const { error } = await runNode(historyNode({ dateFrom: '2026-11-02T00:00:00Z', dateTo: '2026-11-01T00:00:00Z' }));
		expect(error?.message).toMatch(/^"Date To" \(2026-11-01T00:00:00Z\) is before "Date From"/);
		expect(sim.requests).toHaveLength(0);
	});

	test('a Limit that is not a whole number is refused before any call', async () => {
		const { error } = await runNode(historyNode({ limit: '={{ -3 }}' }));
		expect(error?.message).toMatch(/^"Limit" must be a whole number of at least 1/);
		expect(sim.requests).toHaveLength(0);
	});

	test('raw keeps ClickSend\'s types: unix date as a number, price as a string', async () => {
		sim.seedHistory(3);
		const { outputs } = await runNode(historyNode({ output: 'raw' }));
		const [first] = jsonOf(outputs);
		expect(typeof first.date).toBe('number');
		expect(first.message_price).toBe('0.0770');
		expect(first).toHaveProperty('_api_username', 'sandbox');
	});
});

describe('SMS → Export History', () => {
	test('outputs the download link and the CSV as binary data, fetched from the API host with its Basic auth', async () => {
		sim.seedHistory(40);
		const { outputs, error } = await runNode(
			node({ resource: 'sms', operation: 'exportHistory', fileName: 'november', filters: { status: 'Failed' } }),
		);
		expect(error).toBeUndefined();
		const [exportCall] = calls(/^GET \/v3\/sms\/history\/export$/);
		expect(exportCall.query).toMatchObject({ filename: 'november.csv', q: 'status:Failed', order_by: 'date:asc' });
		// The simulator serves the SMS export on the API host's /files/ like the MMS one (the real
		// SMS link is presigned storage elsewhere): the key goes to the API host and nowhere else.
		const download = calls(/^GET \/files\//);
		expect(download).toHaveLength(1);
		expect(download[0].headers.authorization).toBe(basic);
		const [item] = outputs[0];
		expect(item.json).toMatchObject({ url: expect.stringMatching(/\/files\/[0-9A-F-]+\?filename=november\.csv$/), fileName: 'november.csv' });
		expect(item.binary?.data).toMatchObject({ fileName: 'november.csv', mimeType: 'text/csv' });
		const csv = Buffer.from(item.binary!.data.data, 'base64').toString('utf8').trim().split('\n');
		const failed = sim.history.filter((message) => message.status === 'Failed');
		expect(csv).toHaveLength(failed.length + 1);
		expect(csv[0]).toMatch(/^direction,date,to,body/);
		expect(csv[1]).toContain(failed[0].message_id);
	});

	test('more messages than ClickSend\'s default 15: the history total for the same filters sizes the export, and the file holds them all', async () => {
		sim.seedHistory(40);
		const { outputs, error } = await runNode(node({ resource: 'sms', operation: 'exportHistory' }));
		expect(error).toBeUndefined();
		const [count] = calls(/^GET \/v3\/sms\/history$/);
		expect(count.query).toMatchObject({ page: '1', limit: '15', order_by: 'date:asc' });
		const [exportCall] = calls(/^GET \/v3\/sms\/history\/export$/);
		// 40 in the history, and room for 100 arriving meanwhile.
		expect(exportCall.query).toMatchObject({ page: '1', limit: '140' });
		const csv = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8').trim().split('\n');
		expect(csv).toHaveLength(41);
		expect(outputs[0][0].json).toMatchObject({ historyTotal: 40, rows: 40 });
	});

	test('an export file with fewer messages than the history has for its filters is refused, not output', async () => {
		sim.seedHistory(20);
		sim.inject({
			match: /^GET \/v3\/sms\/history$/,
			fault: {
				type: 'rewrite',
				rewrite: (answer) => {
					const body = answer.body as { data: IDataObject };
					return { ...answer, body: { ...body, data: { ...body.data, total: 25 } } };
				},
			},
		});
		const { outputs, error } = await runNode(node({ resource: 'sms', operation: 'exportHistory' }));
		expect(outputs).toEqual([]);
		expect(error?.message).toBe("ClickSend's export holds 20 messages where its history has 25 for the same filters");
	});

	test('with Download File off, only the link', async () => {
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'exportHistory', downloadFile: false }));
		expect(outputs[0][0].binary).toBeUndefined();
		expect(calls(/^GET \/files\//)).toHaveLength(0);
		expect(outputs[0][0].json.fileName).toBe('export.csv');
	});
});

describe('SMS → Cancel Scheduled', () => {
	test('one message by ID, then all', async () => {
		const future = new Date(Date.now() + 86_400_000).toISOString();
		const sent = await runNode(
			node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Later', additionalFields: { schedule: future } }),
			[{ to: '+61411000001' }, { to: '+61411000002' }, { to: '+61411000003' }],
		);
		const ids = jsonOf(sent.outputs).map((item) => item.id as string);
		expect(jsonOf(sent.outputs).map((item) => item.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);

		const one = await runNode(node({ resource: 'sms', operation: 'cancelScheduled', messageId: ids[1] }));
		expect(calls(/^PUT /).map((call) => call.path)).toEqual([`/v3/sms/${ids[1]}/cancel`]);
		expect(jsonOf(one.outputs)).toEqual([{ cancelled: 'one', messageId: ids[1], status: 'Cancelled' }]);

		const all = await runNode(node({ resource: 'sms', operation: 'cancelScheduled', cancelScope: 'all' }));
		expect(calls(/^PUT /).map((call) => call.path)).toEqual([`/v3/sms/${ids[1]}/cancel`, '/v3/sms/cancel-all']);
		expect(jsonOf(all.outputs)).toEqual([{ cancelled: 'all', count: 2 }]);
		expect(sim.history.map((message) => message.status)).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
	});

	test('an unknown message ID: ClickSend\'s 404 message on the item', async () => {
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'cancelScheduled', messageId: 'NOPE' }, { continueOnFail: true }));
		expect(jsonOf(outputs)).toEqual([{ error: 'ClickSend: Message not found.', details: { description: 'Provider code: NOT_FOUND.' } }]);
	});
});

describe('SMS → Get Inbound and Get Delivery Receipts', () => {
	beforeEach(() => sim.seedInboundAndReceipts(20, { end: 1_790_000_000 }));

	test('inbound messages, normalized and raw', async () => {
		const simplified = await runNode(node({ resource: 'sms', operation: 'getInbound', limit: 5 }));
		expect(calls(/^GET \/v3\/sms\/inbound$/)[0].query).toEqual({ page: '1', limit: '15' });
		expect(jsonOf(simplified.outputs)).toHaveLength(5);
		expect(jsonOf(simplified.outputs)[1]).toMatchObject({
			direction: 'inbound',
			status: 'received',
			from: '+61411000001',
			to: '+61400000000',
			body: 'STOP',
			reference: 'order-1',
			sentAt: new Date((1_790_000_000 - 19 * 60) * 1000).toISOString().replace('.000', ''),
		});
		const raw = await runNode(node({ resource: 'sms', operation: 'getInbound', returnAll: true, output: 'raw' }));
		expect(jsonOf(raw.outputs)).toHaveLength(20);
		expect(jsonOf(raw.outputs)[1]).toMatchObject({ _keyword: 'stop', original_body: 'Your order has shipped' });
	});

	test('receipts: 201 is delivered, 301 failed with the error text', async () => {
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getReceipts', returnAll: true }));
		const items = jsonOf(outputs);
		expect(items).toHaveLength(20);
		expect(items[0]).toMatchObject({ status: 'delivered', providerStatus: 'Delivered', reference: 'order-0', error: null });
		expect(items[4]).toMatchObject({ status: 'failed', providerStatus: 'Failed', error: 'Unknown subscriber' });
		const raw = await runNode(node({ resource: 'sms', operation: 'getReceipts', limit: 1, output: 'raw' }));
		expect(jsonOf(raw.outputs)).toEqual([expect.objectContaining({ status_code: '201', message_type: 'sms' })]);
	});
});

describe('MMS → Send', () => {
	const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2048, 7)]);
	const jpg = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(1024, 3)]);
	const binaryItem = (json: IDataObject, content: Buffer, mimeType: string, fileName: string): INodeExecutionData => ({
		json,
		binary: { data: { data: content.toString('base64'), mimeType, fileName, fileExtension: fileName.split('.').pop() } },
	});
	const mmsNode = (extra: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
		node({ resource: 'mms', operation: 'send', to: '={{ $json.to }}', subject: 'Your photo', message: '={{ $json.text }}', from: 'MyShop', ...extra }, overrides);

	test('a binary image: uploaded once with convert=mms, then one call for all items sharing it', async () => {
		const input = [1, 2, 3].map((n) => binaryItem({ to: `+6141100000${n}`, text: `Photo ${n}` }, png, 'image/png', 'photo.png'));
		const { outputs, error } = await runNodeWithItems(mmsNode({ mediaSource: 'binary' }), input);
		expect(error).toBeUndefined();
		const uploads = calls(/^POST \/v3\/uploads$/);
		expect(uploads).toHaveLength(1);
		expect(uploads[0].query).toEqual({ convert: 'mms' });
		expect(Buffer.from((uploads[0].body as { content: string }).content, 'base64').equals(png)).toBe(true);
		const sends = calls(/^POST \/v3\/mms\/send$/);
		expect(sends).toHaveLength(1);
		const body = sends[0].body as { media_file: string; messages: IDataObject[] };
		expect(body.media_file).toMatch(new RegExp(`^${sim.baseUrl}/_mms/[0-9A-F-]+\\.jpg$`));
		expect(body.messages).toEqual([1, 2, 3].map((n) => ({ to: `+6141100000${n}`, body: `Photo ${n}`, subject: 'Your photo', from: 'MyShop', source: 'n8n' })));
		const items = jsonOf(outputs);
		expect(items.map((item) => [item.to, item.subject, item.mediaUrl, item.status, item.segments, item.price])).toEqual(
			[1, 2, 3].map((n) => [`+6141100000${n}`, 'Your photo', body.media_file, 'queued', 1, 0.242]),
		);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sim.acceptedTotal).toBe(3);
	});

	test('items with different media are grouped into one call per image', async () => {
		const other = Buffer.concat([png, Buffer.from('different')]);
		const input = [
			binaryItem({ to: '+61411000001', text: 'A' }, png, 'image/png', 'a.png'),
			binaryItem({ to: '+61411000002', text: 'B' }, other, 'image/png', 'b.png'),
			binaryItem({ to: '+61411000003', text: 'C' }, png, 'image/png', 'a.png'),
		];
		const { outputs } = await runNodeWithItems(mmsNode({ mediaSource: 'binary' }), input);
		expect(calls(/uploads/)).toHaveLength(2);
		const sends = calls(/^POST \/v3\/mms\/send$/).map((call) => (call.body as { messages: IDataObject[] }).messages.map((message) => message.to));
		expect(sends).toEqual([['+61411000001', '+61411000003'], ['+61411000002']]);
		expect(jsonOf(outputs).map((item) => item.to)).toEqual(['+61411000001', '+61411000002', '+61411000003']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('a .jpg URL goes direct; a .png URL is fetched and converted first', async () => {
		const jpgUrl = `${sim.baseUrl}/_mms/${sim.storeFile(jpg, 'image/jpeg')}.jpg`;
		const pngUrl = `${sim.baseUrl}/_mms/${sim.storeFile(png, 'image/png')}.png`;
		await runNode(mmsNode({ mediaUrl: '={{ $json.media }}' }), [
			{ to: '+61411000001', text: 'jpg', media: jpgUrl },
			{ to: '+61411000002', text: 'png', media: pngUrl },
		]);
		const uploads = calls(/uploads/);
		expect(uploads).toHaveLength(1);
		expect(Buffer.from((uploads[0].body as { content: string }).content, 'base64').equals(png)).toBe(true);
		const media = calls(/^POST \/v3\/mms\/send$/).map((call) => (call.body as { media_file: string }).media_file);
		expect(media[0]).toBe(jpgUrl);
		expect(media[1]).not.toBe(pngUrl);
		expect(calls(/^GET \/_mms\//).map((call) => call.headers.authorization)).toEqual([undefined]);
	});

	test('a PNG over 250 kB is converted, not refused: its JPG (a quarter of it in the simulator) is under 250 kB and is sent', async () => {
		const big = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(600 * 1024 - 8, 9)]);
		const { outputs, error } = await runNodeWithItems(mmsNode({ mediaSource: 'binary' }), [binaryItem({ to: '+61411000001', text: 'Big' }, big, 'image/png', 'big.png')]);
		expect(error).toBeUndefined();
		const [upload] = calls(/^POST \/v3\/uploads$/);
		expect(upload.query).toEqual({ convert: 'mms' });
		expect(Buffer.from((upload.body as { content: string }).content, 'base64').equals(big)).toBe(true);
		const [send] = calls(/^POST \/v3\/mms\/send$/);
		const mediaFile = (send.body as { media_file: string }).media_file;
		const id = /\/_mms\/([0-9A-F-]+)\.jpg$/.exec(mediaFile)![1];
		expect(sim.files.get(id)!.content.length).toBe(153_600);
		expect(jsonOf(outputs)).toEqual([expect.objectContaining({ to: '+61411000001', status: 'queued', mediaUrl: mediaFile })]);
	});

	test('a PNG whose converted JPG is still over 250 kB: ClickSend refuses the message with INVALID_MEDIA_FILE', async () => {
		const huge = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1200 * 1024 - 8, 9)]);
		const { outputs, error } = await runNodeWithItems(mmsNode({ mediaSource: 'binary' }, { continueOnFail: true }), [binaryItem({ to: '+61411000001', text: 'Huge' }, huge, 'image/png', 'huge.png')]);
		expect(error).toBeUndefined();
		expect(calls(/^POST \/v3\/uploads$/)).toHaveLength(1);
		const [send] = calls(/^POST \/v3\/mms\/send$/);
		const id = /\/_mms\/([0-9A-F-]+)\.jpg$/.exec((send.body as { media_file: string }).media_file)![1];
		expect(sim.files.get(id)!.content.length).toBe(307_200);
		expect(jsonOf(outputs)).toEqual([
			{ error: 'ClickSend rejected the message to +61411000001: INVALID_MEDIA_FILE', details: { providerStatus: 'INVALID_MEDIA_FILE', reference: null, to: '+61411000001' } },
		]);
		expect(sim.acceptedTotal).toBe(0);
	});

	test("a message ClickSend refuses with a status_text: the item's error carries ClickSend's words", async () => {
		sim.inject({
			match: /^POST \/v3\/mms\/send$/,
			fault: {
				type: 'rewrite',
				rewrite: (answer) => {
					const body = answer.body as { data: { messages: IDataObject[] } };
					const messages = body.data.messages.map((message) => ({ ...message, status: 'INVALID_MEDIA_FILE', status_text: 'Unable to process your MMS for sending.' }));
					return { ...answer, body: { ...body, data: { ...body.data, messages } } };
				},
			},
		});
		const { outputs, error } = await runNode(mmsNode({ mediaUrl: 'https://cdn.example.com/a.gif' }, { continueOnFail: true }), [{ to: '+61411000001', text: 'x' }]);
		expect(error).toBeUndefined();
		expect(jsonOf(outputs)).toEqual([
			{
				error: 'ClickSend rejected the message to +61411000001: INVALID_MEDIA_FILE: Unable to process your MMS for sending.',
				details: { providerStatus: 'INVALID_MEDIA_FILE', reference: null, to: '+61411000001' },
			},
		]);
	});

	test('a URL without a file extension is fetched (without the key) and converted, not refused', async () => {
		const url = `${sim.baseUrl}/_mms/${sim.storeFile(png, 'image/png')}`;
		const { outputs, error } = await runNode(mmsNode({ mediaUrl: url }), [{ to: '+61411000001', text: 'No extension' }]);
		expect(error).toBeUndefined();
		expect(calls(/^GET \/_mms\//).map((call) => [call.path, call.headers.authorization])).toEqual([[new URL(url).pathname, undefined]]);
		const [upload] = calls(/^POST \/v3\/uploads$/);
		expect(Buffer.from((upload.body as { content: string }).content, 'base64').equals(png)).toBe(true);
		const mediaFile = (calls(/^POST \/v3\/mms\/send$/)[0].body as { media_file: string }).media_file;
		expect(mediaFile).toMatch(new RegExp(`^${sim.baseUrl}/_mms/[0-9A-F-]+\\.jpg$`));
		expect(jsonOf(outputs)).toEqual([expect.objectContaining({ status: 'queued', mediaUrl: mediaFile })]);
	});

	test('a contact list: every contact is a result paired to the item; the list counts toward 1,000', async () => {
		const { outputs } = await runNode(mmsNode({ recipientType: 'list', listId: { __rl: true, mode: 'list', value: '428' }, message: 'Hi all', mediaUrl: 'https://cdn.example.com/a.gif' }));
		expect(calls(/^GET \/v3\/lists\/428$/)).toHaveLength(1);
		const [send] = calls(/^POST \/v3\/mms\/send$/);
		expect((send.body as { messages: IDataObject[] }).messages).toEqual([{ list_id: 428, body: 'Hi all', subject: 'Your photo', from: 'MyShop', source: 'n8n' }]);
		expect(jsonOf(outputs).map((item) => item.to)).toEqual(['+61411000001', '+61411000002', '+61411000003']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	test('a list counts with its contacts toward the 1,000 recipients of an MMS call', async () => {
		const input: IDataObject[] = Array.from({ length: 998 }, (_, index) => ({ to: `+6141${String(index).padStart(7, '0')}`, type: 'phoneNumber' }));
		input.push({ type: 'list' });
		const { outputs, error } = await runNode(
			mmsNode({ recipientType: '={{ $json.type }}', listId: { __rl: true, mode: 'id', value: '428' }, message: 'Hi', mediaUrl: 'https://cdn.example.com/a.gif' }),
			input,
		);
		expect(error).toBeUndefined();
		// 998 numbers + a list of 3 contacts is 1,001 recipients: the list goes in a second call.
		const sends = calls(/^POST \/v3\/mms\/send$/).map((call) => (call.body as { messages: IDataObject[] }).messages);
		expect(sends.map((messages) => messages.length)).toEqual([998, 1]);
		expect(sends[1]).toEqual([{ list_id: 428, body: 'Hi', subject: 'Your photo', from: 'MyShop', source: 'n8n' }]);
		expect(outputs[0]).toHaveLength(1001);
		expect(outputs[0].slice(998).map((item) => item.pairedItem)).toEqual([{ item: 998 }, { item: 998 }, { item: 998 }]);
	});

	test('raw output keeps _media_file_url and the string prices', async () => {
		const { outputs } = await runNode(mmsNode({ mediaUrl: 'https://cdn.example.com/a.gif', output: 'raw' }), [{ to: '+61411000001', text: 'x' }]);
		expect(jsonOf(outputs)[0]).toMatchObject({ _media_file_url: 'https://cdn.example.com/a.gif', message_price: '0.2420', message_parts: '1.00' });
	});

	test.each([
		['a GIF over 250 kB (sent as it is, not converted)', { mediaSource: 'binary' }, binaryItem({ to: '+61411000001', text: 'x' }, Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(251 * 1024 - 6)]), 'image/gif', 'big.gif'), /^"Input Binary Field" is 251 kB; an MMS attachment may be at most 250 kB/],
		['a binary property that is not there', { mediaSource: 'binary', binaryPropertyName: 'photo' }, binaryItem({ to: '+61411000001', text: 'x' }, png, 'image/png', 'a.png'), /^"Input Binary Field" "photo" is not on the input item; it has binary fields "data"/],
		['an unsupported type', { mediaSource: 'binary' }, binaryItem({ to: '+61411000001', text: 'x' }, png, 'application/pdf', 'a.pdf'), /an MMS takes a JPG, JPEG, GIF, PNG or BMP image/],
		['a .webp URL', { mediaUrl: 'https://cdn.example.com/a.webp' }, { json: { to: '+61411000001', text: 'x' } }, /^"Media URL" points to a \.webp file/],
		['a subject over 20 characters', { subject: 'This subject is far too long', mediaUrl: 'https://cdn.example.com/a.gif' }, { json: { to: '+61411000001', text: 'x' } }, /^"Subject" is 28 characters long; an MMS subject has at most 20/],
		['a body over 500 Unicode characters', { mediaUrl: 'https://cdn.example.com/a.gif' }, { json: { to: '+61411000001', text: 'é€😀'.repeat(200) } }, /^"Message" is 600 characters long; an MMS takes at most 500 when it has characters outside GSM/],
	])('rejects %s before anything is sent', async (_, extra, item, message) => {
		const { error } = await runNodeWithItems(mmsNode(extra as IDataObject), [item as INodeExecutionData]);
		expect(error?.message).toMatch(message);
		expect(calls(/^POST /)).toHaveLength(0);
	});
});

describe('MMS → Get Price, Get History, Export History', () => {
	test('price: per message, nothing sent', async () => {
		const { outputs } = await runNode(node({ resource: 'mms', operation: 'getPrice', to: '+61411000001', subject: 'S', message: 'Body', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif' }));
		const [call] = calls(/^POST \/v3\/mms\/price$/);
		expect(call.body).toEqual({ media_file: 'https://cdn.example.com/a.gif', messages: [{ to: '+61411000001', body: 'Body', subject: 'S', from: 'MyShop', source: 'n8n' }] });
		expect(jsonOf(outputs)).toEqual([expect.objectContaining({ accepted: true, price: 0.242, segments: 1, subject: 'S', currency: 'AUD' })]);
		expect(sim.mmsHistory).toHaveLength(0);
		const raw = await runNode(node({ resource: 'mms', operation: 'getPrice', to: '+61411000001', subject: 'S', message: 'Body', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif', output: 'raw' }));
		expect(jsonOf(raw.outputs)[0]).toMatchObject({ message_price: '0.2420', message_parts: '1.00', _media_file_url: 'https://cdn.example.com/a.gif', status: 'SUCCESS' });
	});

	test('history: "Queued:WaitSend" is queued, "1.00" parts is 1, date_added is ISO; raw keeps them', async () => {
		sim.seedMmsHistory(8, { end: 1_467_400_000 });
		const { outputs } = await runNode(node({ resource: 'mms', operation: 'getHistory', returnAll: true }));
		const items = jsonOf(outputs);
		expect(items).toHaveLength(8);
		expect(items[0]).toMatchObject({ status: 'queued', providerStatus: 'Queued:WaitSend', segments: 1, price: 2.42, subject: 'This is a subject', mediaUrl: expect.stringContaining('/_mms/SEED-0.gif') });
		expect(items[0].sentAt).toBe(new Date((1_467_400_000 - 8 * 60) * 1000).toISOString().replace('.000', ''));
		// ClickSend's own words for the failure (doc 000's status_text), not the bare status.
		expect(items[2]).toMatchObject({ status: 'failed', providerStatus: 'Failed', error: 'Unable to process your MMS for sending.' });
		expect(items.filter((item) => item.status !== 'failed').map((item) => item.error)).toEqual([null, null, null, null, null, null]);
		const raw = await runNode(node({ resource: 'mms', operation: 'getHistory', limit: 2, output: 'raw' }));
		expect(jsonOf(raw.outputs)[0]).toMatchObject({ status: 'Queued:WaitSend', message_parts: '1.00', date_added: 1_467_400_000 - 8 * 60 });
	});

	test('history: a failed MMS with an error_text too carries both, status_text first', async () => {
		sim.seedMmsHistory(1, { end: 1_467_400_000 });
		sim.mmsHistory[0].status = 'Failed';
		sim.mmsHistory[0].status_code = '301';
		sim.mmsHistory[0].status_text = 'Unable to process your MMS for sending.';
		sim.mmsHistory[0].error_text = 'Handset does not accept MMS';
		const { outputs } = await runNode(node({ resource: 'mms', operation: 'getHistory', returnAll: true }));
		expect(jsonOf(outputs)).toEqual([
			expect.objectContaining({ status: 'failed', providerStatus: 'Failed', error: 'Unable to process your MMS for sending. (Handset does not accept MMS)' }),
		]);
	});

	test('history orders by date_added (MMS rows have no date, doc 000): Newest First is date_added:desc', async () => {
		sim.seedMmsHistory(6, { end: 1_467_400_000 });
		const { outputs, error } = await runNode(node({ resource: 'mms', operation: 'getHistory', returnAll: true, orderBy: 'date:desc' }));
		expect(error).toBeUndefined();
		expect(calls(/^GET \/v3\/mms\/history$/).map((call) => call.query.order_by)).toEqual(['date_added:desc']);
		expect(jsonOf(outputs).map((item) => item.body)).toEqual(['Seeded MMS 6', 'Seeded MMS 5', 'Seeded MMS 4', 'Seeded MMS 3', 'Seeded MMS 2', 'Seeded MMS 1']);
		const oldest = await runNode(node({ resource: 'mms', operation: 'getHistory', limit: 2 }));
		expect(oldest.error).toBeUndefined();
		expect(calls(/^GET \/v3\/mms\/history$/).map((call) => call.query.order_by)).toEqual(['date_added:desc', 'date_added:asc']);
		expect(jsonOf(oldest.outputs).map((item) => item.body)).toEqual(['Seeded MMS 1', 'Seeded MMS 2']);
	});

	test('export orders by date_added, in its count and in the export', async () => {
		sim.seedMmsHistory(4);
		const { error } = await runNode(node({ resource: 'mms', operation: 'exportHistory', orderBy: 'date:desc', downloadFile: false }));
		expect(error).toBeUndefined();
		expect(calls(/^GET \/v3\/mms\/history(\/export)?$/).map((call) => [call.path, call.query.order_by])).toEqual([
			['/v3/mms/history', 'date_added:desc'],
			['/v3/mms/history/export', 'date_added:desc'],
		]);
	});

	test('Skip Already Sent reads MMS history ordered by date_added:asc, and skips what was sent', async () => {
		const send = () => runNode(node({ resource: 'mms', operation: 'send', to: '+61411000001', subject: 'S', message: 'Once', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif', options: { skipAlreadySent: true } }));
		const first = await send();
		expect(first.error).toBeUndefined();
		const second = await send();
		expect(second.error).toBeUndefined();
		expect(calls(/^GET \/v3\/mms\/history$/).map((call) => call.query.order_by)).toEqual(['date_added:asc', 'date_added:asc']);
		expect(calls(/^POST \/v3\/mms\/send$/)).toHaveLength(1);
		expect(jsonOf(second.outputs)).toEqual([expect.objectContaining({ skipped: true, to: '+61411000001' })]);
	});

	test('export: the file name is always sent (MMS requires it); the link is on the API host, so the CSV is fetched with the Basic auth', async () => {
		sim.seedMmsHistory(5);
		const { outputs, error } = await runNode(node({ resource: 'mms', operation: 'exportHistory', fileName: 'mms.csv' }));
		expect(error).toBeUndefined();
		expect(calls(/^GET \/v3\/mms\/history\/export$/)[0].query.filename).toBe('mms.csv');
		const url = outputs[0][0].json.url as string;
		expect(url).toMatch(new RegExp(`^${sim.baseUrl}/files/[0-9A-F-]{36}\\?filename=mms\\.csv$`));
		const downloads = calls(/^GET \/files\//);
		expect(downloads.map((call) => call.headers.authorization)).toEqual([basic]);
		const csv = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8').trim().split('\n');
		expect(csv).toHaveLength(6);
		// The same link without the credential: ClickSend's 401 envelope.
		const bare = await fetch(url);
		expect(bare.status).toBe(401);
		expect(await bare.json()).toEqual({ http_code: 401, response_code: 'UNAUTHORIZED', response_msg: 'Invalid credentials. Check your API username and key.', data: null });
	});

	test("export: /files/ refusing the download shows ClickSend's own message, not its raw JSON", async () => {
		sim.seedMmsHistory(2);
		sim.inject({ match: /^GET \/files\//, fault: { type: 'status', status: 403, body: { http_code: 403, response_code: 'FORBIDDEN', response_msg: 'You do not have access to this file.', data: null } } });
		const { error } = await runNode(node({ resource: 'mms', operation: 'exportHistory' }));
		expect(error?.message).toBe('ClickSend: You do not have access to this file.');
		expect(error?.description).toBe('Provider code: FORBIDDEN.');
	});

	test('export: a link on another host (presigned storage) is fetched without the key', async () => {
		sim.seedMmsHistory(3);
		const storage = new SimulatorServer('storage');
		const csv = 'message_id,to\r\nA,+61411000001\r\nB,+61411000002\r\nC,+61411000003\r\n';
		storage.route('GET', '/exports/:id', () => ({ status: 200, raw: csv, headers: { 'content-type': 'text/csv' } }));
		await storage.start();
		try {
			sim.inject({
				match: /^GET \/v3\/mms\/history\/export$/,
				fault: { type: 'rewrite', rewrite: (answer) => ({ ...answer, body: { ...(answer.body as IDataObject), data: { url: `${storage.baseUrl}/exports/E1?X-Amz-Expires=1200` } } }) },
			});
			const { outputs, error } = await runNode(node({ resource: 'mms', operation: 'exportHistory' }));
			expect(error).toBeUndefined();
			expect(storage.requests.map((request) => [request.path, request.headers.authorization])).toEqual([['/exports/E1', undefined]]);
			expect(JSON.stringify(storage.requests)).not.toContain(API_KEY);
			expect(calls(/^GET \/files\//)).toHaveLength(0);
			expect(Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8')).toBe(csv);
			expect(outputs[0][0].json).toMatchObject({ rows: 3, historyTotal: 3 });
		} finally {
			await storage.stop();
		}
	});
});

describe('Account → Get', () => {
	test('balance as a number with its currency; raw is ClickSend\'s object', async () => {
		const { outputs } = await runNode(node({ resource: 'account', operation: 'get' }));
		expect(jsonOf(outputs)).toEqual([
			{ provider: 'clicksend', username: 'sandbox', userId: 1000, email: 'sandbox@example.com', balance: 100_000, currency: 'AUD', active: true },
		]);
		const raw = await runNode(node({ resource: 'account', operation: 'get', output: 'raw' }));
		expect(jsonOf(raw.outputs)[0]).toMatchObject({ balance: '100000.000000', _currency: { currency_name_short: 'AUD' } });
		expect(calls(/^GET \/v3\/account$/)).toHaveLength(2);
	});
});

describe('pickers', () => {
	test('From lists the dedicated numbers; Contact List lists the lists, filtered by search', async () => {
		const numbers = await listSearch(node({}), 'searchDedicatedNumbers');
		expect(numbers.results).toEqual([
			{ name: '+61400000000 (Australia)', value: '+61400000000' },
			{ name: '+61400000001 (Australia)', value: '+61400000001' },
			{ name: '+14055550100 (United States)', value: '+14055550100' },
		]);
		const lists = await listSearch(node({}), 'searchLists', 'staff');
		expect(lists.results).toEqual([{ name: 'Staff (2 contacts)', value: '429' }]);
		expect(calls(/^GET \/v3\/(numbers|lists)$/).map((call) => [call.path, call.query.limit, call.headers.authorization])).toEqual([
			['/v3/numbers', '100', basic],
			['/v3/lists', '100', basic],
		]);
	});

	test('SMS Send takes a number picked from the list as From', async () => {
		await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi', from: { __rl: true, mode: 'list', value: '+61400000001' } }));
		expect((calls(/sms\/send/)[0].body as { messages: IDataObject[] }).messages[0].from).toBe('+61400000001');
	});
});

describe('parallel paging', () => {
	test('Parallel Requests bounds the pages in flight; results stay complete and in order', async () => {
		sim.seedHistory(1500);
		sim.latencyMs = 20;
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, pagingOptions: { parallelRequests: 3 } }));
		expect(jsonOf(outputs).map((item) => item.id)).toEqual(sim.history.map((message) => message.message_id));
		expect(calls(/history/)).toHaveLength(15);
		expect(sim.maxInFlight).toBe(3);
	});

	test('by default 8 pages are in flight once the first page gives the total', async () => {
		sim.seedHistory(2000);
		sim.latencyMs = 20;
		await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true }));
		expect(sim.maxInFlight).toBe(8);
		expect(calls(/history/)[0].inFlight).toBe(1);
	});

	test('a 429 with Retry-After while paging: waits, lowers the pages in flight, and still returns every message once', async () => {
		sim.seedHistory(2000);
		sim.latencyMs = 20;
		sim.inject({ match: /history/, fault: { type: 'status', status: 429, retryAfter: '1', body: { http_code: 429, response_code: 'TOO_MANY_REQUESTS', response_msg: 'Too many attempts.', data: null } } });
		const { outputs, error } = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true }));
		expect(error).toBeUndefined();
		const ids = jsonOf(outputs).map((item) => item.id);
		expect(ids).toEqual(sim.history.map((message) => message.message_id));
		const history = calls(/history/);
		expect(history).toHaveLength(21); // 20 pages + the one answered with 429
		// The 429 hit the first page: after the wait the pages go 4 at a time (half of 8), then
		// the pace recovers one step per run of successes.
		expect(history[1].at - history[0].at).toBeGreaterThanOrEqual(950);
		const afterWait = history.slice(2);
		expect(Math.max(...afterWait.slice(0, 4).map((call) => call.inFlight))).toBeLessThanOrEqual(4);
		expect(Math.max(...afterWait.map((call) => call.inFlight))).toBeGreaterThanOrEqual(5);
	});

	test('Parallel Requests outside 1–16 is refused before any call', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'getHistory', pagingOptions: { parallelRequests: 50 } }));
		expect(error?.message).toMatch(/^"Parallel Requests" must be a whole number from 1 to 16, got 50/);
		expect(sim.requests).toHaveLength(0);
	});
});
