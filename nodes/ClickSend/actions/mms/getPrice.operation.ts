import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { executeOutgoing, outgoingProperties, priceOutputProperty } from '../outgoing';

export const description = updateDisplayOptions(
	{ show: { resource: ['mms'], operation: ['getPrice'] } },
	outgoingProperties('mms', [priceOutputProperty]),
);

/** `POST /v3/mms/price`: the same body as Send; nothing is sent (media is still converted). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeOutgoing(this, items.length, 'mms', 'price');
}
