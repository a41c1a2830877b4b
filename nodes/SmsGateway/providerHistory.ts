// Each provider's history as SMS Gateway reads it: the node's shared filters mapped onto the
// provider node's own parameter names (through providerView), then read by the provider's own
// code (its query, source and client-side checks). One function per provider; each gives
// pages of the one message model, in the order the read asked for, or as the provider lists it
// (`listed`). The filters a provider cannot apply are checked on every message by history.ts.
import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toIsoUtc } from '../shared/dates';
import { checkedHistoryPages, historyPages, noticeInOutput } from '../shared/history';
import type { MessageDirection, MessageStatus, NormalizedMessage } from '../shared/message';
import { checkedRead as apicoCheckedRead, historyQuery as apicoHistoryQuery, historySource as apicoHistorySource } from '../Apico/actions/history';
import { apicoClientFor, type ApicoClient } from '../Apico/transport';
import { checkedRead as clickSendCheckedRead, historyQuery as clickSendHistoryQuery, historySource as clickSendHistorySource } from '../ClickSend/actions/history';
import { clickSendClientFor, type ClickSendClient } from '../ClickSend/transport';
import { mergedPages, trackingPages, trackingQuery } from '../Routee/actions/history';
import { normalizeRouteeTracking } from '../Routee/message';
import { routeeClientFor, type RouteeClient } from '../Routee/transport';
import { historyQuery as smsUpHistoryQuery, historySource as smsUpHistorySource } from '../SmsUp/actions/history';
import { smsUpClientFor, type SmsUpClient } from '../SmsUp/transport';
import { providerView, type ProviderId } from './providers';

/** One Get History or Export History read of the node, as every provider is asked for it. */
export interface GatewayHistoryRead {
	from: DateTime;
	to: DateTime;
	/** Undefined reads both directions. */
	direction?: MessageDirection;
	status?: MessageStatus;
	/** A recipient in E.164. */
	recipient?: string;
	newestFirst: boolean;
	/** The merged read's Limit: no provider needs more messages than it. */
	limit?: number;
}

/** A provider's pages for the merge, and the order they come in. */
export interface ProviderPages {
	pages: AsyncIterable<NormalizedMessage[]>;
	/**
	 * `asked`: in the read's order (the provider sorts by date as asked). `newestFirst`: the
	 * provider has no order parameter and lists its history newest first.
	 */
	listed: 'asked' | 'newestFirst';
	/** Whether the provider applied the date range itself (else history.ts checks it, and stops reading past it). */
	appliesRange: boolean;
}

/** The clients of one execution, made on first use: Routee's token is asked for once, not per item. */
export class ProviderClients {
	private readonly made = new Map<ProviderId, Promise<unknown>>();

	constructor(private readonly context: IExecuteFunctions) {}

	private client<C>(id: ProviderId, make: (context: IExecuteFunctions) => Promise<C>): Promise<C> {
		let client = this.made.get(id) as Promise<C> | undefined;
		if (!client) {
			client = make(this.context);
			this.made.set(id, client);
		}
		return client;
	}

	clickSend = async (): Promise<ClickSendClient> => await this.client('clickSend', clickSendClientFor);
	routee = async (): Promise<RouteeClient> => await this.client('routee', routeeClientFor);
	smsUp = async (): Promise<SmsUpClient> => await this.client('smsUp', smsUpClientFor);
	apico = async (): Promise<ApicoClient> => await this.client('apico', apicoClientFor);
}

/** Paging of one provider's read: with a Limit, one page of about Limit messages at a time, read only when the merge needs it. */
function paging(read: GatewayHistoryRead): { pageSize?: number; concurrency?: number } {
	return read.limit === undefined ? {} : { pageSize: read.limit, concurrency: 1 };
}

async function* normalized<R>(pages: AsyncIterable<R[]>, normalize: (record: R) => NormalizedMessage): AsyncGenerator<NormalizedMessage[]> {
	for await (const page of pages) yield page.map(normalize);
}

/** The parameters of one read as a provider node's fields, for providerView. */
function viewOf(context: IExecuteFunctions, parameters: IDataObject): IExecuteFunctions {
	return providerView(context, () => parameters);
}

/**
 * ClickSend: `/v3/sms/history` with dates, order and To as its `q`. History rows carry their
 * direction (`in`/`out`), so both directions come from it; the inbound list is not read: it
 * holds only unread messages caught by a POLL rule, which history also lists.
 */
