// Reading a provider's history, once for every provider: the pagination engine over the
// provider's page call, each record once (pages shift while new messages arrive), page by page
// for exports or as one list for Get History and the triggers.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { HistorySource, PageSource } from './gateway';
import { collectAll, paginate, uniquePages } from './paginate';

export interface HistoryReadOptions {
	/** Stop after this many records; undefined means Return All. */
	limit?: number;
	/** Page size to ask for; the style's maximum (or Limit when smaller) by default. */
	pageSize?: number;
	/** Pages in flight once the first page gives the total (Parallel Requests). */
	concurrency?: number;
}

/** The read's records page by page, in order, each record once; a page can be dropped once used. */
export function historyPages<R>(source: PageSource<R>, options: HistoryReadOptions = {}): AsyncGenerator<R[]> {
	const pages = paginate<R>({
		style: source.style,
		limit: options.limit,
		pageSize: options.pageSize,
		concurrency: options.concurrency,
		pace: source.pace,
		// Identity lets the engine stop a read whose pages bring nothing new (a provider ignoring the page asked for).
		idOf: (record) => source.idOf(record),
		provider: source.providerName,
		fetchPage: async (params, position) => await source.fetchPage(params, position),
	});
	return uniquePages(pages, (record) => source.idOf(record));
}

/** The whole read as one list. */
export async function readHistory<R>(source: PageSource<R>, options: HistoryReadOptions = {}): Promise<R[]> {
	return await collectAll(historyPages(source, options));
}

/** Output items for records read: the one message model (Simplify), or the provider's own objects. */
export function historyItems<R extends object>(source: HistorySource<R>, records: R[], simplify: boolean): INodeExecutionData[] {
	return records.map((record) => ({ json: (simplify ? { ...source.normalize(record) } : { ...record }) as IDataObject }));
}
