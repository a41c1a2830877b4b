import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as mms from './actions/mms/Mms.resource';
import { router } from './actions/router';
import * as sms from './actions/sms/Sms.resource';
import { searchDedicatedNumbers, searchLists, searchScheduledMessages } from './methods/listSearch';

export class ClickSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ClickSend',
		name: 'clickSend',
		icon: { light: 'file:clicksend.svg', dark: 'file:clicksend.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS and MMS through ClickSend, check prices, read and export history, receipts and replies',
		defaults: { name: 'ClickSend' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clickSendApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					// Not bare "MMS": the plural-resource lint rule reads its final S as a plural.
					{ name: 'MMS Message', value: 'mms' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'sms',
			},
			...sms.description,
			...mms.description,
			...account.description,
		],
	};

	methods = {
		listSearch: { searchDedicatedNumbers, searchLists, searchScheduledMessages },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
