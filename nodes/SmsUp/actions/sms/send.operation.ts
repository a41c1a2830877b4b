import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { alreadySentOptions } from '../../../shared/alreadySent';
import { smartEncodingOption, updateDisplayOptions } from '../../../shared/descriptions';
import { parallelSendsOption, runSend } from '../../../shared/send';
import { smsUpGateway } from '../../gateway';
import { outgoingProperties } from '../fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	outgoingProperties([
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				...alreadySentOptions,
				// Only one call per item runs in parallel; campaign calls go one after another.
				{ ...parallelSendsOption, displayOptions: { show: { '/sendAsCampaign': [false] } } },
				smartEncodingOption,
			],
		},
	]),
);

/**
 * `POST /send` per item (one recipient), a few in flight at once, or campaign calls one at a time
 * (nodes/SmsUp/gateway.ts): each item's result (or what the answer's counters say about its
 * recipient) goes back to it; −8 (moderation) is a pending result, never sent again.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const campaign = this.getNodeParameter('sendAsCampaign', 0, false) as boolean;
	return await runSend(this, smsUpGateway(this, { campaign, mode: 'send' }), items.length, {
		mode: 'send',
		parallelOption: campaign ? undefined : 'options',
		alreadySentOption: 'options',
	});
}
