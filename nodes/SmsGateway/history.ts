// SMS Gateway's history: every listed provider's history as one stream of the one message
// model, merged in one time order (mergeByTime). The node's fields, the checks every
// message passes whatever its provider applied, and the failure of one provider's read,
// which fails the item naming it rather than leave a stream with a provider missing.
import { DateTime } from 'luxon';
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { parseDateRange, toIsoUtc } from '../shared/dates';
import { returnAllOrLimit } from '../shared/descriptions';
import { InputError } from '../shared/errors';
import { stringParameter } from '../shared/items';
import { readReturnAllLimit } from '../shared/limits';
import { mergeByTime, type OrderedStream } from '../shared/merge';
import type { MessageDirection, MessageStatus, NormalizedMessage } from '../shared/message';
import { normalizePhoneNumber, sameRecipient } from '../shared/sms';
import { PROVIDER_PAGES, type GatewayHistoryRead, type ProviderClients, type ProviderPages } from './providerHistory';
import { readProviderList, type ProviderSetting } from './providers';

/** An empty Date From reads this far back from Date To: all Routee tracks, and a range smsup.ch accepts. */
export const DEFAULT_RANGE_DAYS = 7;

const STATUSES: Array<{ name: string; value: MessageStatus }> = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Received', value: 'received' },
	{ name: 'Rejected', value: 'rejected' },
	{ name: 'Scheduled', value: 'scheduled' },
	{ name: 'Sent', value: 'sent' },
	{ name: 'Unknown', value: 'unknown' },
];

/** The fields of Get History and Export History, after the provider list. */
export function historyProperties(returnAllDefault: boolean): INodeProperties[] {
	return [
		...returnAllOrLimit(undefined, returnAllDefault),
		{
			displayName: 'Date From',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			description: 'Only messages at or after this moment',
			hint: `Empty means ${DEFAULT_RANGE_DAYS} days before Date To: smsup.ch needs a range, and Routee tracks only the last ${DEFAULT_RANGE_DAYS} days (an earlier start fails the item when Routee is listed)`,
		},
		{
			displayName: 'Date To',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			description: 'Only messages at or before this moment',
			hint: 'Empty means now',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			hint: 'Sent to each provider where it has the filter, and checked on every message returned, so each one holds for every provider',
			options: [
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [
						{ name: 'Both', value: 'both', description: 'Sent and received messages' },
						{ name: 'Inbound', value: 'inbound', description: 'Messages received on your numbers' },
						{ name: 'Outbound', value: 'outbound', description: 'Messages you sent' },
					],
					default: 'both',
					description: 'Only sent or only received messages',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES,
					default: 'delivered',
					description: 'Only messages in this state of the one message model (each provider\'s own status folded into it)',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +447860041755',
					description: 'Only messages to this phone number (international format)',
				},
			],
		},
		{
			displayName: 'Order',
			name: 'order',
			type: 'options',
			options: [
				{ name: 'Newest First', value: 'newestFirst' },
				{ name: 'Oldest First', value: 'oldestFirst' },
			],
			default: 'newestFirst',
			description: 'The time order of the merged messages, across providers',
		},
	];
}

/** An item's read: its range (defaults filled in), filters, order and Limit. */
export function readGatewayHistory(context: IExecuteFunctions, itemIndex: number): GatewayHistoryRead {
	const { limit } = readReturnAllLimit(context, itemIndex);
	const range = parseDateRange(
		context.getNodeParameter('dateFrom', itemIndex, ''),
		context.getNodeParameter('dateTo', itemIndex, ''),
		{ from: 'Date From', to: 'Date To' },
		context.getTimezone(),
	);
	const to = range.to ?? DateTime.utc();
	const from = range.from ?? to.minus({ days: DEFAULT_RANGE_DAYS });
	if (to < from) throw new InputError('Date To', `(${toIsoUtc(to)}) is before "Date From" (${toIsoUtc(from)})`);
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const direction = stringParameter(filters.direction, 'Direction') || 'both';
	if (direction !== 'both' && direction !== 'inbound' && direction !== 'outbound') {
		throw new InputError('Direction', `must be "both", "inbound" or "outbound", got "${direction}"`);
	}
	const status = stringParameter(filters.status, 'Status');
	if (status && !STATUSES.some(({ value }) => value === status)) {
		throw new InputError('Status', `must be one of ${STATUSES.map(({ value }) => value).join(', ')}, got "${status}"`);
	}
	const recipient = stringParameter(filters.to, 'To').trim();
	const order = stringParameter(context.getNodeParameter('order', itemIndex, 'newestFirst'), 'Order');
	if (order !== 'newestFirst' && order !== 'oldestFirst') throw new InputError('Order', `must be "newestFirst" or "oldestFirst", got "${order}"`);
	return {
		from,
		to,
		direction: direction === 'both' ? undefined : (direction as MessageDirection),
		status: status ? (status as MessageStatus) : undefined,
		recipient: recipient ? normalizePhoneNumber(recipient, 'To') : undefined,
		newestFirst: order === 'newestFirst',
		limit,
	};
}

