import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { parseDateRange, toIsoUtc } from '../../shared/dates';
import { dateRangeFields, returnAllOrLimit } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import { collectAll, pageSizeStyle, paginate, uniquePages, type Page } from '../../shared/paginate';
import { normalizePhoneNumber } from '../../shared/sms';
import { mergeMessage, mergeParts, normalizeRouteeTracking, type RouteeMergedMessage, type RouteeTrackingEntry } from '../message';
import type { RouteeClient } from '../transport';
import { campaignProperty, readCampaignTrackingId } from './fields';

/** Spring pages: `page` from 0, `size` up to 2000 (doc 003). */
export const ROUTEE_PAGES = pageSizeStyle(2000);
/** "accept a date range only for the latest 7 days" (doc 003). */
export const TRACKING_WINDOW_DAYS = 7;
/** A start this close to the window's edge is moved inside it rather than refused (expressions such as $now.minus(7, 'days')). */
const WINDOW_EDGE_TOLERANCE_MINUTES = 5;
/** How far inside the window a start at its edge is moved, so Routee's own check passes. */
const WINDOW_EDGE_MARGIN_MINUTES = 1;

const STATUSES = ['Delivered', 'Failed', 'Queued', 'Sent', 'Undelivered', 'Unsent'];

export function trackingFilterProperties(): INodeProperties[] {
	return [
		...dateRangeFields(
			'Routee tracks only the last 7 days: an empty Date From means 7 days ago, an empty Date To means now',
		),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Campaign Name',
					name: 'campaign',
					type: 'string',
					default: '',
					description: 'Only messages of the campaign with this name',
				},
				campaignProperty({ name: 'campaignTrackingId', description: 'Only messages of this campaign' }),
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'GR',
					description: 'Only messages to recipients in this country (two-letter ISO code)',
				},
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [
						{ name: 'Inbound', value: 'Inbound' },
						{ name: 'Outbound', value: 'Outbound' },
					],
					default: 'Outbound',
					description: 'Only messages sent (outbound) or received (inbound)',
				},
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					description: 'Only messages from this sender ID or number',
				},
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: '',
					description: 'Only messages sent with this label',
				},
				{
					displayName: 'Message ID',
					name: 'messageId',
					type: 'string',
					default: '',
					description: 'Only the parts of the message with this ID (a single send\'s tracking ID)',
				},
				{
					displayName: 'Only Campaign Messages',
					name: 'onlyCampaignMessages',
					type: 'boolean',
					default: true,
					description: 'Whether to return only messages that belong to a campaign',
				},
				{
					displayName: 'SMS ID',
					name: 'smsId',
					type: 'string',
					default: '',
					description: 'Only the SMS part with this ID',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({ name: status, value: status })),
					default: 'Delivered',
					description: 'Only messages with this Routee status',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: '+306900000000',
					description: 'Only messages to this number',
				},
			],
		},
		sortProperty(),
	];
}

export function sortProperty(): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Date (Newest First)', value: 'status.date,desc' },
			{ name: 'Date (Oldest First)', value: 'status.date' },
			{ name: 'Recipient', value: 'to' },
			{ name: 'Routee Default', value: '' },
			{ name: 'Sender', value: 'from' },
			{ name: 'Status', value: 'status.status' },
		],
		default: '',
		description: 'The field Routee sorts by (Spring style: a field name, ",desc" for descending)',
	};
}

export function listOptionProperties(): INodeProperties[] {
	return [...returnAllOrLimit(), mergePartsProperty()];
}

export function mergePartsProperty(): INodeProperties {
	return {
		displayName: 'Merge Parts',
		name: 'mergeParts',
		type: 'boolean',
		default: true,
		description:
			'Whether to return one item per message with its parts merged (price summed, least advanced status), instead of one item per SMS part as Routee tracks them',
	};
}

export interface TrackingRange {
	dateStart: string;
	dateEnd: string;
}

/**
 * The date range of a tracking read, validated before any call: Routee accepts only the
 * last 7 days, and the end must come after the start (doc 003). Empty ends mean the whole
 * window.
 */
