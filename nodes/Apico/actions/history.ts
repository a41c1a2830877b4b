import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseOptionalDate } from '../../shared/dates';
import { returnAllOrLimit } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import { offsetLimitStyle, paginate } from '../../shared/paginate';
import { normalizePhoneNumber } from '../../shared/sms';
import { normalizeApicoMessage, type ApicoMessage } from '../message';
import { APICO_MAX_PAGE_SIZE, type ApicoClient } from '../transport';

/** Apico's history is `offset`/`limit` pages of at most 20, with `total` and `next` (provider-docs 002). */
export const APICO_PAGES = offsetLimitStyle(APICO_MAX_PAGE_SIZE);
/** No upper bound on Limit: the engine pages through as many messages as asked for. */
export const LIMIT_MAX = 1_000_000;

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
					displayName: 'Created On',
					name: 'created',
					type: 'dateTime',
					default: '',
					description: 'Only messages created on this day (sent to Apico as YYYY-MM-DD, the day in the workflow time zone)',
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
					placeholder: '+447860041755',
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
					placeholder: '+447860041756',
					description: 'Only messages to this phone number (international format)',
				},
			],
		},
	];
}

/** Return All / Limit and the filters; Return All can default on (export). */
export function historyListProperties(returnAllDefault = false): INodeProperties[] {
	const [returnAll, limit] = returnAllOrLimit(LIMIT_MAX);
	return [{ ...returnAll, default: returnAllDefault }, limit, ...historyFilterProperties()];
}

/** A phone number as Apico writes it: international digits without `+` (provider-docs 002 examples). */
export function apicoNumber(value: unknown, field: string): string {
	return normalizePhoneNumber(value, field).slice(1);
}

/** The filters as Apico's query parameters (provider-docs 002: message_sid, created, to, from, direction, status). */
export function historyQuery(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const messageSid = stringParameter(filters.messageSid, 'Message SID').trim();
	if (messageSid) qs.message_sid = messageSid;
	// The document says only "Message creation date": a calendar day is sent (unverified format).
	const created = parseOptionalDate(filters.created, 'Created On', context.getTimezone());
	if (created) qs.created = created.toFormat('yyyy-MM-dd');
	const to = stringParameter(filters.to, 'To').trim();
	if (to) qs.to = apicoNumber(to, 'To');
	const from = stringParameter(filters.from, 'From').trim();
	if (from) qs.from = apicoNumber(from, 'From');
	const direction = stringParameter(filters.direction, 'Direction');
	if (direction) {
		if (direction !== 'inbound' && direction !== 'outbound') throw new InputError('Direction', `must be "inbound" or "outbound", got "${direction}"`);
		qs.direction = direction;
	}
	const status = stringParameter(filters.status, 'Status');
	if (status) {
		if (!STATUSES.includes(status)) throw new InputError('Status', `must be one of ${STATUSES.join(', ')}, got "${status}"`);
		qs.status = status;
	}
	return qs;
}

interface HistoryPage {
	offset?: number | string;
	limit?: number | string;
	next?: string | null;
	prev?: string | null;
	total?: number | string;
	messages?: ApicoMessage[];
}

/**
 * Reads history through the pagination engine (several pages in flight once the first page
 * gives `total`, in order; Limit stops the reading as soon as it is met). A message that
 * reappears on a later page, because new messages shifted the offsets while paging, is kept
 * once, where it first appeared.
 */
export async function readHistory(
	client: ApicoClient,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex: number,
	concurrency?: number,
): Promise<ApicoMessage[]> {
	const messages: ApicoMessage[] = [];
	const seen = new Set<string>();
	const pages = paginate<ApicoMessage>({
		style: APICO_PAGES,
		limit,
		concurrency,
		pace: client.api.pace,
		fetchPage: async (params) => {
			const page = await client.call<HistoryPage>({ method: 'GET', path: '/messages', qs: { ...qs, ...params }, kind: 'read', itemIndex });
			const total = Number(page?.total);
			return {
				items: Array.isArray(page?.messages) ? page.messages.filter((message) => message !== null && typeof message === 'object') : [],
				total: page?.total === undefined || page?.total === null || !Number.isFinite(total) ? undefined : total,
				// `next` is the URI of the following page, null on the last one.
				hasMore: page?.next === undefined ? undefined : Boolean(page.next),
			};
		},
	});
	for await (const page of pages) {
		for (const message of page) {
			const sid = typeof message?.message_sid === 'string' ? message.message_sid : undefined;
			if (sid !== undefined) {
				if (seen.has(sid)) continue;
				seen.add(sid);
			}
			messages.push(message);
		}
	}
	return messages;
}

/** Items for a list of messages: the normalized model, or Apico's own objects. */
export function messageItems(messages: ApicoMessage[], simplify: boolean): INodeExecutionData[] {
	return messages.map((message) => ({ json: (simplify ? { ...normalizeApicoMessage(message) } : { ...message }) as IDataObject }));
}
