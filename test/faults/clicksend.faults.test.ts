/**
 * ClickSend under every standard fault, for each operation (see framework.ts for the rules).
 */

import { ClickSendSimulator } from '../simulators/clicksend';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import type { SimResponse } from '../simulators/framework';
import { describeFaultMatrix, recordOutcomes, standardFaults, type FaultMatrix, type FaultOperation, type FaultOutcome, type NamedFault } from './framework';

const sim = new ClickSendSimulator();
const node = (parameters: Record<string, unknown>): NodeUnderTest => ({
	type: 'clickSend',
	parameters: parameters as NodeUnderTest['parameters'],
	credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: sim.baseUrl } },
});
const recipients = () => [0, 1, 2].map((index) => ({ to: `+6141100000${index}`, ref: `fault-${index}` }));

/** The real file cut inside its 11th row (mid-row: no line break after it, fewer cells than the header). */
const cutMidRow = (answer: SimResponse): SimResponse => {
	const text = Buffer.isBuffer(answer.raw) ? answer.raw.toString('utf8') : String(answer.raw ?? '');
	let at = -1;
	for (let line = 0; line < 11; line++) at = text.indexOf('\n', at + 1);
	if (at === -1) throw new Error('the export is too short to cut mid-row');
	return { ...answer, raw: Buffer.from(text.slice(0, at + 12), 'utf8') };
};
/** Bytes that are no CSV at all (a PNG's start and binary noise), labelled text/csv. */
const NOT_CSV = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), Buffer.from(Array.from({ length: 200 }, (_, index) => (index * 37 + 11) % 256))]);
/**
 * A CSV download's own faults, besides the standard ones (whose JSON fragments are garbage
 * files here too): the file must be complete and a CSV, else recovered by retry or a clear error.
 */
