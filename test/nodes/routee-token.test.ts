/**
 * Routee's access token, as n8n handles it: the credential's preAuthentication fetches it
 * once, n8n keeps it in the expirable field and reuses it, and a 401 or 403 renews it and repeats
 * the refused call exactly once. Run through n8n's engine against the Routee simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

function credentials(overrides: IDataObject = {}) {
	return {
		routeeApi: { applicationId: 'sandbox-app', applicationSecret: SECRET, tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl, ...overrides },
	};
}

function sendNode(overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee' },
		credentials: credentials(),
		...overrides,
	};
}

const recipients = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ to: `+30690${String(index).padStart(7, '0')}`, text: `Code ${index}` }));
const tokenRequests = () => sim.recorded(/^POST \/oauth\/token$/);
const sendRequests = () => sim.recorded(/^POST \/sms$/);
const bearer = (index: number) => sendRequests()[index].headers.authorization;

test('500 items sent one per call use exactly one token request', async () => {
	const input = recipients(500);
	const { outputs, error } = await runNode(sendNode(), input);

	expect(error).toBeUndefined();
	expect(tokenRequests()).toHaveLength(1);
	expect(sim.tokensIssued).toBe(1);
	// The token request as Routee documents it: Basic app id:secret, form-encoded client_credentials.
	const [token] = tokenRequests();
	expect(token.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-app:${SECRET}`).toString('base64')}`);
	expect(token.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
	expect(token.body).toEqual({ grant_type: 'client_credentials' });

	expect(sendRequests()).toHaveLength(500);
	const issued = [...sim.tokens.keys()][0];
	expect(new Set(sendRequests().map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${issued}`]));
	expect(sendRequests().map((request) => (request.body as IDataObject).to)).toEqual(input.map((item) => item.to));
	for (const { to } of input) expect(sim.acceptedByRecipient.get(to)).toBe(1);

	const items = outputs[0];
	expect(items).toHaveLength(500);
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json).toMatchObject({ provider: 'routee', to: input[index].to, status: 'queued', providerStatus: 'Queued' });
	});
});

test('a token that expires mid-run is renewed once, the refused call is repeated, and no message is sent twice', async () => {
	// Each API request moves the simulator's clock 3 s and a token lives 1000 s: the first
	// token is refused at the 334th send; the second outlives the run.
	sim.freezeClock();
	sim.tokenLifetimeSeconds = 1000;
	sim.clockStepPerApiRequestMs = 3000;
	const input = recipients(500);
	// One call at a time, so the refused call's place in the sequence is known.
	const { outputs, error } = await runNode(sendNode({ parameters: { output: 'full', ...sendNode().parameters, options: { parallelRequests: 1 } } }), input);

	expect(error).toBeUndefined();
	expect(sim.tokensIssued).toBe(2);
	expect(tokenRequests()).toHaveLength(2);
	expect(sim.unauthenticatedRequests).toBe(1);
	// 500 sends plus the one Routee refused with 401, which was not accepted.
	expect(sendRequests()).toHaveLength(501);
	const firstWithNewToken = sendRequests().findIndex((_, index) => bearer(index) !== bearer(0));
	expect(firstWithNewToken).toBe(334);
	// The refused request (still the old token) and its repeat (the new token) carry the same recipient.
	const [oldToken, newToken] = [...sim.tokens.keys()];
	expect(bearer(332)).toBe(`Bearer ${oldToken}`);
	expect(bearer(333)).toBe(`Bearer ${oldToken}`);
	expect(bearer(334)).toBe(`Bearer ${newToken}`);
	expect((sendRequests()[333].body as IDataObject).to).toBe(input[333].to);
	expect((sendRequests()[334].body as IDataObject).to).toBe(input[333].to);
	expect(bearer(500)).toBe(`Bearer ${newToken}`);

	// Every recipient was accepted exactly once.
	expect(sim.acceptedByRecipient.size).toBe(500);
	for (const { to } of input) expect(sim.acceptedByRecipient.get(to)).toBe(1);
	expect(sim.acceptedTotal).toBe(500);

	const items = outputs[0];
	expect(items).toHaveLength(500);
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.to).toBe(input[index].to);
		expect(item.json.status).toBe('queued');
	});
});

test('a token that expires mid-run answered with 403 (as Routee may) is renewed once too, and no message is sent twice', async () => {
	sim.freezeClock();
	sim.tokenLifetimeSeconds = 1000;
	sim.clockStepPerApiRequestMs = 3000;
	sim.expiredTokenStatus = 403;
	const input = recipients(400);
	const { outputs, error } = await runNode(sendNode({ parameters: { output: 'full', ...sendNode().parameters, options: { parallelRequests: 1 } } }), input);

	expect(error).toBeUndefined();
	expect(tokenRequests()).toHaveLength(2);
	expect(sim.unauthenticatedRequests).toBe(1);
	// 400 sends plus the one Routee refused with 403, repeated with the new token.
	expect(sendRequests()).toHaveLength(401);
	const [oldToken, newToken] = [...sim.tokens.keys()];
	expect([bearer(333), bearer(334)]).toEqual([`Bearer ${oldToken}`, `Bearer ${newToken}`]);
	expect((sendRequests()[334].body as IDataObject).to).toBe(input[333].to);
	for (const { to } of input) expect(sim.acceptedByRecipient.get(to)).toBe(1);
	expect(outputs[0].map((item) => item.json.status)).toEqual(input.map(() => 'queued'));
});

test('a token kept from an earlier execution is used without asking for a new one', async () => {
	await runNode(sendNode(), recipients(1));
	const [kept] = [...sim.tokens.keys()];
	sim.reset();

	const { error } = await runNode(sendNode({ credentials: credentials({ accessToken: kept }) }), recipients(3));
	expect(error).toBeUndefined();
	expect(tokenRequests()).toHaveLength(0);
	expect(sendRequests().map((request) => request.headers.authorization)).toEqual(Array(3).fill(`Bearer ${kept}`));
});

test('a refused token is renewed only once: a second 401 fails the item without a third attempt', async () => {
	sim.inject({ fault: { type: 'status', status: 401, body: { code: '401000000', developerMessage: 'Not authenticated.' } }, match: /^POST \/sms$/, times: 2 });
	const { outputs, error } = await runNode(sendNode(), recipients(2));

	expect(outputs).toEqual([]);
	expect(error?.message).toBe('Routee: Not authenticated.');
	expect(error?.description).toMatch(/Routee code 401000000 = HTTP 401, module 000 \(generic\), error 000\./);
	expect(error?.description).toMatch(/renewed once and still refused/);
	expect(error?.description).not.toMatch(/may have been sent/);
	expect(sendRequests()).toHaveLength(2);
	expect(tokenRequests()).toHaveLength(2);
	expect(sim.acceptedTotal).toBe(0);
});

test('a wrong application secret fails with the token endpoint\'s reason, sends nothing and shows no secret', async () => {
	const { outputs, error } = await runNode(sendNode({ credentials: credentials({ applicationSecret: 'DUMMY-WRONG-SECRET-0000' }) }), recipients(1));

	expect(outputs).toEqual([]);
	expect(error?.message).toBe('Routee: Routee did not issue an access token: Bad credentials');
	expect(error?.description).toMatch(/Application ID, Application Secret and Token URL/);
	expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain('DUMMY-WRONG-SECRET-0000');
	expect(sendRequests()).toHaveLength(0);
	// n8n runs the pre-authentication once more after a 401, then gives up.
	expect(tokenRequests()).toHaveLength(2);
});

describe('a token endpoint that fails: the send never left, so it says so and may be tried again', () => {
	const unavailable = { type: 'status', status: 503, body: { error: 'server_error', error_description: 'The token service is unavailable.' } } as const;

	test('one 503 from the token endpoint: the token is asked for again and each message is sent once', async () => {
		sim.inject({ fault: unavailable, match: /^POST \/oauth\/token$/, times: 1 });
		const input = recipients(2);
		const { outputs, error } = await runNode(sendNode(), input);

		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.status)).toEqual(['queued', 'queued']);
		expect(tokenRequests()).toHaveLength(2);
		expect(sendRequests()).toHaveLength(2);
		for (const { to } of input) expect(sim.acceptedByRecipient.get(to)).toBe(1);
	});

	test('a token endpoint that stays down fails the item saying nothing was sent, not that it may have been', async () => {
		sim.inject({ fault: unavailable, match: /^POST \/oauth\/token$/, times: Infinity });
		const { outputs, error } = await runNode(sendNode({ continueOnFail: true }), recipients(1));

		expect(error).toBeUndefined();
		const [failed] = outputs[0];
		expect(failed.json.error).toBe('Routee: Routee did not issue an access token: The token service is unavailable.');
		expect(failed.json.details).toMatchObject({ maybeSent: false, description: expect.stringMatching(/token endpoint failed \(HTTP 503\), so nothing was sent/) });
		expect(JSON.stringify(failed.json)).not.toMatch(/may have been sent/);
		expect(sendRequests()).toHaveLength(0);
		expect(sim.acceptedTotal).toBe(0);
	});

	test('a token answer without a token fails the item as not sent, without repeating the token request', async () => {
		sim.inject({ fault: { type: 'status', status: 200, body: { token_type: 'Bearer' } }, match: /^POST \/oauth\/token$/, times: Infinity });
		const { outputs, error } = await runNode(sendNode({ continueOnFail: true }), recipients(1));

		expect(error).toBeUndefined();
		const [failed] = outputs[0];
		expect(failed.json.error).toMatch(/Routee did not return an access token: check the Token URL/);
		expect(failed.json.details).toMatchObject({ maybeSent: false });
		expect(tokenRequests()).toHaveLength(1);
		expect(sendRequests()).toHaveLength(0);
	});
});
