/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
import type { Page, PagePosition, PaginateOptions, PaginationStyle } from '../../nodes/shared/paginate';
import {
	choosePageSize,
	collectAll,
	DEFAULT_CONCURRENCY,
	MAX_CONCURRENCY,
	MAX_PAGES_WITHOUT_TOTAL,
	offsetLimitStyle,
	pageLimitStyle,
	pageSizeStyle,
	pagesFor,
	paginate,
	PaginationError,
	startLengthStyle,
	totalCeiling,
} from '../../nodes/shared/paginate';

const delay = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, index) => from + index);

type Reporting = 'total' | 'hasMore' | 'nothing';

interface SourceOptions {
	/** Items in the history; may be a function of the fetch number to model growth. */
	total: number | ((fetchNumber: number) => number);
	/** What each page says about the rest. */
	reporting?: Reporting;
	/** Delay of each fetch, in ms. */
	delayMs?: (position: PagePosition) => number;
	/** Make a page fail. */
	failAt?: number;
	/** Cap what the source serves per page (a provider serving less than asked). */
	serveAtMost?: (position: PagePosition) => number;
	/** Override hasMore of a page. */
	hasMoreAt?: (position: PagePosition) => boolean | undefined;
}

/** A fake history of numbered items 0…total-1, addressed by offset, that records every fetch. */
function source(options: SourceOptions) {
	const reporting = options.reporting ?? 'total';
	const fetched: PagePosition[] = [];
	const params: Array<Record<string, number>> = [];
	const resolvedOrder: number[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const fetchPage = async (pageParams: Record<string, number>, position: PagePosition): Promise<Page<number>> => {
		const fetchNumber = fetched.length;
		fetched.push(position);
		params.push(pageParams);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			await delay(options.delayMs?.(position) ?? 0);
			if (options.failAt === position.index) throw new Error(`page ${position.index} failed`);
			const total = typeof options.total === 'number' ? options.total : options.total(fetchNumber);
			const served = Math.min(position.size, options.serveAtMost?.(position) ?? position.size);
			const items = range(position.offset, Math.min(position.offset + served, total));
			const page: Page<number> = { items };
			if (reporting === 'total') page.total = total;
			if (reporting === 'hasMore') page.hasMore = position.offset + items.length < total;
			const hasMore = options.hasMoreAt?.(position);
			if (hasMore !== undefined) page.hasMore = hasMore;
			resolvedOrder.push(position.index);
			return page;
		} finally {
			inFlight--;
		}
	};
	return {
		fetchPage,
		fetched,
		params,
		resolvedOrder,
		get fetches() {
			return fetched.length;
		},
		get maxInFlight() {
			return maxInFlight;
		},
	};
}

async function run<T>(options: PaginateOptions<T>): Promise<T[][]> {
	const pages: T[][] = [];
	for await (const page of paginate(options)) pages.push(page);
	return pages;
}

const randomDelay = () => Math.floor(Math.random() * 6);

