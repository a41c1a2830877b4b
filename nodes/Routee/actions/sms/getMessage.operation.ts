import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem, stringParameter } from '../../../shared/items';
import { mergeParts, normalizeRouteeTracking, type RouteeTrackingEntry } from '../../message';
import { routeeClientFor } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		description: 'The message\'s ID: the tracking ID a single send returned, or a message ID from the history',
	},
	{
		...simplifyField,
		description:
			'Whether to return the message as one item with the simplified fields shared by every provider (parts merged), instead of one item per SMS part as Routee returns them',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getMessage'] } }, properties);

/** `GET /sms/tracking/single/{messageId}`: the parts of one message (notes §2.4). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const messageId = stringParameter(this.getNodeParameter('messageId', itemIndex, ''), 'Message ID', { required: true }).trim();
		const parts = await client.call<RouteeTrackingEntry[]>({
			method: 'GET',
			path: `/sms/tracking/single/${encodeURIComponent(messageId)}`,
			kind: 'read',
			itemIndex,
		});
		const list = Array.isArray(parts) ? parts : [];
		if (!(this.getNodeParameter('simplify', itemIndex, true) as boolean)) {
			return list.map((part) => ({ json: { ...part } as IDataObject }));
		}
		return mergeParts(list).map((message) => ({ json: { ...normalizeRouteeTracking(message) } as IDataObject }));
	});
}
