import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { historyItems, readCheckedHistory } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readOutput } from '../../../shared/output';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { clickSendClientFor } from '../../transport';
import { checkedRead, historyQuery, historySource, listProperties } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['mms'], operation: ['getHistory'] } }, listProperties(true));

/** `GET /v3/mms/history` with dates, `q` filters and order, through the pagination engine. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const query = historyQuery(this, itemIndex, 'mms');
		const source = historySource(client, '/v3/mms/history', query.qs, itemIndex);
		// One filter goes to ClickSend as `q`; every filter is checked on what comes back.
		const messages = await readCheckedHistory(source, checkedRead(this, query), { limit, concurrency: readParallelRequests(this, itemIndex) });
		return historyItems(source, messages, readOutput(this, itemIndex));
	});
}
