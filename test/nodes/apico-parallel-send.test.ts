/**
 * Apico Send with several messages in flight (the send engine's per-message path), run as n8n
 * runs it against the Apico simulator over real HTTP: a 429 and a dropped connection in the
 * middle of the run, and the exact account of every item — accepted once, may have been sent,
 * not sent — checked against what the simulator received.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import type { RecordedRequest } from '../simulators/framework';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const SEND = /^POST \/v2\/accounts\/[^/]+\/messages$/;
const ITEMS = 40;
let sim: ApicoSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new ApicoSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.acceptedCount.clear();
	sim.rejectedRecipients.clear();
	sim.latencyMs = 30;
});

const input = Array.from({ length: ITEMS }, (_, index) => ({ to: `+4477009${String(index).padStart(5, '0')}`, text: `Code ${index}` }));
const itemOfRequest = (request: RecordedRequest) => input.findIndex((item) => item.to.slice(1) === (request.body as IDataObject).to);

function sendNode(overrides: Partial<NodeUnderTest> = {}, parallelRequests = 8): NodeUnderTest {
	return {
		type: 'apico',
		parameters: {
			output: 'full',
			resource: 'message',
			operation: 'send',
			from: '+447860041755',
			to: '={{ $json.to }}',
			message: '={{ $json.text }}',
			options: { parallelRequests },
		},
		credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl}/v2` } },
		...overrides,
	};
}

/** Times the simulator accepted item `index`'s message. */
const acceptedTimes = (index: number) => sim.acceptedCount.get(`${input[index].to.slice(1)}|${input[index].text}`) ?? 0;

/** The test's own range writing, to compare with the node's: "items 0–3, 7" / "item 5". */
function ranges(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (sorted[end + 1] === sorted[end] + 1) end++;
		parts.push(start === end ? `${sorted[start]}` : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${parts.join(', ')}`;
}

describe('Apico Send, several in flight', () => {
	test('runs up to Parallel Requests calls at once, after a first call alone, each message once', async () => {
		const { outputs, error } = await runNode(sendNode(), input);
		expect(error).toBeUndefined();
		const items = outputs[0] as INodeExecutionData[];
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, index) => ({ item: index })));
		expect(items.map((item) => item.json.to)).toEqual(input.map((item) => item.to));
		expect(sim.sendCalls()).toHaveLength(ITEMS);
		for (let index = 0; index < ITEMS; index++) expect(acceptedTimes(index)).toBe(1);
		expect(sim.sendCalls()[0].inFlight).toBe(1);
		expect(sim.maxInFlight).toBe(8);
	});

	test('a 429 and a dropped connection mid-run (Continue On Fail): the 429 waited out and sent once, the dropped one "may have been sent", all others once', async () => {
		sim.inject({ match: SEND, after: 9, fault: { type: 'status', status: 429, retryAfter: '1', body: { status_code: 429, status_message: 'TOO MANY REQUESTS' } } });
		sim.inject({ match: SEND, after: 19, fault: { type: 'dropAfterRead' } });
		const { outputs, error } = await runNode(sendNode({ continueOnFail: true }), input);
		expect(error).toBeUndefined();

		const calls = sim.sendCalls();
		const throttled = itemOfRequest(calls[9]);
		// Request 20 counts the 429's request too: the 19 before it passed untouched.
		const dropped = itemOfRequest(calls[19]);
		expect(throttled).toBeGreaterThanOrEqual(0);
		expect(dropped).toBeGreaterThanOrEqual(0);
		expect(dropped).not.toBe(throttled);
		// 40 messages and one repeat of the throttled one; the dropped one was never repeated.
		expect(calls).toHaveLength(ITEMS + 1);
		expect(calls.filter((call) => itemOfRequest(call) === throttled)).toHaveLength(2);
		expect(calls.filter((call) => itemOfRequest(call) === dropped)).toHaveLength(1);

		const items = outputs[0] as INodeExecutionData[];
		expect(items).toHaveLength(ITEMS);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			// The simulator took every message exactly once, the dropped one included.
			expect(acceptedTimes(index)).toBe(1);
			if (index === dropped) {
				expect(item.json.error).toBe('Apico: The connection closed before Apico answered');
				expect(item.json.details).toMatchObject({ to: input[index].to, maybeSent: true });
			} else {
				expect(item.json.status).toBe('queued');
				expect(item.json.to).toBe(input[index].to);
			}
		});
	});

	test('without Continue On Fail the dropped call stops new sends; the error accounts for every item as the simulator saw it', async () => {
		sim.inject({ match: SEND, after: 19, fault: { type: 'dropAfterRead' } });
		const { outputs, error } = await runNode(sendNode(), input);
		expect(outputs).toEqual([]);

		const calls = sim.sendCalls();
		const dropped = itemOfRequest(calls[19]);
		const requested = new Set(calls.map(itemOfRequest));
		// No new send started after the failure: only the ones already in flight (at most 7 more).
		expect(calls.length).toBeGreaterThanOrEqual(20);
		expect(calls.length).toBeLessThanOrEqual(27);
		expect(requested.size).toBe(calls.length);
		const sent = [...requested].filter((index) => index !== dropped);
		const notSent = input.map((_, index) => index).filter((index) => !requested.has(index));
		for (const index of requested) expect(acceptedTimes(index)).toBe(1);
		for (const index of notSent) expect(acceptedTimes(index)).toBe(0);

		expect(error?.message).toBe('Apico: The connection closed before Apico answered');
		expect(error?.description).toBe(
			`The call for item ${dropped} failed. Of the other items: ${sent.length} sent (${ranges(sent)}) and not sent again; ` +
				`${notSent.length} not sent (${ranges(notSent)}). Network error code: ECONNRESET. ` +
				'The provider may have accepted the request before the failure, so the message may have been sent. It was not sent again: check the message history before retrying.',
		);
	});
});
