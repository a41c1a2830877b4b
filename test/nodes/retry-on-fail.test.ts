/**
 * n8n's Retry On Fail runs a node's whole `execute` again after it failed. Each case here runs a
 * provider node with Retry On Fail on (3 tries, 10 ms apart) through n8n's own WorkflowExecute
 * against the provider's simulator over real HTTP, and counts what the simulator accepted:
 * every accepted recipient exactly once, on the batch and on the per-item paths, and the final
 * error (or error items) true about every item.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import type { SimResponse, SimulatorServer } from '../simulators/framework';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const RETRY: Partial<NodeUnderTest> = { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 };
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

/** Runs `sim` for the describe block around it, cleared before each test; the base URL once started. */
function serve<S extends SimulatorServer>(sim: S, clear: (started: S) => void = () => undefined): () => string {
	let baseUrl = '';
	beforeAll(async () => (baseUrl = await sim.start()));
	afterAll(async () => await sim.stop());
	beforeEach(() => {
		sim.reset();
		clear(sim);
	});
	return () => baseUrl;
}

describe('ClickSend (batches of up to 1,000): Retry On Fail', () => {
	const sim = new ClickSendSimulator();
	const baseUrl = serve(sim, () => {
		sim.acceptedCount.clear();
		sim.rejectedRecipients.clear();
		sim.accounts.get('sandbox')!.balance = 100_000;
	});
	const input = [0, 1, 2].map((index) => ({ to: `+614110000${index}0`, text: `Hello ${index}`, ref: `order-${index}` }));
	const node = (overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
		type: 'clickSend',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields: { reference: '={{ $json.ref }}' } },
		credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: baseUrl() } },
		...RETRY,
		...overrides,
	});
	const accepted = (index: number) => sim.acceptedCount.get(`${input[index].to}|${input[index].ref}`) ?? 0;
	const sendCalls = () => sim.recorded(/^POST \/v3\/sms\/send$/);
	/** ClickSend's real answer with item 1's entry left out. */
	const dropSecond = (answer: SimResponse): SimResponse => {
		const body = answer.body as { data: { messages: IDataObject[] } };
		return { ...answer, body: { ...body, data: { ...body.data, messages: body.data.messages.filter((message) => message.to !== input[1].to) } } };
	};
	const sentTo = (callIndex: number) => (sendCalls()[callIndex].body as { messages: IDataObject[] }).messages.map((message) => message.to);

	test('one recipient rejected: each try sends only the rejected one again; the others once, and the error says so', async () => {
		sim.rejectedRecipients.set(input[1].to, 'INVALID_RECIPIENT');
		const { error } = await runNode(node(), input);

		expect(sendCalls()).toHaveLength(3);
		expect(sentTo(0)).toEqual(input.map((item) => item.to));
		expect(sentTo(1)).toEqual([input[1].to]);
		expect(sentTo(2)).toEqual([input[1].to]);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 0, 1]);
		expect(error?.message).toBe(`ClickSend rejected 1 of 3 messages: item 1 (${input[1].to}): INVALID_RECIPIENT`);
		expect(error?.description).toMatch(/^The other 2 messages were sent and are not sent again\./);
	});

	test('the connection drops after ClickSend accepted the batch: one send call in all, the run fails saying they may have been sent', async () => {
		sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'dropAfterRead' } });
		const { outputs, error } = await runNode(node(), input);

		expect(sendCalls()).toHaveLength(1);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 1, 1]);
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('Items 0–2 may have been sent to ClickSend by an earlier try of this node: not sent again');
		expect(error?.description).toMatch(/^Retry On Fail ran the node again after a call that may have gone out \(.+\)\. Check the history before sending them again\.$/);
	});

	test('Continue On Fail with the first item rejected (n8n retries on its error item): items 1 and 2 sent once, item 0 tried each time', async () => {
		sim.rejectedRecipients.set(input[0].to, 'INVALID_RECIPIENT');
		const { outputs, error } = await runNode(node({ continueOnFail: true }), input);

		expect(error).toBeUndefined();
		expect(sendCalls()).toHaveLength(3);
		expect(sentTo(1)).toEqual([input[0].to]);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([0, 1, 1]);
		const items = main(outputs);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe(`ClickSend rejected the message to ${input[0].to}: INVALID_RECIPIENT`);
		expect(items.slice(1).map((item) => item.json.to)).toEqual([input[1].to, input[2].to]);
	});

	test('ClickSend took the batch and then answered 500: not sent again by a later try, the error says they may have been sent', async () => {
		sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'statusAfterProcessing', status: 500, body: { http_code: 500, response_code: 'INTERNAL_ERROR', response_msg: 'Server error' } } });
		const { error } = await runNode(node(), input);

		expect(sendCalls()).toHaveLength(1);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 1, 1]);
		expect(error?.message).toBe('Items 0–2 may have been sent to ClickSend by an earlier try of this node: not sent again');
	});

	test('an accepted call whose answer has no entry for item 1: item 1 "may have been sent", never "rejected", and not sent again', async () => {
		sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'rewrite', rewrite: dropSecond } });
		const { error } = await runNode(node(), input);

		expect(sendCalls()).toHaveLength(1);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 1, 1]);
		expect(error?.message).toBe('Item 1 may have been sent to ClickSend by an earlier try of this node: not sent again');
		expect(error?.description).toMatch(/^Of the other items: 2 sent \(items 0, 2\) and not sent again\. Retry On Fail ran the node again after a call that may have gone out \(ClickSend's answer had no entry for it\)/);
	});

	test('the same answer without Retry On Fail: the first error already says item 1 may have been sent', async () => {
		sim.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'rewrite', rewrite: dropSecond } });
		const { error } = await runNode(node({ retryOnFail: false }), input);

		expect(error?.message).toBe(`ClickSend gave no result for the message: item 1 (${input[1].to})`);
		expect(error?.description).toBe(
			'Of the other items: 2 sent (items 0, 2) and not sent again. ClickSend accepted the call, but its answer had no entry for it: it may have been sent. Check the history before sending again.',
		);
	});

	test('a run that succeeds is not remembered: the same workflow run again (a new execution) sends again', async () => {
		await runNode(node(), input);
		await runNode(node(), input);
		expect(sendCalls()).toHaveLength(2);
		expect([accepted(0), accepted(1), accepted(2)]).toEqual([2, 2, 2]);
	});
});

