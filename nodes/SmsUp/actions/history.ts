import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseDateRange, toZonedFormat } from '../../shared/dates';
import { returnAllOrLimit } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import type { HistorySource, PageSource } from '../../shared/gateway';
import { startLengthStyle } from '../../shared/paginate';
import { normalizeSmsUpMessage, smsUpNumber, type SmsUpMessage } from '../message';
import { SMSUP_DATE_FORMAT, SMSUP_PROVIDER_NAME, SMSUP_ZONE, type SmsUpClient, type SmsUpResponse } from '../transport';

/** smsup.ch lists are `start`/`length` pages of at most 1,000 with `totalRecords` (doc 004, notes §3.4). */
export const SMSUP_PAGES = startLengthStyle(1000);

const STATUSES = ['delivered', 'denied', 'moderation', 'not_sent', 'sent', 'undelivered', 'waiting'];

/** Date From / Date To: smsup.ch requires both for message history (doc 004). */
export function requiredDateRangeFields(): INodeProperties[] {
	return [
		{
			displayName: 'Date From',
			name: 'dateFrom',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Only messages sent at or after this moment (smsup.ch requires a start)',
			hint: 'Sent to smsup.ch as Paris time, and the dates in its answers read as Paris time: the document gives no time zone',
		},
		{
			displayName: 'Date To',
			name: 'dateTo',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Only messages sent at or before this moment (smsup.ch requires an end)',
		},
	];
}

export function historyFilterProperties(): INodeProperties[] {
	return [
		...requiredDateRangeFields(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'e.g. CH',
					description: 'Only messages to this country (two-letter code, ISO 3166-1)',
				},
				{
					displayName: 'Destination',
					name: 'destination',
					type: 'string',
					default: '',
					placeholder: 'e.g. +41781234567',
					description: 'Only messages to this phone number',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({
						name: status.charAt(0).toUpperCase() + status.slice(1).replace('_', ' '),
						value: status,
					})),
					default: 'delivered',
					description: 'Only messages with this smsup.ch status',
				},
				{
					displayName: 'Text Contains',
					name: 'message',
					type: 'string',
					default: '',
					description: 'Only messages whose text contains this',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Received', value: 'messages-in' },
						{ name: 'Sent', value: 'messages-out' },
					],
					default: 'messages-out',
					description: 'Only sent or only received messages (both when not set)',
				},
			],
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'options',
			options: [
				{ name: 'Date (Newest First)', value: '-date' },
				{ name: 'Date (Oldest First)', value: 'date' },
				{ name: 'Destination', value: 'destination' },
				{ name: 'Sender', value: 'sender' },
				{ name: 'Status', value: 'status' },
			],
			default: 'date',
			description: 'Oldest first keeps long reads stable while new messages arrive',
		},
	];
}

export function historyListProperties(returnAllDefault = false): INodeProperties[] {
	return [...returnAllOrLimit(undefined, returnAllDefault), ...historyFilterProperties()];
}

/** The `GET /messages` query: required dates as Paris time, filters, sort. */
export function historyQuery(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const range = parseDateRange(
		context.getNodeParameter('dateFrom', itemIndex, ''),
		context.getNodeParameter('dateTo', itemIndex, ''),
		{ from: 'Date From', to: 'Date To' },
		context.getTimezone(),
	);
	if (!range.from) throw new InputError('Date From', 'is empty; smsup.ch requires a start date for message history');
	if (!range.to) throw new InputError('Date To', 'is empty; smsup.ch requires an end date for message history');
	const qs: IDataObject = {
		date_start: toZonedFormat(range.from, SMSUP_ZONE, SMSUP_DATE_FORMAT),
		date_end: toZonedFormat(range.to, SMSUP_ZONE, SMSUP_DATE_FORMAT),
	};
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const destination = stringParameter(filters.destination, 'Destination').trim();
	if (destination) qs.destination = smsUpNumber(destination, 'Destination').digits;
	const text = stringParameter(filters.message, 'Text Contains');
	if (text) qs.message = text;
	const type = stringParameter(filters.type, 'Type');
	if (type) qs.type = type;
	const country = stringParameter(filters.country, 'Country').trim().toUpperCase();
	if (country) {
		if (!/^[A-Z]{2}$/.test(country)) throw new InputError('Country', `"${country}" is not a two-letter country code such as CH or FR`);
		qs.country = country;
	}
	const status = stringParameter(filters.status, 'Status');
	if (status) qs.status = status;
	qs.sort = stringParameter(context.getNodeParameter('sort', itemIndex, 'date'), 'Sort') || 'date';
	return qs;
}

interface ListAnswer extends SmsUpResponse {
	totalRecords?: number | string;
	totalDisplayRecords?: number | string;
}

/**
 * One of smsup.ch's start/length lists (`GET /messages`, `GET /campaigns`) for the shared
 * reads: once the first page gives its total (listTotal), up to Parallel Requests pages are in flight,
 * fewer after a 429. A record that reappears on a later page, because records added during the
 * read shifted the pages (newest first), is kept once.
 */
export function listSource<T>(client: SmsUpClient, path: string, key: string, qs: IDataObject, itemIndex: number): PageSource<T> {
	return {
		providerName: SMSUP_PROVIDER_NAME,
		style: SMSUP_PAGES,
		pace: client.api.pace,
		fetchPage: async (params, _position, signal) => {
			const answer = await client.call<ListAnswer>({ method: 'GET', path, qs: { ...qs, ...params }, kind: 'read', itemIndex, signal });
			const items = Array.isArray(answer[key]) ? (answer[key] as T[]) : [];
			return { items, total: listTotal(answer) };
		},
		idOf: recordId,
	};
}

/**
 * The number of records a filtered list holds. Doc 004 gives `totalRecords` and
 * `totalDisplayRecords` without saying which one counts the filtered records (in the DataTables
 * convention the names come from, the display count does): the smaller of the two is the one, as
 * a filtered count is never above the unfiltered one.
 */
export function listTotal(answer: { totalRecords?: unknown; totalDisplayRecords?: unknown }): number | undefined {
	const totals = [answer.totalRecords, answer.totalDisplayRecords]
		.filter((value) => value !== undefined && value !== null && value !== '')
		.map(Number)
		.filter((value) => Number.isFinite(value) && value >= 0);
	return totals.length ? Math.min(...totals) : undefined;
}

/** What identifies a listed record: a message's `message_id`, a campaign's `id`. */
function recordId(record: unknown): string | undefined {
	if (!record || typeof record !== 'object') return undefined;
	const { message_id: messageId, id } = record as { message_id?: unknown; id?: unknown };
	const value = messageId ?? id;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** `GET /messages` with `qs` (from historyQuery, or a trigger's window) for the shared history read. */
export function historySource(client: SmsUpClient, qs: IDataObject, itemIndex: number): HistorySource<SmsUpMessage> {
	return { ...listSource<SmsUpMessage>(client, '/messages', 'messages', qs, itemIndex), normalize: normalizeSmsUpMessage };
}
