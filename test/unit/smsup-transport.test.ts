/**
 * The smsup.ch client bound to axios (as benchmarks and tests drive it) against the simulator
 * over real HTTP: JSON by the Accept header, body `status` as the verdict, the documented
 * meanings, −8 as a result only where asked, and the retry rules for reads and sends.
 */
import axios from 'axios';
import type { INode } from 'n8n-workflow';

import { mayHaveBeenSent, type HttpExchange } from '../../nodes/shared/http';
import { createSmsUpClient, describeSmsUpStatus, SMSUP_STATUS_MEANINGS } from '../../nodes/SmsUp/transport';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator, toXml, wantsJsonOnly } from '../simulators/smsup';
import { axiosExchange } from '../support/axios-exchange';

const node: INode = { id: 'n', name: 'smsup.ch', type: 'smsUp', typeVersion: 1, position: [0, 0], parameters: {} };
let sim: SmsUpSimulator;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState(50));

/** What the credential's `authenticate` block adds: the Bearer token. */
function bearer(token: string): HttpExchange {
	const exchange = axiosExchange();
	return async (request) => await exchange({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } });
}
const client = (token = SMSUP_SANDBOX_TOKEN) => createSmsUpClient(bearer(token), node, sim.baseUrl, [token], { baseDelayMs: 10, maxDelayMs: 2000 });
const campaign = (text: string, values: string[]) => ({
	method: 'POST' as const,
	path: '/send',
	kind: 'send' as const,
	body: { sms: { message: { text, pushtype: 'alert' }, recipients: { gsm: values.map((value, index) => ({ gsmsmsid: `g${index}`, value })) } } },
});
const failure = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (caught: unknown) => caught)) as Error & { description?: string; httpCode?: string };

