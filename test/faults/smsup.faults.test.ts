/**
 * smsup.ch under every standard fault, for each operation (see framework.ts for the rules), plus
 * what smsup.ch has of its own: errors signalled by a body `status` inside an HTTP 200, an XML
 * answer where JSON was asked for (smsup.ch answers XML unless the request asks for JSON), and
 * a wrong token reported as status −1 (with HTTP 200, or 401).
 */
import { DateTime } from 'luxon';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator, toXml } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { describeFaultMatrix, recordOutcomes, standardFaults, type FaultMatrix, type FaultOperation, type FaultOutcome, type NamedFault } from './framework';

const sim = new SmsUpSimulator();
/** History is seeded up to this moment (one message a minute), so every read names the same range. */
const END = DateTime.utc().startOf('minute');
const range = { dateFrom: END.minus({ days: 3 }).toISO(), dateTo: END.toISO() };
const HISTORY_SIZE = 2500;

const node = (parameters: Record<string, unknown>, token = SMSUP_SANDBOX_TOKEN): NodeUnderTest => ({
	type: 'smsUp',
	parameters: parameters as NodeUnderTest['parameters'],
	credentials: { smsUpApi: { apiToken: token, baseUrl: sim.baseUrl } },
});
const recipients = () => [0, 1, 2].map((index) => ({ to: `+4178100000${index}`, text: `Your code is 10${index}`, ref: `fault-${index}` }));
const send = { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields: { reference: '={{ $json.ref }}' } };
const seedHistory = () => sim.seedHistory(HISTORY_SIZE, { end: END });
/** A harmless fault taken by the first matching call, so the real one hits the second (a later page). */
const onLaterPage = (match: RegExp) => () => {
	seedHistory();
	sim.inject({ match, fault: { type: 'delay', ms: 0 }, times: 1 });
};

const MESSAGES = /^GET \/messages$/;
const operations: FaultOperation[] = [
	{ name: 'SMS Send', kind: 'send', match: /^POST \/send$/, items: recipients, node: () => node(send) },
	{ name: 'SMS Send as Campaign', kind: 'send', match: /^POST \/send$/, items: recipients, node: () => node({ ...send, sendAsCampaign: true }) },
	{ name: 'SMS Get Price', kind: 'read', match: /^POST \/send\/simulate$/, items: recipients, node: () => node({ ...send, operation: 'getPrice' }) },
	{
		name: 'SMS Get Price as Campaign',
		kind: 'read',
		match: /^POST \/send\/simulate$/,
		items: recipients,
		node: () => node({ ...send, operation: 'getPrice', sendAsCampaign: true }),
	},
	{
		name: 'SMS Get History (Return All)',
		kind: 'read',
		match: MESSAGES,
		items: () => [{}],
		prepare: seedHistory,
		node: () => node({ resource: 'sms', operation: 'getHistory', returnAll: true, ...range }),
	},
	{
		name: 'SMS Get History (Return All), fault on page 2',
		kind: 'read',
		match: MESSAGES,
		items: () => [{}],
		prepare: onLaterPage(MESSAGES),
		node: () => node({ resource: 'sms', operation: 'getHistory', returnAll: true, output: 'raw', ...range }),
	},
	{
		name: 'SMS Export History',
		kind: 'read',
		match: MESSAGES,
		items: () => [{}],
		prepare: seedHistory,
		node: () => node({ resource: 'sms', operation: 'exportHistory', ...range }),
	},
	{
		name: 'SMS Export History, fault on page 2',
		kind: 'read',
		match: MESSAGES,
		items: () => [{}],
		prepare: onLaterPage(MESSAGES),
		node: () => node({ resource: 'sms', operation: 'exportHistory', format: 'json', ...range }),
	},
	{
		name: 'Campaign Get',
		kind: 'read',
		match: /^GET \/campaign\/\d+$/,
		prepare: () => sim.seedHistory(30, { end: END }),
		items: () => sim.campaigns.slice(0, 3).map((campaign) => ({ id: String(campaign.id) })),
		node: () => node({ resource: 'campaign', operation: 'get', campaignId: '={{ $json.id }}' }),
	},
	{
		name: 'Campaign Get Many (Return All)',
		kind: 'read',
		match: /^GET \/campaigns$/,
		items: () => [{}],
		prepare: seedHistory,
		node: () => node({ resource: 'campaign', operation: 'getMany', returnAll: true }),
	},
	{ name: 'Account Get Credits', kind: 'read', match: /^GET \/credits$/, items: () => [{}], node: () => node({ resource: 'account', operation: 'getCredits' }) },
];

const faults: NamedFault[] = [
	...standardFaults({ status: -99, message: 'Unknown error' }).map((fault) =>
		fault.name === 'truncated page'
			? {
					...fault,
					fault: { type: 'malformed' as const, raw: '{"status":1,"message":"OK","totalRecords":2500,"totalDisplayRecords":2500,"messages":[{"campaign_id":14672468,"message_id":50' },
				}
			: fault,
	),
	// smsup.ch answers XML unless asked for JSON (notes §3.1): an answer that lost the negotiation on the way.
	{
		name: 'XML instead of JSON',
		fault: { type: 'malformed', raw: toXml({ status: 1, message: 'OK', credits: '10000', totalRecords: 1, messages: [{ message_id: 1 }] }) },
		readsRecover: true,
	},
	// smsup.ch signals errors in the body's `status`, with HTTP 200 (notes §3.1).
	{
		name: 'status −99 (unknown error) in an HTTP 200, after the call took effect',
		fault: { type: 'malformed', raw: JSON.stringify({ status: -99, message: 'Unknown error' }) },
		readsRecover: false,
	},
	{
		name: 'status −7 (data error) in an HTTP 200',
		fault: { type: 'status', status: 200, body: { status: -7, message: 'Data error', details: 'text is required' } },
		readsRecover: false,
		refusal: true,
	},
	{
		name: 'status −3 (not enough credits) in an HTTP 200',
		fault: { type: 'status', status: 200, body: { status: -3, message: 'Not enough credits' } },
		readsRecover: false,
		refusal: true,
	},
];

