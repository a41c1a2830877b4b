import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { historyItems, readHistory } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readOutput } from '../../../shared/output';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { clickSendClientFor } from '../../transport';
import { historySource, listProperties, markAsRead, markAsReadProperty, readMarkAsRead } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getInbound'] } }, [...listProperties(false), markAsReadProperty('inbound')]);

/** `GET /v3/sms/inbound`: replies and other messages to your numbers. ClickSend lists only messages caught by an inbound rule whose action is POLL. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const mark = readMarkAsRead(this, itemIndex, 'inbound', limit);
		const source = historySource(client, '/v3/sms/inbound', {}, itemIndex);
		const messages = await readHistory(source, { limit, concurrency: readParallelRequests(this, itemIndex) });
		if (mark) await markAsRead(client, 'inbound', messages, itemIndex);
		return historyItems(source, messages, readOutput(this, itemIndex));
	});
}
