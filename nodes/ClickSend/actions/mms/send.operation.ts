import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { executeOutgoing, outgoingProperties } from '../outgoing';

export const description = updateDisplayOptions({ show: { resource: ['mms'], operation: ['send'] } }, outgoingProperties('mms'));

/**
 * `POST /v3/mms/send`: items that share one image go in one call (up to 1,000 recipients,
 * lists counted by their contacts); the image comes from a URL or the item's binary data.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeOutgoing(this, items.length, 'mms', 'send');
}
