import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError, inputErrorForItem } from './errors';

export interface PreparedItem<T> {
	itemIndex: number;
	value: T;
}

/**
 * Reads and validates every item before anything is sent. With Continue On Fail a bad item
 * becomes an error item (paired to its input) and the rest go on; without it the first bad
 * item stops the node and nothing is sent.
 */
export function prepareItems<T>(
	context: IExecuteFunctions,
	itemCount: number,
	build: (itemIndex: number) => T,
): { prepared: Array<PreparedItem<T>>; failed: Map<number, INodeExecutionData> } {
	const prepared: Array<PreparedItem<T>> = [];
	const failed = new Map<number, INodeExecutionData>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			prepared.push({ itemIndex, value: build(itemIndex) });
		} catch (caught) {
			const error = asItemError(context, caught, itemIndex);
			if (!context.continueOnFail()) throw error;
			failed.set(itemIndex, errorItem(error, itemIndex));
		}
	}
	return { prepared, failed };
}

/**
 * Like prepareItems, for checks that need the network (media uploads, list sizes): still
 * every item is checked before anything is sent.
 */
export async function prepareItemsAsync<T>(
	context: IExecuteFunctions,
	itemIndexes: number[],
	build: (itemIndex: number) => Promise<T>,
	failed: Map<number, INodeExecutionData> = new Map(),
): Promise<{ prepared: Array<PreparedItem<T>>; failed: Map<number, INodeExecutionData> }> {
	const prepared: Array<PreparedItem<T>> = [];
	for (const itemIndex of itemIndexes) {
		try {
			prepared.push({ itemIndex, value: await build(itemIndex) });
		} catch (caught) {
			const error = asItemError(context, caught, itemIndex);
			if (!context.continueOnFail()) throw error;
			failed.set(itemIndex, errorItem(error, itemIndex));
		}
	}
	return { prepared, failed };
}

/** Any failure as the NodeApiError / NodeOperationError of one item. */
export function asItemError(context: IExecuteFunctions, caught: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const error =
		caught instanceof InputError
			? inputErrorForItem(context.getNode(), caught, itemIndex)
			: caught instanceof NodeApiError || caught instanceof NodeOperationError
				? caught
				: new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
	if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
	return error;
}

/**
 * The item Continue On Fail emits for a failure, paired to its input. Its json holds only
 * `error` and `details`: that is how n8n's error output tells failed items from good ones
 * (an `error` set on the item itself would make n8n drop everything but the message).
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const description = error.description;
	return {
		json: {
			error: error.message,
			details: {
				...(typeof description === 'string' && description ? { description } : {}),
				...extra,
			},
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * A resource locator field's value as n8n stores it (`{ __rl, mode, value }`), or undefined for
 * a plain value: a workflow made before the field was a locator, or an expression.
 */
export function asLocator(value: unknown): INodeParameterResourceLocator | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && 'mode' in value && 'value' in value
		? (value as INodeParameterResourceLocator)
		: undefined;
}

/** A resource locator's value, or the value itself when it is a plain string or number. */
export function locatorValue(value: unknown): unknown {
	const locator = asLocator(value);
	return locator ? locator.value : value;
}

/** Whether a picker entry matches the editor's search box: any of its texts contains it, in any case. */
export function matchesSearch(filter: string | undefined, ...texts: string[]): boolean {
	const search = filter?.trim().toLowerCase();
	return !search || texts.some((text) => text.toLowerCase().includes(search));
}

/** Reads a string parameter, rejecting what expressions gone wrong produce (null, objects, lists). */
export function stringParameter(value: unknown, field: string, options: { required?: boolean } = {}): string {
	if (value === undefined || value === null) {
		if (options.required) throw new InputError(field, 'is empty');
		return '';
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') {
		throw new InputError(field, `must be text, got ${Array.isArray(value) ? 'a list' : 'an object'} (check the expression)`);
	}
	if (options.required && value.trim() === '') throw new InputError(field, 'is empty');
	return value;
}

/** Orders results by input item so output item N is paired with input item N. */
export function inItemOrder(results: Map<number, INodeExecutionData[]>): INodeExecutionData[] {
	return [...results.keys()].sort((a, b) => a - b).flatMap((itemIndex) => results.get(itemIndex)!);
}

/**
 * The per-item loop for operations that make one call (or one set of calls) per input item:
 * each item's results are paired to it; bad input and API failures become error items under
 * Continue On Fail and stop the node otherwise.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	itemCount: number,
	run: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			for (const item of await run(itemIndex)) output.push({ ...item, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = asItemError(context, caught, itemIndex);
			if (!context.continueOnFail()) throw error;
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
