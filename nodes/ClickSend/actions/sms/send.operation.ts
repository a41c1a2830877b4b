import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runSend } from '../../../shared/send';
import { clickSendGateway } from '../../gateway';
import { outgoingProperties, smsSendOptionsProperty } from '../fields';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, outgoingProperties('sms', [smsSendOptionsProperty]));

/**
 * `POST /v3/sms/send` (nodes/ClickSend/gateway.ts): each item is one message (or one list);
 * items go out up to 1,000 per call and each answer is paired back to its item. A recipient
 * ClickSend refuses inside the HTTP 200 is a failure of that item, never a silent success.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, clickSendGateway(this, 'sms'), items.length, { mode: 'send', alreadySentOption: 'options' });
}
