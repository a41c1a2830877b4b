// The Output choice of every node that returns messages, prices or account data: Simplified
// (at most 10 fields, what a workflow or an AI agent branches and maps on), the full one
// message model (message.ts), or the provider's own object.
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export type OutputShape = 'simplified' | 'full' | 'raw';

/** n8n's UX guideline caps a simplified output at 10 fields. */
export const SIMPLIFIED_FIELD_LIMIT = 10;

/**
 * A message's simplified fields. Left out: direction (an inbound message has status
 * `received`), the provider (one per node; the SMS Gateway's items keep every field) and the
 * counts and codes behind the status (segments, providerStatus, country, subject, mediaUrl).
 */
export const SIMPLIFIED_MESSAGE_FIELDS = ['id', 'from', 'to', 'body', 'status', 'sentAt', 'price', 'currency', 'reference', 'error'] as const;

/**
 * A price's simplified fields, most wanted first: each provider's price answer has its own
 * words for the number (ClickSend `price`, Routee `total`, smsup.ch `cost`), and the first 10 it has are kept.
 */
export const SIMPLIFIED_PRICE_FIELDS = [
	'to',
	'recipients',
	'accepted',
	'segments',
	'parts',
	'price',
	'cost',
	'total',
	'costPerPart',
	'credits',
	'currency',
	'country',
	'sent',
	'unicode',
	'reference',
	'from',
	'body',
] as const;

export interface OutputFieldOptions {
	/** What Raw returns, e.g. "ClickSend's own message object". */
	raw: string;
	/** The fields Simplified keeps, as users read them. */
	simplified: string;
	/** Whether a full model sits between Simplified and Raw (messages and prices have one; account answers do not). */
	full?: boolean;
	hint?: string;
}

export function outputField(options: OutputFieldOptions): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'simplified',
		options: [
			{ name: 'Simplified', value: 'simplified', description: `Only ${options.simplified}` },
			...(options.full === false
				? []
				: [{ name: 'All Fields', value: 'full', description: 'Every field of the message model, the same for every provider (null where a provider has no value)' }]),
			{ name: 'Raw', value: 'raw', description: `The provider's own answer: ${options.raw}` },
		],
		description: 'What each output item holds',
		...(options.hint ? { hint: options.hint } : {}),
	};
}

/** The fields a message's Simplified output keeps, as the Output field describes them. */
export const SIMPLIFIED_MESSAGE_WORDS = 'ID, from, to, body, status, sent at, price, currency, reference and error';

interface ParameterReader {
	getNodeParameter(name: string, ...rest: unknown[]): unknown;
}

/** The node's Output choice; `itemIndex` for action nodes, none for triggers. */
export function readOutput(context: ParameterReader, itemIndex?: number): OutputShape {
	const value = itemIndex === undefined ? context.getNodeParameter('output', 'simplified') : context.getNodeParameter('output', itemIndex, 'simplified');
	return value === 'full' || value === 'raw' ? value : 'simplified';
}

/** The listed fields the object has, in the list's order, at most 10. */
export function pickSimplified(full: object, fields: readonly string[]): IDataObject {
	const source = full as IDataObject;
	const picked: IDataObject = {};
	for (const field of fields) {
		if (Object.keys(picked).length === SIMPLIFIED_FIELD_LIMIT) break;
		if (field in source) picked[field] = source[field];
	}
	return picked;
}

/** One output object in the chosen shape; `full` is built only when needed. */
export function shapeOutput(shape: OutputShape, full: () => object, raw: object, fields: readonly string[] = SIMPLIFIED_MESSAGE_FIELDS): IDataObject {
	if (shape === 'raw') return { ...raw } as IDataObject;
	if (shape === 'full') return { ...full() } as IDataObject;
	return pickSimplified(full(), fields);
}
