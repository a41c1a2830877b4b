import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { messageLocator, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { locatorValue, runPerItem, stringParameter } from '../../../shared/items';
import { mergeParts, type RouteeTrackingEntry } from '../../message';
import { routeeClientFor } from '../../transport';
import { TRACKING_ID_PATTERN } from '../fields';
import { trackingItems } from '../history';

const properties: INodeProperties[] = [
	messageLocator({
		displayName: 'Message ID',
		name: 'messageId',
		description: 'The message: picked from the messages of the last 7 days, or By ID with the tracking ID a single send returned or a message ID from the history',
		searchListMethod: 'searchMessages',
		placeholder: 'e.g. c0ffee00-0000-4000-8000-000000000001',
		idPattern: { regex: TRACKING_ID_PATTERN, errorMessage: 'A Routee message ID is a UUID, such as c0ffee00-0000-4000-8000-000000000001' },
	}),
	outputField({ raw: 'one item per SMS part, as Routee returns them', simplified: `${SIMPLIFIED_MESSAGE_WORDS}, as one item with the parts merged` }),
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getMessage'] } }, properties);

/** `GET /sms/tracking/single/{messageId}`: the parts of one message (notes §2.4). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const messageId = stringParameter(locatorValue(this.getNodeParameter('messageId', itemIndex, '')), 'Message ID', { required: true }).trim();
		const parts = await client.call<RouteeTrackingEntry[]>({
			method: 'GET',
			path: `/sms/tracking/single/${encodeURIComponent(messageId)}`,
			kind: 'read',
			itemIndex,
		});
		const list = Array.isArray(parts) ? parts : [];
		const shape = readOutput(this, itemIndex);
		if (shape === 'raw') return list.map((part) => ({ json: { ...part } as IDataObject }));
		return trackingItems(mergeParts(list), shape);
	});
}