/** A message's time in milliseconds; undefined when its provider gave none readable. */
export function messageTime(message: NormalizedMessage): number | undefined {
	const time = message.sentAt === null ? NaN : Date.parse(message.sentAt);
	return Number.isFinite(time) ? time : undefined;
}

/**
 * Whether a message passes the read's filters, checked on every message whatever its provider
 * did with them. A message without a readable time passes the range: its provider returned it
 * for the range, and nothing says it is outside.
 */
function passes(read: GatewayHistoryRead): (message: NormalizedMessage) => boolean {
	const isRecipient = read.recipient ? sameRecipient(read.recipient) : undefined;
	const [from, to] = [read.from.toMillis(), read.to.toMillis()];
	return (message) => {
		const time = messageTime(message);
		if (time !== undefined && (time < from || time > to)) return false;
		if (read.direction && message.direction !== read.direction) return false;
		if (read.status && message.status !== read.status) return false;
		return !isRecipient || isRecipient(message.to);
	};
}

/**
 * A provider's pages in the read's order, holding only messages that pass every filter. A
 * provider listing newest first whatever was asked (Apico) is read until its first message
 * older than Date From; oldest first, that whole stretch is read before it is reversed.
 */
async function* orderedPages(provider: ProviderPages, read: GatewayHistoryRead): AsyncGenerator<NormalizedMessage[]> {
	const keep = passes(read);
	if (provider.listed === 'asked') {
		for await (const page of provider.pages) {
			const kept = page.filter(keep);
			if (kept.length) yield kept;
		}
		return;
	}
	const from = read.from.toMillis();
	const held: NormalizedMessage[] = [];
	for await (const page of provider.pages) {
		const olderAt = provider.appliesRange ? -1 : page.findIndex((message) => (messageTime(message) ?? Infinity) < from);
		const kept = (olderAt < 0 ? page : page.slice(0, olderAt)).filter(keep);
		if (read.newestFirst && kept.length) yield kept;
		else held.push(...kept);
		if (olderAt >= 0) break;
	}
	if (!read.newestFirst && held.length) yield held.reverse();
}

/** A failure of one provider's read as the item's error, naming the provider. */
function namedFailure(context: IExecuteFunctions, setting: ProviderSetting, caught: unknown, itemIndex: number): Error {
	const { name } = setting.info;
	if (caught instanceof InputError) return new InputError(`${name} → ${caught.field}`, caught.problem);
	const error = caught instanceof Error ? caught : new Error(String(caught));
	const description = error instanceof NodeApiError || error instanceof NodeOperationError ? error.description : undefined;
	const message = error.message.startsWith(name) ? error.message : `${name}: ${error.message}`;
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: `${description ? `${description} ` : ''}Nothing was output for this item: a history without ${name}'s messages would look complete.`,
	});
}

/** One provider's stream for the merge; its failures, setting up included, name it. */
async function* providerStream(
	context: IExecuteFunctions,
	clients: ProviderClients,
	setting: ProviderSetting,
	read: GatewayHistoryRead,
	itemIndex: number,
): AsyncGenerator<NormalizedMessage[]> {
	try {
		const provider = await PROVIDER_PAGES[setting.info.id](context, clients, read, itemIndex);
		yield* orderedPages(provider, read);
	} catch (caught) {
		throw namedFailure(context, setting, caught, itemIndex);
	}
}

/** An item's history read: what was read (its range filled in), and the merged pages. */
export interface GatewayHistory {
	read: GatewayHistoryRead;
	settings: ProviderSetting[];
	pages: AsyncGenerator<NormalizedMessage[]>;
}

/**
 * The item's history across its listed providers, page by page, in one time order; with a
 * Limit, the Limit first messages of that order, each provider read only as far as they need.
 * A stream out of time order fails the merge naming its provider (mergeByTime).
 */
export function gatewayHistory(context: IExecuteFunctions, clients: ProviderClients, itemIndex: number): GatewayHistory {
	// Sending fields (From, prices) play no part in a history read.
	const settings = readProviderList(context, itemIndex, { requireSender: false });
	const read = readGatewayHistory(context, itemIndex);
	const streams: Array<OrderedStream<NormalizedMessage>> = settings.map((setting) => ({
		name: setting.info.name,
		pages: providerStream(context, clients, setting, read, itemIndex),
	}));
	return { read, settings, pages: mergeByTime(streams, { timeOf: messageTime, newestFirst: read.newestFirst, limit: read.limit }) };
}

/** What an output says about the read: its range and order. */
export function readDetails(read: GatewayHistoryRead): IDataObject {
	return { dateFrom: toIsoUtc(read.from), dateTo: toIsoUtc(read.to), order: read.newestFirst ? 'newestFirst' : 'oldestFirst' };
}
