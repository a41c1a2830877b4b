import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runSend } from '../../../shared/send';
import { clickSendGateway } from '../../gateway';
import { outgoingProperties, sendOptionsProperty } from '../fields';

export const description = updateDisplayOptions({ show: { resource: ['mms'], operation: ['send'] } }, outgoingProperties('mms', [sendOptionsProperty]));

/**
 * `POST /v3/mms/send` (nodes/ClickSend/gateway.ts): items that share one image go in one call
 * (up to 1,000 recipients, lists counted by their contacts); the image comes from a URL or the
 * item's binary data.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, clickSendGateway(this, 'mms'), items.length, { mode: 'send', alreadySentOption: 'options' });
}
