import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseDateRange, toUnixSeconds } from '../../shared/dates';
import { dateRangeFields, pagingOptionsField, returnAllOrLimit } from '../../shared/descriptions';
import { outputField, SIMPLIFIED_MESSAGE_WORDS } from '../../shared/output';
import { InputError } from '../../shared/errors';
import { noticeInOutput, type CheckedRead, type RecordCheck } from '../../shared/history';
import type { NormalizedMessage } from '../../shared/message';
import type { HistorySource } from '../../shared/gateway';
import { pageLimitStyle } from '../../shared/paginate';
import { normalizePhoneNumber, sameRecipient } from '../../shared/sms';
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
			hint:
				"ClickSend's docs show one q=field:value filter (for MMS history none: unverified). The node sends the most selective one set (Message ID, then To, From, Status) and checks every filter on each message returned, exports' rows too",
			options: [
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: 'e.g. +61400000000',
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
					placeholder: 'e.g. +61411111111',
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
			hint: 'For MMS the date order goes as date_added (MMS rows have no date); MMS history documents no order_by, only the MMS export does, so the order there is unverified',
		},
	];
}

/** A list's fields; `outputHint` is shown on its Output field. */
export function listProperties(withFilters: boolean, outputHint?: string): INodeProperties[] {
	const output = outputField({ raw: 'ClickSend\'s own message objects', simplified: SIMPLIFIED_MESSAGE_WORDS, hint: outputHint });
	return [...returnAllOrLimit(), ...(withFilters ? historyFilterProperties() : []), output, pagingOptionsField];
}

/** One filter of a history read: its `q` clause, and its check on each record ClickSend returns. */
export interface ClickSendCheck extends RecordCheck<ClickSendMessage> {
	/** The record's field it reads (a `q` field, and the export CSV's column). */
	field: 'message_id' | 'to' | 'from' | 'status';
	clause: string;
}

export interface ClickSendHistoryQuery {
	/** Dates, order and the one `q` clause. */
	qs: IDataObject;
	/** Every filter, checked on each returned record; `sent` is the one that went as `q`. */
	checks: ClickSendCheck[];
	sent?: ClickSendCheck;
}

/** A status filter matches "Queued:WaitSend" (MMS history's sub-states, doc 000) by its first part. */
const statusOf = (record: ClickSendMessage) => String(record.status ?? '').split(':')[0].toLowerCase();

/**
 * The query of a history read or export: unix dates, the order, and the filters. The docs show
 * `q=field:value` with one clause and no way to join several (notes §1.6), so one filter goes as
 * `q` (its value URL-encoded on the way, so `from:+61…` arrives as `from:%2B61…`) and every
 * filter, that one too, is checked on each record ClickSend returns. The one sent is the most
 * selective the user set: a message ID names one message; a recipient is usually a handful; a
 * sender is one of an account's few numbers (or a shared one) and covers much of the history; a
 * status covers a large share of it.
 */
export function historyQuery(context: IExecuteFunctions, itemIndex: number, channel: Channel = 'sms'): ClickSendHistoryQuery {
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
	// Most selective first: the first one set is the `q` clause.
	const checks: ClickSendCheck[] = [];
	const messageId = stringParameter(filters.messageId, 'Message ID').trim();
	if (messageId) checks.push({ label: 'Message ID', field: 'message_id', clause: `message_id:${messageId}`, test: (record) => String(record.message_id ?? '') === messageId });
	const to = stringParameter(filters.to, 'To').trim();
	if (to) {
		const number = normalizePhoneNumber(to, 'To', { allowNational: true });
		const isRecipient = sameRecipient(number);
		checks.push({ label: 'To', field: 'to', clause: `to:${number}`, test: (record) => isRecipient(record.to) });
	}
	const from = stringParameter(filters.from, 'From').trim();
	if (from) {
		const sender = /^[+0-9]/.test(from) ? normalizePhoneNumber(from, 'From', { allowNational: true }) : from;
		const isSender = /^[+0-9]/.test(from) ? sameRecipient(sender) : (value: unknown) => String(value ?? '').toLowerCase() === sender.toLowerCase();
		checks.push({ label: 'From', field: 'from', clause: `from:${sender}`, test: (record) => isSender(record.from) });
	}
	if (filters.status) {
		const given = stringParameter(filters.status, 'Status').trim();
		const status = STATUSES.find((candidate) => candidate.toLowerCase() === given.toLowerCase());
		if (!status) throw new InputError('Status', `"${given}" is not one of ${STATUSES.join(', ')}`);
		checks.push({ label: 'Status', field: 'status', clause: `status:${status}`, test: (record) => statusOf(record) === status.toLowerCase() });
	}
	const sent = checks[0];
	if (sent) qs.q = sent.clause;
	qs.order_by = orderFor(channel, context.getNodeParameter('orderBy', itemIndex, 'date:asc') as string);
	return { qs, checks, sent };
}

