import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { parseDateRange, toIsoUtc } from '../../shared/dates';
import { dateRangeFields, returnAllOrLimit } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import type { HistorySource } from '../../shared/gateway';
import { checkedPages, historyPages, readHistory, type RecordCheck } from '../../shared/history';
import { shapeOutput, type OutputShape } from '../../shared/output';
import { pageSizeStyle, type Page, type PaginationStyle } from '../../shared/paginate';
import { normalizePhoneNumber, sameRecipient } from '../../shared/sms';
import { mergeMessage, mergeParts, normalizeRouteeTracking, type RouteeMergedMessage, type RouteeTrackingEntry } from '../message';
import type { RouteeClient } from '../transport';
import { campaignProperty, readCampaignTrackingId } from './fields';

/** Spring pages: `page` from 0, `size` up to 2000 (doc 003). */
export const ROUTEE_PAGES = pageSizeStyle(2000);
/**
 * A campaign's tracking (`/sms/tracking/campaign/{id}`) documents `page`/`size` and no maximum:
 * 20, the default doc 003 gives tracking, is the one size known to be taken.
 */
export const CAMPAIGN_TRACKING_PAGES = pageSizeStyle(20);
/** "accept a date range only for the latest 7 days" (doc 003). */
export const TRACKING_WINDOW_DAYS = 7;
/** A start this close to the window's edge is moved inside it rather than refused (expressions such as $now.minus(7, 'days')). */
const WINDOW_EDGE_TOLERANCE_MINUTES = 5;
/** How far inside the window a start at its edge is moved, so Routee's own check passes. */
const WINDOW_EDGE_MARGIN_MINUTES = 1;

const STATUSES = ['Delivered', 'Failed', 'Queued', 'Sent', 'Undelivered', 'Unsent'];

/** The filter operators of doc 003 ("If missing defaults to 'is'"). */
const TEXT_OPERATORS: Array<{ name: string; value: string; description: string; test: (value: string, term: string) => boolean }> = [
	{ name: 'Is', value: 'is', description: 'Exactly this text', test: (value, term) => value === term },
	{ name: 'Is Not', value: 'is_not', description: 'Anything but this text', test: (value, term) => value !== term },
	{ name: 'Contains', value: 'contains', description: 'This text anywhere', test: (value, term) => value.includes(term) },
	{ name: 'Starts With', value: 'starts_with', description: 'Begins with this text', test: (value, term) => value.startsWith(term) },
	{ name: 'Ends With', value: 'ends_with', description: 'Ends with this text', test: (value, term) => value.endsWith(term) },
];

/**
 * The body filter fields doc 003 lists, most selective first: the one a read sends to Routee is
 * the first of these the user set (the document shows one filter object as the body).
 */
const DOCUMENTED_FILTER_FIELDS = ['smsId', 'to', 'label', 'campaign', 'status.status', 'direction'] as const;
type DocumentedFilterField = (typeof DOCUMENTED_FILTER_FIELDS)[number];

/** One filter of a tracking read: checked on every entry Routee returns, whatever Routee did with it. */
export interface TrackingCheck extends RecordCheck<RouteeTrackingEntry> {
	/** The body filter sent to Routee for it, when it is one Routee documents. */
	server?: { fieldName: DocumentedFilterField; searchTerm: string };
}

/** Only entries in this direction: sent to Routee as its `direction` filter and checked on what comes back. */
export function directionCheck(direction: 'Inbound' | 'Outbound'): TrackingCheck {
	return { label: 'Direction', server: { fieldName: 'direction', searchTerm: direction }, test: (entry) => entry.direction === direction };
}

