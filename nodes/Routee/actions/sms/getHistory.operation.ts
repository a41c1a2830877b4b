import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { noticeInOutput } from '../../../shared/history';
import { routeeClientFor } from '../../transport';
import { listOptionProperties, readTracking, trackingFilterProperties, trackingItems, trackingQuery } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getHistory'] } }, [
	...listOptionProperties(),
	...trackingFilterProperties(),
	outputField({ raw: 'Routee\'s tracking entries (parts merged)', simplified: SIMPLIFIED_MESSAGE_WORDS }),
	pagingOptionsField,
]);

/**
 * `POST /sms/tracking`: the last 7 days at most, one documented filter as Routee's body and every
 * filter checked on what it returns, 0-based Spring pages through the pagination engine. The range is checked before any call.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const { qs, checks } = trackingQuery(this, itemIndex);
		const merge = this.getNodeParameter('mergeParts', itemIndex, true) as boolean;
		const request = { method: 'POST' as const, path: '/sms/tracking', qs, checks, onIgnoredFilter: noticeInOutput(this) };
		const entries = await readTracking(client, request, { limit, merge, itemIndex, concurrency: readParallelRequests(this, itemIndex) });
		return trackingItems(entries, readOutput(this, itemIndex));
	});
}
