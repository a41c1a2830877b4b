import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import { router } from './actions/router';
import * as sms from './actions/sms/Sms.resource';
import { searchCampaigns, searchMessages } from './methods/listSearch';

export class Routee implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Routee',
		name: 'routee',
		icon: { light: 'file:routee.svg', dark: 'file:routee.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS through Routee one by one or as campaigns, check prices, read and export tracking history',
		defaults: { name: 'Routee' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'routeeApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'sms',
			},
			...sms.description,
			...account.description,
		],
	};

	methods = {
		listSearch: { searchCampaigns, searchMessages },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
