// Pickers for the From, Contact List and scheduled Message ID fields, loaded from the account.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { matchesSearch } from '../../shared/items';
import { collectAll, paginate } from '../../shared/paginate';
import { messagePickerResults } from '../../shared/pickers';
import { CLICKSEND_PAGES } from '../actions/history';
import { normalizeClickSendMessage, type ClickSendMessage } from '../message';
import { clickSendClientFor } from '../transport';

const MAX_PICKER_ENTRIES = 500;

async function readAll<T>(context: ILoadOptionsFunctions, path: string): Promise<T[]> {
	const client = await clickSendClientFor(context);
	return await collectAll(
		paginate<T>({
			style: CLICKSEND_PAGES,
			limit: MAX_PICKER_ENTRIES,
			fetchPage: async (params, _position, signal) => {
				const page = await client.call<{ total?: number; data?: T[] }>({ method: 'GET', path, qs: params, kind: 'read', signal });
				return { items: page?.data ?? [], total: page?.total };
			},
		}),
	);
}

export async function searchDedicatedNumbers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const numbers = await readAll<{ dedicated_number: string; country?: string; _country_name?: string }>(this, '/v3/numbers');
	return {
		results: numbers
			.filter((number) => matchesSearch(filter, number.dedicated_number, number._country_name ?? ''))
			.map((number) => ({
				name: `${number.dedicated_number}${number._country_name ? ` (${number._country_name})` : ''}`,
				value: number.dedicated_number,
			})),
	};
}

export async function searchLists(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const lists = await readAll<{ list_id: number; list_name: string; _contacts_count?: number }>(this, '/v3/lists');
	return {
		results: lists
			.filter((list) => matchesSearch(filter, list.list_name, String(list.list_id)))
			.map((list) => ({
				name: `${list.list_name} (${list._contacts_count ?? 0} contacts)`,
				value: String(list.list_id),
			})),
	};
}

/** Messages the Cancel Scheduled picker reads: ClickSend's largest history page. */
const SCHEDULED_SHOWN = 100;

/**
 * The Message ID picker of Cancel Scheduled: the messages still waiting for their time
 * (`q=status:Scheduled`, newest first; the status is checked on each, whatever ClickSend did with q).
 */
export async function searchScheduledMessages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await clickSendClientFor(this);
	const page = await client.call<{ data?: ClickSendMessage[] }>({
		method: 'GET',
		path: '/v3/sms/history',
		qs: { q: 'status:Scheduled', order_by: 'date:desc', page: 1, limit: SCHEDULED_SHOWN },
		kind: 'read',
	});
	const messages = (Array.isArray(page?.data) ? page.data : []).filter((message) => String(message.status) === 'Scheduled').map((message) => normalizeClickSendMessage(message));
	return messagePickerResults(messages, filter, this.getTimezone());
}
