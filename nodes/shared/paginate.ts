// One pagination engine for every provider. A provider describes its style as data (how a
// page is addressed and how big it may be); the engine decides which pages to fetch, stops
// as soon as Limit is met, and once the first page reveals the total fetches the rest with
// bounded concurrency while still yielding pages in order.
import type { AdaptivePace } from './pace';

/** The position of one page, in every addressing scheme at once. */
export interface PagePosition {
	/** 0-based ordinal of the page. */
	index: number;
	/** 0-based offset of the page's first item. */
	offset: number;
	size: number;
}

export interface PaginationStyle {
	/** The largest page the API serves. */
	maxPageSize: number;
	/** The smallest page size the API accepts (ClickSend: 15). */
	minPageSize?: number;
	/** The query (or body) parameters that address a page. */
	params(position: PagePosition): Record<string, number>;
}

/** ClickSend (Laravel): `page` from 1, `limit`. */
export const pageLimitStyle = (maxPageSize: number, minPageSize = 1, names = { page: 'page', size: 'limit' }): PaginationStyle => ({
	maxPageSize,
	minPageSize,
	params: ({ index, size }) => ({ [names.page]: index + 1, [names.size]: size }),
});

/** Routee (Spring): `page` from 0, `size`. */
export const pageSizeStyle = (maxPageSize: number, names = { page: 'page', size: 'size' }): PaginationStyle => ({
	maxPageSize,
	params: ({ index, size }) => ({ [names.page]: index, [names.size]: size }),
});

/** smsup: `start` offset, `length`. */
export const startLengthStyle = (maxPageSize: number, names = { start: 'start', length: 'length' }): PaginationStyle => ({
	maxPageSize,
	params: ({ offset, size }) => ({ [names.start]: offset, [names.length]: size }),
});

/** Apico: `offset`, `limit`. */
export const offsetLimitStyle = (maxPageSize: number, names = { offset: 'offset', limit: 'limit' }): PaginationStyle => ({
	maxPageSize,
	params: ({ offset, size }) => ({ [names.offset]: offset, [names.limit]: size }),
});

export interface Page<T> {
	items: T[];
	/** Total matching items, when the provider says. */
	total?: number;
	/** Whether the provider says more pages follow; used when the total is unknown. */
	hasMore?: boolean;
	/**
	 * The page's address as the provider echoes it back, keyed like the style's params (Apico's
	 * `offset`). Echo only the position, not the size: a provider may serve fewer than asked.
	 */
	echo?: Record<string, number>;
}

export interface PaginateOptions<T> {
	style: PaginationStyle;
	/**
	 * One page. `signal` aborts once the read is over (done, failed or abandoned): a page still in
	 * flight then gives up rather than go on retrying after the node has finished.
	 */
	fetchPage: (params: Record<string, number>, position: PagePosition, signal: AbortSignal) => Promise<Page<T>>;
	/** Stop after this many items; undefined means Return All. */
	limit?: number;
	/** Page size to ask for; defaults to the style's maximum (or Limit when smaller). */
	pageSize?: number;
	/** Requests in flight at once once the total is known. */
	concurrency?: number;
	/** Lowers the requests in flight after a 429 and raises them again (usually the client's). */
	pace?: AdaptivePace;
	/** What identifies an item: lets the engine see a page that brings nothing new (a provider ignoring the page asked for). */
	idOf?: (item: T) => string | undefined;
	/** Names the provider in the error that ends a read going nowhere. */
	provider?: string;
	/** The most pages read while no total is known (default MAX_PAGES_WITHOUT_TOTAL). */
	maxPagesWithoutTotal?: number;
}

/**
 * A read stopped because the provider's pages would never end it: pages bringing nothing new,
 * another page than asked, a total growing far past the first one, or more pages than any
 * plausible history. Callers turn it into the item's NodeOperationError (see asItemError).
 */
export class PaginationError extends Error {
	constructor(
		message: string,
		/** Items passed on before the stop (each once when `idOf` is given). */
		readonly itemsRead: number,
		readonly requests: number,
	) {
		super(message);
		this.name = 'PaginationError';
	}
}

/** The bound of a read whose total is unknown: 10,000 pages is past any real history at the pages providers serve. */
export const MAX_PAGES_WITHOUT_TOTAL = 10_000;
/**
 * Messages arriving while reading may raise the total past the first page's; up to the larger
 * of 10 pages and a quarter of that first total is growth, more is a total that never settles.
 */
export const GROWTH_MARGIN_PAGES = 10;
export const GROWTH_MARGIN_SHARE = 0.25;
/**
 * A burst of new messages (newest first) can push a whole page of already-read items onto the
 * next page once; two pages in a row with nothing new is a provider not moving on.
 */
