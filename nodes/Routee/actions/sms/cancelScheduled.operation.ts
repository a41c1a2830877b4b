import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { InputError, inputErrorForItem } from '../../../shared/errors';
import { locatorValue, runPerItem, stringParameter } from '../../../shared/items';
import { routeeClientFor } from '../../transport';
import { campaignProperty, TRACKING_ID_PATTERN } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName:
			'Routee\'s API reference lists no cancel call: this uses DELETE /sms/{trackingId}, the call Routee\'s SDK makes to delete a scheduled campaign. What Routee answers is not documented, so the output says only what was asked and that Routee accepted it.',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
	},
	campaignProperty({ name: 'trackingId', required: true, description: 'The campaign to delete: the tracking ID that Send as Campaign returned for a campaign with a Schedule' }),
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['cancelScheduled'] } }, properties);

function trackingIdOf(value: unknown): string | InputError {
	try {
		const trackingId = stringParameter(locatorValue(value), 'Campaign Tracking ID', { required: true }).trim();
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