describe('smsup.ch: Retry On Fail', () => {
	const sim = new SmsUpSimulator();
	const baseUrl = serve(sim, () => sim.acceptedCount.clear());
	const input = [0, 1, 2].map((index) => ({ to: `+417800000${index}0`, text: `Hello ${index}`, ref: `order-${index}` }));
	const node = (parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
		type: 'smsUp',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields: { reference: '={{ $json.ref }}' }, ...parameters },
		credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: baseUrl() } },
		...RETRY,
		...overrides,
	});
	const accepted = (index: number) => sim.acceptedCount.get(`${input[index].to.slice(1)}|${input[index].ref}`) ?? 0;

	test('one call per item, a 500 on item 1 after item 0 went out: item 0 once, item 1 never again, item 2 sent by the next try', async () => {
		sim.inject({ match: /^(GET|POST) \/send$/, after: 1, fault: { type: 'status', status: 500, body: { status: -99, message: 'Internal error' } } });
		const { error } = await runNode(node({ options: { parallelRequests: 1 } }), input);

		expect([accepted(0), accepted(1), accepted(2)]).toEqual([1, 0, 1]);
		// Try 1: items 0 and 1; try 2: item 2; try 3: nothing.
		expect(sim.recorded(/^(GET|POST) \/send$/)).toHaveLength(3);
		expect(error?.message).toBe('Item 1 may have been sent to smsup.ch by an earlier try of this node: not sent again');
		expect(error?.description).toMatch(/^Of the other items: 2 sent \(items 0, 2\) and not sent again\. Retry On Fail ran the node again/);
	});

	test('no Reference (the node makes one up): a 500 on item 1 after item 0 went out: item 0 once, item 2 once', async () => {
		sim.inject({ match: /^(GET|POST) \/send$/, after: 1, fault: { type: 'status', status: 500, body: { status: -99, message: 'Internal error' } } });
		const { error } = await runNode(node({ additionalFields: {}, options: { parallelRequests: 1 } }), input);

		const byNumber = (index: number) =>
			[...sim.acceptedCount].filter(([key]) => key.startsWith(`${input[index].to.slice(1)}|`)).reduce((sum, [, count]) => sum + count, 0);
		expect([byNumber(0), byNumber(1), byNumber(2)]).toEqual([1, 0, 1]);
		expect(sim.recorded(/^(GET|POST) \/send$/)).toHaveLength(3);
		expect(error?.message).toBe('Item 1 may have been sent to smsup.ch by an earlier try of this node: not sent again');
	});

	test('campaign calls, the connection drops after smsup.ch took the campaign: sent once', async () => {
		const same = input.map((item) => ({ ...item, text: 'Same text' }));
		sim.inject({ match: /^POST \/send$/, fault: { type: 'dropAfterRead' } });
		const { error } = await runNode(node({ sendAsCampaign: true, message: 'Same text' }), same);

		expect(sim.recorded(/^POST \/send$/)).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(3);
		expect(error?.message).toBe('Items 0–2 may have been sent to smsup.ch by an earlier try of this node: not sent again');
	});
});

