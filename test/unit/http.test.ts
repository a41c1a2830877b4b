import type { IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiClientConfig, HttpExchange, HttpResponse, ProviderError, RetryPolicy } from '../../nodes/shared/http';
import {
	ApiClient,
	backoffMs,
	DEFAULT_RETRY_POLICY,
	mayHaveBeenSent,
	networkErrorCode,
	retryAfterMs,
} from '../../nodes/shared/http';

const node: INode = {
	id: 'node-1',
	name: 'Send SMS',
	type: 'n8n-nodes-sms-gateways.clickSend',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A connection failure as Node.js (or axios, which keeps it as `cause`) reports it. */
class NetworkError extends Error {
	constructor(
		message: string,
		readonly code?: string,
		readonly cause?: unknown,
	) {
		super(message);
	}
}

type Step = HttpResponse | NetworkError | { cause: { code: string } };

const json = (statusCode: number, body: unknown, headers: Record<string, unknown> = {}): HttpResponse => ({
	statusCode,
	headers: { 'content-type': 'application/json', ...headers },
	body: JSON.stringify(body),
});
const ok = (body: unknown = { ok: true }) => json(200, body);
const refused = () => new NetworkError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED');
const reset = () => new NetworkError('read ECONNRESET', 'ECONNRESET');

/** An exchange that plays the steps in order and records every request it was given. */
function scripted(...steps: Step[]) {
	const calls: IHttpRequestOptions[] = [];
	const times: number[] = [];
	const exchange: HttpExchange = async (options) => {
		calls.push(options);
		times.push(Date.now());
		const step = steps[calls.length - 1];
		if (step === undefined) throw new Error(`unexpected request number ${calls.length}`);
		if (step instanceof Error || !('statusCode' in step)) throw step;
		return step;
	};
	return { exchange, calls, times };
}

/** Reads the provider's error body the way a transport would. */
const describeError = (_statusCode: number, body: unknown): ProviderError | undefined => {
	let parsed: unknown = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body) as unknown;
		} catch {
			return undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object') return undefined;
	const { response_msg: message, response_code: code } = parsed as { response_msg?: string; response_code?: string };
	if (!message) return undefined;
	return { message, code };
};

const FAST: Partial<RetryPolicy> = { baseDelayMs: 1, maxDelayMs: 50, maxRetries: 3 };

function client(exchange: HttpExchange, config: Partial<ApiClientConfig> = {}): ApiClient {
	return new ApiClient({ node, providerName: 'ClickSend', exchange, describeError, retry: FAST, ...config });
}

async function failure(promise: Promise<unknown>): Promise<NodeApiError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	if (error instanceof NodeApiError) return error;
	throw new Error(error === undefined ? 'expected the request to fail' : `expected a NodeApiError, got ${String(error)}`);
}

const read = { kind: 'read' as const, method: 'GET' as const, url: 'https://api.example.test/v3/sms/history' };
const send = { kind: 'send' as const, method: 'POST' as const, url: 'https://api.example.test/v3/sms/send', body: { to: '+61411111111' } };

describe('ApiClient: successful requests', () => {
	it('returns the parsed JSON body after one attempt', async () => {
		const fake = scripted(ok({ data: [1, 2] }));
		const response = await client(fake.exchange).request<{ data: number[] }>(read);
		expect(response).toEqual({
			statusCode: 200,
			headers: { 'content-type': 'application/json' },
			body: { data: [1, 2] },
			attempts: 1,
		});
	});

	it('passes the request options to the exchange with json: true, without its own fields', async () => {
		const fake = scripted(ok());
		await client(fake.exchange).request({ ...read, qs: { page: 2 }, itemIndex: 4 });
		// The redirect guard travels with every request.
		expect(fake.calls).toEqual([{ json: true, method: 'GET', url: read.url, qs: { page: 2 }, sendCredentialsOnCrossOriginRedirect: false }]);
	});

	it('asks the exchange never to follow a redirect of a send', async () => {
		const fake = scripted(ok());
		await client(fake.exchange).request({ ...read, method: 'POST', kind: 'send' });
		expect(fake.calls).toEqual([{ json: true, method: 'POST', url: read.url, sendCredentialsOnCrossOriginRedirect: false, disableFollowRedirect: true }]);
	});

	it('accepts a body the exchange already parsed', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: { data: 'x' } });
		expect((await client(fake.exchange).request(read)).body).toEqual({ data: 'x' });
	});

	it('parses a JSON body given as a Buffer', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: Buffer.from('{"data":"x"}') });
		expect((await client(fake.exchange).request(read)).body).toEqual({ data: 'x' });
	});

	it('returns a non-JSON body as is when expectJson is false', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: '<xml>ok</xml>' });
		const response = await client(fake.exchange).request({ ...read, expectJson: false });
		expect(response.body).toBe('<xml>ok</xml>');
		expect(fake.calls[0].json).toBe(false);
	});
});

