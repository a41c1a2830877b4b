import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { smartEncodingOption, updateDisplayOptions } from '../../../shared/descriptions';
import { runSend } from '../../../shared/send';
import { smsUpGateway } from '../../gateway';
import { outgoingProperties } from '../fields';

// Get Price has no Options: Smart Encoding goes with the Additional Fields.
export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getPrice'] } }, outgoingProperties([], [smartEncodingOption]));

/**
 * `POST /send/simulate` (per item, or per campaign call; nodes/SmsUp/gateway.ts): the cost in
 * credits and the counters smsup.ch would report. "A simulated campaign is not really created"
 * (notes §3.3).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const campaign = this.getNodeParameter('sendAsCampaign', 0, false) as boolean;
	return await runSend(this, smsUpGateway(this, { campaign, mode: 'price' }), items.length, { mode: 'price' });
}
