import type { INodeProperties } from 'n8n-workflow';

import * as exportHistory from './exportHistory.operation';
import * as get from './get.operation';
import * as getHistory from './getHistory.operation';
import * as send from './send.operation';

export { exportHistory, get, getHistory, send };

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
				description: 'Build a CSV or JSON file of message history',
				action: 'Export message history',
			},
			{ name: 'Get', value: 'get', description: 'Get one message by its SID', action: 'Get message' },
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get sent and received messages, with filters; each carries its price',
				action: 'Get message history',
			},
			{ name: 'Send', value: 'send', description: 'Send an SMS to one recipient per input item', action: 'Send SMS' },
		],
		default: 'send',
	},
	...send.description,
	...get.description,
	...getHistory.description,
	...exportHistory.description,
];
