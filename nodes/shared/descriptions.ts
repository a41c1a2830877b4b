import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { LIMIT_MAX } from './limits';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './paginate';

/**
 * Adds display conditions to a set of properties, merging with conditions they already have
 * (nodes-base's helper of the same name cannot be imported by community packages).
 */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...(displayOptions.hide || property.displayOptions?.hide
				? { hide: { ...displayOptions.hide, ...property.displayOptions?.hide } }
				: {}),
		},
	}));
}

/** Return All + Limit, the pair every list operation has. */
/** Return All and Limit; `returnAllDefault` on where reading everything is the point (exports). */
export function returnAllOrLimit(maxLimit = LIMIT_MAX, returnAllDefault = false): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
	return returnAllDefault ? [{ ...fields[0], default: true }, fields[1]] : fields;
}

/** From / To date pickers for list and export operations. */
export function dateRangeFields(hint: string): INodeProperties[] {
	return [
		{
			displayName: 'Date From',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			description: 'Only messages at or after this moment',
			hint,
		},
		{
			displayName: 'Date To',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			description: 'Only messages at or before this moment',
		},
	];
}

/**
 * Smart Encoding, for the options of SMS Send and Get Price (sms.ts `SmartEncoder` reads it):
 * one look-alike makes the whole text UCS-2, 70 characters a part instead of 160.
 */
export const smartEncodingOption: INodeProperties = {
	displayName: 'Smart Encoding',
	name: 'smartEncoding',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace Unicode look-alikes (curly quotes, long dashes, ellipsis, non-breaking spaces) with GSM-7 characters, so the text is not sent as UCS-2 at 70 characters per part',
	hint: "The output's smartEncoding field reports what was replaced and the parts saved (partsBefore, partsAfter)",
};

/** Requests in flight at once: history pages, or single-message sends (shared/send.ts). */
export const parallelRequestsField: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: DEFAULT_CONCURRENCY,
};

/** "Parallel Requests" for list operations: pages in flight once the first page gives the total. */
export const pagingOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'pagingOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			...parallelRequestsField,
			description:
				'How many pages to fetch at once once the first page tells the total. Lowered automatically when the provider answers "too many requests", and raised again when it calms down.',
		},
	],
};

/** The file fields of an export built from history: format, file name, output binary field. */
export function exportFileFields(defaultFileName: string): {
	format: INodeProperties;
	fileName: INodeProperties;
	binaryPropertyName: INodeProperties;
} {
	return {
		format: {
			displayName: 'Format',
			name: 'format',
			type: 'options',
			options: [
				{ name: 'CSV', value: 'csv' },
				{ name: 'JSON', value: 'json' },
			],
			default: 'csv',
			description: 'The file format',
		},
		fileName: {
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: defaultFileName,
			description: "Name of the file; the format's extension is added when missing",
		},
		binaryPropertyName: {
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property that holds the file',
		},
	};
}

/**
 * A message ID as a resource locator: picked from the provider's recent messages, or typed
 * By ID. Read it with `locatorValue` (items.ts), which also takes the plain strings of
 * workflows made before the field was a locator.
 */
export function messageLocator(options: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	placeholder: string;
	/** The By ID check the editor runs, when the provider's IDs have a known form. */
	idPattern?: { regex: string; errorMessage: string };
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: options.description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: options.searchListMethod, searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				...(options.idPattern ? { validation: [{ type: 'regex', properties: options.idPattern }] } : {}),
			},
		],
	};
}