test('without Accept: application/json the simulator answers XML, as smsup.ch does (axios\' default Accept included)', async () => {
	const response = await axios.get(`${sim.baseUrl}/credits`, { headers: { Authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}` }, responseType: 'text' });
	expect(sim.recorded()[0].headers.accept).toBe('application/json, text/plain, */*');
	expect(response.headers['content-type']).toMatch(/application\/xml/);
	expect(response.data).toBe(toXml({ status: 1, message: 'OK', credits: '50', postpaid: '0', postpaid_limit: false, unlimited: false }));
	expect(response.data).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<response><status>1<\/status>/);
});

test.each([
	[undefined, false],
	['*/*', false],
	['application/json, text/plain, */*', false],
	['application/xml', false],
	['application/json, application/xml', false],
	['application/json', true],
	['Application/JSON; charset=utf-8', true],
	['application/json, text/plain', true],
])('Accept %j gets JSON: %s', (accept, json) => {
	expect(wantsJsonOnly(accept)).toBe(json);
});

test('the client asks for JSON on every call and returns the body of a status 1', async () => {
	const body = await client().call({ method: 'GET', path: '/credits', kind: 'read' });
	expect(body).toMatchObject({ status: 1, credits: '50' });
	expect(sim.recorded()[0].headers.accept).toBe('application/json');
});

test('a −3 inside an HTTP 200 is an error with its meaning; a send refused outright was not sent and is not retried', async () => {
	const error = await failure(client().call(campaign('x'.repeat(10), Array.from({ length: 51 }, (_, index) => `4178000${String(index).padStart(4, '0')}`))));
	expect(error.message).toBe('smsup.ch: not enough credits (status -3)');
	expect(error.description).toBe('Provider code: -3. smsup.ch said: "Not enough credits".');
	expect(mayHaveBeenSent(error)).toBe(false);
	expect(sim.recorded(/^POST \/send$/)).toHaveLength(1);
	expect(sim.acceptedTotal).toBe(0);
});

test.each([
	[-1, 'authentication error: check the API token (and its allowed IPs)'],
	[-2, 'XML error in the request'],
	[-4, 'incorrect date delay (the scheduled time)'],
	[-5, 'resource not found'],
	[-6, 'JSON error in the request'],
	[-7, 'data error (a field is missing or invalid)'],
	[-8, 'campaign under moderation'],
	[-99, 'unknown error'],
])('status %i reads as "%s"', (status, meaning) => {
	expect(describeSmsUpStatus({ status, message: 'x' })?.message).toBe(`${meaning} (status ${status})`);
	expect(SMSUP_STATUS_MEANINGS[status]).toBe(meaning);
});

test('an undocumented status is named by its number; a body without status says nothing', () => {
	expect(describeSmsUpStatus({ status: -42, message: 'Odd', details: { field: 'to' } })).toEqual({
		message: 'status -42 (status -42)',
		code: '-42',
		details: 'smsup.ch said: "Odd". Details: {"field":"to"}',
	});
	expect(describeSmsUpStatus({ message: 'no status' })).toBeUndefined();
	expect(describeSmsUpStatus('<response/>')).toBeUndefined();
});

test('−8 is returned as a result only when the call accepts moderation', async () => {
	sim.sandbox.credits = 100;
	const accepted = await client().call({ ...campaign('MODERATE-ME now', ['41780000001']), acceptModeration: true });
	expect(accepted).toMatchObject({ status: -8, message: 'Campaign under moderation', sent: 1 });
	const error = await failure(client().call(campaign('MODERATE-ME again', ['41780000002'])));
	expect(error.message).toBe('smsup.ch: campaign under moderation (status -8)');
	expect(mayHaveBeenSent(error)).toBe(false);
});

test('−99 after a send leaves open whether it went out', async () => {
	sim.inject({ match: /^POST \/send$/, fault: { type: 'status', status: 200, body: { status: -99, message: 'Unknown error' } } });
	const error = await failure(client().call(campaign('Hi', ['41780000001'])));
	expect(error.message).toBe('smsup.ch: unknown error (status -99)');
	expect(mayHaveBeenSent(error)).toBe(true);
	expect(error.description).toMatch(/may have been sent/);
});

test('an HTTP 401 carrying status −1 reads the body, and the token never shows', async () => {
	sim.httpStatusForErrors = true;
	const error = await failure(client('WRONG-TOKEN-0000-1111').call({ method: 'GET', path: '/credits', kind: 'read' }));
	expect(error.message).toBe('smsup.ch: authentication error: check the API token (and its allowed IPs) (status -1)');
	expect(error.httpCode).toBe('401');
	expect(JSON.stringify(error)).not.toContain('WRONG-TOKEN-0000-1111');
});

test('a provider message that echoes the token is scrubbed', async () => {
	sim.inject({ match: /credits/, fault: { type: 'status', status: 200, body: { status: -1, message: `Token ${SMSUP_SANDBOX_TOKEN} is not allowed from this IP` } } });
	const error = await failure(client().call({ method: 'GET', path: '/credits', kind: 'read' }));
	expect(error.description).toBe('Provider code: -1. smsup.ch said: "Token *** is not allowed from this IP".');
});

test('reads are retried after a 503 or a dropped connection; sends are not', async () => {
	sim.inject({ match: /^GET \/credits$/, fault: { type: 'status', status: 503, body: { status: -99, message: 'busy' } } });
	sim.inject({ match: /^GET \/credits$/, fault: { type: 'dropBeforeRead' } });
	await client().call({ method: 'GET', path: '/credits', kind: 'read' });
	expect(sim.recorded(/credits/)).toHaveLength(2); // the dropped one was never read

	sim.sandbox.credits = 100;
	sim.inject({ match: /^POST \/send$/, fault: { type: 'status', status: 503, body: { status: -99, message: 'busy' } } });
	const error = await failure(client().call(campaign('Hi', ['41780000001'])));
	expect(error.message).toBe('smsup.ch: unknown error (status -99)');
	expect(mayHaveBeenSent(error)).toBe(true);
	expect(sim.recorded(/^POST \/send$/)).toHaveLength(1);
});