describe('pagination styles', () => {
	const position: PagePosition = { index: 2, offset: 40, size: 20 };

	it('page/limit (1-based page) addresses page 3 of 20 as page=3, limit=20', () => {
		expect(pageLimitStyle(100, 15).params(position)).toEqual({ page: 3, limit: 20 });
	});

	it('page/size (0-based page) addresses page 3 of 20 as page=2, size=20', () => {
		expect(pageSizeStyle(100).params(position)).toEqual({ page: 2, size: 20 });
	});

	it('start/length addresses page 3 of 20 as start=40, length=20', () => {
		expect(startLengthStyle(1000).params(position)).toEqual({ start: 40, length: 20 });
	});

	it('offset/limit addresses page 3 of 20 as offset=40, limit=20', () => {
		expect(offsetLimitStyle(20).params(position)).toEqual({ offset: 40, limit: 20 });
	});

	it('uses custom parameter names', () => {
		expect(pageLimitStyle(100, 1, { page: 'p', size: 'per_page' }).params(position)).toEqual({ p: 3, per_page: 20 });
		expect(pageSizeStyle(100, { page: 'pg', size: 'sz' }).params(position)).toEqual({ pg: 2, sz: 20 });
		expect(startLengthStyle(100, { start: 'from', length: 'count' }).params(position)).toEqual({ from: 40, count: 20 });
		expect(offsetLimitStyle(100, { offset: 'skip', limit: 'take' }).params(position)).toEqual({ skip: 40, take: 20 });
	});

	it('carries its maximum and minimum page size', () => {
		expect(pageLimitStyle(100, 15)).toMatchObject({ maxPageSize: 100, minPageSize: 15 });
		expect(pageSizeStyle(50)).toMatchObject({ maxPageSize: 50 });
		expect(startLengthStyle(1000)).toMatchObject({ maxPageSize: 1000 });
		expect(offsetLimitStyle(20)).toMatchObject({ maxPageSize: 20 });
	});

	it.each<[string, PaginationStyle, Array<Record<string, number>>]>([
		['page/limit', pageLimitStyle(20), [{ page: 1, limit: 20 }, { page: 2, limit: 20 }, { page: 3, limit: 20 }]],
		['page/size', pageSizeStyle(20), [{ page: 0, size: 20 }, { page: 1, size: 20 }, { page: 2, size: 20 }]],
		['start/length', startLengthStyle(20), [{ start: 0, length: 20 }, { start: 20, length: 20 }, { start: 40, length: 20 }]],
		['offset/limit', offsetLimitStyle(20), [{ offset: 0, limit: 20 }, { offset: 20, limit: 20 }, { offset: 40, limit: 20 }]],
	])('%s: paginate asks for exactly the params of each page of a 45-item history', async (_name, style, expected) => {
		const history = source({ total: 45 });
		const items = await collectAll(paginate({ style, fetchPage: history.fetchPage }));
		expect(items).toEqual(range(0, 45));
		expect([...history.params].sort((a, b) => Object.values(a)[0] - Object.values(b)[0])).toEqual(expected);
		expect(history.fetched.map((position) => position.offset).sort((a, b) => a - b)).toEqual([0, 20, 40]);
	});
});

describe('choosePageSize and pagesFor', () => {
	const style = pageLimitStyle(100, 15);

	it('uses the maximum page size for Return All', () => {
		expect(choosePageSize(style)).toBe(100);
	});

	it('shrinks the page to Limit when Limit is smaller', () => {
		expect(choosePageSize(style, 40)).toBe(40);
	});

	it('never goes below the minimum page size', () => {
		expect(choosePageSize(style, 5)).toBe(15);
		expect(choosePageSize(style, undefined, 10)).toBe(15);
	});

	it('never goes above the maximum page size', () => {
		expect(choosePageSize(style, 500)).toBe(100);
		expect(choosePageSize(style, undefined, 500)).toBe(100);
	});

	it('honours a requested page size within bounds', () => {
		expect(choosePageSize(style, undefined, 50)).toBe(50);
		expect(choosePageSize(offsetLimitStyle(20), undefined, 0)).toBe(1);
	});

	it('counts the pages needed', () => {
		expect(pagesFor(1000, 20)).toBe(50);
		expect(pagesFor(1001, 20)).toBe(51);
		expect(pagesFor(20, 20)).toBe(1);
		expect(pagesFor(0, 20)).toBe(0);
	});
});

