/**
 * ApiClient takes secrets out of a failed answer before the provider's describer (or its own)
 * cuts the body short: a secret cut in half is no longer recognizable, so scrubbing the error
 * afterwards would let its first characters through.
 */
import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { scrubSecrets } from '../../nodes/shared/errors';
import { ApiClient, baseUrlOf, type HttpExchange } from '../../nodes/shared/http';
import { urlNotices } from '../../nodes/shared/urlNotices';

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

describe('scrubSecrets: every form a secret takes (expected values written out by hand)', () => {
	// alice:Pa55/w+rd=Key&9 → base64 YWxpY2U6UGE1NS93K3JkPUtleSY5; the key alone → UGE1NS93K3JkPUtleSY5.
	const KEY = 'Pa55/w+rd=Key&9';
	const secrets = [KEY, `alice:${KEY}`];

	test.each([
		['exact', 'key Pa55/w+rd=Key&9 refused', 'key *** refused'],
		['lower case', 'key pa55/w+rd=key&9 refused', 'key *** refused'],
		['upper case', 'KEY PA55/W+RD=KEY&9 REFUSED', 'KEY *** REFUSED'],
		['URL-encoded', '/send?key=Pa55%2Fw%2Brd%3DKey%269&to=1', '/send?key=***&to=1'],
		['URL-encoded, lower-case hex', '/send?key=Pa55%2fw%2brd%3dKey%269&to=1', '/send?key=***&to=1'],
		['URL-encoded twice', 'next=%2Fsend%3Fkey%3DPa55%252Fw%252Brd%253DKey%25269', 'next=%2Fsend%3Fkey%3D***'],
		['base64 of the key', 'token UGE1NS93K3JkPUtleSY5 rejected', 'token *** rejected'],
		['base64 of user:key, bare', 'credentials YWxpY2U6UGE1NS93K3JkPUtleSY5 rejected', 'credentials *** rejected'],
		['Basic <b64>', 'Authorization: Basic YWxpY2U6UGE1NS93K3JkPUtleSY5', 'Authorization: Basic ***'],
		['JSON-escaped as PHP does', '{"echo":"Pa55\\/w+rd=Key&9"}', '{"echo":"***"}'],
		['JSON-escaped as Go does', '{"echo":"Pa55/w+rd=Key\\u00269"}', '{"echo":"***"}'],
		['HTML-escaped', '<td>Pa55/w+rd=Key&amp;9</td>', '<td>***</td>'],
	])('%s', (_form, input, expected) => {
		expect(scrubSecrets(input, secrets)).toBe(expected);
	});

	test('base64 with + and / and its URL-safe twin (bob:k3y??>>~)', () => {
		const pair = ['k3y??>>~', 'bob:k3y??>>~'];
		expect(scrubSecrets('a Ym9iOmszeT8/Pj5+ b Ym9iOmszeT8_Pj5- c', pair)).toBe('a *** b *** c');
	});

	test("Routee's app:secret in base64, with and without padding", () => {
		const pair = ['R0utee-S3cret', 'app-7:R0utee-S3cret'];
		expect(scrubSecrets('Basic YXBwLTc6UjB1dGVlLVMzY3JldA== and YXBwLTc6UjB1dGVlLVMzY3JldA.', pair)).toBe('Basic *** and ***.');
	});

	test('Bearer and Basic tokens nobody listed, in plain text and in a provider HTML error page', () => {
		expect(scrubSecrets('Bearer eyJhbGciOi.J9x-y_z', [])).toBe('Bearer ***');
		expect(scrubSecrets('bearer abc123XYZ', [])).toBe('bearer ***');
		expect(scrubSecrets('Basic%20YWxpY2U6cGFzcw%3D%3D', [])).toBe('Basic%20***');
		expect(scrubSecrets('uses basic authentication', [])).toBe('uses basic authentication');
		const page =
			'<html><body><h1>401 Unauthorized</h1><p>Header was: Authorization: Bearer&nbsp;SMSUP-TOK-778899</p>' +
			'<pre>GET /send?token=SMSUP-TOK-778899 HTTP/1.1</pre><!-- smsup-tok-778899 --></body></html>';
		expect(scrubSecrets(page, ['SMSUP-TOK-778899'])).toBe(
			'<html><body><h1>401 Unauthorized</h1><p>Header was: Authorization: Bearer&nbsp;***</p>' +
				'<pre>GET /send?token=*** HTTP/1.1</pre><!-- *** --></body></html>',
		);
	});

	test('inside objects: auth headers and keys named like secrets go whole, other strings are scrubbed', () => {
		expect(
			scrubSecrets({ headers: { Authorization: 'Basic x', accept: 'json' }, apiKey: 'k', note: `sent PA55/W+RD=KEY&9`, list: ['UGE1NS93K3JkPUtleSY5'] }, secrets),
		).toEqual({ headers: { Authorization: '***', accept: 'json' }, apiKey: '***', note: 'sent ***', list: ['***'] });
	});

	test('short values (under 4 characters) are not treated as secrets', () => {
		expect(scrubSecrets('abc abcd', ['abc'])).toBe('abc abcd');
	});
});

