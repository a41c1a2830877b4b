import type { INodeProperties } from 'n8n-workflow';

import * as cancelScheduled from './cancelScheduled.operation';
import * as exportHistory from './exportHistory.operation';
import * as getHistory from './getHistory.operation';
import * as getInbound from './getInbound.operation';
import * as getPrice from './getPrice.operation';
import * as getReceipts from './getReceipts.operation';
import * as send from './send.operation';

export { cancelScheduled, exportHistory, getHistory, getInbound, getPrice, getReceipts, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{ name: 'Cancel Scheduled', value: 'cancelScheduled', description: 'Cancel one scheduled SMS or all of them', action: 'Cancel scheduled SMS' },
			{ name: 'Export History', value: 'exportHistory', description: 'Export SMS history to a CSV file', action: 'Export SMS history' },
			{ name: 'Get Delivery Receipts', value: 'getReceipts', description: 'Get delivery receipts of sent SMS', action: 'Get SMS delivery receipts' },
			{ name: 'Get History', value: 'getHistory', description: 'Get sent and received SMS, with filters', action: 'Get SMS history' },
			{ name: 'Get Inbound', value: 'getInbound', description: 'Get SMS received on your numbers', action: 'Get inbound SMS' },
			{ name: 'Get Price', value: 'getPrice', description: 'Get what sending would cost, without sending', action: 'Get SMS price' },
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS to one recipient per input item, in batches of up to 1,000',
				action: 'Send SMS',
			},
		],
		default: 'send',
	},
	...send.description,
	...getPrice.description,
	...getHistory.description,
	...exportHistory.description,
	...cancelScheduled.description,
	...getInbound.description,
	...getReceipts.description,
];
