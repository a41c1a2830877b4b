// Reading a provider's history, once for every provider: the pagination engine over the
// provider's page call, each record once (pages shift while new messages arrive), page by page
// for exports or as one list for Get History and the triggers.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { HistorySource, PageSource } from './gateway';
import { collectAll, paginate, uniquePages } from './paginate';
import { shapeOutput, type OutputShape } from './output';

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
		fetchPage: async (params, position, signal) => await source.fetchPage(params, position, signal),
	});
	return uniquePages(pages, (record) => source.idOf(record));
}

/** The whole read as one list. */
export async function readHistory<R>(source: PageSource<R>, options: HistoryReadOptions = {}): Promise<R[]> {
	return await collectAll(historyPages(source, options));
}

/** Output items for records read, in the node's Output shape (output.ts). */
export function historyItems<R extends object>(source: HistorySource<R>, records: R[], shape: OutputShape): INodeExecutionData[] {
	return records.map((record) => ({ json: shapeOutput(shape, () => source.normalize(record), record) }));
}

/** One filter of a history read: checked on every record the provider returns, whatever it did with the filter. */
export interface RecordCheck<R> {
	/** The field as the user knows it (named in the notice when the provider did not apply it). */
	label: string;
	test: (record: R) => boolean;
}

/** The filters of a read: all checked on each record; `sent` is the one the provider was also sent. */
export interface CheckedRead<R> {
	checks: Array<RecordCheck<R>>;
	sent?: RecordCheck<R>;
	providerName: string;
	/** What one record is called in the notice: "message", "SMS part". */
	noun: string;
	/** Told once per read when the provider returned records that the filter it was sent excludes. */
	onIgnoredFilter?: (notice: string) => void;
	/** Every check also went to the provider: where it honours them, Limit-sized pages are enough. */
	allSent?: boolean;
}

/**
 * The pages of a read holding only the records that pass every check: a provider may ignore a
 * filter, or not know one the node offers, and a user's filter must hold whatever it does. A
 * record that the filter the provider was sent excludes means it did not apply it:
 * `onIgnoredFilter` hears of it once, when the read ends (or is stopped).
 */
export async function* checkedPages<R>(pages: AsyncIterable<R[]> | Iterable<R[]>, read: CheckedRead<R>): AsyncGenerator<R[]> {
	const { checks, sent } = read;
	let ignored = 0;
	try {
		for await (const page of pages) {
			if (!checks.length) {
				yield page;
				continue;
			}
			const kept = page.filter((record) => {
				// The sent filter is tested once: it counts what the provider ignored and is one of the checks.
				const passesSent = !sent || sent.test(record);
				if (!passesSent) ignored++;
				return checks.every((check) => (check === sent ? passesSent : check.test(record)));
			});
			if (kept.length) yield kept;
		}
	} finally {
		if (ignored && sent) {
			read.onIgnoredFilter?.(
				`${read.providerName} did not apply the ${sent.label} filter it was sent: it returned ${ignored} ${read.noun}${ignored === 1 ? '' : 's'} that do not match, which the node left out`,
			);
		}
	}
}

/**
 * A read whose filters are checked on each record (checkedPages), Limit counting the records
 * kept. With checks the server's pages may hold fewer matches than they hold records, so pages
 * are read without the engine's Limit, one at a time when a Limit is set, and reading stops at
 * the page that completes it, or at the first short (last) page. A read whose one check is the
 * filter the provider was sent asks for Limit-sized pages: an honoured filter needs no more.
 */
export async function readCheckedHistory<R>(source: PageSource<R>, read: CheckedRead<R>, options: HistoryReadOptions = {}): Promise<R[]> {
	return await collectAll(checkedHistoryPages(source, read, options));
}

/** readCheckedHistory page by page, for reads that write each page out before the next (exports). */
export async function* checkedHistoryPages<R>(source: PageSource<R>, read: CheckedRead<R>, options: HistoryReadOptions = {}): AsyncGenerator<R[]> {
	const { limit } = options;
	if (!read.checks.length) {
		yield* historyPages(source, options);
		return;
	}
	const onlySent = read.allSent === true || (read.checks.length === 1 && read.checks[0] === read.sent);
	const pages = historyPages(source, {
		limit: undefined,
		pageSize: limit !== undefined && onlySent ? limit : options.pageSize,
		concurrency: limit === undefined ? options.concurrency : 1,
	});
	let kept = 0;
	for await (const page of checkedPages(pages, read)) {
		const wanted = limit === undefined ? page : page.slice(0, limit - kept);
		kept += wanted.length;
		if (wanted.length) yield wanted;
		if (limit !== undefined && kept >= limit) return;
	}
}

/** Shows a notice in the node's output pane (a provider ignored a filter; the result is still right). */
export function noticeInOutput(context: IExecuteFunctions): (notice: string) => void {
	return (notice) => context.addExecutionHints({ message: notice, type: 'warning', location: 'outputPane' });
}