describe('ApiClient: reads', () => {
	it('retries a read after HTTP 500 and returns the next success', async () => {
		const fake = scripted(json(500, {}), ok({ data: 'second' }));
		const response = await client(fake.exchange).request(read);
		expect(response.body).toEqual({ data: 'second' });
		expect(response.attempts).toBe(2);
		expect(fake.calls).toHaveLength(2);
	});

	it.each([408, 500, 502, 503, 504])('retries a read after HTTP %i', async (status) => {
		const fake = scripted(json(status, {}), ok());
		expect((await client(fake.exchange).request(read)).attempts).toBe(2);
	});

	it.each([400, 401, 403, 404, 422, 501])('does not retry a read after HTTP %i', async (status) => {
		const fake = scripted(json(status, {}), ok());
		const error = await failure(client(fake.exchange).request(read));
		expect(fake.calls).toHaveLength(1);
		expect(error.httpCode).toBe(String(status));
	});

	it('gives up after maxRetries retries and throws the last error', async () => {
		const fake = scripted(
			json(503, { response_msg: 'down 1' }),
			json(503, { response_msg: 'down 2' }),
			json(503, { response_msg: 'down 3' }),
			ok(),
		);
		const error = await failure(client(fake.exchange, { retry: { ...FAST, maxRetries: 2 } }).request(read));
		expect(fake.calls).toHaveLength(3);
		expect(error.message).toBe('ClickSend: down 3');
		expect(error.httpCode).toBe('503');
		expect(mayHaveBeenSent(error)).toBe(false);
	});

	it('does not retry at all with maxRetries 0', async () => {
		const fake = scripted(json(500, {}), ok());
		await failure(client(fake.exchange, { retry: { ...FAST, maxRetries: 0 } }).request(read));
		expect(fake.calls).toHaveLength(1);
	});

	it('waits with capped exponential backoff between retries', async () => {
		// Waits of 20, 40, then 40 (capped) ms.
		const fake = scripted(json(500, {}), json(500, {}), json(500, {}), ok());
		const response = await client(fake.exchange, { retry: { baseDelayMs: 20, maxDelayMs: 40, maxRetries: 3 } }).request(read);
		expect(response.attempts).toBe(4);
		const gaps = fake.times.slice(1).map((time, index) => time - fake.times[index]);
		expect(gaps[0]).toBeGreaterThanOrEqual(18);
		expect(gaps[1]).toBeGreaterThanOrEqual(38);
		expect(gaps[2]).toBeGreaterThanOrEqual(38);
		expect(gaps[2]).toBeLessThan(70);
	});

	it('stops retrying when the next wait would pass the total time budget', async () => {
		// Waits 100 ms after the first failure; the next wait (200 ms) would end past 150 ms.
		const fake = scripted(json(500, {}), json(500, {}), ok());
		const started = Date.now();
		await failure(
			client(fake.exchange, { retry: { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 5, maxTotalMs: 150 } }).request(read),
		);
		expect(fake.calls).toHaveLength(2);
		expect(Date.now() - started).toBeLessThan(200);
	});

	it.each<[string, Step]>([
		['ECONNRESET', reset()],
		['ETIMEDOUT', new NetworkError('timeout', 'ETIMEDOUT')],
		['a wrapped ECONNRESET ({ cause: { code } })', { cause: { code: 'ECONNRESET' } }],
		['socket hang up', new NetworkError('socket hang up')],
		['ECONNREFUSED', refused()],
	])('retries a read after %s', async (_name, failureStep) => {
		const fake = scripted(failureStep, ok({ data: 'after' }));
		const response = await client(fake.exchange).request(read);
		expect(response).toMatchObject({ body: { data: 'after' }, attempts: 2 });
	});

	it('does not retry a read after an error without a network code', async () => {
		const fake = scripted(new NetworkError('certificate has expired'), ok());
		const error = await failure(client(fake.exchange).request(read));
		expect(fake.calls).toHaveLength(1);
		expect(error.message).toBe('ClickSend: Request to ClickSend failed: certificate has expired');
	});

	it('retries a read whose body is not JSON, then fails with a clear message', async () => {
		const html = { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<html>\n  <body>Bad gateway</body></html>' };
		const fake = scripted(html, html, html, html);
		const error = await failure(client(fake.exchange).request(read));
		expect(fake.calls).toHaveLength(4);
		expect(error.message).toBe('ClickSend: ClickSend returned a response that is not valid JSON');
		expect(error.description).toBe('It began with: <html> <body>Bad gateway</body></html>');
		expect(mayHaveBeenSent(error)).toBe(false);
	});

	it('retries a read whose body is not JSON and returns the next valid body', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: '{"truncated": ' }, ok({ data: 'whole' }));
		expect(await client(fake.exchange).request(read)).toMatchObject({ body: { data: 'whole' }, attempts: 2 });
	});

	it('treats an empty body as invalid JSON and says it was empty', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: '' });
		const error = await failure(client(fake.exchange, { retry: { ...FAST, maxRetries: 0 } }).request(read));
		expect(error.description).toBe('The body was empty.');
	});
});

