/**
 * Apico's transport and message model: the error shape (status_code / status_message, else the
 * HTTP status), refusals inside a 2xx, the SID in a send answer's uri, RFC 2822 dates and prices
 * in cents; and the client bound to axios against the simulator (auth, retry rules, secrets).
 */
import type { INode } from 'n8n-workflow';

import { mayHaveBeenSent } from '../../nodes/shared/http';
import { apicoPriceInUsd, e164FromApico, normalizeApicoMessage } from '../../nodes/Apico/message';
import { createApicoClient, describeApicoError, messageSidFromUri, normalizeBaseUrl, refusalInBody } from '../../nodes/Apico/transport';
import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { axiosExchange } from '../support/axios-exchange';

const node: INode = { id: 'n', name: 'Apico', type: 'apico', typeVersion: 1, position: [0, 0], parameters: {} };

describe('error shape', () => {
	test('status_message and status_code where the body has them', () => {
		expect(describeApicoError(400, { status_code: 400, status_message: "BAD REQUEST: 'to' is invalid" })).toEqual({
			message: "BAD REQUEST: 'to' is invalid",
			code: '400',
		});
		expect(describeApicoError(403, { status_code: '403' })).toEqual({ message: 'status 403', code: '403' });
		expect(describeApicoError(422, { status_message: 'UNPROCESSABLE' })).toEqual({ message: 'UNPROCESSABLE', code: '422' });
	});

	test('nothing to say without them (the HTTP status speaks), and HTML pages are not quoted', () => {
		expect(describeApicoError(502, {})).toBeUndefined();
		expect(describeApicoError(502, undefined)).toBeUndefined();
		expect(describeApicoError(502, '<html><body>Bad gateway</body></html>')).toBeUndefined();
		expect(describeApicoError(500, 'upstream   timed out')).toEqual({ message: 'upstream timed out' });
	});

	test('a body status_code of 400 or more inside a 2xx is a refusal; 201 CREATED is not', () => {
		expect(refusalInBody({ status_code: 201, status_message: 'CREATED', uri: '/v2/x' })).toBeUndefined();
		expect(refusalInBody({ messages: [] })).toBeUndefined();
		expect(refusalInBody({ status_code: '404', status_message: 'NOT FOUND' })).toEqual({ problem: { message: 'NOT FOUND', code: '404' }, statusCode: 404 });
	});
});

test('the message SID is the last segment of the answer\'s uri', () => {
	expect(messageSidFromUri('/v2/accounts/acc1/messages/msg0794c1fe-b34b')).toBe('msg0794c1fe-b34b');
	expect(messageSidFromUri('https://api.apico.net/v2/accounts/acc1/messages/msg%2Fodd/')).toBe('msg/odd');
	expect(messageSidFromUri('/v2/accounts/acc1')).toBeUndefined();
	expect(messageSidFromUri('/v2/accounts/acc1/messages/msg%E0%A4%A')).toBe('msg%E0%A4%A');
	expect(messageSidFromUri(undefined)).toBeUndefined();
});

test('the Base URL keeps its version and loses trailing slashes; empty means the default', () => {
	expect(normalizeBaseUrl('https://api.apico.net/v2/')).toBe('https://api.apico.net/v2');
	expect(normalizeBaseUrl(' ')).toBe('https://api.apico.net/v2');
});

