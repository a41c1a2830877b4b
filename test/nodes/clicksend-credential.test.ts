/**
 * The ClickSend credential's test request, run as n8n's credential tester runs it (RoutingNode
 * with the credential applied) against the simulator: it must accept every Base URL the nodes
 * accept, since the nodes strip a trailing `/v3` (and `/`) from it.
 */
import { ClickSendSimulator } from '../simulators/clicksend';
import { runNode, testCredential } from '../support/n8n-harness';

const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
let sim: ClickSendSimulator;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.reset());

describe('ClickSend credential test', () => {
	test.each([
		['the host alone', ''],
		['a trailing /', '/'],
		['a trailing /v3', '/v3'],
		['a trailing /v3/', '/v3/'],
	])('Base URL with %s: the test asks GET /v3/account and passes, as the nodes do', async (_, tail) => {
		const baseUrl = `${sim.baseUrl}${tail}`;
		const result = await testCredential('clickSendApi', { username: 'sandbox', apiKey: API_KEY, baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.recorded().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /v3/account']);
		expect(sim.recorded()[0].headers.authorization).toBe(`Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`);
		// The node with the same credential reaches the same path.
		sim.reset();
		const { error } = await runNode({ type: 'clickSend', parameters: { output: 'full', resource: 'account', operation: 'get' }, credentials: { clickSendApi: { username: 'sandbox', apiKey: API_KEY, baseUrl } } });
		expect(error).toBeUndefined();
		expect(sim.recorded().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /v3/account']);
	});

	test('a wrong key fails with the credential\'s own 401 message', async () => {
		const result = await testCredential('clickSendApi', { username: 'sandbox', apiKey: 'WRONG-KEY-0000', baseUrl: `${sim.baseUrl}/v3` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^ClickSend rejected the API username or API key \(401 UNAUTHORIZED\)/);
	});
});
