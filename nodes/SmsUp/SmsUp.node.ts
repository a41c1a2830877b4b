import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as campaign from './actions/campaign/Campaign.resource';
import { router } from './actions/router';
import * as sms from './actions/sms/Sms.resource';
import { searchCampaigns, searchSenders } from './methods/listSearch';

export class SmsUp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'smsup.ch',
		name: 'smsUp',
		icon: { light: 'file:smsup.svg', dark: 'file:smsup.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS and campaigns through smsup.ch, check prices in credits, read and export history',
		defaults: { name: 'smsup.ch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsUpApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'sms',
			},
			...sms.description,
			...campaign.description,
			...account.description,
		],
	};

	methods = {
		listSearch: { searchCampaigns, searchSenders },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