const matrix: FaultMatrix<SmsUpSimulator> = {
	provider: 'smsup.ch',
	sim: () => sim,
	operations,
	faults,
	accepted: () => sim.acceptedCount,
	reset: () => sim.resetState(1_000_000),
};

const outcomes: FaultOutcome[] = [];
beforeAll(async () => {
	await sim.start();
});
afterAll(async () => {
	recordOutcomes('faults-smsup', outcomes);
	await sim.stop();
});

describeFaultMatrix(matrix, outcomes, {
	checkBaseline: (operation) => {
		if (/History/.test(operation.name)) expect(sim.recorded(MESSAGES).length).toBe(3);
	},
});

test('wrong or revoked API token (status −1, in an HTTP 200 or a 401): every operation fails with smsup.ch\'s reason, no retry', async () => {
	for (const httpStatusForErrors of [false, true]) {
		for (const operation of operations) {
			matrix.reset();
			sim.httpStatusForErrors = httpStatusForErrors;
			operation.prepare?.();
			sim.clearFaults();
			const run = await runNode(node({ ...(operation.node().parameters as Record<string, unknown>) }, 'REVOKED-SMSUP-TOKEN-0009'), operation.items());
			expect(run.error?.message).toBe('smsup.ch: authentication error: check the API token (and its allowed IPs) (status -1)');
			expect(run.error?.description ?? '').not.toMatch(/may have been sent/);
			expect(sim.recorded(operation.match)).toHaveLength(1);
			expect(sim.acceptedTotal).toBe(0);
			outcomes.push({
				provider: 'smsup.ch',
				operation: operation.name,
				fault: `wrong or revoked API token (${httpStatusForErrors ? 'HTTP 401' : 'HTTP 200'})`,
				outcome: `failed clearly: ${run.error!.message}`,
				ok: true,
				duplicates: 0,
				lost: 0,
				calls: sim.requests.length,
			});
		}
	}
});

describe('history read while new messages arrive between pages', () => {
	const arriving = async (sort: string) => {
		matrix.reset();
		seedHistory();
		const before = sim.messages.map((row) => row.message_id);
		sim.latencyMs = 5;
		let added = 0;
		sim.afterAnswer = (request) => {
			if (MESSAGES.test(`${request.method} ${request.path}`) && added < 30) {
				// Received while the read runs, dated inside its range.
				for (let index = 0; index < 10; index++) sim.addInbound({ message: `Arrived ${added + index}`, date: END.minus({ seconds: 30 }).setZone('Europe/Paris').toFormat('yyyy-MM-dd HH:mm:ss') });
				added += 10;
			}
		};
		const run = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, output: 'raw', sort, ...range }), [{}]);
		expect(run.error).toBeUndefined();
		const ids = (run.outputs[0] ?? []).map((item) => item.json.message_id as number);
		const duplicates = ids.length - new Set(ids).size;
		const read = new Set(ids);
		const lost = before.filter((id) => !read.has(id)).length;
		outcomes.push({
			provider: 'smsup.ch',
			operation: 'SMS Get History (Return All)',
			fault: `messages arriving while paging (sort ${sort})`,
			outcome: `${ids.length} messages, ${duplicates} read twice, ${lost} missing (${added} arrived during the read)`,
			ok: duplicates === 0 && lost === 0,
			duplicates,
			lost,
			calls: sim.recorded(MESSAGES).length,
		});
		expect(added).toBeGreaterThan(0);
		expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
	};

	test('oldest first (the default): every message exactly once', async () => await arriving('date'));
	test('newest first: every message exactly once, even as arrivals push messages to later pages', async () => await arriving('-date'));

	test('Campaign Get Many, newest first (the default), while campaigns are sent: every campaign exactly once', async () => {
		matrix.reset();
		sim.seedHistory(6000, { end: END });
		const before = sim.campaigns.map((campaign) => campaign.id);
		expect(before.length).toBeGreaterThan(1000);
		let added = 0;
		sim.afterAnswer = (request) => {
			if (/^GET \/campaigns$/.test(`${request.method} ${request.path}`) && added < 30) {
				// Campaigns sent meanwhile (from another workflow) come first in the newest-first order.
				for (let index = 0; index < 10; index++) sim.seedHistory(1, { end: DateTime.utc(), seed: 100 + added + index });
				added += 10;
			}
		};
		const run = await runNode(node({ resource: 'campaign', operation: 'getMany', returnAll: true, output: 'raw' }), [{}]);
		expect(run.error).toBeUndefined();
		const ids = (run.outputs[0] ?? []).map((item) => item.json.id as number);
		const duplicates = ids.length - new Set(ids).size;
		const read = new Set(ids);
		const lost = before.filter((id) => !read.has(id)).length;
		outcomes.push({
			provider: 'smsup.ch',
			operation: 'Campaign Get Many (Return All)',
			fault: 'campaigns sent while paging (newest first)',
			outcome: `${ids.length} campaigns, ${duplicates} read twice, ${lost} missing (${added} sent during the read)`,
			ok: duplicates === 0 && lost === 0,
			duplicates,
			lost,
			calls: sim.recorded(/^GET \/campaigns$/).length,
		});
		expect(sim.recorded(/^GET \/campaigns$/).length).toBeGreaterThan(1);
		expect(added).toBeGreaterThan(0);
		expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
	});
});
