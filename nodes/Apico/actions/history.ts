import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseOptionalDate } from '../../shared/dates';
import { returnAllOrLimit } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import type { HistorySource } from '../../shared/gateway';
import { noticeInOutput, type CheckedRead, type RecordCheck } from '../../shared/history';
import { firstAppearances, offsetLimitStyle } from '../../shared/paginate';
import { shapeOutput, type OutputShape } from '../../shared/output';
import { normalizePhoneNumber, sameRecipient } from '../../shared/sms';
import { apicoTime, normalizeApicoMessage, type ApicoMessage } from '../message';
import { APICO_MAX_PAGE_SIZE, APICO_PROVIDER_NAME, type ApicoClient } from '../transport';

/** Apico's history is `offset`/`limit` pages of at most 20, with `total` and `next` (provider-docs 002). */
export const APICO_PAGES = offsetLimitStyle(APICO_MAX_PAGE_SIZE);

/** The statuses provider-docs 002 lists. */
const STATUSES = ['delivered', 'failed', 'queued', 'received', 'sent'];

export function historyFilterProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Account SID',
					name: 'accountSid',
					type: 'string',
					default: '',
					placeholder: 'e.g. AC0123456789abcdef',
					description:
						"Only messages of this account, e.g. a subaccount (Apico's account_sid filter). Apico's document does not say how it combines with the credential's account in the path (unverified).",
				},
				{
					displayName: 'Created On',
					name: 'created',
					type: 'dateTime',
					default: '',
					description:
						'Only messages created on this day (sent to Apico as YYYY-MM-DD, the day in the workflow time zone). The document does not give the format: the node also checks each message\'s creation time, and says so when Apico did not apply the filter.',
				},
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [
						{ name: 'Inbound', value: 'inbound', description: 'Messages received on your numbers' },
						{ name: 'Outbound', value: 'outbound', description: 'Messages you sent' },
					],
					default: 'outbound',
					description: 'Only sent or only received messages',
				},
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: 'e.g. +447860041755',
					description: 'Only messages from this phone number (international format)',
				},
				{
					displayName: 'Message SID',
					name: 'messageSid',
					type: 'string',
					default: '',
					description: 'Only the message with this Apico message SID',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({ name: status.charAt(0).toUpperCase() + status.slice(1), value: status })),
					default: 'delivered',
					description: 'Only messages with this Apico status',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +447860041756',
					description: 'Only messages to this phone number (international format)',
				},
			],
		},
	];
}

/** Return All / Limit and the filters; Return All can default on (export). */
export function historyListProperties(returnAllDefault = false): INodeProperties[] {
	return [...returnAllOrLimit(undefined, returnAllDefault), ...historyFilterProperties()];
}

/** A phone number as Apico writes it: international digits without `+` (provider-docs 002 examples). */
export function apicoNumber(value: unknown, field: string): string {
	return normalizePhoneNumber(value, field).slice(1);
}

export interface ApicoHistoryQuery {
	/** The filters as Apico's query parameters. */
	qs: IDataObject;
	/** Every filter, also checked on each message Apico returns; `sent` is the one whose format is a guess. */
	checks: Array<RecordCheck<ApicoMessage>>;
	sent?: RecordCheck<ApicoMessage>;
}

/**
 * The filters as Apico's query parameters (provider-docs 002: message_sid, account_sid, created,
 * to, from, direction, status), each also checked on every message returned: the document names
 * the parameters but not their formats, and a filter must hold whatever Apico does with it.
 */
export function historyQuery(context: IExecuteFunctions, itemIndex: number): ApicoHistoryQuery {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const checks: Array<RecordCheck<ApicoMessage>> = [];
	const exact = (label: string, name: keyof ApicoMessage & string, value: string) => {
		qs[name] = value;
		checks.push({ label, test: (message) => String(message[name] ?? '') === value });
	};
	const messageSid = stringParameter(filters.messageSid, 'Message SID').trim();
	if (messageSid) exact('Message SID', 'message_sid', messageSid);
	const accountSid = stringParameter(filters.accountSid, 'Account SID').trim();
	if (accountSid) exact('Account SID', 'account_sid', accountSid);
	// The document says only "Message creation date": a calendar day is sent (unverified format),
	// and each message's creation time is checked against that day in the workflow's time zone.
	const zone = context.getTimezone();
	const created = parseOptionalDate(filters.created, 'Created On', zone);
	let createdCheck: RecordCheck<ApicoMessage> | undefined;
	if (created) {
		const day = created.toFormat('yyyy-MM-dd');
		qs.created = day;
		createdCheck = {
			label: 'Created On',
			test: (message) => {
				const seconds = apicoTime(message);
				return seconds !== undefined && DateTime.fromSeconds(seconds, { zone }).toFormat('yyyy-MM-dd') === day;
			},
		};
		checks.push(createdCheck);
	}
	for (const [key, label, name] of [['to', 'To', 'to'], ['from', 'From', 'from']] as const) {
		const number = stringParameter(filters[key], label).trim();
		if (!number) continue;
		qs[name] = apicoNumber(number, label);
		const isNumber = sameRecipient(`+${String(qs[name])}`);
		checks.push({ label, test: (message) => isNumber(message[name]) });
	}
	const direction = stringParameter(filters.direction, 'Direction');
	if (direction) {
		if (direction !== 'inbound' && direction !== 'outbound') throw new InputError('Direction', `must be "inbound" or "outbound", got "${direction}"`);
		exact('Direction', 'direction', direction);
	}
	const status = stringParameter(filters.status, 'Status');
	if (status) {
		if (!STATUSES.includes(status)) throw new InputError('Status', `must be one of ${STATUSES.join(', ')}, got "${status}"`);
		exact('Status', 'status', status);
	}
	return { qs, checks, sent: createdCheck };
}

