/**
 * ClickSend provider fidelity (issue 17), run as n8n runs it (WorkflowExecute) against the
 * ClickSend simulator over real HTTP: Shorten URLs, Get Price answers matched to their items,
 * history filters (one `q` clause, every filter checked on what comes back) and Mark as Read.
 * Each test asserts what the simulator received and what the node emitted.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

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
		parameters,
		credentials: { clickSendApi: { username: 'sandbox', apiKey: API_KEY, baseUrl: sim.baseUrl } },
		...overrides,
	};
}
const calls = (pattern: RegExp) => sim.recorded(pattern);
const jsonOf = (outputs: INodeExecutionData[][]) => (outputs[0] ?? []).map((item) => item.json);

describe('SMS Shorten URLs (shorten_urls, notes §1.3)', () => {
	test('Send with Shorten URLs on: ClickSend receives shorten_urls true beside messages[]', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'See https://example.com/a', options: { shortenUrls: true } }));
		expect(error).toBeUndefined();
		const [call] = calls(/^POST \/v3\/sms\/send$/);
		expect(call.body).toEqual({ shorten_urls: true, messages: [{ to: '+61411000001', body: 'See https://example.com/a', source: 'n8n' }] });
	});

	test('Get Price with Shorten URLs on: the price call carries shorten_urls true', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'getPrice', to: '+61411000001', message: 'See https://example.com/a', options: { shortenUrls: true } }));
		expect(error).toBeUndefined();
		const [call] = calls(/^POST \/v3\/sms\/price$/);
		expect(call.body).toEqual({ shorten_urls: true, messages: [{ to: '+61411000001', body: 'See https://example.com/a', source: 'n8n' }] });
	});

	test('off (the default): nothing is added, as ClickSend\'s default is false', async () => {
		await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi' }));
		expect(calls(/^POST \/v3\/sms\/send$/)[0].body).toEqual({ messages: [{ to: '+61411000001', body: 'Hi', source: 'n8n' }] });
	});

	test('Shorten URLs that is not true or false is refused on the item before any call', async () => {
		const { error } = await runNode(node({ resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi', options: { shortenUrls: '={{ "yes" }}' } }));
		expect(error?.message).toMatch(/^Item 0: "Shorten URLs" must be true or false, got "yes"/);
		expect(sim.requests).toHaveLength(0);
	});

	test('the simulator refuses a shorten_urls that is not a bool, in ClickSend\'s envelope', async () => {
		const response = await fetch(`${sim.baseUrl}/v3/sms/send`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}` },
			body: JSON.stringify({ shorten_urls: 'yes', messages: [{ to: '+61411000001', body: 'Hi' }] }),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ http_code: 400, response_code: 'BAD_REQUEST', response_msg: 'Invalid input.', data: { shorten_urls: 'The shorten urls field must be true or false.' } });
	});

	test('items that differ in Shorten URLs go in separate calls, each with its own setting', async () => {
		const { outputs } = await runNode(node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hi', options: { shortenUrls: '={{ $json.short }}' } }), [
			{ to: '+61411000001', short: true },
			{ to: '+61411000002', short: false },
			{ to: '+61411000003', short: true },
		]);
		const bodies = calls(/^POST \/v3\/sms\/send$/).map((call) => call.body as { shorten_urls?: boolean; messages: IDataObject[] });
		expect(bodies.map((body) => [body.shorten_urls, body.messages.map((message) => message.to)])).toEqual([
			[true, ['+61411000001', '+61411000003']],
			[undefined, ['+61411000002']],
		]);
		expect(jsonOf(outputs).map((item) => item.to)).toEqual(['+61411000001', '+61411000002', '+61411000003']);
	});
});
