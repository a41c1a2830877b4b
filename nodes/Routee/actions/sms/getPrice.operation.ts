import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { smartEncodingOption, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField } from '../../../shared/output';
import { runSend } from '../../../shared/send';
import { routeeGateway } from '../../gateway';
import { messageProperties } from '../fields';

const properties: INodeProperties[] = [
	...messageProperties('One price check per input item; nothing is sent'),
	// Send's own collection: Smart Encoding set the same way prices the text Send would send.
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [smartEncodingOption],
	},
	outputField({
		raw: 'Routee\'s analysis as it came',
		simplified: 'to, parts, total, cost per part, whether it is Unicode, from and body; All Fields adds characters, the characters GSM-7 lacks and the transcoded text',
	}),
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getPrice'] } }, properties);

/**
 * `POST /sms/analyze` for each item (nodes/Routee/gateway.ts): how Routee would encode and split
 * the text, what one part costs for the recipient, and the total. Nothing is sent.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, routeeGateway(this, 'getPrice'), items.length, { mode: 'price' });
}
