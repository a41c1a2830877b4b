// The Campaign and Sender pickers. smsup.ch lists API campaigns (`GET /campaigns`, notes §3.4)
// but has no endpoint for approved sender IDs, so senders come from the account (`GET /account`,
// notes §3.1) and from recent campaigns. One page each: enough to pick from, cheap to load.
import { DateTime } from 'luxon';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { matchesSearch } from '../../shared/items';
import { SMSUP_DATE_FORMAT, SMSUP_ZONE, smsUpClientFor, type SmsUpClient, type SmsUpResponse } from '../transport';

export const CAMPAIGN_PICKER_SIZE = 200;
export const SENDER_SCAN_SIZE = 500;
const TEXT_PREVIEW = 40;

interface ListedCampaign {
	id?: number | string;
	sender?: string;
	text?: string;
	date?: string;
}

interface CampaignsAnswer extends SmsUpResponse {
	campaigns?: ListedCampaign[];
}

interface AccountAnswer extends SmsUpResponse {
	account?: { senderid?: string | null };
}

async function recentCampaigns(client: SmsUpClient, length: number, text?: string): Promise<ListedCampaign[]> {
	const qs = { start: 0, length, sort: '-date', ...(text ? { text } : {}) };
	const answer = await client.call<CampaignsAnswer>({ method: 'GET', path: '/campaigns', kind: 'read', qs });
	return Array.isArray(answer.campaigns) ? answer.campaigns : [];
}

/** smsup.ch's Paris wall-clock time shown in the workflow's time zone, to the minute. */
function localTime(context: ILoadOptionsFunctions, date: string | undefined): string | undefined {
	if (!date) return undefined;
	const parsed = DateTime.fromFormat(date, SMSUP_DATE_FORMAT, { zone: SMSUP_ZONE });
	return parsed.isValid ? parsed.setZone(context.getTimezone()).toFormat('yyyy-MM-dd HH:mm') : date;
}

/** The text's start, on one line, cut at a word when there is one to cut at. */
function preview(text: string | undefined): string {
	const flat = (text ?? '').replace(/\s+/g, ' ').trim();
	const characters = [...flat];
	if (characters.length <= TEXT_PREVIEW) return flat;
	const cut = characters.slice(0, TEXT_PREVIEW + 1).join('');
	const lastSpace = cut.lastIndexOf(' ');
	return `${(lastSpace >= TEXT_PREVIEW / 2 ? cut.slice(0, lastSpace) : characters.slice(0, TEXT_PREVIEW).join('')).trimEnd()}…`;
}

/** Recent API campaigns, newest first; the search box goes to smsup.ch's `text` filter. */
export async function searchCampaigns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await smsUpClientFor(this);
	const campaigns = await recentCampaigns(client, CAMPAIGN_PICKER_SIZE, filter?.trim() || undefined);
	return {
		results: campaigns
			.filter((campaign) => campaign.id !== undefined && campaign.id !== null && String(campaign.id) !== '')
			.map((campaign) => ({
				name: [localTime(this, campaign.date), campaign.sender || 'default sender', preview(campaign.text)]
					.filter(Boolean)
					.join(' · '),
				value: String(campaign.id),
			})),
	};
}

/**
 * The account's sender ID first, then every other sender of recent campaigns, most recently
 * used first; the search matches the sender (smsup.ch cannot filter campaigns by sender).
 */
export async function searchSenders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await smsUpClientFor(this);
	const [account, campaigns] = await Promise.all([
		client.call<AccountAnswer>({ method: 'GET', path: '/account', kind: 'read' }),
		recentCampaigns(client, SENDER_SCAN_SIZE),
	]);
	const results: INodeListSearchItems[] = [];
	const listed = new Set<string>();
	const accountSender = typeof account.account?.senderid === 'string' ? account.account.senderid.trim() : '';
	if (accountSender) {
		results.push({ name: `${accountSender} (account sender ID)`, value: accountSender });
		listed.add(accountSender);
	}
	for (const campaign of campaigns) {
		const sender = typeof campaign.sender === 'string' ? campaign.sender.trim() : '';
		if (!sender || listed.has(sender)) continue;
		listed.add(sender);
		const lastUsed = localTime(this, campaign.date)?.slice(0, 10);
		results.push({ name: lastUsed ? `${sender} (last used ${lastUsed})` : sender, value: sender });
	}
	return { results: results.filter((result) => matchesSearch(filter, String(result.value))) };
}
