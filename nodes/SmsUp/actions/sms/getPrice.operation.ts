import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { executePrice, outgoingProperties } from '../outgoing';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getPrice'] } }, outgoingProperties());

/**
 * `/send/simulate` (GET per item, POST per campaign call): the cost in credits and the
 * counters smsup.ch would report. "A simulated campaign is not really created" (notes §3.3).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executePrice(this, items.length);
}
