/**
 * Apico under every standard fault, for each operation (see framework.ts for the rules), plus
 * Apico's own: a status inside an HTTP 200 body (`status_code` 400 refuses, 500 leaves a send's
 * fate open), wrong credentials (401) and a suspended account (403).
 */

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { describeFaultMatrix, recordOutcomes, standardFaults, type FaultMatrix, type FaultOperation, type FaultOutcome, type NamedFault } from './framework';

const sim = new ApicoSimulator();
/** Seeded history ends here, one message a minute. */
const SEED_END = Date.UTC(2026, 2, 1, 12, 0, 0);
const HISTORY_SIZE = 230;

const node = (parameters: Record<string, unknown>, account = { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN }): NodeUnderTest => ({
	type: 'apico',
	parameters: parameters as NodeUnderTest['parameters'],
	credentials: { apicoApi: { ...account, baseUrl: `${sim.baseUrl}/v2` } },
});
const recipients = () => [0, 1, 2].map((index) => ({ to: `+44770090000${index}`, text: `Your code is 10${index}` }));
const send = { resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}' };
const seedHistory = () => sim.seedHistory(HISTORY_SIZE, { end: SEED_END });
/** A harmless fault taken by the first matching call, so the real one hits the second (a later page). */
const onLaterPage = (match: RegExp) => () => {
	seedHistory();
	sim.inject({ match, fault: { type: 'delay', ms: 0 }, times: 1 });
};

const LIST = /^GET \/v2\/accounts\/[^/]+\/messages$/;
const operations: FaultOperation[] = [
	{ name: 'Message Send', kind: 'send', match: /^POST \/v2\/accounts\/[^/]+\/messages$/, items: recipients, node: () => node(send) },
	{
		name: 'Message Get',
		kind: 'read',
		match: LIST,
		prepare: () => sim.seedHistory(30, { end: SEED_END }),
		items: () => sim.history.slice(-3).map((message) => ({ sid: message.message_sid })),
		node: () => node({ resource: 'message', operation: 'get', messageSid: '={{ $json.sid }}' }),
	},
	{ name: 'Message Get History (Return All)', kind: 'read', match: LIST, items: () => [{}], prepare: seedHistory, node: () => node({ resource: 'message', operation: 'getHistory', returnAll: true }) },
	{
		name: 'Message Get History (Return All), fault on page 2',
		kind: 'read',
		match: LIST,
		items: () => [{}],
		prepare: onLaterPage(LIST),
		node: () => node({ resource: 'message', operation: 'getHistory', returnAll: true, output: 'raw' }),
	},
	{ name: 'Message Export History', kind: 'read', match: LIST, items: () => [{}], prepare: seedHistory, node: () => node({ resource: 'message', operation: 'exportHistory' }) },
	{
		name: 'Message Export History, fault on page 2',
		kind: 'read',
		match: LIST,
		items: () => [{}],
		prepare: onLaterPage(LIST),
		node: () => node({ resource: 'message', operation: 'exportHistory', format: 'json', output: 'raw' }),
	},
];

const faults: NamedFault[] = [
	...standardFaults({ status_code: 500, status_message: 'INTERNAL SERVER ERROR' }).map((fault) =>
		fault.name === 'truncated page'
			? { ...fault, fault: { type: 'malformed' as const, raw: '{"offset":0,"limit":20,"next":null,"prev":null,"total":230,"messages":[{"account_sid":"acc5f3a9c1e' } }
			: fault,
	),
	// The family's envelope inside an HTTP 200 (provider-notes §4): 4xx refuses, 5xx leaves a send's fate open.
	{ name: 'status_code 400 in an HTTP 200', fault: { type: 'status', status: 200, body: { status_code: 400, status_message: 'BAD REQUEST' } }, readsRecover: false, refusal: true },
	{
		name: 'status_code 500 in an HTTP 200, after the call took effect',
		fault: { type: 'malformed', raw: JSON.stringify({ status_code: 500, status_message: 'INTERNAL SERVER ERROR' }) },
		readsRecover: false,
	},
];

const matrix: FaultMatrix<ApicoSimulator> = {
	provider: 'Apico',
	sim: () => sim,
	operations,
	faults,
	accepted: () => sim.acceptedCount,
	reset: () => {
		sim.reset();
		sim.history.length = 0;
		sim.acceptedCount.clear();
		sim.rejectedRecipients.clear();
		sim.listOrder = 'newestFirst';
	},
};

const outcomes: FaultOutcome[] = [];
beforeAll(async () => {
	await sim.start();
});
afterAll(async () => {
	recordOutcomes('faults-apico', outcomes);
	await sim.stop();
});

describeFaultMatrix(matrix, outcomes, {
	checkBaseline: (operation) => {
		if (/History/.test(operation.name)) expect(sim.historyCalls()).toHaveLength(Math.ceil(HISTORY_SIZE / 20));
	},
});

test.each([
	['wrong auth token (401)', { accountSid: APICO_SANDBOX_SID, authToken: 'DUMMY-REVOKED-TOKEN-0009' }, 'Apico: UNAUTHORIZED'],
	['suspended account (403)', { accountSid: 'acc-suspended-0002', authToken: 'DUMMY-SUSPENDED-TOKEN-0002' }, 'Apico: FORBIDDEN: the account is suspended'],
])('%s: every operation fails with Apico\'s reason, no retry, nothing sent', async (name, account, message) => {
	for (const operation of operations) {
		matrix.reset();
		operation.prepare?.();
		sim.clearFaults();
		const run = await runNode(node(operation.node().parameters as Record<string, unknown>, account), operation.items());
		expect(run.error?.message).toBe(message);
		expect(run.error?.description ?? '').not.toMatch(/may have been sent/);
		expect(sim.recorded(operation.match)).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(0);
		outcomes.push({ provider: 'Apico', operation: operation.name, fault: name, outcome: `failed clearly: ${run.error!.message}`, ok: true, duplicates: 0, lost: 0, calls: sim.requests.length });
	}
});

test.each([['newestFirst'], ['oldestFirst']] as const)('history read while new messages arrive between pages (%s): every message exactly once', async (order) => {
	matrix.reset();
	sim.listOrder = order;
	seedHistory();
	const before = sim.history.map((message) => message.message_sid);
	let added = 0;
	sim.afterAnswer = (request) => {
		if (LIST.test(`${request.method} ${request.path}`) && added < 30) {
			for (let index = 0; index < 10; index++) sim.receive(`Arrived ${added + index}`);
			added += 10;
		}
	};
	const run = await runNode(node({ resource: 'message', operation: 'getHistory', returnAll: true, output: 'raw' }), [{}]);
	expect(run.error).toBeUndefined();
	const ids = (run.outputs[0] ?? []).map((item) => item.json.message_sid as string);
	const duplicates = ids.length - new Set(ids).size;
	const read = new Set(ids);
	const lost = before.filter((id) => !read.has(id)).length;
	outcomes.push({
		provider: 'Apico',
		operation: 'Message Get History (Return All)',
		fault: `messages arriving while paging (${order === 'newestFirst' ? 'newest first' : 'oldest first'})`,
		outcome: `${ids.length} messages, ${duplicates} read twice, ${lost} missing (${added} arrived during the read)`,
		ok: duplicates === 0 && lost === 0,
		duplicates,
		lost,
		calls: sim.historyCalls().length,
	});
	expect(added).toBeGreaterThan(0);
	expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
});
