import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseDateRange, toUnixSeconds } from '../../shared/dates';
import { dateRangeFields, pagingOptionsField, returnAllOrLimit, simplifyField } from '../../shared/descriptions';
import type { NormalizedMessage } from '../../shared/message';
import type { HistorySource } from '../../shared/gateway';
import { pageLimitStyle } from '../../shared/paginate';
import { normalizePhoneNumber } from '../../shared/sms';
import { stringParameter } from '../../shared/items';
import { normalizeClickSendInbound, normalizeClickSendMessage, normalizeClickSendReceipt, type ClickSendMessage } from '../message';
import type { Channel } from '../gateway';
import type { ClickSendClient } from '../transport';

/**
 * ClickSend's lists (history, inbound, receipts, numbers, contact lists) are Laravel pages:
 * `page` from 1, `limit` 15–100, `total` and `last_page` on every page (notes §1.6).
 */
export const CLICKSEND_PAGES = pageLimitStyle(100, 15);

const STATUSES = ['Cancelled', 'CancelledAfterReview', 'Completed', 'Failed', 'Queued', 'Received', 'Scheduled', 'Sent', 'WaitApproval'];

export function historyFilterProperties(): INodeProperties[] {
	return [
		...dateRangeFields('Leave both empty for the whole history'),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: '+61400000000',
					description: 'Only messages from this number or sender ID',
				},
				{
					displayName: 'Message ID',
					name: 'messageId',
					type: 'string',
					default: '',
					description: 'Only the message with this ClickSend message ID',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({ name: status.replace(/([a-z])([A-Z])/g, '$1 $2'), value: status })),
					default: 'Completed',
					description: 'Only messages with this ClickSend status',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: '+61411111111',
					description: 'Only messages to this number',
				},
			],
		},
		{
			displayName: 'Order',
			name: 'orderBy',
			type: 'options',
			options: [
				{ name: 'Date (Newest First)', value: 'date:desc' },
				{ name: 'Date (Oldest First)', value: 'date:asc' },
				{ name: 'Recipient', value: 'to:asc' },
				{ name: 'Sender', value: 'from:asc' },
				{ name: 'Status', value: 'status:asc' },
			],
			default: 'date:asc',
			description: 'Oldest first keeps long reads stable while new messages arrive',
		},
	];
}

export function listProperties(withFilters: boolean): INodeProperties[] {
	return [...returnAllOrLimit(), ...(withFilters ? historyFilterProperties() : []), simplifyField, pagingOptionsField];
}

/**
 * The query of a history read or export: unix dates and the filters as `q=field:value`
 * clauses (values URL-encoded on the way, so `from:+61…` arrives as `from:%2B61…`).
 */
export function historyQuery(context: IExecuteFunctions, itemIndex: number, channel: Channel = 'sms'): IDataObject {
	const range = parseDateRange(
		context.getNodeParameter('dateFrom', itemIndex, ''),
		context.getNodeParameter('dateTo', itemIndex, ''),
		{ from: 'Date From', to: 'Date To' },
		context.getTimezone(),
	);
	const qs: IDataObject = {};
	if (range.from) qs.date_from = toUnixSeconds(range.from);
	if (range.to) qs.date_to = toUnixSeconds(range.to);
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const clauses: string[] = [];
	if (filters.status) clauses.push(`status:${stringParameter(filters.status, 'Status')}`);
	const to = stringParameter(filters.to, 'To').trim();
	if (to) clauses.push(`to:${normalizePhoneNumber(to, 'To', { allowNational: true })}`);
	const from = stringParameter(filters.from, 'From').trim();
	if (from) clauses.push(`from:${/^[+0-9]/.test(from) ? normalizePhoneNumber(from, 'From', { allowNational: true }) : from}`);
	const messageId = stringParameter(filters.messageId, 'Message ID').trim();
	if (messageId) clauses.push(`message_id:${messageId}`);
	// One clause is what the docs show; several are joined with commas (unverified with ClickSend).
	if (clauses.length) qs.q = clauses.join(',');
	qs.order_by = orderFor(channel, context.getNodeParameter('orderBy', itemIndex, 'date:asc') as string);
	return qs;
}

/**
 * An `order_by` for a channel's history: SMS rows have `date` (notes §1.6), MMS rows
 * `date_added` (doc 000; the spec's MMS export example orders `date_added:desc`), so the
 * Order's date choices name the field of the channel's rows.
 */
export function orderFor(channel: Channel, order: string): string {
	return channel === 'mms' ? order.replace(/^date:/, 'date_added:') : order;
}

interface LaravelPage<T> {
	total?: number | string;
	last_page?: number | string;
	data?: T[];
}

export type ClickSendList = '/v3/sms/history' | '/v3/mms/history' | '/v3/sms/inbound' | '/v3/sms/receipts';

/** The normalizer of each list: a receipt and an inbound message read differently from a sent one. */
const NORMALIZERS: Record<ClickSendList, (message: ClickSendMessage) => NormalizedMessage> = {
	'/v3/sms/history': (message) => normalizeClickSendMessage(message),
	'/v3/mms/history': (message) => normalizeClickSendMessage(message),
	'/v3/sms/inbound': normalizeClickSendInbound,
	'/v3/sms/receipts': normalizeClickSendReceipt,
};

/**
 * One of ClickSend's message lists for the shared history read. History and inbound records
 * are told apart by `message_id`; receipts are not (several receipts may report one message).
 */
export function historySource(client: ClickSendClient, path: ClickSendList, qs: IDataObject, itemIndex: number): HistorySource<ClickSendMessage> {
	return {
		providerName: 'ClickSend',
		style: CLICKSEND_PAGES,
		pace: client.api.pace,
		fetchPage: async (params) => {
			const page = await client.call<LaravelPage<ClickSendMessage>>({ method: 'GET', path, qs: { ...qs, ...params }, kind: 'read', itemIndex });
			return { items: page?.data ?? [], total: page?.total === undefined ? undefined : Number(page.total) };
		},
		idOf: (message) => (path !== '/v3/sms/receipts' && message?.message_id !== undefined && message.message_id !== null ? String(message.message_id) : undefined),
		normalize: NORMALIZERS[path],
	};
}
