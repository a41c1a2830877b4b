import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { executeSend, outgoingProperties } from '../outgoing';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, outgoingProperties());

/**
 * `GET /send` per item, or `POST /send` campaign calls: each item's result (or what the
 * answer's counters say about its recipient) goes back to it; −8 (moderation) is a pending
 * result, never sent again.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeSend(this, items.length);
}
