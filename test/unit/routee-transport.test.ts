/**
 * Routee's transport and pure helpers: the error shape and its 9-digit codes, the tracking
 * window, merging parts, the shared exchange option that lets n8n renew a token on a 401, and
 * the client bound to axios against the simulator (retry rules for reads and sends).
 */
import axios from 'axios';
import { DateTime } from 'luxon';
import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mergeParts, normalizeRouteeTracking, type RouteeTrackingEntry } from '../../nodes/Routee/message';
import { trackingRange } from '../../nodes/Routee/actions/history';
import { createRouteeClient, describeRouteeError, explainRouteeCode } from '../../nodes/Routee/transport';
import { httpResponseFromError, mayHaveBeenSent, n8nExchange, type HttpExchange } from '../../nodes/shared/http';
import { RouteeSimulator } from '../simulators/routee';
import { axiosExchange } from '../support/axios-exchange';

const node: INode = { id: 'n', name: 'Routee', type: 'routee', typeVersion: 1, position: [0, 0], parameters: {} };

describe('errors', () => {
	test('a 9-digit code is spelled out: HTTP status, module, error', () => {
		expect(explainRouteeCode('400005000')).toBe('Routee code 400005000 = HTTP 400, module 005 (SMS), error 000.');
		expect(explainRouteeCode('404001001')).toBe('Routee code 404001001 = HTTP 404, module 001 (account), error 001.');
		expect(explainRouteeCode('409099001')).toBe('Routee code 409099001 = HTTP 409, module 099, error 001.');
		expect(explainRouteeCode('oops')).toBeUndefined();
	});

	test('Routee\'s {code, developerMessage} becomes the message, the code and its explanation, with field reasons', () => {
		expect(
			describeRouteeError(400, { code: '400000000', developerMessage: 'Validation failed', properties: { label: 'size must be between 0 and 20' } }),
		).toEqual({
			message: 'Validation failed',
			code: '400000000',
			details: 'Routee code 400000000 = HTTP 400, module 000 (generic), error 000. label: size must be between 0 and 20',
		});
		// A body n8n left as text is read too.
		expect(describeRouteeError(404, '{"code":"404005000","developerMessage":"Tracking not found."}')?.message).toBe('Tracking not found.');
		expect(describeRouteeError(502, '<html>Bad gateway</html>')).toEqual({ message: '<html>Bad gateway</html>' });
		expect(describeRouteeError(500, undefined)).toBeUndefined();
	});

	test('the token endpoint\'s OAuth error says the token was not issued', () => {
		expect(describeRouteeError(401, { error: 'unauthorized', error_description: 'Bad credentials' }, { beforeRequest: true })).toEqual({
			message: 'Routee did not issue an access token: Bad credentials',
			code: 'unauthorized',
			details: 'The token endpoint refused the application credentials: check the Application ID, Application Secret and Token URL.',
		});
	});

	test('the same shape from the API itself (a 500 after a send) makes no claim about the token or that nothing was sent', () => {
		expect(describeRouteeError(500, { error: 'internal_error' }, { beforeRequest: false })).toEqual({ message: 'internal_error (HTTP 500)' });
	});
});

describe('the 7-day tracking window', () => {
	const now = DateTime.fromISO('2026-05-20T12:00:00Z', { zone: 'UTC' });
	const range = (from: unknown, to: unknown = '') => trackingRange(from, to, 'UTC', now);

	test('empty ends mean the whole window, a minute inside its edge', () => {
		expect(range('')).toEqual({ dateStart: '2026-05-13T12:01:00Z', dateEnd: '2026-05-20T12:00:00Z' });
	});

	test('a start at the edge (an expression computed a moment earlier) is moved inside; 8 days ago is refused', () => {
		expect(range('2026-05-13T11:57:00Z').dateStart).toBe('2026-05-13T12:01:00Z');
		expect(() => range('2026-05-13T11:54:00Z')).toThrow(
			'Date From (2026-05-13T11:54:00Z) is more than 7 days ago: Routee tracks only the last 7 days, so start at 2026-05-13T12:01:00Z or later',
		);
		expect(() => range('2026-05-12T12:00:00Z')).toThrow(/is more than 7 days ago/);
	});

	test('dates are read in the workflow zone and sent in UTC; an end in the future means now', () => {
		expect(trackingRange('2026-05-19 09:00:00', '2026-05-25T00:00:00Z', 'Europe/Athens', now)).toEqual({
			dateStart: '2026-05-19T06:00:00Z',
			dateEnd: '2026-05-20T12:00:00Z',
		});
	});

	test('the end must come after the start, and the start not in the future', () => {
		expect(() => range('2026-05-19T10:00:00Z', '2026-05-18T10:00:00Z')).toThrow(/Date To \(2026-05-18T10:00:00Z\) is before "Date From"/);
		expect(() => range('2026-05-19T10:00:00Z', '2026-05-19T10:00:00Z')).toThrow(/must be after "Date From"/);
		expect(() => range('2026-05-21T10:00:00Z')).toThrow('Date From (2026-05-21T10:00:00Z) is in the future');
	});
});

