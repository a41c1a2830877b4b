import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { InputError, inputErrorForItem } from '../../../shared/errors';
import { runPerItem, stringParameter } from '../../../shared/items';
import { routeeClientFor } from '../../transport';
import { TRACKING_ID_PATTERN } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Routee\'s API reference lists no cancel call: this uses DELETE /sms/{trackingId}, the call Routee\'s SDK makes to delete a scheduled campaign. What Routee answers is not documented, so the output says only what was asked and that Routee accepted it.',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Campaign Tracking ID',
		name: 'trackingId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1d5d0cf0-9c6a-4a3e-8f1e-6a4b8c2d0e11',
		description: 'The tracking ID that Send as Campaign returned for a campaign with a Scheduled Date',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['cancelScheduled'] } }, properties);

function trackingIdOf(value: unknown): string | InputError {
	try {
		const trackingId = stringParameter(value, 'Campaign Tracking ID', { required: true }).trim();
		return new RegExp(TRACKING_ID_PATTERN).test(trackingId) ? trackingId : new InputError('Campaign Tracking ID', `"${trackingId}" is not a Routee tracking ID (a UUID)`);
	} catch (error) {
		return error as InputError;
	}
}

/** `DELETE /sms/{trackingId}`: deletes a campaign before its scheduled date (notes §2.2, from Routee's SDK). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Every tracking ID is checked before the first call: a typo never deletes another campaign.
	const trackingIds = items.map((_, itemIndex) => {
		const trackingId = trackingIdOf(this.getNodeParameter('trackingId', itemIndex, ''));
		if (trackingId instanceof InputError && !this.continueOnFail()) throw inputErrorForItem(this.getNode(), trackingId, itemIndex);
		return trackingId;
	});
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const trackingId = trackingIds[itemIndex];
		if (trackingId instanceof InputError) throw trackingId;
		await client.call<IDataObject | string>({
			method: 'DELETE',
			path: `/sms/${encodeURIComponent(trackingId)}`,
			kind: 'send',
			itemIndex,
			expectJson: false,
		});
		return [{ json: { trackingId, cancelled: true } }];
	});
}