export async function clickSendPages(context: IExecuteFunctions, clients: ProviderClients, read: GatewayHistoryRead, itemIndex: number): Promise<ProviderPages> {
	const view = viewOf(context, {
		dateFrom: toIsoUtc(read.from),
		dateTo: toIsoUtc(read.to),
		filters: read.recipient ? { to: read.recipient } : {},
		orderBy: read.newestFirst ? 'date:desc' : 'date:asc',
	});
	const query = clickSendHistoryQuery(view, itemIndex);
	const source = clickSendHistorySource(await clients.clickSend(), '/v3/sms/history', query.qs, itemIndex);
	const pages = checkedHistoryPages(source, clickSendCheckedRead(view, query), paging(read));
	return { pages: normalized(pages, source.normalize), listed: 'asked', appliesRange: true };
}

/** Routee: `/sms/tracking` with its range (the last 7 days at most), sort, To and Direction; parts merged into messages. */
export async function routeePages(context: IExecuteFunctions, clients: ProviderClients, read: GatewayHistoryRead, itemIndex: number): Promise<ProviderPages> {
	const filters: IDataObject = {};
	if (read.recipient) filters.to = read.recipient;
	if (read.direction) filters.direction = read.direction === 'inbound' ? 'Inbound' : 'Outbound';
	const view = viewOf(context, {
		dateFrom: toIsoUtc(read.from),
		dateTo: toIsoUtc(read.to),
		filters,
		sort: read.newestFirst ? 'status.date,desc' : 'status.date',
	});
	const { qs, checks } = trackingQuery(view, itemIndex);
	const request = { method: 'POST' as const, path: '/sms/tracking', qs, checks, onIgnoredFilter: noticeInOutput(context) };
	const entries = trackingPages(await clients.routee(), request, { itemIndex, ...paging(read) });
	return { pages: normalized(mergedPages(entries), normalizeRouteeTracking), listed: 'asked', appliesRange: true };
}

/** smsup.ch: `GET /messages` with its required range (sent as Paris time), sort, To as Destination and Direction as Type. */
export async function smsUpPages(context: IExecuteFunctions, clients: ProviderClients, read: GatewayHistoryRead, itemIndex: number): Promise<ProviderPages> {
	const filters: IDataObject = {};
	if (read.recipient) filters.destination = read.recipient;
	if (read.direction) filters.type = read.direction === 'inbound' ? 'messages-in' : 'messages-out';
	const view = viewOf(context, {
		dateFrom: toIsoUtc(read.from),
		dateTo: toIsoUtc(read.to),
		filters,
		sort: read.newestFirst ? '-date' : 'date',
	});
	const source = smsUpHistorySource(await clients.smsUp(), smsUpHistoryQuery(view, itemIndex), itemIndex);
	return { pages: normalized(historyPages(source, paging(read)), source.normalize), listed: 'asked', appliesRange: true };
}

/**
 * Apico: `GET /messages` with To and Direction. Apico has no date range (only one creation
 * day) and no order parameter: it lists newest first, so history.ts checks the range on each
 * message and stops reading at the first one older than Date From.
 */
export async function apicoPages(context: IExecuteFunctions, clients: ProviderClients, read: GatewayHistoryRead, itemIndex: number): Promise<ProviderPages> {
	const filters: IDataObject = {};
	if (read.recipient) filters.to = read.recipient;
	if (read.direction) filters.direction = read.direction;
	const view = viewOf(context, { filters });
	const query = apicoHistoryQuery(view, itemIndex);
	const source = apicoHistorySource(await clients.apico(), query.qs, itemIndex);
	// Apico pages are 20 at most whatever Limit is; one at a time with a Limit.
	const pages = checkedHistoryPages(source, apicoCheckedRead(view, query), paging(read));
	return { pages: normalized(pages, source.normalize), listed: 'newestFirst', appliesRange: false };
}

export const PROVIDER_PAGES: Record<
	ProviderId,
	(context: IExecuteFunctions, clients: ProviderClients, read: GatewayHistoryRead, itemIndex: number) => Promise<ProviderPages>
> = {
	clickSend: clickSendPages,
	routee: routeePages,
	smsUp: smsUpPages,
	apico: apicoPages,
};
