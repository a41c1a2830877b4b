import type { INodeProperties } from 'n8n-workflow';

import * as cancelScheduled from './cancelScheduled.operation';
import * as exportHistory from './exportHistory.operation';
import * as getCampaignMessages from './getCampaignMessages.operation';
import * as getHistory from './getHistory.operation';
import * as getMessage from './getMessage.operation';
import * as getPrice from './getPrice.operation';
import * as send from './send.operation';

export { cancelScheduled, exportHistory, getCampaignMessages, getHistory, getMessage, getPrice, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Cancel Scheduled Campaign',
				value: 'cancelScheduled',
				description: 'Delete a campaign sent with a Schedule before it goes out',
				action: 'Cancel scheduled campaign',
			},
			{
				name: 'Export History',
				value: 'exportHistory',
				description: 'Export the last 7 days of tracking to a CSV or JSON file',
				action: 'Export SMS history',
			},
			{
				name: 'Get Campaign Messages',
				value: 'getCampaignMessages',
				description: 'Get the messages of one campaign',
				action: 'Get campaign messages',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get sent and received SMS of the last 7 days, with filters',
				action: 'Get SMS history',
			},
			{ name: 'Get Message', value: 'getMessage', description: 'Get one message and its parts', action: 'Get SMS' },
			{
				name: 'Get Price',
				value: 'getPrice',
				description: 'Get parts, encoding and cost of a message, without sending',
				action: 'Get SMS price',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS to one recipient per input item, one by one or as campaigns',
				action: 'Send SMS',
			},
		],
		default: 'send',
	},
	...send.description,
	...getPrice.description,
	...getHistory.description,
	...getMessage.description,
	...getCampaignMessages.description,
	...exportHistory.description,
	...cancelScheduled.description,
];
