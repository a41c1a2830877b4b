import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runSend } from '../../../shared/send';
import { clickSendGateway, clickSendPriceSummary } from '../../gateway';
import { outgoingProperties, priceItemsProperty } from '../fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['mms'], operation: ['getPrice'] } },
	outgoingProperties('mms', [priceItemsProperty]),
);

/** `POST /v3/mms/price`: the same body as Send; nothing is sent (media is still converted). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, clickSendGateway(this, 'mms'), items.length, { mode: 'price', summarize: clickSendPriceSummary(this) });
}
