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
		displayOptions: { show: { resource: ['mms'] } },
		options: [
			{ name: 'Export History', value: 'exportHistory', description: 'Export MMS history to a CSV file', action: 'Export MMS history' },
			{ name: 'Get History', value: 'getHistory', description: 'Get sent MMS, with filters', action: 'Get MMS history' },
			{ name: 'Get Price', value: 'getPrice', description: 'Get what sending would cost, without sending', action: 'Get MMS price' },
			{ name: 'Send', value: 'send', description: 'Send an image with text to one recipient per input item', action: 'Send MMS' },
		],
		default: 'send',
	},
	...send.description,
	...getPrice.description,
	...getHistory.description,
	...exportHistory.description,
];