export function trackingRange(from: unknown, to: unknown, zone: string, now: DateTime = DateTime.utc()): TrackingRange {
	const range = parseDateRange(from, to, { from: 'Date From', to: 'Date To' }, zone);
	const earliest = now.minus({ days: TRACKING_WINDOW_DAYS });
	const insideEdge = earliest.plus({ minutes: WINDOW_EDGE_MARGIN_MINUTES });
	let start = range.from ?? insideEdge;
	if (start < earliest.minus({ minutes: WINDOW_EDGE_TOLERANCE_MINUTES })) {
		throw new InputError(
			'Date From',
			`(${toIsoUtc(start)}) is more than ${TRACKING_WINDOW_DAYS} days ago: Routee tracks only the last ${TRACKING_WINDOW_DAYS} days, so start at ${toIsoUtc(insideEdge)} or later`,
		);
	}
	if (start < insideEdge) start = insideEdge;
	if (start > now) throw new InputError('Date From', `(${toIsoUtc(start)}) is in the future`);
	const end = range.to && range.to < now ? range.to : now;
	if (end <= start) {
		throw new InputError('Date To', `(${toIsoUtc(end)}) must be after "Date From" (${toIsoUtc(start)})`);
	}
	return { dateStart: toIsoUtc(start), dateEnd: toIsoUtc(end) };
}

export interface TrackingQuery {
	qs: IDataObject;
	/** Routee's body filters, `[{fieldName, searchTerm}]` (doc 003; a list as the SDK sends it). */
	filters: Array<{ fieldName: string; searchTerm: string }>;
	range: TrackingRange;
}

/** Reads the date range, filters and sort of a tracking read or export. */
export function trackingQuery(context: IExecuteFunctions, itemIndex: number): TrackingQuery {
	const range = trackingRange(
		context.getNodeParameter('dateFrom', itemIndex, ''),
		context.getNodeParameter('dateTo', itemIndex, ''),
		context.getTimezone(),
	);
	const qs: IDataObject = { dateStart: range.dateStart, dateEnd: range.dateEnd };
	const sort = stringParameter(context.getNodeParameter('sort', itemIndex, ''), 'Sort');
	if (sort) qs.sort = sort;

	const given = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filters: TrackingQuery['filters'] = [];
	const add = (fieldName: string, value: string) => {
		if (value) filters.push({ fieldName, searchTerm: value });
	};
	const text = (key: string, field: string) => stringParameter(given[key], field).trim();
	const to = text('to', 'To');
	add('to', to ? normalizePhoneNumber(to, 'To') : '');
	const from = text('from', 'From');
	add('from', /^\+|^00/.test(from) ? normalizePhoneNumber(from, 'From').slice(1) : from);
	add('status.status', text('status', 'Status'));
	add('direction', text('direction', 'Direction'));
	add('label', text('label', 'Label'));
	const country = text('country', 'Country').toUpperCase();
	if (country && !/^[A-Z]{2}$/.test(country)) throw new InputError('Country', `"${country}" is not a two-letter country code such as GR`);
	add('country', country);
	add('campaign', text('campaign', 'Campaign Name'));
	add('messageId', text('messageId', 'Message ID'));
	add('smsId', text('smsId', 'SMS ID'));
	const trackingId = readCampaignTrackingId(given.campaignTrackingId, 'Campaign Tracking ID');
	if (trackingId) qs.trackingId = trackingId;
	if (given.onlyCampaignMessages === true) qs.campaign = true;
	return { qs, filters, range };
}

interface SpringPage<T> {
	content?: T[];
	totalElements?: number;
	totalPages?: number;
	last?: boolean;
	number?: number;
}

export interface TrackingRequest {
	method: 'GET' | 'POST';
	path: string;
	qs: IDataObject;
	filters?: TrackingQuery['filters'];
}

function toPage<T>(page: SpringPage<T> | undefined): Page<T> {
	return {
		items: page?.content ?? [],
		total: typeof page?.totalElements === 'number' ? page.totalElements : undefined,
		hasMore: typeof page?.last === 'boolean' ? !page.last : undefined,
	};
}

const smsIdOf = (entry: RouteeTrackingEntry | undefined): string | undefined => (typeof entry?.smsId === 'string' ? entry.smsId : undefined);

/**
 * The pages of a tracking read as Routee returns them (one entry per SMS part), in order,
 * through the pagination engine: after the first page, the rest with bounded concurrency. A
 * part that reappears on a later page, because messages recorded during the read shifted the
 * pages (newest first), is kept once, where it first appeared.
 */
