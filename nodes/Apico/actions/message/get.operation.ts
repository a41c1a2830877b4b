import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { messageLocator, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { locatorValue, runPerItem, stringParameter } from '../../../shared/items';
import { APICO_PRICE_HINT, type ApicoMessage } from '../../message';
import { apicoClientFor } from '../../transport';
import { messageItems } from '../history';

const properties: INodeProperties[] = [
	messageLocator({
		displayName: 'Message SID',
		name: 'messageSid',
		description: 'The message: picked from Apico\'s newest messages, or By ID with the SID that Send or Get History returned',
		searchListMethod: 'searchMessages',
		placeholder: 'e.g. SM6e6ba8f5e2b34c2a9d1b0f4a4c7e8d21',
	}),
	outputField({ raw: 'Apico\'s message object', simplified: SIMPLIFIED_MESSAGE_WORDS, hint: APICO_PRICE_HINT }),
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['get'] } }, properties);

/**
 * One message by SID through the documented history filter
 * (`GET /accounts/{accountSID}/messages?message_sid=…`, provider-docs 002).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await apicoClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const messageSid = stringParameter(locatorValue(this.getNodeParameter('messageSid', itemIndex, '')), 'Message SID', { required: true }).trim();
		const page = await client.call<{ messages?: ApicoMessage[] }>({
			method: 'GET',
			path: '/messages',
			qs: { message_sid: messageSid },
			kind: 'read',
			itemIndex,
		});
		const message = (Array.isArray(page?.messages) ? page.messages : []).find((candidate) => candidate?.message_sid === messageSid);
		if (!message) {
			throw client.api.error(
				{ message: `No message with SID "${messageSid}"`, details: 'Apico\'s history has no message with this SID in this account.' },
				undefined,
				itemIndex,
			);
		}
		return messageItems([message], readOutput(this, itemIndex));
	});
}