/** The filters of a query as the shared checked read takes them; notices go to the output pane. */
export function checkedRead(context: IExecuteFunctions, query: ApicoHistoryQuery): CheckedRead<ApicoMessage> {
	return { checks: query.checks, sent: query.sent, providerName: APICO_PROVIDER_NAME, noun: 'message', onIgnoredFilter: noticeInOutput(context), allSent: true };
}

interface HistoryPageBody {
	offset?: number | string;
	limit?: number | string;
	next?: string | null;
	prev?: string | null;
	total?: number | string;
	messages?: ApicoMessage[];
}

/** One history page as read: its messages, `total` when Apico gives it, and whether `next` is set. */
export interface HistoryPage {
	messages: ApicoMessage[];
	total?: number;
	/** From `next` (the URI of the following page, null on the last one); undefined when absent. */
	hasMore?: boolean;
	/** The `offset` Apico says it served: another than asked means it ignores `offset`. */
	offset?: number;
}

/** What tells messages apart: the SID Apico gives each. */
function messageSid(message: ApicoMessage | null | undefined): string | undefined {
	return typeof message?.message_sid === 'string' ? message.message_sid : undefined;
}

/** `GET /accounts/{accountSID}/messages` at one offset (provider-docs 002). */
export async function fetchHistoryPage(
	client: ApicoClient,
	qs: IDataObject,
	position: { offset: number; limit: number },
	itemIndex: number,
	signal?: AbortSignal,
): Promise<HistoryPage> {
	const page = await client.call<HistoryPageBody>({ method: 'GET', path: '/messages', qs: { ...qs, ...position }, kind: 'read', itemIndex, signal });
	const total = Number(page?.total);
	return {
		messages: Array.isArray(page?.messages) ? page.messages.filter((message) => message !== null && typeof message === 'object') : [],
		total: page?.total === undefined || page?.total === null || !Number.isFinite(total) ? undefined : total,
		hasMore: page?.next === undefined ? undefined : Boolean(page.next),
		offset: page?.offset === undefined || page?.offset === null || !Number.isFinite(Number(page.offset)) ? undefined : Number(page.offset),
	};
}

/**
 * Apico's history for the shared history read: offset/limit pages, several in flight once the
 * first page gives `total`; a message that reappears on a later page, because new messages
 * shifted the offsets while paging, is kept once, by SID.
 */
export function historySource(client: ApicoClient, qs: IDataObject, itemIndex: number): HistorySource<ApicoMessage> {
	return {
		providerName: APICO_PROVIDER_NAME,
		style: APICO_PAGES,
		pace: client.api.pace,
		fetchPage: async (params, _position, signal) => {
			const page = await fetchHistoryPage(client, qs, { offset: params.offset, limit: params.limit }, itemIndex, signal);
			return { items: page.messages, total: page.total, hasMore: page.hasMore, echo: page.offset === undefined ? undefined : { offset: page.offset } };
		},
		idOf: messageSid,
		normalize: normalizeApicoMessage,
	};
}

/** Items for messages read one by one (Get Message), in the node's Output shape. */
export function messageItems(messages: ApicoMessage[], shape: OutputShape): INodeExecutionData[] {
	return messages.map((message) => ({ json: shapeOutput(shape, () => normalizeApicoMessage(message), message) }));
}

/** Pages read at once when a poll must reach further back than the first page. */
const NEWEST_PAGES_AT_ONCE = 4;
/** A poll reads at most this many pages (10,000 messages): the bound of a long-paused trigger's catch-up. */
export const NEWEST_MAX_PAGES = 500;

function timeRange(messages: ApicoMessage[]): { oldest: number; newest: number } | undefined {
	let oldest = Infinity;
	let newest = -Infinity;
	for (const message of messages) {
		const time = apicoTime(message);
		if (time === undefined) continue;
		if (time < oldest) oldest = time;
		if (time > newest) newest = time;
	}
	return newest === -Infinity ? undefined : { oldest, newest };
}

