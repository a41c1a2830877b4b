import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { historyItems, readCheckedHistory } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { APICO_PRICE_HINT } from '../../message';
import { apicoClientFor } from '../../transport';
import { checkedRead, historyListProperties, historyQuery, historySource } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getHistory'] } }, [
	...historyListProperties(),
	outputField({ raw: 'Apico\'s message objects', simplified: `${SIMPLIFIED_MESSAGE_WORDS} (sent at as ISO, price in USD)`, hint: APICO_PRICE_HINT }),
	pagingOptionsField,
]);

/** `GET /accounts/{accountSID}/messages`: offset/limit pages of at most 20, filters, Return All / Limit (provider-docs 002). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await apicoClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const query = historyQuery(this, itemIndex);
		const source = historySource(client, query.qs, itemIndex);
		// Every filter goes to Apico and is checked on what comes back (its formats are not documented).
		const messages = await readCheckedHistory(source, checkedRead(this, query), { limit, concurrency: readParallelRequests(this, itemIndex) });
		return historyItems(source, messages, readOutput(this, itemIndex));
	});
}