describe('merging parts', () => {
	const part = (messageId: string, part: number, status: string, price: number, date: string): RouteeTrackingEntry => ({
		messageId,
		smsId: `${messageId}-${part}`,
		part,
		parts: 3,
		body: 'Long text',
		to: '+306900000001',
		price,
		status: { date, status, reason: status === 'Undelivered' ? { detailedStatus: 'Roaming', description: 'The handset is roaming' } : null },
		direction: 'Outbound',
	});

	test('parts of one message become one, in part order, price summed, the least advanced status, the latest date', () => {
		const merged = mergeParts([
			part('m1', 2, 'Delivered', 0.025, '2026-05-19T10:00:05Z'),
			part('m2', 1, 'Sent', 0.01, '2026-05-19T10:01:00Z'),
			part('m1', 1, 'Delivered', 0.025, '2026-05-19T10:00:02Z'),
			part('m1', 3, 'Undelivered', 0.025, '2026-05-19T10:00:09Z'),
		]);
		expect(merged.map((message) => message.messageId)).toEqual(['m1', 'm2']);
		expect(merged[0]).toMatchObject({ smsIds: ['m1-1', 'm1-2', 'm1-3'], partsTracked: 3, price: 0.075, body: 'Long text' });
		expect(merged[0].status).toEqual({ date: '2026-05-19T10:00:09Z', status: 'Undelivered', reason: { detailedStatus: 'Roaming', description: 'The handset is roaming' } });
		expect(merged[0]).not.toHaveProperty('part');
		expect(normalizeRouteeTracking(merged[0])).toMatchObject({ id: 'm1', status: 'failed', segments: 3, price: 0.075, error: 'Roaming: The handset is roaming' });
	});

	test('a message is delivered only when every part is', () => {
		const [message] = mergeParts([part('m', 1, 'Delivered', 0.02, '2026-05-19T10:00:00Z'), part('m', 2, 'Sent', 0.02, '2026-05-19T10:00:01Z')]);
		expect(normalizeRouteeTracking(message).status).toBe('sent');
	});
});

