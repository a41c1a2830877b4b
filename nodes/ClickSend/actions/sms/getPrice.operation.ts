import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runSend } from '../../../shared/send';
import { clickSendGateway, clickSendPriceSummary } from '../../gateway';
import { outgoingProperties, priceItemsProperty, smsPriceOptionsProperty } from '../fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['getPrice'] } },
	outgoingProperties('sms', [priceItemsProperty, smsPriceOptionsProperty]),
);

/** `POST /v3/sms/price`: the same body as Send; nothing is sent and nothing is charged. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, clickSendGateway(this, 'sms'), items.length, { mode: 'price', summarize: clickSendPriceSummary(this) });
}
