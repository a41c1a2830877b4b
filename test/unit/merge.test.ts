import { collectAll } from '../../nodes/shared/paginate';
import { mergeByTime, StreamOrderError, type OrderedStream } from '../../nodes/shared/merge';

/** A stream of times (ms) in pages, recording how many pages were asked for and whether it was ended. */
function stream(name: string, pages: number[][], failAt?: number) {
	const seen = { pages: 0, ended: false };
	async function* read(): AsyncGenerator<number[]> {
		try {
			for (const [index, page] of pages.entries()) {
				if (index === failAt) throw new Error(`${name} page ${index + 1} refused`);
				seen.pages++;
				yield page;
			}
		} finally {
			seen.ended = true;
		}
	}
	const ordered: OrderedStream<number> = { name, pages: read() };
	return { ordered, seen };
}

const merge = async (streams: Array<OrderedStream<number>>, newestFirst: boolean, limit?: number) =>
	await collectAll(mergeByTime(streams, { timeOf: (time) => time, newestFirst, limit }));

describe('mergeByTime', () => {
	it('merges streams into one order, newest or oldest first', async () => {
		const a = stream('A', [[9, 7], [4, 1]]);
		const b = stream('B', [[8], [6, 5], [3]]);
		expect(await merge([a.ordered, b.ordered], true)).toEqual([9, 8, 7, 6, 5, 4, 3, 1]);
		const c = stream('C', [[1, 4], [7]]);
		const d = stream('D', [[2, 3], [5, 6]]);
		expect(await merge([c.ordered, d.ordered], false)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('reads no page past the Limit, and ends every stream', async () => {
		const a = stream('A', [[9, 8], [2], [1]]);
		const b = stream('B', [[7, 6], [5], [0]]);
		expect(await merge([a.ordered, b.ordered], true, 3)).toEqual([9, 8, 7]);
		// A's second page was needed to place 7 (A could still hold something newer); nothing later was.
		expect(a.seen.pages).toBe(2);
		expect(b.seen.pages).toBe(1);
		expect(a.seen.ended && b.seen.ended).toBe(true);
	});

	it('fails naming a stream out of time order, and one whose read fails', async () => {
		const a = stream('A', [[9, 3], [5]]);
		const b = stream('B', [[8]]);
		await expect(merge([a.ordered, b.ordered], true)).rejects.toThrow(StreamOrderError);
		const c = stream('C', [[9], [3]], 1);
		const d = stream('D', [[8], [7]]);
		await expect(merge([c.ordered, d.ordered], true)).rejects.toThrow('C page 2 refused');
		expect(d.seen.ended).toBe(true);
	});

	it('names the stream out of order', async () => {
		const a = stream('Apico', [[1, 2]]);
		await expect(merge([a.ordered], true)).rejects.toThrow(/^Apico returned its history out of time order/);
	});
});