describe('n8nExchange with renewTokenOn (shared helper)', () => {
	/** Stands in for n8n's request helper: records the options it got and answers as told. */
	function context(answer: (options: IHttpRequestOptions) => Promise<unknown>) {
		const seen: IHttpRequestOptions[] = [];
		const credentialOptions: unknown[] = [];
		const stub = {
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions, additional?: unknown) => {
					seen.push(options);
					credentialOptions.push(additional);
					return await answer(options);
				},
			},
		};
		return { context: stub as unknown as IExecuteFunctions, seen, credentialOptions };
	}

	/** The error n8n throws for an HTTP error status: a NodeApiError around the axios error. */
	async function n8nStatusError(status: number, body: unknown, headers: Record<string, string> = {}): Promise<NodeApiError> {
		const sim = new RouteeSimulator();
		sim.route('GET', '/status', () => ({ status, body, headers }));
		await sim.start();
		try {
			await axios.get(`${sim.baseUrl}/status`);
			throw new Error('expected an error');
		} catch (error) {
			return new NodeApiError(node, error as never);
		} finally {
			await sim.stop();
		}
	}

	test('asks n8n to throw on HTTP errors and to renew the token on 401 and 403, and hands the answer back', async () => {
		const thrown = await n8nStatusError(429, { code: '429000000', developerMessage: 'Slow down' }, { 'retry-after': '7' });
		const { context: ctx, seen, credentialOptions } = context(async () => {
			throw thrown;
		});
		const response = await n8nExchange(ctx, 'routeeApi', { renewTokenOn: [401, 403] })({ method: 'GET', url: '/x' });
		expect(seen[0]).toMatchObject({ returnFullResponse: true, ignoreHttpStatusErrors: false });
		expect(credentialOptions[0]).toEqual({ preAuthenticationRetryStatusCode: [401, 403] });
		expect(response.statusCode).toBe(429);
		expect(response.body).toEqual({ code: '429000000', developerMessage: 'Slow down' });
		expect(response.headers['retry-after']).toBe('7');
	});

	test('a failure without an answer (connection refused) stays an error; without the option statuses are ignored as before', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		const { context: failing } = context(async () => {
			throw new NodeApiError(node, refused as never);
		});
		await expect(n8nExchange(failing, 'routeeApi', { renewTokenOn: [401, 403] })({ url: '/x' })).rejects.toBeInstanceOf(NodeApiError);
		expect(httpResponseFromError(refused)).toBeUndefined();

		const { context: ok, seen } = context(async () => ({ statusCode: 200, headers: {}, body: { fine: true } }));
		expect(await n8nExchange(ok, 'clickSendApi')({ url: '/x' })).toEqual({ statusCode: 200, headers: {}, body: { fine: true } });
		expect(seen[0].ignoreHttpStatusErrors).toBe(true);
	});
});

describe('the client over axios against the simulator', () => {
	let sim: RouteeSimulator;
	let token = '';
	beforeAll(async () => {
		sim = new RouteeSimulator();
		await sim.start();
	});
	afterAll(async () => await sim.stop());
	beforeEach(async () => {
		sim.resetAll();
		const response = await axios.post(`${sim.baseUrl}/oauth/token`, 'grant_type=client_credentials', {
			auth: { username: 'sandbox-app', password: 'DUMMY-SANDBOX-APP-SECRET-0001' },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		token = (response.data as { access_token: string }).access_token;
		sim.reset();
	});

	const client = () => {
		const base = axiosExchange();
		const exchange: HttpExchange = async (options) => await base({ ...options, headers: { ...options.headers, Authorization: `Bearer ${token}` } });
		return createRouteeClient(exchange, node, `${sim.baseUrl}/`, ['DUMMY-SANDBOX-APP-SECRET-0001', token], { baseDelayMs: 10, maxDelayMs: 2000 });
	};
	const send = { method: 'POST' as const, path: '/sms', kind: 'send' as const, body: { body: 'Hi', to: '+306900000001', from: 'Routee' } };

	test('sends JSON with the token to the base URL (trailing slash dropped)', async () => {
		const response = await client().call<{ status: string }>(send);
		expect(response.status).toBe('Queued');
		const [call] = sim.recorded();
		expect(call.path).toBe('/sms');
		expect(call.headers.authorization).toBe(`Bearer ${token}`);
		expect(call.headers['content-type']).toMatch(/^application\/json/);
	});

	test('a send answered 500 is not repeated and may have been sent; the token never shows in the error', async () => {
		sim.failAfterAccepting.add('+306900000001');
		const error = (await client()
			.call(send)
			.catch((caught: unknown) => caught)) as Error;
		expect(error.message).toBe('Routee: Internal server error.');
		expect(mayHaveBeenSent(error)).toBe(true);
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(1);
		expect(JSON.stringify(error)).not.toContain(token);
	});

	test('a send refused with 429 is repeated after Retry-After (Routee did not take it)', async () => {
		sim.inject({ fault: { type: 'status', status: 429, retryAfter: '0', body: { code: '429000000', developerMessage: 'Too many requests' } }, match: /^POST \/sms$/ });
		await client().call(send);
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(2);
		expect(sim.acceptedTotal).toBe(1);
	});

	test('a read dropped after Routee read it is retried', async () => {
		sim.inject({ fault: { type: 'dropAfterRead' }, match: /^GET \/accounts\/me\/balance$/ });
		const balance = await client().call<{ balance: number }>({ method: 'GET', path: '/accounts/me/balance', kind: 'read' });
		expect(balance.balance).toBe(250.5);
		expect(sim.recorded(/balance/)).toHaveLength(2);
	});
});
