// The campaign and message pickers. Routee's API has no call that lists campaigns (notes §2), so the list
// is built from tracking: the campaign messages of the last 7 days (`POST /sms/tracking` with
// `campaign=true`), newest first, each campaign once with the date of its newest message.
// A campaign of many recipients fills pages with its own messages, so a search reads at most
// a few pages and hands the editor a token to read on when the list is scrolled.
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { matchesSearch } from '../../shared/items';
import { messagePickerResults } from '../../shared/pickers';
import { ROUTEE_PAGES, trackingRange } from '../actions/history';
import { mergeParts, normalizeRouteeTracking, type RouteeTrackingEntry } from '../message';
import { routeeClientFor } from '../transport';

const PAGES_PER_SEARCH = 5;
/** Newest first, so a campaign's first message seen carries its latest date. */
const NEWEST_FIRST = 'status.date,desc';

interface CampaignCursor {
	/** The next tracking page to read. */
	page: number;
	/** Campaigns already listed by earlier pages of this search. */
	listed: string[];
}

interface TrackingPage {
	content?: RouteeTrackingEntry[];
	last?: boolean;
}

function readCursor(token: string | undefined): CampaignCursor {
	if (!token) return { page: 0, listed: [] };
	try {
		const cursor = JSON.parse(token) as Partial<CampaignCursor>;
		if (Number.isInteger(cursor.page) && Array.isArray(cursor.listed)) {
			return { page: cursor.page as number, listed: cursor.listed.filter((id): id is string => typeof id === 'string') };
		}
	} catch {
		// Not a token this picker made: start from the newest page.
	}
	return { page: 0, listed: [] };
}

function campaignItem(trackingId: string, entry: RouteeTrackingEntry, zone: string): INodeListSearchItems {
	const name = typeof entry.campaignName === 'string' && entry.campaignName ? entry.campaignName : 'Unnamed campaign';
	const date = typeof entry.status?.date === 'string' ? DateTime.fromISO(entry.status.date, { zone }) : undefined;
	return {
		name: date?.isValid ? `${name} (${date.toFormat('yyyy-LL-dd HH:mm')})` : name,
		value: trackingId,
		description: trackingId,
	};
}

export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await routeeClientFor(this);
	const cursor = readCursor(paginationToken);
	const listed = new Set(cursor.listed);
	const { dateStart, dateEnd } = trackingRange('', '', 'UTC');
	const zone = this.getTimezone();
	const results: INodeListSearchItems[] = [];
	let page = cursor.page;
	let last = false;
	// Pages until one lists a campaign that matches, so the editor never gets an empty list
	// with more behind it; at most a few pages per search.
	for (let read = 0; read < PAGES_PER_SEARCH && !last && results.length === 0; read++) {
		const tracking = await client.call<TrackingPage | undefined>({
			method: 'POST',
			path: '/sms/tracking',
			// `campaign=true` (the SDK's name; doc 003 does not name it): entries without a campaign
			// are passed over below whatever Routee did with it. No body filter: none is needed.
			qs: { dateStart, dateEnd, campaign: true, sort: NEWEST_FIRST, page, size: ROUTEE_PAGES.maxPageSize },
			kind: 'read',
		});
		const entries = tracking?.content ?? [];
		page++;
		last = tracking?.last !== false || entries.length === 0;
		for (const entry of entries) {
			const trackingId = entry.campaignTrackingId;
			if (typeof trackingId !== 'string' || !trackingId || listed.has(trackingId)) continue;
			listed.add(trackingId);
			if (matchesSearch(filter, entry.campaignName ?? '', trackingId)) results.push(campaignItem(trackingId, entry, zone));
		}
	}
	return { results, paginationToken: last ? undefined : JSON.stringify({ page, listed: [...listed] } satisfies CampaignCursor) };
}

/** The Message ID picker: the messages of the last 7 days, newest first (one tracking page, parts merged). */
export async function searchMessages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await routeeClientFor(this);
	const { dateStart, dateEnd } = trackingRange('', '', 'UTC');
	const tracking = await client.call<TrackingPage | undefined>({
		method: 'POST',
		path: '/sms/tracking',
		qs: { dateStart, dateEnd, sort: NEWEST_FIRST, page: 0, size: ROUTEE_PAGES.maxPageSize },
		kind: 'read',
	});
	const messages = mergeParts(tracking?.content ?? []).map(normalizeRouteeTracking);
	return messagePickerResults(messages, filter, this.getTimezone());
}
