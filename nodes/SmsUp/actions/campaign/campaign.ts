import type { IDataObject } from 'n8n-workflow';

import { isoFromProvider } from '../../../shared/dates';
import { toNumberOrNull, toStringOrNull } from '../../../shared/message';
import { outputField } from '../../../shared/output';
import { SMSUP_CURRENCY } from '../../message';
import { SMSUP_PROVIDER, SMSUP_ZONE } from '../../transport';

/** A campaign's Simplified output: what it was, what it cost and how it went. */
export const SIMPLIFIED_CAMPAIGN_FIELDS = ['id', 'sender', 'text', 'date', 'status', 'cost', 'currency', 'deliveryRate', 'total', 'delivered'];

/** The Output field of Campaign Get and Get Many. */
export const campaignOutputField = outputField({
	raw: 'smsup.ch\'s own campaign objects',
	simplified: 'ID, sender, text, date (ISO), status, cost, currency, delivery rate, recipients and delivered; All Fields adds the other counters',
});

/** A campaign of `GET /campaigns` or `GET /campaign/{id}` in plain fields (notes §3.4); dates are Paris time. */
export function plainCampaign(campaign: IDataObject): IDataObject {
	const simple: IDataObject = {
		provider: SMSUP_PROVIDER,
		id: toStringOrNull(campaign.id),
		sender: toStringOrNull(campaign.sender),
		text: toStringOrNull(campaign.text),
		date: isoFromProvider(campaign.date, SMSUP_ZONE) ?? null,
		cost: toNumberOrNull(campaign.cost),
		currency: SMSUP_CURRENCY,
		deliveryRate: toNumberOrNull(campaign.delivery_rate),
		status: toStringOrNull(campaign.status),
	};
	if ('creation_date' in campaign) simple.createdAt = isoFromProvider(campaign.creation_date, SMSUP_ZONE) ?? null;
	for (const [key, name] of [
		['total', 'total'],
		['delivered', 'delivered'],
		['error', 'error'],
		['expired', 'expired'],
		['network_error', 'networkError'],
		['stop', 'stop'],
		['npai', 'npai'],
	] as const) {
		if (key in campaign) simple[name] = toNumberOrNull(campaign[key]);
	}
	if (Array.isArray(campaign.lists)) simple.lists = campaign.lists;
	return simple;
}