describe('ApiClient: 429 and Retry-After', () => {
	it('waits the Retry-After seconds before retrying a read', async () => {
		const fake = scripted(json(429, {}, { 'retry-after': '1' }), ok({ data: 'later' }));
		const started = Date.now();
		const response = await client(fake.exchange, { retry: { ...FAST, maxDelayMs: 2000 } }).request(read);
		expect(response).toMatchObject({ body: { data: 'later' }, attempts: 2 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(fake.times[1] - fake.times[0]).toBeGreaterThanOrEqual(900);
	});

	it('waits the Retry-After seconds before retrying a send, and sends once more only', async () => {
		const fake = scripted(json(429, { response_msg: 'Slow down' }, { 'retry-after': '1' }), ok({ data: 'queued' }));
		const response = await client(fake.exchange, { retry: { ...FAST, maxDelayMs: 2000 } }).request(send);
		expect(response).toMatchObject({ body: { data: 'queued' }, attempts: 2 });
		expect(fake.calls).toHaveLength(2);
		expect(fake.times[1] - fake.times[0]).toBeGreaterThanOrEqual(900);
	});

	it('honours Retry-After given as an HTTP date', async () => {
		// HTTP dates have whole seconds, so this asks for a wait between 1 and 2 s.
		const retryAt = new Date(Date.now() + 2000).toUTCString();
		const fake = scripted(json(429, {}, { 'retry-after': retryAt }), ok());
		await client(fake.exchange, { retry: { ...FAST, maxDelayMs: 5000 } }).request(read);
		expect(fake.times[1] - fake.times[0]).toBeGreaterThanOrEqual(900);
	});

	it('uses the backoff when a 429 has no Retry-After, for reads and sends alike', async () => {
		const fakeRead = scripted(json(429, {}), ok());
		const fakeSend = scripted(json(429, {}), json(429, {}), ok());
		expect((await client(fakeRead.exchange).request(read)).attempts).toBe(2);
		expect((await client(fakeSend.exchange).request(send)).attempts).toBe(3);
	});

	it('gives up at once when Retry-After is more than twice the longest backoff, saying how long to wait', async () => {
		const fake = scripted(json(429, { response_msg: 'Rate limit exceeded' }, { 'retry-after': '3600' }), ok());
		const started = Date.now();
		const error = await failure(client(fake.exchange, { retry: { ...FAST, maxDelayMs: 1000 } }).request(send));
		expect(Date.now() - started).toBeLessThan(500);
		expect(fake.calls).toHaveLength(1);
		expect(error.message).toBe('ClickSend: Rate limit exceeded');
		expect(error.httpCode).toBe('429');
		expect(error.description).toBe('The provider asked to wait 3600 s before trying again.');
		expect(mayHaveBeenSent(error)).toBe(false);
	});

	it('gives up at once when Retry-After would pass the total time budget', async () => {
		const fake = scripted(json(429, {}, { 'retry-after': '2' }), ok());
		const started = Date.now();
		const error = await failure(
			client(fake.exchange, { retry: { ...FAST, maxDelayMs: 5000, maxTotalMs: 1000 } }).request(read),
		);
		expect(Date.now() - started).toBeLessThan(500);
		expect(fake.calls).toHaveLength(1);
		expect(error.message).toBe('ClickSend: Too many requests to ClickSend');
	});
});

describe('ApiClient: sends are never repeated when they may have arrived', () => {
	it('does not retry a send after ECONNRESET, and says it may have been sent', async () => {
		const fake = scripted(reset(), ok());
		const error = await failure(client(fake.exchange).request({ ...send, itemIndex: 2 }));
		expect(fake.calls).toHaveLength(1);
		expect(mayHaveBeenSent(error)).toBe(true);
		expect(error.message).toBe('ClickSend: The connection closed before ClickSend answered');
		expect(error.description).toContain('Network error code: ECONNRESET.');
		expect(error.description).toContain('the message may have been sent');
		expect(error.context.itemIndex).toBe(2);
	});

	it('does not retry a send after a wrapped ECONNRESET ({ cause: { code } })', async () => {
		const fake = scripted({ cause: { code: 'ECONNRESET' } }, ok());
		const error = await failure(client(fake.exchange).request(send));
		expect(fake.calls).toHaveLength(1);
		expect(mayHaveBeenSent(error)).toBe(true);
	});

	it('does not retry a send after socket hang up or a timeout', async () => {
		for (const step of [new NetworkError('socket hang up'), new NetworkError('timeout', 'ETIMEDOUT')]) {
			const fake = scripted(step, ok());
			expect(mayHaveBeenSent(await failure(client(fake.exchange).request(send)))).toBe(true);
			expect(fake.calls).toHaveLength(1);
		}
	});

	it('does not retry a send after an unknown transport error, and says it may have been sent', async () => {
		const fake = scripted(new NetworkError('something odd'), ok());
		const error = await failure(client(fake.exchange).request(send));
		expect(fake.calls).toHaveLength(1);
		expect(mayHaveBeenSent(error)).toBe(true);
	});

	it.each([500, 502, 503, 504])('does not retry a send after HTTP %i, and says it may have been sent', async (status) => {
		const fake = scripted(json(status, { response_msg: 'Internal error' }), ok());
		const error = await failure(client(fake.exchange).request(send));
		expect(fake.calls).toHaveLength(1);
		expect(mayHaveBeenSent(error)).toBe(true);
		expect(error.message).toBe('ClickSend: Internal error');
		expect(error.description).toContain('It was not sent again');
	});

	it('does not retry a send whose 200 body is not JSON, and says it may have been sent', async () => {
		const fake = scripted({ statusCode: 200, headers: {}, body: '{"data": {"messages": [' }, ok());
		const error = await failure(client(fake.exchange).request(send));
		expect(fake.calls).toHaveLength(1);
		expect(mayHaveBeenSent(error)).toBe(true);
		expect(error.message).toBe('ClickSend: ClickSend returned a response that is not valid JSON');
		expect(error.description).toContain('It began with: {"data": {"messages": [');
	});

	it('retries a send after ECONNREFUSED (nothing was written) and returns the success', async () => {
		const fake = scripted(refused(), ok({ data: 'sent' }));
		const response = await client(fake.exchange).request(send);
		expect(response).toMatchObject({ body: { data: 'sent' }, attempts: 2 });
	});

	it('retries a send after a wrapped ECONNREFUSED ({ cause: { code } })', async () => {
		const fake = scripted({ cause: { code: 'ECONNREFUSED' } }, new NetworkError('wrapped', undefined, refused()), ok());
		expect((await client(fake.exchange).request(send)).attempts).toBe(3);
	});

	it('retries a send after ENOTFOUND', async () => {
		const fake = scripted(new NetworkError('getaddrinfo ENOTFOUND api.example.test', 'ENOTFOUND'), ok());
		expect((await client(fake.exchange).request(send)).attempts).toBe(2);
	});

	it('fails a send refused on every attempt without saying it may have been sent', async () => {
		const fake = scripted(refused(), refused(), refused(), refused());
		const error = await failure(client(fake.exchange).request(send));
		expect(fake.calls).toHaveLength(4);
		expect(mayHaveBeenSent(error)).toBe(false);
		expect(error.message).toBe('ClickSend: Could not connect to ClickSend: the connection was refused');
		expect(error.description).toBe('Network error code: ECONNREFUSED.');
		expect(error.description ?? '').not.toContain('may have been sent');
	});
});

describe('ApiClient: provider errors', () => {
	it('does not retry a 4xx and puts the provider message and code in the error', async () => {
		const fake = scripted(json(400, { response_code: 'INVALID_RECIPIENT', response_msg: 'Invalid recipient number' }), ok());
		const error = await failure(client(fake.exchange).request({ ...send, itemIndex: 3 }));
		expect(fake.calls).toHaveLength(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('ClickSend: Invalid recipient number');
		expect(error.description).toBe('Provider code: INVALID_RECIPIENT.');
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(3);
		expect(mayHaveBeenSent(error)).toBe(false);
	});

	it('keeps the provider message for 401', async () => {
		const fake = scripted(json(401, { response_msg: 'Invalid API key' }));
		const error = await failure(client(fake.exchange).request(read));
		expect(error.message).toBe('ClickSend: Invalid API key');
		expect(error.httpCode).toBe('401');
	});

	it('keeps a provider message that n8n would otherwise swap for a generic network message', async () => {
		// "MessageNotFound" contains "ENOTFOUND", and "ECONNRESET" is a Node.js code: n8n's
		// NodeApiError rewrites messages holding such codes unless told otherwise.
		const fake = scripted(
			json(404, { response_code: 'NOT_FOUND', response_msg: 'MessageNotFound: no message with id 42' }),
			json(400, { response_msg: 'Upstream said: read ECONNRESET' }),
		);
		const api = client(fake.exchange);
		expect((await failure(api.request(read))).message).toBe('ClickSend: MessageNotFound: no message with id 42');
		expect((await failure(api.request(read))).message).toBe('ClickSend: Upstream said: read ECONNRESET');
	});

	it('names the provider and says it timed out when there was no answer in time', async () => {
		const fake = scripted(new NetworkError('timeout of 30000ms exceeded', 'ECONNABORTED'));
		const error = await failure(client(fake.exchange, { retry: { ...FAST, maxRetries: 0 } }).request(read));
		expect(error.message).toBe('ClickSend: No answer from ClickSend within the time limit');
	});

	it('falls back to the HTTP status when the body says nothing useful', async () => {
		const fake = scripted({ statusCode: 404, headers: {}, body: '' });
		const error = await failure(client(fake.exchange).request(read));
		expect(error.message).toBe('ClickSend: ClickSend answered HTTP 404');
	});

	it('passes the status and raw body to describeError', async () => {
		const seen: Array<[number, unknown]> = [];
		const fake = scripted({ statusCode: 422, headers: {}, body: '{"x":1}' });
		await failure(
			client(fake.exchange, {
				describeError: (status, body) => {
					seen.push([status, body]);
					return { message: 'Unprocessable', details: 'Field x is wrong.' };
				},
			}).request(read),
		);
		expect(seen).toEqual([[422, '{"x":1}']]);
	});
});

describe('ApiClient: secrets', () => {
	const apiKey = 'DUMMY-A1B2C3D4-E5F6-SECRET-KEY';
	const basic = Buffer.from(`user@example.com:${apiKey}`).toString('base64');
	const secrets = [apiKey, basic];

	/** Everything an error could carry to a log, the UI or the output. */
	const everything = (error: NodeApiError): string =>
		[
			JSON.stringify(error),
			error.message,
			error.description ?? '',
			JSON.stringify(error.messages),
			JSON.stringify(error.errorResponse),
			JSON.stringify(error.context),
			error.stack ?? '',
		].join('\n');

	it('keeps secrets out of errors built from the provider message and details', async () => {
		const fake = scripted(json(401, { response_msg: `Invalid key ${apiKey}` }));
		const error = await failure(
			client(fake.exchange, {
				secrets,
				describeError: () => ({
					message: `Invalid key ${apiKey}`,
					code: 'AUTH',
					details: `Request had Authorization: Basic ${basic} and key=${apiKey}`,
				}),
			}).request(read),
		);
		const text = everything(error);
		expect(text).not.toContain(apiKey);
		expect(text).not.toContain(basic);
		expect(error.message).toBe('ClickSend: Invalid key ***');
		expect(error.description).toBe('Provider code: AUTH. Request had Authorization: Basic *** and key=***');
	});

	it('keeps secrets out of errors built from a transport failure', async () => {
		const transportError = new NetworkError(`request to https://user:${apiKey}@api.example.test failed with Bearer ${basic}`);
		Object.assign(transportError, { config: { headers: { Authorization: `Basic ${basic}` } } });
		const fake = scripted(transportError);
		const error = await failure(client(fake.exchange, { secrets }).request(send));
		const text = everything(error);
		expect(text).not.toContain(apiKey);
		expect(text).not.toContain(basic);
		expect(error.message).toBe('ClickSend: Request to ClickSend failed: request to https://user:***@api.example.test failed with Bearer ***');
	});

	it('keeps a bearer token out of errors even when it is not listed as a secret', async () => {
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123';
		const fake = scripted(json(403, { response_msg: `Token Bearer ${jwt} is not allowed` }));
		const error = await failure(client(fake.exchange).request(read));
		expect(everything(error)).not.toContain(jwt);
	});
});

describe('retryAfterMs', () => {
	const now = Date.UTC(2026, 10, 23, 9, 30, 0);

	it('reads delta-seconds', () => {
		expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
		expect(retryAfterMs({ 'retry-after': 3 }, now)).toBe(3000);
		expect(retryAfterMs({ 'retry-after': '1.5' }, now)).toBe(1500);
		expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0);
	});

	it('reads an HTTP date relative to now', () => {
		expect(retryAfterMs({ 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
		expect(retryAfterMs({ 'retry-after': 'Mon, 23 Nov 2026 09:31:00 GMT' }, now)).toBe(60_000);
	});

	it('reads an HTTP date in the past as no wait', () => {
		expect(retryAfterMs({ 'retry-after': new Date(now - 5000).toUTCString() }, now)).toBe(0);
	});

	it('reads the capitalised header and the first of repeated values', () => {
		expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
		expect(retryAfterMs({ 'retry-after': ['4', '9'] }, now)).toBe(4000);
	});

	it('returns undefined when the header is absent, empty or unreadable', () => {
		expect(retryAfterMs({}, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': '' }, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': null }, now)).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
	});
});

describe('backoffMs', () => {
	const policy: RetryPolicy = { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 60_000 };

	it('doubles from the base delay', () => {
		expect([0, 1, 2, 3].map((attempt) => backoffMs(attempt, policy))).toEqual([100, 200, 400, 800]);
	});

	it('is capped at maxDelayMs', () => {
		expect(backoffMs(4, policy)).toBe(1000);
		expect(backoffMs(20, policy)).toBe(1000);
	});

	it('has defaults that start at 500 ms and are capped at 30 s within 2 minutes', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalMs: 120_000 });
		expect(backoffMs(0, DEFAULT_RETRY_POLICY)).toBe(500);
		expect(backoffMs(10, DEFAULT_RETRY_POLICY)).toBe(30_000);
	});
});

describe('networkErrorCode', () => {
	it('reads the code of the error itself', () => {
		expect(networkErrorCode(refused())).toBe('ECONNREFUSED');
	});

	it('digs through causes', () => {
		expect(networkErrorCode({ message: 'n8n wrapper', cause: { message: 'axios', cause: { code: 'ECONNRESET' } } })).toBe(
			'ECONNRESET',
		);
	});

	it('reads undici socket errors', () => {
		expect(networkErrorCode({ cause: { code: 'UND_ERR_SOCKET' } })).toBe('UND_ERR_SOCKET');
	});

	it('reads "socket hang up" as ECONNRESET', () => {
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
	});

	it('skips codes that are not network codes and keeps digging', () => {
		expect(networkErrorCode({ code: 'invalid_request', cause: { code: 'ETIMEDOUT' } })).toBe('ETIMEDOUT');
		expect(networkErrorCode({ code: 42 })).toBeUndefined();
	});

	it('returns undefined for errors without a code, and for non-objects', () => {
		expect(networkErrorCode(new Error('boom'))).toBeUndefined();
		expect(networkErrorCode('ECONNRESET')).toBeUndefined();
		expect(networkErrorCode(undefined)).toBeUndefined();
	});

	it('survives a cycle of causes', () => {
		const a: { cause?: unknown } = {};
		const b = { cause: a };
		a.cause = b;
		expect(networkErrorCode(a)).toBeUndefined();
	});
});

describe('mayHaveBeenSent', () => {
	it('is false for anything that is not an ApiClient error saying so', () => {
		expect(mayHaveBeenSent(undefined)).toBe(false);
		expect(mayHaveBeenSent(new Error('x'))).toBe(false);
		expect(mayHaveBeenSent({ errorResponse: { maybeSent: 'yes' } })).toBe(false);
	});

	it('is true for an error built with maybeSent', () => {
		const api = client(scripted().exchange);
		expect(mayHaveBeenSent(api.error({ message: 'x' }, 500, 0, true))).toBe(true);
		expect(mayHaveBeenSent(api.error({ message: 'x' }, 500, 0, false))).toBe(false);
	});
});