export function trackingFilterProperties(): INodeProperties[] {
	return [
		...dateRangeFields(
			'Routee tracks only the last 7 days: an empty Date From means 7 days ago, an empty Date To means now. The parameter names (dateStart, dateEnd) come from Routee\'s SDK, not its reference',
		),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			hint: 'Routee takes one filter: the node sends the most selective one and checks every filter on each message Routee returns, so the result holds even where Routee ignores one (a notice then says so)',
			options: [
				{
					displayName: 'Campaign Name',
					name: 'campaign',
					type: 'string',
					default: '',
					description: 'Only messages of the campaign with this name',
				},
				campaignProperty({
					name: 'campaignTrackingId',
					description: 'Only messages of this campaign (sent as the trackingId query parameter, a name from Routee\'s SDK, and checked on each message)',
				}),
				{
					displayName: 'Country',
					name: 'country',
					type: 'string',
					default: '',
					placeholder: 'e.g. GR',
					description: 'Only messages to recipients in this country (two-letter ISO code). Routee has no such filter: the node checks each message it returns.',
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
					description: 'Only messages from this sender ID or number. Routee has no such filter: the node checks each message it returns.',
				},
				{
					displayName: 'Message ID',
					name: 'messageId',
					type: 'string',
					default: '',
					description:
						'Only the parts of the message with this ID (a single send\'s tracking ID). Routee has no such filter: the node checks each message it returns.',
				},
				{
					displayName: 'Only Campaign Messages',
					name: 'onlyCampaignMessages',
					type: 'boolean',
					default: true,
					description:
						'Whether to return only messages that belong to a campaign. Routee\'s documents do not name this parameter (the node sends `campaign=true` and checks each message it returns).',
				},
				{
					displayName: 'Reference',
					name: 'label',
					type: 'string',
					default: '',
					description: 'Only messages sent with this reference (Routee\'s label)',
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
					displayName: 'Text Match',
					name: 'operator',
					type: 'options',
					options: TEXT_OPERATORS.map(({ name, value, description }) => ({ name, value, description })),
					default: 'is',
					description:
						'How To, From, Label, Campaign Name, Message ID and SMS ID match (Routee\'s operators). Routee\'s documents do not name the operator\'s field, so for any match but Is the node reads the whole range and checks each message itself.',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +306900000000',
					description: 'Only messages to this number (with Text Match other than Is: this text, as Routee writes numbers, e.g. +3069)',
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
		hint: 'Spring\'s sort convention: Routee\'s documents do not confirm it, so check the order of the first results',
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
	/** Every filter, checked on each returned entry; the first documented one also goes to Routee. */
	checks: TrackingCheck[];
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
	const operatorName = stringParameter(given.operator ?? 'is', 'Text Match') || 'is';
	const operator = TEXT_OPERATORS.find((candidate) => candidate.value === operatorName);
	if (!operator) throw new InputError('Text Match', `"${operatorName}" is not one of ${TEXT_OPERATORS.map(({ value }) => value).join(', ')}`);
	const exact = operator.value === 'is';
	const checks: TrackingCheck[] = [];
	const text = (key: string, field: string) => stringParameter(given[key], field).trim();
	/** A text filter: Routee's own when documented and exact, the node's check always. */
	const addText = (label: string, term: string, read: (entry: RouteeTrackingEntry) => unknown, fieldName?: DocumentedFilterField) => {
		if (!term) return;
		checks.push({
			label,
			server: fieldName && exact ? { fieldName, searchTerm: term } : undefined,
			test: (entry) => operator.test(String(read(entry) ?? ''), term),
		});
	};
	const to = text('to', 'To');
	if (to && exact) {
		const number = normalizePhoneNumber(to, 'To');
		checks.push({ label: 'To', server: { fieldName: 'to', searchTerm: number }, test: (entry) => sameRecipient(number)(entry.to) });
	} else {
		addText('To', to, (entry) => entry.to);
	}
	const from = text('from', 'From');
	addText('From', exact && /^\+|^00/.test(from) ? normalizePhoneNumber(from, 'From').slice(1) : from, (entry) => entry.from);
	const status = text('status', 'Status');
	if (status) checks.push({ label: 'Status', server: { fieldName: 'status.status', searchTerm: status }, test: (entry) => entry.status?.status === status });
	const direction = text('direction', 'Direction');
	if (direction === 'Inbound' || direction === 'Outbound') checks.push(directionCheck(direction));
	else if (direction) throw new InputError('Direction', `"${direction}" is not Inbound or Outbound`);
	addText('Reference', text('label', 'Reference'), (entry) => entry.label, 'label');
	const country = text('country', 'Country').toUpperCase();
	if (country && !/^[A-Z]{2}$/.test(country)) throw new InputError('Country', `"${country}" is not a two-letter country code such as GR`);
	if (country) checks.push({ label: 'Country', test: (entry) => String(entry.country ?? '').toUpperCase() === country });
	addText('Campaign Name', text('campaign', 'Campaign Name'), (entry) => entry.campaignName, 'campaign');
	addText('Message ID', text('messageId', 'Message ID'), (entry) => entry.messageId);
	addText('SMS ID', text('smsId', 'SMS ID'), (entry) => entry.smsId, 'smsId');
	// Query names from Routee's SDK (doc 003 describes the parameters without naming them): sent,
	// and checked on what comes back.
	const trackingId = readCampaignTrackingId(given.campaignTrackingId, 'Campaign Tracking ID');
	if (trackingId) {
		qs.trackingId = trackingId;
		checks.push({ label: 'Campaign', test: (entry) => entry.campaignTrackingId === trackingId });
	}
	if (given.onlyCampaignMessages === true) {
		qs.campaign = true;
		checks.push({ label: 'Only Campaign Messages', test: (entry) => typeof entry.campaignTrackingId === 'string' && entry.campaignTrackingId !== '' });
	}
	return { qs, checks, range };
}

/** The one body filter a tracking read sends: the most selective documented one of its checks. */
function serverFilter(checks: TrackingCheck[] = []): TrackingCheck['server'] {
	for (const fieldName of DOCUMENTED_FILTER_FIELDS) {
		const check = checks.find((candidate) => candidate.server?.fieldName === fieldName);
		if (check) return check.server;
	}
	return undefined;
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
	/** Filters: the first documented one goes to Routee as the body; all are checked on each entry. */
	checks?: TrackingCheck[];
	/** Told once per read when Routee returned entries that the filter it was sent excludes. */
	onIgnoredFilter?: (notice: string) => void;
	/** The endpoint's pages (default ROUTEE_PAGES). */
	style?: PaginationStyle;
}

function toPage<T>(page: SpringPage<T> | undefined): Page<T> {
	return {
		items: page?.content ?? [],
		total: typeof page?.totalElements === 'number' ? page.totalElements : undefined,
		hasMore: typeof page?.last === 'boolean' ? !page.last : undefined,
	};
}

/**
 * A tracking read for the shared history read: one entry per SMS part, Spring pages. A part
 * that reappears on a later page, because messages recorded during the read shifted the pages
 * (newest first), is kept once, by `smsId`. Merging parts into messages is Routee's own step on
 * top (mergedPages, readTracking).
 */
export function historySource(client: RouteeClient, request: TrackingRequest, itemIndex: number): HistorySource<RouteeTrackingEntry> {
	return {
		providerName: 'Routee',
		style: request.style ?? ROUTEE_PAGES,
		pace: client.api.pace,
		fetchPage: async (params, _position, signal) =>
			toPage(
				await client.call<SpringPage<RouteeTrackingEntry>>({
					method: request.method,
					path: request.path,
					qs: { ...request.qs, ...params },
					// One filter object, as doc 003 shows the body; none without a filter.
					body: request.method === 'POST' ? serverFilter(request.checks) : undefined,
					kind: 'read',
					itemIndex,
					signal,
				}),
			),
		idOf: (entry) => (typeof entry?.smsId === 'string' ? entry.smsId : undefined),
		normalize: normalizeRouteeTracking,
	};
}

/**
 * The pages of a tracking read (one entry per SMS part), in order, each part once, holding only
 * the entries that pass every filter (checkedPages): Routee may ignore a filter, or not know one
 * the node offers. An entry that the filter Routee was sent excludes means Routee did not apply
 * it: `onIgnoredFilter` hears of it once.
 */
export async function* trackingPages(
	client: RouteeClient,
	request: TrackingRequest,
	options: { limit?: number; pageSize?: number; itemIndex: number; concurrency?: number },
): AsyncGenerator<RouteeTrackingEntry[]> {
	const checks = request.checks ?? [];
	const sent = serverFilter(checks);
	// With checks, a page may lose entries: Limit is counted by the caller on what is kept.
	const pages = historyPages(historySource(client, request, options.itemIndex), checks.length ? { ...options, limit: undefined } : options);
	yield* checkedPages(pages, {
		checks,
		sent: checks.find((check) => check.server === sent),
		providerName: 'Routee',
		noun: 'SMS part',
		onIgnoredFilter: request.onIgnoredFilter,
	});
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
	if (!merge && !request.checks?.length) {
		return await readHistory(historySource(client, request, itemIndex), { limit, concurrency: options.concurrency });
	}
	if (!merge) {
		const kept: RouteeTrackingEntry[] = [];
		const pageSize = limit === undefined ? undefined : Math.min((request.style ?? ROUTEE_PAGES).maxPageSize, Math.max(limit, 20));
		for await (const page of trackingPages(client, request, { pageSize, itemIndex, concurrency: limit === undefined ? options.concurrency : 1 })) {
			kept.push(...page);
			if (limit !== undefined && kept.length >= limit) break;
		}
		return limit === undefined ? kept : kept.slice(0, limit);
	}

	const entries: RouteeTrackingEntry[] = [];
	const messages = new Set<string>();
	const pageSize = limit === undefined ? undefined : Math.min((request.style ?? ROUTEE_PAGES).maxPageSize, Math.max(limit + 10, 20));
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

/** Items for tracking entries or merged messages, in the node's Output shape. */
export function trackingItems(entries: Array<RouteeTrackingEntry | RouteeMergedMessage>, shape: OutputShape): INodeExecutionData[] {
	return entries.map((entry) => ({ json: shapeOutput(shape, () => normalizeRouteeTracking(entry), entry) }));
}
