import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { normalizeClickSendInbound, type ClickSendMessage } from '../../message';
import { clickSendClientFor } from '../../transport';
import { listProperties, messageItems, readList } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getInbound'] } }, listProperties(false));

/** `GET /v3/sms/inbound`: replies and other messages to your numbers. ClickSend lists only messages caught by an inbound rule whose action is POLL. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const messages = await readList<ClickSendMessage>(client, '/v3/sms/inbound', {}, limit, itemIndex, readParallelRequests(this, itemIndex));
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return messageItems(messages, simplify, normalizeClickSendInbound);
	});
}