/** The filters of a query as the shared checked read takes them; notices go to the output pane. */
export function checkedRead(context: IExecuteFunctions, query: ClickSendHistoryQuery): CheckedRead<ClickSendMessage> {
	return { checks: query.checks, sent: query.sent, providerName: 'ClickSend', noun: 'message', onIgnoredFilter: noticeInOutput(context) };
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
		fetchPage: async (params, _position, signal) => {
			const page = await client.call<LaravelPage<ClickSendMessage>>({ method: 'GET', path, qs: { ...qs, ...params }, kind: 'read', itemIndex, signal });
			return { items: page?.data ?? [], total: page?.total === undefined ? undefined : Number(page.total) };
		},
		idOf: (message) => (path !== '/v3/sms/receipts' && message?.message_id !== undefined && message.message_id !== null ? String(message.message_id) : undefined),
		normalize: NORMALIZERS[path],
	};
}

/** Mark-read calls in flight at once for Get Inbound (one call per message). */
const MARK_READ_CONCURRENCY = 4;

/**
 * Get Inbound's and Get Delivery Receipts' Mark as Read: what was returned is marked read, so
 * the POLL rule's list does not deliver it again (notes §1.6).
 */
export function markAsReadProperty(list: 'inbound' | 'receipts'): INodeProperties {
	return {
		displayName: 'Mark as Read',
		name: 'markAsRead',
		type: 'boolean',
		default: false,
		description:
			list === 'inbound'
				? 'Whether to mark each message returned as read (PUT /v3/sms/inbound-read/{message_id}), so the next read does not return it again'
				: 'Whether to mark the receipts returned as read (PUT /v3/sms/receipts-read), so the next read does not return them again. Needs Return All.',
		hint:
			list === 'inbound'
				? 'Marked one by one, by message ID. A message that could not be marked fails the item and is returned again next time.'
				: "ClickSend marks receipts by date, not by ID: the node sends date_before one second past the newest receipt read (the body is unverified: ClickSend's notes name only the endpoint)",
	};
}

/** Reads Mark as Read, refused with a Limit for receipts (a date would also mark receipts not returned). */
export function readMarkAsRead(context: IExecuteFunctions, itemIndex: number, list: 'inbound' | 'receipts', limit: number | undefined): boolean {
	const mark = context.getNodeParameter('markAsRead', itemIndex, false) as unknown;
	if (typeof mark !== 'boolean') throw new InputError('Mark as Read', `must be true or false, got ${JSON.stringify(mark)}`);
	if (mark && list === 'receipts' && limit !== undefined) {
		throw new InputError(
			'Mark as Read',
			'marks every receipt up to the newest one read (ClickSend marks receipts by date, not by ID), so it would also mark receipts a Limit leaves out: turn on Return All',
		);
	}
	return mark;
}

/** Marks the records a read returned as read: inbound messages by ID, receipts up to the newest one's time. */
export async function markAsRead(client: ClickSendClient, list: 'inbound' | 'receipts', records: ClickSendMessage[], itemIndex: number): Promise<void> {
	if (!records.length) return;
	if (list === 'receipts') {
		const times = records.map((record) => Number(record.timestamp ?? record.timestamp_send));
		if (times.some((time) => !Number.isInteger(time))) {
			throw new Error('ClickSend returned a receipt without a timestamp, so the receipts could not be marked read: they will be returned again');
		}
		// Marking is repeatable (it changes nothing twice): a read, which may be retried.
		await client.call({ method: 'PUT', path: '/v3/sms/receipts-read', body: { date_before: Math.max(...times) + 1 }, kind: 'read', itemIndex });
		return;
	}
	const ids = records.map((record) => (record.message_id === undefined || record.message_id === null ? '' : String(record.message_id)));
	if (ids.some((id) => !id)) throw new Error('ClickSend returned an inbound message without a message_id, so it could not be marked read');
	for (let start = 0; start < ids.length; start += MARK_READ_CONCURRENCY) {
		await Promise.all(
			ids.slice(start, start + MARK_READ_CONCURRENCY).map(async (id) => await client.call({ method: 'PUT', path: `/v3/sms/inbound-read/${encodeURIComponent(id)}`, kind: 'read', itemIndex })),
		);
	}
}