describe('paginate: Return All with a known total', () => {
	it('reads 1000 items with page size 20 in exactly 50 fetches, every item once and in order, despite random delays', async () => {
		const history = source({ total: 1000, delayMs: randomDelay });
		const pages = await run({ style: offsetLimitStyle(20), fetchPage: history.fetchPage });
		expect(history.fetches).toBe(50);
		expect(pages).toHaveLength(50);
		pages.forEach((page, index) => expect(page).toEqual(range(index * 20, index * 20 + 20)));
		expect(pages.flat()).toEqual(range(0, 1000));
		expect(new Set(history.fetched.map((position) => position.index)).size).toBe(50);
	});

	it('yields in order when later pages resolve before earlier ones', async () => {
		// Each later page answers faster than the one before it.
		const history = source({ total: 200, delayMs: (position) => (10 - position.index) * 4 });
		const items = await collectAll(paginate({ style: pageSizeStyle(20), fetchPage: history.fetchPage, concurrency: 4 }));
		expect(items).toEqual(range(0, 200));
		expect(history.fetches).toBe(10);
		// The fetches really did finish out of order.
		expect(history.resolvedOrder).not.toEqual([...history.resolvedOrder].sort((a, b) => a - b));
	});

	it.each([1, 3, DEFAULT_CONCURRENCY, 8])('never has more than %i requests in flight, and uses that many', async (bound) => {
		const history = source({ total: 1000, delayMs: () => 1 + randomDelay() });
		const items = await collectAll(paginate({ style: startLengthStyle(20), fetchPage: history.fetchPage, concurrency: bound }));
		expect(items).toEqual(range(0, 1000));
		expect(history.maxInFlight).toBe(bound);
	});

	it(`defaults to ${DEFAULT_CONCURRENCY} requests in flight`, async () => {
		const history = source({ total: 400, delayMs: () => 2 });
		await collectAll(paginate({ style: startLengthStyle(20), fetchPage: history.fetchPage }));
		expect(history.maxInFlight).toBe(DEFAULT_CONCURRENCY);
	});

	it(`caps concurrency at ${MAX_CONCURRENCY}`, async () => {
		const history = source({ total: 2000, delayMs: () => 5 });
		await collectAll(paginate({ style: startLengthStyle(20), fetchPage: history.fetchPage, concurrency: 100 }));
		expect(history.maxInFlight).toBe(MAX_CONCURRENCY);
	});

	it('treats a concurrency below 1 as 1', async () => {
		const history = source({ total: 100, delayMs: () => 1 });
		await collectAll(paginate({ style: startLengthStyle(20), fetchPage: history.fetchPage, concurrency: 0 }));
		expect(history.maxInFlight).toBe(1);
		expect(history.fetches).toBe(5);
	});

	it('fetches one page when the first page holds the whole total', async () => {
		const history = source({ total: 7 });
		expect(await run({ style: pageLimitStyle(100), fetchPage: history.fetchPage })).toEqual([range(0, 7)]);
		expect(history.fetches).toBe(1);
	});

	it('fetches one page and yields nothing for an empty history', async () => {
		const history = source({ total: 0 });
		expect(await run({ style: pageLimitStyle(100), fetchPage: history.fetchPage })).toEqual([]);
		expect(history.fetches).toBe(1);
	});

	it('does not fetch an extra page when the total is a multiple of the page size', async () => {
		const history = source({ total: 60 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).toEqual(range(0, 60));
		expect(history.fetches).toBe(3);
	});

	it('asks for the requested page size', async () => {
		const history = source({ total: 120 });
		await collectAll(paginate({ style: pageLimitStyle(100, 15), fetchPage: history.fetchPage, pageSize: 50 }));
		expect(history.params).toEqual([
			{ page: 1, limit: 50 },
			{ page: 2, limit: 50 },
			{ page: 3, limit: 50 },
		]);
	});

	it('carries on past the planned pages when the history grows while paging', async () => {
		// The first page says 100; by the time later pages are read there are 130.
		const history = source({ total: (fetchNumber) => (fetchNumber === 0 ? 100 : 130), delayMs: () => 1 });
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }));
		expect(items).toEqual(range(0, 130));
		expect(history.fetches).toBe(7);
	});

	it('stops at the planned pages when the last page is full but no growth is reported', async () => {
		const history = source({ total: 100, delayMs: () => 1 });
		await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }));
		expect(history.fetches).toBe(5);
	});

	it('stops without extra fetches when the history shrinks while paging', async () => {
		const history = source({ total: (fetchNumber) => (fetchNumber === 0 ? 100 : 70) });
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }));
		expect(items).toEqual(range(0, 70));
		expect(history.fetches).toBe(5);
	});
});