const downloadFaults: NamedFault[] = [
	{ name: 'truncated CSV (cut mid-row)', fault: { type: 'rewrite', rewrite: cutMidRow }, readsRecover: true },
	{
		name: 'an HTML page with HTTP 200',
		fault: { type: 'rewrite', rewrite: () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1></body></html>' }) },
		readsRecover: true,
	},
	{ name: 'non-CSV bytes with HTTP 200', fault: { type: 'rewrite', rewrite: (answer) => ({ ...answer, raw: NOT_CSV }) }, readsRecover: true },
	{ name: 'truncated CSV on every attempt', fault: { type: 'rewrite', rewrite: cutMidRow }, times: 50, readsRecover: false },
];

const operations: FaultOperation[] = [
	{ name: 'SMS Send', kind: 'send', match: /^POST \/v3\/sms\/send$/, items: recipients, node: () => node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hi', additionalFields: { reference: '={{ $json.ref }}' } }) },
	{ name: 'MMS Send', kind: 'send', match: /^POST \/v3\/mms\/send$/, items: recipients, node: () => node({ resource: 'mms', operation: 'send', to: '={{ $json.to }}', subject: 'S', message: 'Hi', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif', additionalFields: { reference: '={{ $json.ref }}' } }) },
	{ name: 'SMS Get Price', kind: 'read', match: /^POST \/v3\/sms\/price$/, items: recipients, node: () => node({ resource: 'sms', operation: 'getPrice', to: '={{ $json.to }}', message: 'Hi' }) },
	{ name: 'MMS Get Price', kind: 'read', match: /^POST \/v3\/mms\/price$/, items: recipients, node: () => node({ resource: 'mms', operation: 'getPrice', to: '={{ $json.to }}', subject: 'S', message: 'Hi', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif' }) },
	{ name: 'SMS Get History (Return All)', kind: 'read', match: /^GET \/v3\/sms\/history$/, items: () => [{}], prepare: () => sim.seedHistory(450), node: () => node({ resource: 'sms', operation: 'getHistory', returnAll: true }) },
	{ name: 'MMS Get History (Return All)', kind: 'read', match: /^GET \/v3\/mms\/history$/, items: () => [{}], prepare: () => sim.seedMmsHistory(230), node: () => node({ resource: 'mms', operation: 'getHistory', returnAll: true }) },
	{ name: 'SMS Export History', kind: 'read', match: /^GET \/v3\/sms\/history\/export$/, items: () => [{}], prepare: () => sim.seedHistory(40), node: () => node({ resource: 'sms', operation: 'exportHistory', downloadFile: false }) },
	{
		name: 'SMS Export download',
		kind: 'read',
		match: /^GET \/files\//,
		items: () => [{}],
		prepare: () => sim.seedHistory(40),
		node: () => node({ resource: 'sms', operation: 'exportHistory' }),
		ownFaults: downloadFaults,
	},
	{
		name: 'MMS Export download',
		kind: 'read',
		match: /^GET \/files\//,
		items: () => [{}],
		prepare: () => sim.seedMmsHistory(40),
		node: () => node({ resource: 'mms', operation: 'exportHistory' }),
		ownFaults: downloadFaults,
	},
	{ name: 'SMS Get Inbound', kind: 'read', match: /^GET \/v3\/sms\/inbound$/, items: () => [{}], prepare: () => sim.seedInboundAndReceipts(120, { end: 1_790_000_000 }), node: () => node({ resource: 'sms', operation: 'getInbound', returnAll: true }) },
	{ name: 'SMS Get Delivery Receipts', kind: 'read', match: /^GET \/v3\/sms\/receipts$/, items: () => [{}], prepare: () => sim.seedInboundAndReceipts(120, { end: 1_790_000_000 }), node: () => node({ resource: 'sms', operation: 'getReceipts', returnAll: true }) },
	{ name: 'Account Get', kind: 'read', match: /^GET \/v3\/account$/, items: () => [{}], node: () => node({ resource: 'account', operation: 'get' }) },
];

const matrix: FaultMatrix<ClickSendSimulator> = {
	provider: 'ClickSend',
	sim: () => sim,
	operations,
	faults: standardFaults({ http_code: 500, response_code: 'INTERNAL_SERVER_ERROR', response_msg: 'Something went wrong.', data: null }),
	accepted: () => sim.acceptedCount,
	reset: () => {
		sim.reset();
		sim.acceptedCount.clear();
		sim.history.length = 0;
		sim.mmsHistory.length = 0;
		sim.inbound.length = 0;
		sim.receipts.length = 0;
		sim.accounts.get('sandbox')!.balance = 1e6;
	},
};

const outcomes: FaultOutcome[] = [];
beforeAll(async () => {
	await sim.start();
});
afterAll(async () => {
	recordOutcomes('faults-clicksend', outcomes);
	await sim.stop();
});

describeFaultMatrix(matrix, outcomes);

test('history read while new messages arrive between pages: every message exactly once', async () => {
	matrix.reset();
	sim.seedHistory(600);
	sim.latencyMs = 10;
	let added = 0;
	sim.afterAnswer = (request) => {
		if (request.path === '/v3/sms/history' && added < 30) {
			sim.seedHistory(10, { seed: 100 + added, end: sim.now() + 3600 });
			added += 10;
		}
	};
	const run = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, pagingOptions: { parallelRequests: 4 } }), [{}]);
	const ids = (run.outputs[0] ?? []).map((item) => item.json.id as string);
	expect(new Set(ids).size).toBe(ids.length);
	// Everything that existed when the read began is there, in order; the newcomers come at the end.
	const original = sim.history.slice(0, 600).map((message) => message.message_id);
	expect(ids.slice(0, 600)).toEqual(original);
	outcomes.push({ provider: 'ClickSend', operation: 'SMS Get History (Return All)', fault: 'messages arriving while paging', outcome: `${ids.length} messages, each once (${added} arrived during the read)`, ok: true, duplicates: 0, lost: 0, calls: sim.recorded(/history/).length });
});

test('wrong credentials: every operation fails with ClickSend\'s message, no retry', async () => {
	for (const operation of operations.filter((candidate) => !/download/.test(candidate.name))) {
		matrix.reset();
		operation.prepare?.();
		const bad = operation.node();
		bad.credentials = { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-REVOKED-KEY-0001', baseUrl: sim.baseUrl } };
		const run = await runNode(bad, operation.items());
		expect(run.error?.message).toBe('ClickSend: Invalid credentials. Check your API username and key.');
		expect(sim.requests.filter((request) => operation.match.test(`${request.method} ${request.path}`)).length).toBeLessThanOrEqual(1);
		outcomes.push({ provider: 'ClickSend', operation: operation.name, fault: 'wrong or revoked API key', outcome: `failed clearly: ${run.error!.message}`, ok: true, duplicates: 0, lost: 0, calls: sim.requests.length });
	}
});
