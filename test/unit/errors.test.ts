import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError, inputErrorForItem, scrubSecrets } from '../../nodes/shared/errors';

const node: INode = {
	id: 'node-1',
	name: 'Send SMS',
	type: 'n8n-nodes-sms-gateways.clickSend',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('InputError', () => {
	it('names the field first in its message and keeps field and problem apart', () => {
		const error = new InputError('To', 'is empty');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('InputError');
		expect(error.message).toBe('To is empty');
		expect(error.field).toBe('To');
		expect(error.problem).toBe('is empty');
	});
});

describe('inputErrorForItem', () => {
	it('becomes a NodeOperationError naming the item and the field, saying nothing was sent', () => {
		const error = inputErrorForItem(node, new InputError('To', 'is empty'), 2);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('"To" is empty');
		expect(error.description).toBe(
			'Item 2: nothing was sent to the provider. Fix the "To" field or the expression that fills it.',
		);
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('scrubSecrets: objects', () => {
	it('masks Authorization headers and keeps other headers', () => {
		expect(
			scrubSecrets({ headers: { Authorization: 'Basic dXNlcjprZXk=', 'content-type': 'application/json' } }),
		).toEqual({ headers: { Authorization: '***', 'content-type': 'application/json' } });
	});

	it.each(['authorization', 'AUTHORIZATION', 'Proxy-Authorization', 'X-API-Key', 'x-api-key', 'Cookie', 'set-cookie'])(
		'masks the %s header whatever its case',
		(header) => {
			expect(scrubSecrets({ [header]: 'value-1234' })).toEqual({ [header]: '***' });
		},
	);

	it('masks a whole auth block', () => {
		expect(scrubSecrets({ url: 'https://x.test', auth: { username: 'u', password: 'p' } })).toEqual({
			url: 'https://x.test',
			auth: '***',
		});
	});

	it.each(['password', 'apiKey', 'apikey', 'api_key', 'api-key', 'clientSecret', 'client_secret', 'authToken', 'access_token'])(
		'masks the credential field %s',
		(key) => {
			expect(scrubSecrets({ [key]: 'value-1234', other: 'kept' })).toEqual({ [key]: '***', other: 'kept' });
		},
	);

	it('masks nested values inside lists', () => {
		expect(scrubSecrets({ requests: [{ headers: { authorization: 'Bearer abcdef123456' } }, 'Bearer abcdef123456'] })).toEqual({
			requests: [{ headers: { authorization: '***' } }, 'Bearer ***'],
		});
	});

	it('keeps numbers, booleans, null and undefined unchanged', () => {
		expect(scrubSecrets({ a: 1, b: true, c: null, d: undefined })).toEqual({ a: 1, b: true, c: null, d: undefined });
		expect(scrubSecrets(42)).toBe(42);
		expect(scrubSecrets(null)).toBeNull();
	});

	it('does not change the value it is given', () => {
		const input = { headers: { Authorization: 'Basic dXNlcjprZXk=' }, note: 'key s3cr3t-key' };
		const copy = JSON.parse(JSON.stringify(input)) as typeof input;
		scrubSecrets(input, ['s3cr3t-key']);
		expect(input).toEqual(copy);
	});

	it('handles a cycle by dropping the back reference', () => {
		const request: Record<string, unknown> = { url: 'https://x.test', headers: { authorization: 'Basic dXNlcjprZXk=' } };
		request.self = request;
		const scrubbed = scrubSecrets(request);
		expect(scrubbed).toEqual({ url: 'https://x.test', headers: { authorization: '***' }, self: undefined });
		expect(() => JSON.stringify(scrubbed)).not.toThrow();
	});

	it('handles a cycle through a list', () => {
		const list: unknown[] = ['Bearer abcdef123456'];
		list.push(list);
		expect(scrubSecrets(list)).toEqual(['Bearer ***', undefined]);
	});

	it('keeps an object that is referenced twice without a cycle', () => {
		const shared = { code: 'E1', note: 'key s3cr3t-key' };
		expect(scrubSecrets({ first: shared, second: shared }, ['s3cr3t-key'])).toEqual({
			first: { code: 'E1', note: 'key ***' },
			second: { code: 'E1', note: 'key ***' },
		});
	});
});

describe('scrubSecrets: strings', () => {
	it('masks a Basic token in a string', () => {
		expect(scrubSecrets('Authorization: Basic dXNlcjprZXk= was rejected')).toBe('Authorization: Basic *** was rejected');
	});

	it('masks a Bearer token (a JWT) in a string', () => {
		expect(scrubSecrets('sent Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_~ to the API')).toBe(
			'sent Bearer *** to the API',
		);
	});

	it('masks a token after a lower-case scheme name', () => {
		expect(scrubSecrets('authorization: bearer abcdef123456')).toBe('authorization: bearer ***');
	});

	it('leaves ordinary lower-case words after "basic" or "bearer" alone', () => {
		expect(scrubSecrets('Use basic authentication; the bearer credentials expired')).toBe(
			'Use basic authentication; the bearer credentials expired',
		);
	});

	it('masks a token of 6 or more characters but leaves shorter text after the scheme', () => {
		expect(scrubSecrets('Bearer ab12cd and Basic ab1')).toBe('Bearer *** and Basic ab1');
	});

	it('masks every occurrence of a literal secret', () => {
		expect(scrubSecrets('key=s3cr3t-key&again=s3cr3t-key', ['s3cr3t-key'])).toBe('key=***&again=***');
	});

	it('masks literal secrets inside objects', () => {
		expect(scrubSecrets({ url: 'https://api.test/send?key=s3cr3t-key' }, ['s3cr3t-key'])).toEqual({
			url: 'https://api.test/send?key=***',
		});
	});

	it('ignores literal secrets shorter than 4 characters, which would mangle ordinary text', () => {
		expect(scrubSecrets('a cat sat', ['a', 'at'])).toBe('a cat sat');
	});

	it('leaves text without secrets unchanged', () => {
		expect(scrubSecrets('Invalid recipient +61411111111', ['s3cr3t-key'])).toBe('Invalid recipient +61411111111');
	});
});
