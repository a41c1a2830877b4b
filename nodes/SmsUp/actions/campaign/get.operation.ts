import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { locatorValue, runPerItem, stringParameter } from '../../../shared/items';
import { readOutput, shapeOutput } from '../../../shared/output';
import { smsUpClientFor, type SmsUpResponse } from '../../transport';
import { campaignLocator } from '../pickers';
import { campaignOutputField, plainCampaign, SIMPLIFIED_CAMPAIGN_FIELDS } from './campaign';

const properties: INodeProperties[] = [
	campaignLocator,
	campaignOutputField,
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['get'] } }, properties);

/** `GET /campaign/{id}`; smsup.ch answers `campaign` as a list of one (notes §3.4). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		// A picked campaign, an ID, or (older workflows, expressions) a plain string or number.
		const id = stringParameter(locatorValue(this.getNodeParameter('campaignId', itemIndex, '')), 'Campaign', { required: true }).trim();
		if (!/^\d+$/.test(id)) throw new InputError('Campaign', `"${id}" is not a campaign ID (digits, such as 14672468)`);
		const answer = await client.call<SmsUpResponse>({ method: 'GET', path: `/campaign/${id}`, kind: 'read', itemIndex });
		const campaigns = (Array.isArray(answer.campaign) ? answer.campaign : answer.campaign ? [answer.campaign] : []) as IDataObject[];
		const shape = readOutput(this, itemIndex);
		return campaigns.map((campaign) => ({ json: shapeOutput(shape, () => plainCampaign(campaign), campaign, SIMPLIFIED_CAMPAIGN_FIELDS) }));
	});
}