describe('paginate: Limit', () => {
	it('stops fetching as soon as Limit is met (total known)', async () => {
		const history = source({ total: 1000 });
		const pages = await run({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 45 });
		expect(pages.flat()).toEqual(range(0, 45));
		expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
		expect(history.fetches).toBe(3);
	});

	it('fetches exactly Limit / page size pages when Limit is a multiple of it', async () => {
		const history = source({ total: 1000 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 40 }))).toEqual(
			range(0, 40),
		);
		expect(history.fetches).toBe(2);
	});

	it('stops fetching as soon as Limit is met (total unknown)', async () => {
		const history = source({ total: 1000, reporting: 'nothing' });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 45 }))).toEqual(
			range(0, 45),
		);
		expect(history.fetches).toBe(3);
	});

	it('asks for a page of Limit items when Limit is below the maximum page size', async () => {
		const history = source({ total: 1000 });
		expect(await run({ style: startLengthStyle(1000), fetchPage: history.fetchPage, limit: 5 })).toEqual([range(0, 5)]);
		expect(history.params).toEqual([{ start: 0, length: 5 }]);
	});

	it('with a minimum page size of 15 and Limit 5, fetches one page of 15 and keeps 5', async () => {
		const history = source({ total: 1000 });
		const pages = await run({ style: pageLimitStyle(100, 15), fetchPage: history.fetchPage, limit: 5 });
		expect(pages).toEqual([range(0, 5)]);
		expect(history.params).toEqual([{ page: 1, limit: 15 }]);
	});

	it('returns all items when Limit exceeds the total', async () => {
		const history = source({ total: 30 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 100 }))).toEqual(
			range(0, 30),
		);
		expect(history.fetches).toBe(2);
	});

	it('fetches nothing for Limit 0', async () => {
		const history = source({ total: 30 });
		expect(await run({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 0 })).toEqual([]);
		expect(history.fetches).toBe(0);
	});

	it('fetches only the pages Limit needs even with high concurrency', async () => {
		const history = source({ total: 10_000, delayMs: () => 1 });
		await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, limit: 61, concurrency: 16 }));
		expect(history.fetches).toBe(4);
	});
});

describe('paginate: a short page in the middle', () => {
	it('is read again once when the total has not shrunk, and the second answer is used', async () => {
		let cut = true;
		const history = source({
			total: 100,
			serveAtMost: (position) => {
				if (position.index !== 2 || !cut) return position.size;
				cut = false;
				return 7;
			},
		});
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, concurrency: 3 }));
		expect(items).toEqual(range(0, 100));
		expect(history.fetched.map((position) => position.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 2, 3, 4]);
	});

	it('is kept as it is when the second answer is short again (read once more, no loop)', async () => {
		const history = source({ total: 100, serveAtMost: (position) => (position.index === 2 ? 7 : position.size) });
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }));
		expect(items).toEqual([...range(0, 47), ...range(60, 100)]);
		expect(history.fetches).toBe(6);
	});

	it('is not read again when it is the last page, or when the total went down (the history shrank)', async () => {
		const lastShort = source({ total: 95 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: lastShort.fetchPage }))).toEqual(range(0, 95));
		expect(lastShort.fetches).toBe(5);

		const shrinking = source({ total: (fetchNumber) => (fetchNumber === 0 ? 100 : 50), serveAtMost: () => 20, delayMs: (position) => position.index });
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: shrinking.fetchPage, concurrency: 1 }));
		expect(items).toEqual(range(0, 50));
		expect(shrinking.fetches).toBe(5);
	});
});

