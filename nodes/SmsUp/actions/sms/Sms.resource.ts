import type { INodeProperties } from 'n8n-workflow';

import * as exportHistory from './exportHistory.operation';
import * as getHistory from './getHistory.operation';
import * as getPrice from './getPrice.operation';
import * as send from './send.operation';

export { exportHistory, getHistory, getPrice, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Export History',
				value: 'exportHistory',
				description: 'Export message history to a CSV or JSON file',
				action: 'Export SMS history',
			},
			{ name: 'Get History', value: 'getHistory', description: 'Get sent and received SMS in a period, with filters', action: 'Get SMS history' },
			{
				name: 'Get Price',
				value: 'getPrice',
				description: 'Get what sending would cost in credits, without sending',
				action: 'Get SMS price',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS to one recipient per input item, one call each or together as campaigns',
				action: 'Send SMS',
			},
		],
		default: 'send',
	},
	...send.description,
	...getPrice.description,
	...getHistory.description,
	...exportHistory.description,
];
