import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { runPerItem, stringParameter } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { noticeInOutput } from '../../../shared/history';
import { routeeClientFor } from '../../transport';
import { campaignProperty, readCampaignTrackingId } from '../fields';
import { CAMPAIGN_TRACKING_PAGES, listOptionProperties, readTracking, sortProperty, trackingItems } from '../history';

const properties: INodeProperties[] = [
	campaignProperty({ name: 'campaignTrackingId', required: true, description: 'The campaign: the tracking ID a campaign send returned' }),
	...listOptionProperties(),
	sortProperty(),
	outputField({ raw: 'Routee\'s tracking entries (parts merged)', simplified: SIMPLIFIED_MESSAGE_WORDS }),
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getCampaignMessages'] } }, properties);

/** `GET /sms/tracking/campaign/{trackingId}`: a campaign's messages, in 0-based Spring pages of 20 (notes §2.4). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const trackingId = readCampaignTrackingId(this.getNodeParameter('campaignTrackingId', itemIndex, ''), 'Campaign Tracking ID', {
			required: true,
		});
		const { limit } = readReturnAllLimit(this, itemIndex);
		const sort = stringParameter(this.getNodeParameter('sort', itemIndex, ''), 'Sort');
		const merge = this.getNodeParameter('mergeParts', itemIndex, true) as boolean;
		const entries = await readTracking(
			client,
			{
				method: 'GET',
				path: `/sms/tracking/campaign/${encodeURIComponent(trackingId)}`,
				qs: sort ? { sort } : {},
				style: CAMPAIGN_TRACKING_PAGES,
				// Only this campaign's messages, whatever the endpoint returns.
				checks: [{ label: 'Campaign', test: (entry) => entry.campaignTrackingId === trackingId }],
				onIgnoredFilter: noticeInOutput(this),
			},
			{ limit, merge, itemIndex, concurrency: readParallelRequests(this, itemIndex) },
		);
		return trackingItems(entries, readOutput(this, itemIndex));
	});
}
