// Return All / Limit and Parallel Requests of list and export operations: their bounds, and
// reading them from an item's parameters.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError } from './errors';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './paginate';

/** There is no upper bound on Limit: the pagination engine reads as many records as asked for. */
export const LIMIT_MAX = 1_000_000;

/** Return All / Limit of a list operation; Limit must be a whole number of at least 1. */
export function readReturnAllLimit(context: IExecuteFunctions, itemIndex: number): { limit?: number } {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return {};
	const limit = context.getNodeParameter('limit', itemIndex, 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new InputError('Limit', `must be a whole number of at least 1, got ${JSON.stringify(limit)}`);
	}
	return { limit };
}

/** Parallel Requests (default 8, at most 16) from the paging options, or a Send's options collection. */
export function readParallelRequests(context: IExecuteFunctions, itemIndex: number, collection = 'pagingOptions'): number {
	const options = context.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const value = options.parallelRequests ?? DEFAULT_CONCURRENCY;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
		throw new InputError('Parallel Requests', `must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(value)}`);
	}
	return value;
}
