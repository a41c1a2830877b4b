import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get one campaign with its delivery figures', action: 'Get campaign' },
			{ name: 'Get Many', value: 'getMany', description: 'Get campaigns sent through the API', action: 'Get many campaigns' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