describe('message model', () => {
	test('prices in USD cents become USD; numbers become E.164', () => {
		expect(apicoPriceInUsd('0.0010')).toBe(0.00001);
		expect(apicoPriceInUsd('7.7')).toBe(0.077);
		expect(apicoPriceInUsd('')).toBeNull();
		expect(e164FromApico('447860041755')).toBe('+447860041755');
		expect(e164FromApico('Alerts')).toBe('Alerts');
		expect(e164FromApico(null)).toBeNull();
	});

	test('the document\'s example message, normalized', () => {
		expect(
			normalizeApicoMessage({
				account_sid: 'acc1',
				text: 'Just tried using Apico API to send SMS from the web!',
				created: 'Wed, 10 Feb 2016 07:21:01 +0000',
				direction: 'outbound',
				from: '447860041755',
				to: '447860041756',
				price: '0.0010',
				message_sid: 'msg1',
				status: 'delivered',
			}),
		).toEqual({
			provider: 'apico',
			id: 'msg1',
			direction: 'outbound',
			from: '+447860041755',
			to: '+447860041756',
			body: 'Just tried using Apico API to send SMS from the web!',
			status: 'delivered',
			providerStatus: 'delivered',
			sentAt: '2016-02-10T07:21:01Z',
			segments: null,
			price: 0.00001,
			currency: 'USD',
			country: null,
			subject: null,
			mediaUrl: null,
			reference: null,
			error: null,
		});
	});

	test('offsets other than +0000 end up in UTC; unknown statuses stay visible', () => {
		const message = normalizeApicoMessage({ created: 'Thu, 11 Feb 2016 09:00:00 -0500', status: 'undelivered', direction: 'inbound' });
		expect(message).toMatchObject({ sentAt: '2016-02-11T14:00:00Z', status: 'unknown', providerStatus: 'undelivered', direction: 'inbound', price: null, currency: null });
		expect(normalizeApicoMessage({ status: 'failed' }).error).toBe('failed');
	});
});

describe('client over axios against the simulator', () => {
	let sim: ApicoSimulator;
	beforeAll(async () => {
		sim = new ApicoSimulator();
		await sim.start();
	});
	afterAll(async () => await sim.stop());
	beforeEach(() => {
		sim.reset();
		sim.history.length = 0;
	});

	const client = (token = APICO_SANDBOX_TOKEN) =>
		createApicoClient(axiosExchange({ username: APICO_SANDBOX_SID, password: token }), node, `${sim.baseUrl}/v2/`, APICO_SANDBOX_SID, [token], {
			baseDelayMs: 5,
			maxDelayMs: 1000,
		});
	const send = { method: 'POST' as const, path: '/messages', kind: 'send' as const, body: { from: '447860041755', to: '447700900001', text: 'hi' } };

	test('calls go below /accounts/{accountSID} with Basic accountSID:authToken', async () => {
		const page = await client().call<{ offset: number; messages: unknown[] }>({ method: 'GET', path: '/messages', kind: 'read' });
		expect(page).toMatchObject({ offset: 0, messages: [] });
		expect(sim.requests[0].path).toBe(`/v2/accounts/${APICO_SANDBOX_SID}/messages`);
		expect(sim.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${APICO_SANDBOX_SID}:${APICO_SANDBOX_TOKEN}`).toString('base64')}`);
	});

	test('a read that got a malformed body or a 503 is retried', async () => {
		sim.inject({ match: /^GET /, fault: { type: 'malformed' } });
		sim.inject({ match: /^GET /, fault: { type: 'status', status: 503 } });
		const page = await client().call<{ total: number }>({ method: 'GET', path: '/messages', kind: 'read' });
		expect(page.total).toBe(0);
		expect(sim.requests).toHaveLength(3);
	});

	test('a send dropped after Apico read it is not retried and may have been sent', async () => {
		sim.inject({ match: /^POST /, fault: { type: 'dropAfterRead' } });
		const error = await client().call(send).catch((caught: Error) => caught);
		expect((error as Error).message).toBe('Apico: The connection closed before Apico answered');
		expect(mayHaveBeenSent(error)).toBe(true);
		expect(sim.sendCalls()).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(1);
	});

	test('a send refused in the body of a 2xx is a definite refusal (not "may have been sent")', async () => {
		sim.inject({ match: /^POST /, fault: { type: 'status', status: 200, body: { status_code: 400, status_message: 'INVALID' } } });
		const error = await client().call(send).catch((caught: Error) => caught);
		expect((error as Error).message).toBe('Apico: INVALID');
		expect(mayHaveBeenSent(error)).toBe(false);
	});

	test('a wrong token: 401 UNAUTHORIZED, the token scrubbed from everything', async () => {
		const error = (await client('WRONG-TOKEN-9999')
			.call(send)
			.catch((caught: Error) => caught)) as Error & { description?: string };
		expect(error.message).toBe('Apico: UNAUTHORIZED');
		expect(error.description).toBe('Provider code: 401.');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain('WRONG-TOKEN-9999');
		expect(sim.sendCalls()).toHaveLength(1);
	});
});