describe('Routee: Retry On Fail', () => {
	const sim = new RouteeSimulator();
	serve(sim, () => {
		sim.acceptedByRecipient.clear();
		sim.failAfterAccepting.clear();
	});
	const input = [0, 1, 2].map((index) => ({ to: `+3069000000${index}`, text: `Your code is 100${index}` }));
	const node = (parameters: IDataObject = {}): NodeUnderTest => ({
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
		...RETRY,
	});
	const accepted = () => input.map((item) => sim.acceptedByRecipient.get(item.to) ?? 0);

	test('one call per item, several in flight, a 500 after Routee accepted item 1: every item accepted once', async () => {
		sim.failAfterAccepting.add(input[1].to);
		const { error } = await runNode(node(), input);

		expect(accepted()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(3);
		expect(error?.message).toBe('Item 1 may have been sent to Routee by an earlier try of this node: not sent again');
		expect(error?.description).toMatch(/^Of the other items: 2 sent \(items 0, 2\) and not sent again\./);
	});

	test('Send as Campaign, the connection drops after Routee took the campaign: sent once', async () => {
		const same = input.map((item) => ({ ...item, text: 'Doors open at 9' }));
		sim.inject({ match: /^POST \/sms\/campaign$/, fault: { type: 'dropAfterRead' } });
		const { error } = await runNode(node({ sendAsCampaign: true, message: 'Doors open at 9', campaignFields: { campaignName: 'Doors' } }), same);

		expect(sim.recorded(/^POST \/sms\/campaign$/)).toHaveLength(1);
		expect(accepted()).toEqual([1, 1, 1]);
		expect(error?.message).toBe('Items 0–2 may have been sent to Routee by an earlier try of this node: not sent again');
	});
});

describe('Apico (one call per message, several in flight): Retry On Fail', () => {
	const sim = new ApicoSimulator();
	const baseUrl = serve(sim, () => {
		sim.acceptedCount.clear();
		sim.rejectedRecipients.clear();
	});
	const input = Array.from({ length: 10 }, (_, index) => ({ to: `+4477009000${String(index).padStart(2, '0')}`, text: `Code ${index}` }));
	const node = (overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
		type: 'apico',
		parameters: { output: 'full', resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}', options: { parallelRequests: 1 } },
		credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl()}/v2` } },
		...RETRY,
		...overrides,
	});
	const accepted = () => input.map((item) => sim.acceptedCount.get(`${item.to.slice(1)}|${item.text}`) ?? 0);

	test('a connection dropped after Apico accepted item 4 mid-flight: every other item once, item 4 once and not again', async () => {
		sim.inject({ match: /^POST \/v2\/accounts\/[^/]+\/messages$/, after: 4, fault: { type: 'dropAfterRead' } });
		const { error } = await runNode(node(), input);

		expect(accepted()).toEqual(input.map(() => 1));
		expect(sim.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/)).toHaveLength(10);
		expect(error?.message).toBe('Item 4 may have been sent to Apico by an earlier try of this node: not sent again');
		expect(error?.description).toMatch(/^Of the other items: 9 sent \(items 0–3, 5–9\) and not sent again\./);
	});

	test('Continue On Fail: the item that may have been sent stays an error item on every try, never sent twice', async () => {
		sim.inject({ match: /^POST \/v2\/accounts\/[^/]+\/messages$/, fault: { type: 'dropAfterRead' } });
		const { outputs, error } = await runNode(node({ continueOnFail: true }), input);

		expect(error).toBeUndefined();
		expect(accepted()).toEqual(input.map(() => 1));
		expect(sim.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/)).toHaveLength(10);
		const items = main(outputs);
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, index) => ({ item: index })));
		expect(items[0].json.error).toBe('Item 0 may have been sent to Apico by an earlier try of this node: not sent again');
		expect(items[0].json.details).toMatchObject({ maybeSent: true, to: input[0].to });
		expect(items.slice(1).map((item) => [item.json.to, item.json.error])).toEqual(input.slice(1).map((item) => [item.to, null]));
	});
});