/** A page whose first message is older than its last lists history oldest first. */
function listsOldestFirst(messages: ApicoMessage[]): boolean {
	const first = messages.length > 1 ? apicoTime(messages[0]) : undefined;
	const last = messages.length > 1 ? apicoTime(messages[messages.length - 1]) : undefined;
	return first !== undefined && last !== undefined && first < last;
}

/**
 * The newest messages matching `qs`, read back until the oldest one read is older than
 * `reachBack(newest)` (unix seconds), or history ends; each message once (by SID). One call when
 * the first page reaches back far enough; otherwise a few pages at a time.
 *
 * Apico's document does not say in which order history comes. The family (Apifonica) lists the
 * newest first, and so does this read: new messages then only push older ones to later
 * offsets, which shows them twice (kept once) but never hides one. Should a first page come
 * oldest first, the read starts again from the end (offset `total` − 20, going down), so a
 * poll never stops among the oldest messages.
 */
export async function readNewest(
	client: ApicoClient,
	qs: IDataObject,
	reachBack: (newest: number) => number,
	itemIndex = 0,
): Promise<ApicoMessage[]> {
	return (await readNewestAndReach(client, qs, reachBack, itemIndex)).messages;
}

/**
 * readNewest, and whether the read reached back as far as asked (or to the end of history):
 * false when it stopped at NEWEST_MAX_PAGES or on pages that brought nothing new.
 */
export async function readNewestAndReach(
	client: ApicoClient,
	qs: IDataObject,
	reachBack: (newest: number) => number,
	itemIndex = 0,
): Promise<{ messages: ApicoMessage[]; reached: boolean }> {
	const size = APICO_MAX_PAGE_SIZE;
	const first = await fetchHistoryPage(client, qs, { offset: 0, limit: size }, itemIndex);
	const ended = (page: HistoryPage, asked: number) => page.messages.length < asked || page.hasMore === false;
	let total = first.total;
	const oldestFirst = total !== undefined && total > size && listsOldestFirst(first.messages);
	const collected: ApicoMessage[] = oldestFirst ? [] : [...first.messages];
	let finished = !oldestFirst && (ended(first, size) || (total !== undefined && total <= size));

	// The ranges still to read, from the newest end towards the oldest.
	let nextOffset = size;
	let nextEnd = oldestFirst ? (total ?? 0) : 0;
	const nextRange = (): { offset: number; limit: number } | undefined => {
		if (oldestFirst) {
			if (nextEnd <= 0) return undefined;
			const offset = Math.max(0, nextEnd - size);
			const range = { offset, limit: nextEnd - offset };
			nextEnd = offset;
			return range;
		}
		if (total !== undefined && nextOffset >= total) return undefined;
		const range = { offset: nextOffset, limit: size };
		nextOffset += size;
		return range;
	};

	for (let pagesRead = 1; !finished && pagesRead < NEWEST_MAX_PAGES; ) {
		const times = timeRange(collected);
		if (times && times.oldest < reachBack(times.newest)) break;
		const ranges: Array<{ offset: number; limit: number }> = [];
		// Oldest first, the newest end is read alone first: it is all most polls need.
		const atOnce = collected.length === 0 ? 1 : NEWEST_PAGES_AT_ONCE;
		while (ranges.length < atOnce && pagesRead + ranges.length < NEWEST_MAX_PAGES) {
			const range = nextRange();
			if (!range) break;
			ranges.push(range);
		}
		// Nothing left to read: history is read to its end.
		if (ranges.length === 0) {
			finished = true;
			break;
		}
		const pages = await Promise.all(ranges.map(async (range) => await fetchHistoryPage(client, qs, range, itemIndex)));
		pagesRead += ranges.length;
		// A server that ignores `offset` (it says so, or a round brings no message not read
		// already) would have a poll read all NEWEST_MAX_PAGES pages of the same messages.
		const known = new Set(collected.map(messageSid));
		const movedOn = pages.some(
			(page, index) =>
				(page.offset === undefined || page.offset === ranges[index].offset) && page.messages.some((message) => !known.has(messageSid(message))),
		);
		if (collected.length > 0 && !movedOn) break;
		for (const [index, page] of pages.entries()) {
			if (oldestFirst) {
				collected.push(...[...page.messages].reverse());
				continue;
			}
			collected.push(...page.messages);
			// Messages that arrive while reading add to the total: keep going past the planned end.
			if (page.total !== undefined) total = Math.max(total ?? 0, page.total);
			if (ended(page, ranges[index].limit)) {
				finished = true;
				break;
			}
		}
	}

	const times = timeRange(collected);
	const reached = finished || (times !== undefined && times.oldest < reachBack(times.newest));
	return { messages: firstAppearances(collected, messageSid), reached };
}