export const STALLED_PAGES_ALLOWED = 1;

/** The highest total a read that began at `firstTotal` accepts before calling the total runaway. */
export function totalCeiling(firstTotal: number, size: number): number {
	return firstTotal + Math.max(GROWTH_MARGIN_PAGES * size, Math.ceil(firstTotal * GROWTH_MARGIN_SHARE));
}

/** Several pages in flight hide the round trip; 8 stays polite to an API and wins most of the time. */
export const DEFAULT_CONCURRENCY = 8;
/** The most a user may ask for ("Parallel Requests"). */
export const MAX_CONCURRENCY = 16;

/** Chooses the page size: as large as allowed, no larger than needed for Limit. */
export function choosePageSize(style: PaginationStyle, limit?: number, requested?: number): number {
	let size = requested ?? style.maxPageSize;
	if (limit !== undefined) size = Math.min(size, limit);
	size = Math.min(size, style.maxPageSize);
	return Math.max(size, style.minPageSize ?? 1, 1);
}

/** The pages (size `size`) it takes to read `count` items. */
export function pagesFor(count: number, size: number): number {
	return Math.ceil(count / size);
}

/**
 * Yields pages of items in order until Limit is met or the history ends. Items beyond Limit
 * are trimmed from the last page. A read that would not end (see PaginationError) rejects
 * after a bounded number of requests, having yielded the pages read until then.
 */
export async function* paginate<T>(options: PaginateOptions<T>): AsyncGenerator<T[]> {
	const stop = new AbortController();
	/** Pages requested and not yet taken: waited for when the read ends, so none outlives it. */
	const pending = new Set<Promise<unknown>>();
	try {
		yield* readPages(options, stop.signal, pending);
	} finally {
		stop.abort();
		await Promise.allSettled([...pending]);
	}
}