describe('paginate: unknown total', () => {
	it('fetches one page at a time until a short page', async () => {
		const history = source({ total: 45, reporting: 'nothing', delayMs: () => 1 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, concurrency: 8 }))).toEqual(
			range(0, 45),
		);
		expect(history.fetches).toBe(3);
		expect(history.maxInFlight).toBe(1);
	});

	it('fetches one more (empty) page when the history is a multiple of the page size', async () => {
		const history = source({ total: 40, reporting: 'nothing' });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).toEqual(range(0, 40));
		expect(history.fetches).toBe(3);
	});

	it('stops on a full page that says hasMore: false', async () => {
		const history = source({ total: 40, reporting: 'hasMore' });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).toEqual(range(0, 40));
		expect(history.fetches).toBe(2);
	});

	it('stops on a full page that says hasMore: false even when more items exist', async () => {
		const history = source({ total: 100, reporting: 'hasMore', hasMoreAt: (position) => position.index < 1 });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).toEqual(range(0, 40));
		expect(history.fetches).toBe(2);
	});

	it('carries on after a short page that says hasMore: true', async () => {
		const history = source({
			total: 50,
			reporting: 'hasMore',
			serveAtMost: (position) => (position.index === 0 ? 12 : position.size),
		});
		const pages = await run({ style: offsetLimitStyle(20), fetchPage: history.fetchPage });
		// Page 0 served 12 of 20; the engine still asks for page 1 at offset 20.
		expect(pages).toEqual([range(0, 12), range(20, 40), range(40, 50)]);
		expect(history.fetches).toBe(3);
	});

	it('stops on an empty page', async () => {
		const history = source({ total: 20, reporting: 'hasMore', hasMoreAt: () => true });
		expect(await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).toEqual(range(0, 20));
		expect(history.fetches).toBe(2);
	});
});

describe('paginate: failures', () => {
	it('rejects when the first page fails', async () => {
		const history = source({ total: 100, failAt: 0 });
		await expect(collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage }))).rejects.toThrow(
			'page 0 failed',
		);
	});

	it('yields the pages before a failed page, then rejects (total known)', async () => {
		const history = source({ total: 200, failAt: 3, delayMs: randomDelay });
		const seen: number[] = [];
		const iterate = async () => {
			for await (const page of paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage })) seen.push(...page);
		};
		await expect(iterate()).rejects.toThrow('page 3 failed');
		expect(seen).toEqual(range(0, 60));
	});

	it('rejects at its turn when a later page fails before earlier ones resolve', async () => {
		const history = source({ total: 200, failAt: 4, delayMs: (position) => (position.index === 4 ? 0 : 10) });
		const seen: number[] = [];
		const iterate = async () => {
			for await (const page of paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, concurrency: 4 }))
				seen.push(...page);
		};
		await expect(iterate()).rejects.toThrow('page 4 failed');
		expect(seen).toEqual(range(0, 80));
	});

	it('yields the pages before a failed page, then rejects (total unknown)', async () => {
		const history = source({ total: 200, failAt: 2, reporting: 'nothing' });
		const seen: number[] = [];
		const iterate = async () => {
			for await (const page of paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage })) seen.push(...page);
		};
		await expect(iterate()).rejects.toThrow('page 2 failed');
		expect(seen).toEqual(range(0, 40));
		expect(history.fetches).toBe(3);
	});

	it('stops scheduling fetches when the consumer stops early', async () => {
		const history = source({ total: 1000, delayMs: () => 1 });
		for await (const page of paginate({ style: offsetLimitStyle(20), fetchPage: history.fetchPage, concurrency: 2 })) {
			expect(page).toEqual(range(0, 20));
			break;
		}
		await delay(20);
		// The first page plus at most the window that was already in flight.
		expect(history.fetches).toBeLessThanOrEqual(3);
	});
});

describe('collectAll', () => {
	it('flattens pages in order', async () => {
		async function* pages(): AsyncGenerator<string[]> {
			yield ['a', 'b'];
			yield [];
			yield ['c'];
		}
		expect(await collectAll(pages())).toEqual(['a', 'b', 'c']);
	});
});

