import { normalizedMessage, toNumberOrNull, toStringOrNull } from '../../nodes/shared/message';

describe('normalizedMessage', () => {
	it('fills every field of the model, null where unknown', () => {
		expect(normalizedMessage('clicksend', {})).toEqual({
			provider: 'clicksend',
			id: null,
			direction: 'outbound',
			from: null,
			to: null,
			body: null,
			status: 'unknown',
			providerStatus: null,
			sentAt: null,
			segments: null,
			price: null,
			currency: null,
			country: null,
			subject: null,
			mediaUrl: null,
			reference: null,
			error: null,
		});
	});

	it('takes the given fields over the defaults', () => {
		const message = normalizedMessage('routee', { id: 'm1', direction: 'inbound', status: 'received', price: 0.05 });
		expect(message).toMatchObject({ provider: 'routee', id: 'm1', direction: 'inbound', status: 'received', price: 0.05 });
		expect(message.to).toBeNull();
	});
});

describe('toNumberOrNull', () => {
	it.each<[unknown, number | null]>([
		['0.0770', 0.077],
		['1.00', 1],
		[2, 2],
		[0, 0],
		['0', 0],
		['', null],
		[null, null],
		[undefined, null],
		['abc', null],
		[Number.NaN, null],
		[Number.POSITIVE_INFINITY, null],
	])('reads %j as %j', (value, expected) => {
		expect(toNumberOrNull(value)).toBe(expected);
	});
});

describe('toStringOrNull', () => {
	it.each<[unknown, string | null]>([
		['abc', 'abc'],
		[0, '0'],
		[12345, '12345'],
		[false, 'false'],
		['', null],
		[null, null],
		[undefined, null],
	])('reads %j as %j', (value, expected) => {
		expect(toStringOrNull(value)).toBe(expected);
	});
});