async function* readPages<T>(options: PaginateOptions<T>, signal: AbortSignal, pending: Set<Promise<unknown>>): AsyncGenerator<T[]> {
	const { style, fetchPage, limit, idOf } = options;
	if (limit !== undefined && limit <= 0) return;
	const size = choosePageSize(style, limit, options.pageSize);
	const concurrency = Math.min(Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)), MAX_CONCURRENCY);
	const maxPagesWithoutTotal = Math.max(1, Math.floor(options.maxPagesWithoutTotal ?? MAX_PAGES_WITHOUT_TOTAL));
	const provider = options.provider ?? 'The provider';
	const position = (index: number): PagePosition => ({ index, offset: index * size, size });
	let requests = 0;
	const fetchAt = async (index: number) => {
		requests++;
		const params = style.params(position(index));
		const request = fetchPage(params, position(index), signal);
		pending.add(request);
		try {
			return { page: await request, params };
		} finally {
			pending.delete(request);
		}
	};

	let emitted = 0;
	let distinct = 0;
	const seen = new Set<string>();
	let stalled = 0;
	const take = (items: T[]): T[] => {
		const room = limit === undefined ? items.length : limit - emitted;
		const kept = items.length > room ? items.slice(0, room) : items;
		emitted += kept.length;
		return kept;
	};
	const wanted = () => (limit === undefined ? Infinity : limit - emitted);
	const fail = (problem: string): PaginationError => {
		const read = idOf ? distinct : emitted;
		return new PaginationError(
			`${provider} ${problem}: stopped after ${requests} requests and ${read} ${idOf ? 'distinct ' : ''}items read, rather than page without end. ` +
				'Use a Limit or narrower filters, or report this to the provider.',
			read,
			requests,
		);
	};
	const firstFetched = await fetchAt(0);
	const first = firstFetched.page;
	const firstTotal = first.total;
	const ceiling = firstTotal === undefined ? undefined : totalCeiling(firstTotal, size);
	/** Rejects a page that shows the read is going nowhere; counts its new items. */
	const check = (fetched: { page: Page<T>; params: Record<string, number> }, index: number) => {
		const { page, params } = fetched;
		for (const [key, value] of Object.entries(page.echo ?? {})) {
			if (key in params && params[key] !== value) {
				throw fail(`answered ${key} ${value} when asked for ${key} ${params[key]} (page ${index + 1}): it ignores the paging parameter`);
			}
		}
		if (ceiling !== undefined && page.total !== undefined && page.total > ceiling) {
			throw fail(`reported a total of ${page.total} on page ${index + 1}, up from ${firstTotal} on the first page and past the ${ceiling} that messages arriving while reading explain`);
		}
		if (!idOf) return;
		let fresh = 0;
		for (const item of page.items) {
			const id = idOf(item);
			if (id === undefined || !seen.has(id)) fresh++;
			if (id !== undefined) seen.add(id);
		}
		distinct += fresh;
		// A short last page may hold just the tail that new messages shifted; a full page of
		// nothing new, or one that promises more, is the provider not moving on.
		if (fresh > 0 || (page.items.length < size && isLastPage(page, size, index))) {
			stalled = 0;
			return;
		}
		if (++stalled > STALLED_PAGES_ALLOWED) {
			throw fail(`answered ${stalled} pages in a row with only items already read (up to page ${index + 1}): it does not move on to the page asked for`);
		}
	};

	check(firstFetched, 0);
	const firstItems = take(first.items);
	if (firstItems.length) yield firstItems;
	if (wanted() <= 0 || isLastPage(first, size, 0)) return;

	let nextIndex = 1;
	// The pages a read may take: those the total allows with its growth margin, or a hard cap.
	let maxPages = maxPagesWithoutTotal;
	if (firstTotal !== undefined && ceiling !== undefined) {
		maxPages = pagesFor(ceiling, size);
		// The total is known: fetch the pages it implies with a sliding window, yielding in order.
		const target = limit === undefined ? firstTotal : Math.min(firstTotal, limit);
		const lastIndex = pagesFor(target, size) - 1;
		const window: Array<Promise<{ page: Page<T>; params: Record<string, number> }>> = [];
		let scheduled = 1;
		const inFlightAllowed = () => (options.pace ? options.pace.allowed(concurrency) : concurrency);
		const schedule = () => {
			while (window.length < inFlightAllowed() && scheduled <= lastIndex) {
				const promise = fetchAt(scheduled++);
				// Keep a failure from surfacing as unhandled while it waits its turn.
				promise.catch(() => undefined);
				window.push(promise);
			}
		};
		schedule();
		let lastPage: Page<T> = first;
		const firstTotalLastIndex = pagesFor(firstTotal, size) - 1;
		while (window.length) {
			let fetched = await window.shift()!;
			// A page short of items in the middle, while the provider still reports at least the
			// same total, is an answer cut short rather than a history that shrank: read it again
			// once, so that an export does not silently lose the rest of that page.
			if (nextIndex < firstTotalLastIndex && fetched.page.items.length < size && (fetched.page.total ?? firstTotal) >= firstTotal) {
				fetched = await fetchAt(nextIndex);
			}
			check(fetched, nextIndex);
			nextIndex++;
			lastPage = fetched.page;
			const items = take(lastPage.items);
			if (items.length) yield items;
			if (wanted() <= 0) return;
			schedule();
		}
		// New messages may have arrived while paging: carry on past the firstTotal pages while
		// the last one was full and the provider now reports more.
		if (isLastPage(lastPage, size, nextIndex - 1)) return;
		const latestTotal = lastPage.total ?? firstTotal;
		if (latestTotal <= nextIndex * size) return;
	}

	// Total unknown (or grown): one page at a time until a short or empty page, or the bound.
	for (; ; nextIndex++) {
		if (nextIndex >= maxPages) {
			throw fail(
				ceiling === undefined
					? `still said more pages follow after ${maxPages} pages`
					: `still said more pages follow after ${maxPages} pages, all that a total of up to ${ceiling} needs`,
			);
		}
		const fetched = await fetchAt(nextIndex);
		check(fetched, nextIndex);
		const items = take(fetched.page.items);
		if (items.length) yield items;
		if (wanted() <= 0 || isLastPage(fetched.page, size, nextIndex)) return;
	}
}

function isLastPage<T>(page: Page<T>, size: number, index: number): boolean {
	if (page.items.length === 0) return true;
	if (page.hasMore === false) return true;
	if (page.total !== undefined && (index + 1) * size >= page.total) return true;
	return page.items.length < size && page.hasMore !== true;
}

/**
 * Keeps each record once, where it first appeared: records added during a read (newest first)
 * shift the pages, so a record can come again on a later page. Records without an id are all
 * kept. `seen` carries the ids across calls.
 */
export function firstAppearances<T>(records: T[], idOf: (record: T) => string | undefined, seen: Set<string> = new Set()): T[] {
	return records.filter((record) => {
		const id = idOf(record);
		if (id === undefined) return true;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}

/** The pages of a read with each record once (see firstAppearances); pages left empty are skipped. */
export async function* uniquePages<T>(pages: AsyncIterable<T[]>, idOf: (record: T) => string | undefined): AsyncGenerator<T[]> {
	const seen = new Set<string>();
	for await (const page of pages) {
		const fresh = firstAppearances(page, idOf, seen);
		if (fresh.length) yield fresh;
	}
}

/** Collects every page into one array (in order). */
export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages) for (const item of page) all.push(item);
	return all;
}
