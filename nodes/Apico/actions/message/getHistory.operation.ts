import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagingOptionsField, simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { apicoClientFor } from '../../transport';
import { historyListProperties, historyQuery, messageItems, readHistory } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getHistory'] } }, [
	...historyListProperties(),
	{
		...simplifyField,
		description:
			'Whether to return the same simplified message fields as every provider (creation date as ISO, price in USD) instead of Apico\'s raw messages',
	},
	pagingOptionsField,
]);

/** `GET /accounts/{accountSID}/messages`: offset/limit pages of at most 20, filters, Return All / Limit (provider-docs 002). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await apicoClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const messages = await readHistory(client, historyQuery(this, itemIndex), limit, itemIndex, readParallelRequests(this, itemIndex));
		return messageItems(messages, this.getNodeParameter('simplify', itemIndex, true) as boolean);
	});
}
