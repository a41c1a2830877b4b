import { chunk } from '../../nodes/shared/batch';

describe('chunk', () => {
	it('splits a list into chunks of the given size, keeping order, with a shorter last chunk', () => {
		expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
	});

	it('makes exactly n / size chunks when size divides the list', () => {
		const list = Array.from({ length: 2000 }, (_, index) => index);
		const chunks = chunk(list, 1000);
		expect(chunks.map((part) => part.length)).toEqual([1000, 1000]);
		expect(chunks.flat()).toEqual(list);
	});

	it('returns one chunk when the list is smaller than the size', () => {
		expect(chunk(['a'], 1000)).toEqual([['a']]);
	});

	it('returns no chunks for an empty list', () => {
		expect(chunk([], 10)).toEqual([]);
	});

	it('rejects a size below 1', () => {
		expect(() => chunk([1], 0)).toThrow(RangeError);
	});
});
