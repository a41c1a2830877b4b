import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runGatewayPreview } from '../../gateway';
import { messageFields } from '../fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getPrice'] } },
	// Schedule changes no price; the preview prices the message as it would go now.
	messageFields().map((field) => (field.name === 'options' ? { ...field, options: field.options?.filter((option) => option.name !== 'schedule') } : field)),
);

/** The number checked, encoding and parts, every provider's price and the one Send would choose; nothing is sent. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runGatewayPreview(this, items.length);
}
