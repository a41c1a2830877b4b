import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseDateRange, toUnixSeconds } from '../../shared/dates';
import { dateRangeFields, pagingOptionsField, returnAllOrLimit, simplifyField } from '../../shared/descriptions';
import type { NormalizedMessage } from '../../shared/message';
import { collectAll, pageLimitStyle, paginate } from '../../shared/paginate';
import { normalizePhoneNumber } from '../../shared/sms';
import { stringParameter } from '../../shared/items';
import type { ClickSendMessage } from '../message';
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
export function historyQuery(context: IExecuteFunctions, itemIndex: number): IDataObject {
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
	qs.order_by = context.getNodeParameter('orderBy', itemIndex, 'date:asc') as string;
	return qs;
}

interface LaravelPage<T> {
	total?: number | string;
	last_page?: number | string;
	data?: T[];
}

/** What tells listed messages apart (history, receipts, inbound, MMS): their `message_id`. */
function clickSendId(record: unknown): string | undefined {
	const id = record && typeof record === 'object' ? (record as { message_id?: unknown }).message_id : undefined;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Reads a list through the pagination engine: Limit stops the reading as soon as it is met. */
export async function readList<T>(
	client: ClickSendClient,
	path: string,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex: number,
	concurrency?: number,
): Promise<T[]> {
	return await collectAll(
		paginate<T>({
			style: CLICKSEND_PAGES,
			limit,
			concurrency,
			pace: client.api.pace,
			idOf: clickSendId,
			provider: 'ClickSend',
			fetchPage: async (params) => {
				const page = await client.call<LaravelPage<T>>({ method: 'GET', path, qs: { ...qs, ...params }, kind: 'read', itemIndex });
				return { items: page?.data ?? [], total: page?.total === undefined ? undefined : Number(page.total) };
			},
		}),
	);
}

/** Items for a list of messages: the normalized model, or ClickSend's own objects. */
export function messageItems(
	messages: ClickSendMessage[],
	simplify: boolean,
	normalize: (message: ClickSendMessage) => NormalizedMessage,
): INodeExecutionData[] {
	return messages.map((message) => ({ json: (simplify ? { ...normalize(message) } : { ...message }) as IDataObject }));
}
