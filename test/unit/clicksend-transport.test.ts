/**
 * The ClickSend client bound to axios (as benchmarks use it) against the simulator over real
 * HTTP: the envelope, ClickSend's error shape, and the retry rules for reads and sends.
 */
import type { INode } from 'n8n-workflow';

import { mayHaveBeenSent } from '../../nodes/shared/http';
import { createClickSendClient } from '../../nodes/ClickSend/transport';
import { ClickSendSimulator } from '../simulators/clicksend';
import { axiosExchange } from '../support/axios-exchange';

const node: INode = { id: 'n', name: 'ClickSend', type: 'clickSend', typeVersion: 1, position: [0, 0], parameters: {} };
const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
let sim: ClickSendSimulator;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.reset());

const client = (apiKey = API_KEY) =>
	createClickSendClient(axiosExchange({ username: 'sandbox', password: apiKey }), node, sim.baseUrl, [apiKey], {
		baseDelayMs: 10,
		maxDelayMs: 2000,
	});
const sendCall = { method: 'POST' as const, path: '/v3/sms/send', kind: 'send' as const, body: { messages: [{ to: '+61411111111', body: 'hi' }] } };
const readCall = { method: 'GET' as const, path: '/v3/sms/history', kind: 'read' as const, qs: { page: 1, limit: 15 } };

test('returns the envelope data', async () => {
	const data = await client().call<{ username: string; balance: string }>({ method: 'GET', path: '/v3/account', kind: 'read' });
	expect(data.username).toBe('sandbox');
	expect(sim.recorded()[0].headers.authorization).toBe(`Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`);
});

test('a 400 carries ClickSend\'s message, code and field reasons, and is not retried', async () => {
	const error = await client()
		.call({ method: 'POST', path: '/v3/sms/send', kind: 'send', body: { messages: [] } })
		.catch((caught: Error & { description?: string }) => caught);
	expect((error as Error).message).toBe('ClickSend: Invalid input.');
	expect((error as { description?: string }).description).toBe('Provider code: BAD_REQUEST. messages: The messages field is required.');
	expect(sim.requests).toHaveLength(1);
});

test('a read dropped before ClickSend read it is retried and succeeds', async () => {
	sim.inject({ match: /^GET \/v3\/sms\/history$/, fault: { type: 'dropBeforeRead' } });
	const data = await client().call<{ total: number }>(readCall);
	expect(data.total).toBe(0);
	expect(sim.recorded(/history/)).toHaveLength(1); // the dropped one was never read
});

test('a read that got a malformed body or a 503 is retried', async () => {
	sim.inject({ match: /history/, fault: { type: 'malformed' } });
	sim.inject({ match: /history/, fault: { type: 'status', status: 503 } });
	await client().call(readCall);
	expect(sim.recorded(/history/)).toHaveLength(3);
});

test('a send answered with a malformed body is not retried and may have been sent', async () => {
	sim.inject({ match: /send/, fault: { type: 'malformed' } });
	const error = await client().call(sendCall).catch((caught: Error) => caught);
	expect((error as Error).message).toBe('ClickSend: ClickSend returned a response that is not valid JSON');
	expect(mayHaveBeenSent(error)).toBe(true);
	expect(sim.recorded(/send/)).toHaveLength(1);
	expect(sim.acceptedTotal).toBe(1);
});

test('a send whose connection is refused is retried: nothing reached ClickSend', async () => {
	const closed = new ClickSendSimulator();
	const url = await closed.start();
	await closed.stop();
	const exchange = axiosExchange({ username: 'sandbox', password: API_KEY });
	let attempts = 0;
	const counting: typeof exchange = async (request) => (attempts++, await exchange(request));
	const refused = createClickSendClient(counting, node, url, [], { baseDelayMs: 5, maxRetries: 2 });
	const error = await refused.call(sendCall).catch((caught: Error) => caught);
	expect(attempts).toBe(3);
	expect((error as Error).message).toBe('ClickSend: Could not connect to ClickSend: the connection was refused');
	expect(mayHaveBeenSent(error)).toBe(false);
});

test('a wrong key: ClickSend\'s 401 message, and the key appears nowhere in the error', async () => {
	const error = await client('WRONG-KEY-123456').call(readCall).catch((caught: Error) => caught);
	expect((error as Error).message).toBe('ClickSend: Invalid credentials. Check your API username and key.');
	const serialized = JSON.stringify(error) + String((error as Error).stack) + String((error as { description?: string }).description);
	expect(serialized).not.toContain('WRONG-KEY-123456');
	expect(serialized).not.toContain(Buffer.from('sandbox:WRONG-KEY-123456').toString('base64'));
});