describe('paginate: a read that would never end stops with a clear error', () => {
	/** Far past every bound under test: reached only by an engine that loops (the test then fails instead of hanging). */
	const RUNAWAY_CALLS = 20_000;
	/** A fake provider page by page, answering from `answer`, that counts its calls. */
	function provider(answer: (position: PagePosition, call: number) => Page<number>) {
		const calls: PagePosition[] = [];
		const fetchPage = async (_params: Record<string, number>, position: PagePosition): Promise<Page<number>> => {
			if (calls.length >= RUNAWAY_CALLS) throw new Error(`runaway: ${RUNAWAY_CALLS} calls and still paging`);
			calls.push(position);
			return answer(position, calls.length - 1);
		};
		return { fetchPage, calls };
	}
	const idOf = (item: number) => String(item);
	async function failure<T>(options: PaginateOptions<T>): Promise<{ error: PaginationError; read: T[] }> {
		const read: T[] = [];
		try {
			for await (const page of paginate(options)) read.push(...page);
		} catch (caught) {
			// Anything else (the runaway guard) fails here, naming what it was.
			expect(caught).toBeInstanceOf(PaginationError);
			return { error: caught as PaginationError, read };
		}
		throw new Error(`the read ended without an error after ${read.length} items`);
	}

	it('page/limit (ClickSend): full pages without a total while the page number is ignored end after 3 calls', async () => {
		// Every page is items 0…99: page 2 is a stall the engine tolerates (a burst of new
		// messages can do that once), page 3 a second one in a row.
		const clickSend = provider(() => ({ items: range(0, 100) }));
		const { error, read } = await failure({ style: pageLimitStyle(100, 15), fetchPage: clickSend.fetchPage, idOf, provider: 'ClickSend' });
		expect(clickSend.calls).toHaveLength(3);
		expect(error.requests).toBe(3);
		expect(error.itemsRead).toBe(100);
		expect(error.message).toMatch(/^ClickSend answered 2 pages in a row with only items already read/);
		expect(error.message).toContain('stopped after 3 requests and 100 distinct items read');
		expect(read).toHaveLength(200);
	});

	it('page/limit (ClickSend): a total that stops being reported after growing ends at the pages the grown total allows', async () => {
		// First total 100, page size 20: a ceiling of 100 + max(10 × 20, 25) = 300 items, so at
		// most 300 / 20 = 15 pages. Page 5 reports 150 (growth), later pages only say more follow.
		const clickSend = provider((position) => ({
			items: range(position.offset, position.offset + 20),
			total: position.index === 0 ? 100 : position.index === 4 ? 150 : undefined,
			hasMore: position.index > 4 ? true : undefined,
		}));
		const { error } = await failure({ style: pageLimitStyle(100, 15), pageSize: 20, fetchPage: clickSend.fetchPage, provider: 'ClickSend' });
		expect(clickSend.calls).toHaveLength(15);
		expect(error.message).toMatch(/^ClickSend still said more pages follow after 15 pages, all that a total of up to 300 needs/);
		expect(error.itemsRead).toBe(300);
	});

	it('page/size (Routee): `last: false` on every page while the page is ignored ends after 3 calls', async () => {
		const routee = provider(() => ({ items: range(0, 50), hasMore: true }));
		const { error } = await failure({ style: pageSizeStyle(2000), pageSize: 50, fetchPage: routee.fetchPage, idOf, provider: 'Routee' });
		expect(routee.calls).toHaveLength(3);
		expect(error.itemsRead).toBe(50);
		expect(error.message).toMatch(/^Routee answered 2 pages in a row/);
	});

	it(`page/size (Routee): new items with \`last: false\` for ever, no total, end at ${MAX_PAGES_WITHOUT_TOTAL} calls`, async () => {
		const routee = provider((position) => ({ items: range(position.offset, position.offset + 20), hasMore: true }));
		const { error } = await failure({ style: pageSizeStyle(2000), pageSize: 20, fetchPage: routee.fetchPage, idOf });
		expect(MAX_PAGES_WITHOUT_TOTAL).toBe(10_000);
		expect(routee.calls).toHaveLength(10_000);
		expect(error.itemsRead).toBe(200_000);
		expect(error.message).toMatch(/^The provider still said more pages follow after 10000 pages/);
	});

	it('page/size: the bound for an unknown total can be set', async () => {
		const routee = provider((position) => ({ items: range(position.offset, position.offset + 20), hasMore: true }));
		await failure({ style: pageSizeStyle(20), fetchPage: routee.fetchPage, maxPagesWithoutTotal: 7 });
		expect(routee.calls).toHaveLength(7);
	});

	it('start/length (smsup): a total that grows without end stops once past the first total plus the margin, after 7 calls', async () => {
		// Call n reports 100 + 40n. First total 100, page size 20: ceiling 100 + max(200, 25) =
		// 300. Pages 2–5 (calls 1–4: 140…260) are planned; the total grew, so page 6 (call 5:
		// 300, not past) follows, then page 7 (call 6: 340) is past the ceiling.
		const smsUp = provider((position, call) => ({ items: range(position.offset, position.offset + 20), total: 100 + 40 * call }));
		const { error, read } = await failure({ style: startLengthStyle(1000), pageSize: 20, fetchPage: smsUp.fetchPage, provider: 'smsup.ch' });
		expect(smsUp.calls).toHaveLength(7);
		expect(read).toEqual(range(0, 120));
		expect(error.itemsRead).toBe(120);
		expect(error.message).toMatch(/^smsup\.ch reported a total of 340 on page 7, up from 100 on the first page and past the 300/);
		expect(error.message).toContain('stopped after 7 requests and 120 items read');
	});

	it('offset/limit (Apico): an offset echoed back other than asked ends the read at the second call', async () => {
		// The server ignores `offset`: it always serves (and echoes) offset 0, with `next` set.
		const apico = provider(() => ({ items: range(0, 20), hasMore: true, echo: { offset: 0 } }));
		const { error } = await failure({ style: offsetLimitStyle(20), fetchPage: apico.fetchPage, idOf, provider: 'Apico' });
		expect(apico.calls).toHaveLength(2);
		expect(error.itemsRead).toBe(20);
		expect(error.message).toMatch(/^Apico answered offset 0 when asked for offset 20 \(page 2\): it ignores the paging parameter/);
	});

	it('offset/limit (Apico): `next` always set and the offset ignored, with no echo, ends after 3 calls', async () => {
		const apico = provider(() => ({ items: range(0, 20), hasMore: true }));
		const { error } = await failure({ style: offsetLimitStyle(20), fetchPage: apico.fetchPage, idOf, provider: 'Apico' });
		expect(apico.calls).toHaveLength(3);
		expect(error.itemsRead).toBe(20);
	});

	it('offset/limit: a short page that keeps saying more follow, with nothing new, is no last page either', async () => {
		const apico = provider(() => ({ items: range(0, 5), hasMore: true }));
		await failure({ style: offsetLimitStyle(20), fetchPage: apico.fetchPage, idOf });
		expect(apico.calls).toHaveLength(3);
	});

	it('still reads a newest-first history growing while it is read, each page shifted by the arrivals', async () => {
		// Five new items arrive before every call (newest first, so they push the rest back by
		// five): every page repeats the last five of the page before, and brings fifteen new.
		let newest = 100;
		const shifting = provider((position, call) => {
			newest = 100 + 5 * call;
			const ids = range(0, newest).reverse();
			return { items: ids.slice(position.offset, position.offset + 20), total: newest };
		});
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: shifting.fetchPage, idOf, concurrency: 1 }));
		expect(new Set(items).size).toBeGreaterThanOrEqual(100);
		expect(items).toEqual(expect.arrayContaining(range(0, 100)));
	});

	it('tolerates one full page of only repeats (a burst of arrivals) and reads on', async () => {
		// Page 2 repeats page 1 entirely; the pages after it move on.
		const burst = provider((position) => {
			const offset = position.index === 1 ? 0 : position.offset - (position.index > 1 ? 20 : 0);
			return { items: range(offset, offset + 20), hasMore: position.index < 5 };
		});
		const items = await collectAll(paginate({ style: offsetLimitStyle(20), fetchPage: burst.fetchPage, idOf }));
		expect(burst.calls).toHaveLength(6);
		expect(new Set(items)).toEqual(new Set(range(0, 100)));
	});

	it('computes the ceiling of a growing total from the first one', () => {
		expect(totalCeiling(100, 20)).toBe(300);
		expect(totalCeiling(10_000, 20)).toBe(12_500);
	});
});
