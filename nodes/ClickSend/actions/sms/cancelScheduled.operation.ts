import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { messageLocator, updateDisplayOptions } from '../../../shared/descriptions';
import { locatorValue, runPerItem, stringParameter } from '../../../shared/items';
import { clickSendClientFor } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Cancel',
		name: 'cancelScope',
		type: 'options',
		options: [
			{ name: 'All Scheduled Messages', value: 'all', description: 'Every message still waiting for its scheduled time' },
			{ name: 'One Message', value: 'one', description: 'The scheduled message with a given ID' },
		],
		default: 'one',
	},
	{
		...messageLocator({
			displayName: 'Message ID',
			name: 'messageId',
			description: 'The scheduled message: picked from those still waiting, or By ID with the ID that Send returned',
			searchListMethod: 'searchScheduledMessages',
			placeholder: 'e.g. 1E0F5C7A-3B2D-4C1E-9A8B-000000000001',
		}),
		displayOptions: { show: { cancelScope: ['one'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['cancelScheduled'] } }, properties);

/** `PUT /v3/sms/{message_id}/cancel` or `PUT /v3/sms/cancel-all` (notes §1.3). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const scope = this.getNodeParameter('cancelScope', itemIndex, 'one') as string;
		if (scope === 'all') {
			// The count's shape is not in ClickSend's spec; `data.count` is read when present.
			const data = await client.call<IDataObject | null>({ method: 'PUT', path: '/v3/sms/cancel-all', kind: 'send', itemIndex });
			return [{ json: { cancelled: 'all', count: typeof data?.count === 'number' ? data.count : null } }];
		}
		const messageId = stringParameter(locatorValue(this.getNodeParameter('messageId', itemIndex, '')), 'Message ID', { required: true }).trim();
		const data = await client.call<IDataObject | null>({
			method: 'PUT',
			path: `/v3/sms/${encodeURIComponent(messageId)}/cancel`,
			kind: 'send',
			itemIndex,
		});
		return [{ json: { cancelled: 'one', messageId, status: (data?.status as string | undefined) ?? 'Cancelled' } }];
	});
}
