/**
 * ApiClient takes secrets out of a failed answer before the provider's describer (or its own)
 * cuts the body short: a secret cut in half is no longer recognizable, so scrubbing the error
 * afterwards would let its first characters through.
 */
import type { INode } from 'n8n-workflow';

import { ApiClient, baseUrlOf, type HttpExchange } from '../../nodes/shared/http';

const node: INode = { id: 'n', name: 'Send SMS', type: 'n8n-nodes-sms-gateways.smsUp', typeVersion: 1, position: [0, 0], parameters: {} };
const SECRET = 'DUMMY-S3CR3T-TOKEN-0123456789ABCDEF';
/** A describer like the providers': the body's text, cut at 200 characters. */
const cutAt200 = (_status: number, body: unknown) => (typeof body === 'string' && body ? { message: body.slice(0, 200) } : undefined);

function client(body: unknown, statusCode: number, describeError = cutAt200): ApiClient {
	const exchange: HttpExchange = async () => ({ statusCode, headers: {}, body });
	return new ApiClient({ node, providerName: 'Provider', exchange, describeError, secrets: [SECRET], retry: { maxRetries: 0 } });
}

async function failureOf(api: ApiClient): Promise<string> {
	const error = (await api.request({ method: 'GET', url: 'http://127.0.0.1/x', kind: 'read' }).then(
		() => undefined,
		(caught: unknown) => caught,
	)) as { message: string; description?: string } | undefined;
	if (!error) throw new Error('expected a failure');
	return `${error.message} ${error.description ?? ''}`;
}

/** Any 6 characters in a row of the secret. */
const pieces = Array.from({ length: SECRET.length - 5 }, (_, start) => SECRET.slice(start, start + 6));

test.each([
	['an error status whose text the describer cuts through the secret', 'x'.repeat(190) + SECRET, 403],
	['an error status echoing the secret in an Authorization header', 'y'.repeat(170) + `Authorization: Bearer ${SECRET}`, 401],
	['a 429 whose text is cut through the secret', 'z'.repeat(195) + SECRET, 429],
])('%s: no piece of the secret in the error', async (_label, body, status) => {
	const text = await failureOf(client(body, status));
	expect(text).toContain('***');
	for (const piece of pieces) expect(text).not.toContain(piece);
});

test('a body that is not JSON, described by its first 120 characters, shows no piece of the secret', async () => {
	const text = await failureOf(client('<html>' + 'w'.repeat(100) + SECRET + '</html>', 200));
	expect(text).toMatch(/not valid JSON/);
	expect(text).toContain('***');
	for (const piece of pieces) expect(text).not.toContain(piece);
});

test('the same for a body that came as bytes', async () => {
	const text = await failureOf(client(Buffer.from('v'.repeat(110) + SECRET), 200));
	for (const piece of pieces) expect(text).not.toContain(piece);
});

test('an object body reaches the describer with secrets taken out, its other fields as they were', async () => {
	const seen: unknown[] = [];
	const api = client({ status: -1, message: `Token ${SECRET} refused` }, 401, (_status, body) => {
		seen.push(body);
		return { message: String((body as { message: string }).message) };
	});
	expect(await failureOf(api)).toMatch(/^Provider: Token \*\*\* refused/);
	expect(seen).toEqual([{ status: -1, message: 'Token *** refused' }]);
});

test('baseUrlOf accepts http(s) only and drops trailing slashes', () => {
	expect(baseUrlOf(' https://api.example.com/v2/ ', 'https://default')).toBe('https://api.example.com/v2');
	expect(baseUrlOf('', 'https://default.example.com')).toBe('https://default.example.com');
	for (const bad of ['ftp://api.example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'api.example.com']) {
		expect(() => baseUrlOf(bad, 'https://default')).toThrow(/is not an http:\/\/ or https:\/\/ address/);
	}
});
