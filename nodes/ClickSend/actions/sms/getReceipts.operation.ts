import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { historyItems, readHistory } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readOutput } from '../../../shared/output';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { RECEIPT_STATUS_HINT } from '../../message';
import { clickSendClientFor } from '../../transport';
import { historySource, listProperties, markAsRead, markAsReadProperty, readMarkAsRead } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getReceipts'] } }, [
	...listProperties(false, RECEIPT_STATUS_HINT),
	markAsReadProperty('receipts'),
]);

/** `GET /v3/sms/receipts`: delivery receipts. ClickSend lists them only when a delivery-report rule with action POLL exists. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const mark = readMarkAsRead(this, itemIndex, 'receipts', limit);
		const source = historySource(client, '/v3/sms/receipts', {}, itemIndex);
		const messages = await readHistory(source, { limit, concurrency: readParallelRequests(this, itemIndex) });
		if (mark) await markAsRead(client, 'receipts', messages, itemIndex);
		return historyItems(source, messages, readOutput(this, itemIndex));
	});
}
