// A k-way merge of paged streams that are each in time order (one provider's history each)
// into one stream in that order. Pages are pulled lazily: a stream's next page is asked for
// only once its records so far have been passed on, so a Limit met early leaves later pages
// unread, and every stream is ended (its pages in flight aborted) when the merge ends.

/** One stream of the merge: a name for its errors, and its pages, each in the merge's order. */
export interface OrderedStream<T> {
	name: string;
	pages: AsyncIterable<T[]>;
}

export interface MergeOptions<T> {
	/** A record's time in milliseconds; undefined when it has none (it keeps its place in its stream). */
	timeOf: (record: T) => number | undefined;
	newestFirst: boolean;
	/** Stop after this many records; undefined means all. */
	limit?: number;
}

/** A stream's records not yet passed on, and the time of the last one read (for the order check). */
interface StreamState<T> {
	name: string;
	iterator: AsyncIterator<T[]>;
	buffer: T[];
	position: number;
	done: boolean;
	lastTime?: number;
}

/** A stream whose records go backwards in time: the merge's order would be wrong, so it stops. */
export class StreamOrderError extends Error {
	constructor(name: string, earlier: number, later: number, newestFirst: boolean) {
		super(
			`${name} returned its history out of time order (${new Date(later).toISOString()} after ${new Date(earlier).toISOString()}, reading ${newestFirst ? 'newest' : 'oldest'} first): the merged order would be wrong, so nothing is output`,
		);
		this.name = 'StreamOrderError';
	}
}

/**
 * The records of all streams in one time order, in pages (a page ends where a stream needs
 * its next page read). Ties go to the stream listed first. A stream that fails fails the
 * merge; one out of order fails it with a StreamOrderError naming it.
 */
export async function* mergeByTime<T>(streams: Array<OrderedStream<T>>, options: MergeOptions<T>): AsyncGenerator<T[]> {
	const { timeOf, newestFirst, limit } = options;
	const states: Array<StreamState<T>> = streams.map((stream) => ({
		name: stream.name,
		iterator: stream.pages[Symbol.asyncIterator](),
		buffer: [],
		position: 0,
		done: false,
	}));
	/** Whether time `a` comes before time `b` in the merge's order. */
	const before = (a: number, b: number) => (newestFirst ? a > b : a < b);
	/** The time a stream's head is merged at: its own, else (no time) the last one read, else first of all. */
	const headTime = (state: StreamState<T>): number => {
		const time = timeOf(state.buffer[state.position]);
		if (time !== undefined) return time;
		if (state.lastTime !== undefined) return state.lastTime;
		return newestFirst ? Infinity : -Infinity;
	};
	const refill = async (state: StreamState<T>) => {
		// Empty pages are skipped: a checked read can leave a page with nothing kept.
		while (!state.done && state.position >= state.buffer.length) {
			const next = await state.iterator.next();
			if (next.done) state.done = true;
			else {
				state.buffer = next.value;
				state.position = 0;
			}
		}
	};
	const refillAll = async (waiting: Array<StreamState<T>>) => {
		// All at once (the first pages of every provider), then the first failure, named by its stream.
		const settled = await Promise.allSettled(waiting.map(async (state) => await refill(state)));
		const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
		if (failed) throw failed.reason;
	};
	let emitted = 0;
	try {
		if (limit !== undefined && limit <= 0) return;
		await refillAll(states);
		for (;;) {
			const live = states.filter((state) => state.position < state.buffer.length);
			if (!live.length) return;
			const page: T[] = [];
			let drained: StreamState<T> | undefined;
			while (!drained) {
				let chosen: StreamState<T> | undefined;
				for (const state of states) {
					if (state.position >= state.buffer.length) continue;
					if (!chosen || before(headTime(state), headTime(chosen))) chosen = state;
				}
				if (!chosen) break;
				const record = chosen.buffer[chosen.position++];
				const time = timeOf(record);
				if (time !== undefined) {
					if (chosen.lastTime !== undefined && before(time, chosen.lastTime)) throw new StreamOrderError(chosen.name, chosen.lastTime, time, newestFirst);
					chosen.lastTime = time;
				}
				page.push(record);
				emitted++;
				if (limit !== undefined && emitted >= limit) {
					yield page;
					return;
				}
				// A stream out of records must show its next one before any other record can be placed.
				if (chosen.position >= chosen.buffer.length && !chosen.done) drained = chosen;
			}
			if (page.length) yield page;
			if (drained) await refillAll([drained]);
		}
	} finally {
		// Ends every stream still open: their pages in flight are aborted and waited for.
		await Promise.allSettled(states.filter((state) => !state.done).map(async (state) => await state.iterator.return?.()));
	}
}
