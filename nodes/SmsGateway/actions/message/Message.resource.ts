import type { INodeProperties } from 'n8n-workflow';

import { providersField } from '../../providers';
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
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Export History',
				value: 'exportHistory',
				description: 'Write the history of every listed provider, merged in one time order, to one CSV or JSON file',
				action: 'Export SMS history of all providers',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get the messages of every listed provider, merged in one time order, each with its provider',
				action: 'Get SMS history of all providers',
			},
			{
				name: 'Get Price',
				value: 'getPrice',
				description: 'Preview a send without sending: the number checked, encoding and parts, each provider\'s price and the one Send would choose',
				action: 'Preview SMS and price',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS per input item through the first or cheapest provider, falling back when one refuses',
				action: 'Send SMS',
			},
		],
		default: 'send',
	},
	{ ...providersField, displayOptions: { show: { resource: ['message'] } } },
	...send.description,
	...getPrice.description,
	...getHistory.description,
	...exportHistory.description,
];
