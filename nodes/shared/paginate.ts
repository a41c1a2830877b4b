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
}

export interface PaginateOptions<T> {
	style: PaginationStyle;
	fetchPage: (params: Record<string, number>, position: PagePosition) => Promise<Page<T>>;
	/** Stop after this many items; undefined means Return All. */
	limit?: number;
	/** Page size to ask for; defaults to the style's maximum (or Limit when smaller). */
	pageSize?: number;
	/** Requests in flight at once once the total is known. */
	concurrency?: number;
	/** Lowers the requests in flight after a 429 and raises them again (usually the client's). */
	pace?: AdaptivePace;
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
 * are trimmed from the last page.
 */
export async function* paginate<T>(options: PaginateOptions<T>): AsyncGenerator<T[]> {
	const { style, fetchPage, limit } = options;
	if (limit !== undefined && limit <= 0) return;
	const size = choosePageSize(style, limit, options.pageSize);
	const concurrency = Math.min(Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)), MAX_CONCURRENCY);
	const position = (index: number): PagePosition => ({ index, offset: index * size, size });
	const fetchAt = async (index: number) => await fetchPage(style.params(position(index)), position(index));

	let emitted = 0;
	const take = (items: T[]): T[] => {
		const room = limit === undefined ? items.length : limit - emitted;
		const kept = items.length > room ? items.slice(0, room) : items;
		emitted += kept.length;
		return kept;
	};
	const wanted = () => (limit === undefined ? Infinity : limit - emitted);

	const first = await fetchAt(0);
	const firstItems = take(first.items);
	if (firstItems.length) yield firstItems;
	if (wanted() <= 0 || isLastPage(first, size, 0)) return;

	let nextIndex = 1;
	if (first.total !== undefined) {
		// The total is known: fetch the pages it implies with a sliding window, yielding in order.
		const target = limit === undefined ? first.total : Math.min(first.total, limit);
		const lastIndex = pagesFor(target, size) - 1;
		const window: Array<Promise<Page<T>>> = [];
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
		const plannedLastIndex = pagesFor(first.total, size) - 1;
		while (window.length) {
			let page = await window.shift()!;
			// A page short of items in the middle, while the provider still reports at least the
			// same total, is an answer cut short rather than a history that shrank: read it again
			// once, so that an export does not silently lose the rest of that page.
			if (nextIndex < plannedLastIndex && page.items.length < size && (page.total ?? first.total) >= first.total) {
				page = await fetchAt(nextIndex);
			}
			nextIndex++;
			lastPage = page;
			const items = take(page.items);
			if (items.length) yield items;
			if (wanted() <= 0) return;
			schedule();
		}
		// New messages may have arrived while paging: carry on past the planned pages while
		// the last one was full and the provider now reports more.
		if (isLastPage(lastPage, size, nextIndex - 1)) return;
		const latestTotal = lastPage.total ?? first.total;
		if (latestTotal <= nextIndex * size) return;
	}

	// Total unknown (or grown): one page at a time until a short or empty page.
	for (; ; nextIndex++) {
		const page = await fetchAt(nextIndex);
		const items = take(page.items);
		if (items.length) yield items;
		if (wanted() <= 0 || isLastPage(page, size, nextIndex)) return;
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