test('an ApiClient error shows none of the forms of user:key (HTML error body)', async () => {
	const key = 'Pa55/w+rd=Key&9';
	const body = `<html><body>Bad credentials YWxpY2U6UGE1NS93K3JkPUtleSY5 for pa55%2fw%2brd%3dkey%269</body></html>`;
	const exchange: HttpExchange = async () => ({ statusCode: 401, headers: {}, body });
	const api = new ApiClient({ node, providerName: 'Provider', exchange, describeError: cutAt200, secrets: [key, `alice:${key}`], retry: { maxRetries: 0 } });
	expect(await failureOf(api)).toBe('Provider: <html><body>Bad credentials *** for ***</body></html> ');
});

test('baseUrlOf refuses a user name or password in the URL, without repeating it', () => {
	for (const bad of ['https://user:pass@api.example.com', 'http://token@api.example.com/v2', 'https://:secret@api.example.com']) {
		expect(() => baseUrlOf(bad, 'https://default')).toThrow(
			'Base URL contains a user name or password ("user:password@" before api.example.com): remove it; the credentials belong in their own fields',
		);
	}
	expect(() => baseUrlOf('https://user:pass@api.example.com', 'https://default')).not.toThrow(/pass@/);
	expect(baseUrlOf('https://api.example.com/a@b', 'https://default')).toBe('https://api.example.com/a@b');
});

test('the credential notices: plain http to another machine, user info (as n8n decides what a credential shows)', () => {
	const [plainNotice, userInfoNotice] = urlNotices('baseUrl', 'Base URL');
	const shown = (notice: INodeProperties, baseUrl: string) => NodeHelpers.displayParameter({ baseUrl }, notice, null, null);
	for (const remote of ['http://api.example.com', 'HTTP://api.example.com/v2', 'http://10.0.0.5:8080', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io/']) {
		expect([remote, shown(plainNotice, remote)]).toEqual([remote, true]);
	}
	for (const fine of ['https://api.example.com', 'http://localhost', 'http://localhost:3000/v2', 'http://127.0.0.1:8080', 'http://[::1]:9000/', '']) {
		expect([fine, shown(plainNotice, fine)]).toEqual([fine, false]);
	}
	expect(shown(userInfoNotice, 'https://user:pass@api.example.com')).toBe(true);
	expect(shown(userInfoNotice, 'http://token@127.0.0.1:9000')).toBe(true);
	expect(shown(userInfoNotice, 'https://api.example.com/v3')).toBe(false);
	// The conditions are no regular expressions: n8n runs those in a vm with a 250 ms limit on every credential read.
	expect(JSON.stringify([plainNotice.displayOptions, userInfoNotice.displayOptions])).not.toMatch(/regex/);
});