export async function* trackingPages(
	client: RouteeClient,
	request: TrackingRequest,
	options: { limit?: number; pageSize?: number; itemIndex: number; concurrency?: number },
): AsyncGenerator<RouteeTrackingEntry[]> {
	const fetchPage = async (params: Record<string, number>) =>
		toPage(
			await client.call<SpringPage<RouteeTrackingEntry>>({
				method: request.method,
				path: request.path,
				qs: { ...request.qs, ...params },
				// Sent even when empty: the filter list is the request body.
				body: request.method === 'POST' ? JSON.stringify(request.filters ?? []) : undefined,
				kind: 'read',
				itemIndex: options.itemIndex,
			}),
		);
	const pages = paginate<RouteeTrackingEntry>({
		style: ROUTEE_PAGES,
		limit: options.limit,
		pageSize: options.pageSize,
		fetchPage,
		concurrency: options.concurrency,
		pace: client.api.pace,
		idOf: smsIdOf,
		provider: 'Routee',
	});
	yield* uniquePages(pages, smsIdOf);
}

/**
 * Merges parts into messages page by page, for reads that write each page out before the
 * next (exports): a message is passed on once all its parts (`parts`) have appeared, in the
 * order messages first appeared, so the result is exactly `mergeParts` of the whole read
 * while only messages still waiting for a part (and those behind them) are held.
 */
export async function* mergedPages(pages: AsyncIterable<RouteeTrackingEntry[]>): AsyncGenerator<RouteeMergedMessage[]> {
	// Insertion order = order of first appearance.
	const waiting = new Map<string, { parts: RouteeTrackingEntry[]; expected: number; seen: Set<string> }>();
	const release = (all: boolean): RouteeMergedMessage[] => {
		const ready: RouteeTrackingEntry[][] = [];
		for (const [key, message] of waiting) {
			if (!all && message.seen.size < message.expected) break;
			ready.push(message.parts);
			waiting.delete(key);
		}
		return ready.map(mergeMessage);
	};
	for await (const page of pages) {
		const direct: RouteeMergedMessage[] = [];
		for (const entry of page) {
			const expected = Number(entry.parts);
			if (waiting.size === 0 && !(Number.isInteger(expected) && expected > 1)) {
				// A one-part message with nothing waiting ahead of it: out at once (most messages).
				direct.push(mergeMessage([entry]));
				continue;
			}
			const key = String(entry.messageId ?? entry.smsId ?? '');
			let message = waiting.get(key);
			if (!message) {
				message = { parts: [], expected: Number.isInteger(expected) && expected > 1 ? expected : 1, seen: new Set() };
				waiting.set(key, message);
			}
			message.parts.push(entry);
			message.seen.add(String(entry.part ?? entry.smsId ?? message.parts.length));
		}
		const ready = [...direct, ...release(false)];
		if (ready.length) yield ready;
	}
	const rest = release(true);
	if (rest.length) yield rest;
}

/**
 * Reads tracking entries through the pagination engine. With parts merged, Limit counts
 * messages: reading stops once more than Limit messages have appeared, so the last kept
 * message has all its parts when Routee returns them together.
 */
export async function readTracking(
	client: RouteeClient,
	request: TrackingRequest,
	options: { limit?: number; merge: boolean; itemIndex: number; concurrency?: number },
): Promise<Array<RouteeTrackingEntry | RouteeMergedMessage>> {
	const { limit, merge, itemIndex } = options;
	if (!merge) {
		return await collectAll(trackingPages(client, request, { limit, itemIndex, concurrency: options.concurrency }));
	}

	const entries: RouteeTrackingEntry[] = [];
	const messages = new Set<string>();
	const pageSize = limit === undefined ? undefined : Math.min(ROUTEE_PAGES.maxPageSize, Math.max(limit + 10, 20));
	// With a Limit, one page at a time: reading stops at the first page that completes it.
	const concurrency = limit === undefined ? options.concurrency : 1;
	for await (const page of trackingPages(client, request, { pageSize, itemIndex, concurrency })) {
		for (const entry of page) {
			entries.push(entry);
			messages.add(String(entry.messageId ?? entry.smsId ?? ''));
		}
		if (limit !== undefined && messages.size > limit) break;
	}
	const merged = mergeParts(entries);
	return limit === undefined ? merged : merged.slice(0, limit);
}

/** Items for tracking entries or merged messages: the normalized model, or Routee's own objects. */
export function trackingItems(entries: Array<RouteeTrackingEntry | RouteeMergedMessage>, simplify: boolean): INodeExecutionData[] {
	return entries.map((entry) => ({
		json: (simplify ? { ...normalizeRouteeTracking(entry) } : { ...entry }) as IDataObject,
	}));
}
