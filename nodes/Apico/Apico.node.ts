import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import { searchMessages } from './methods/listSearch';

export class Apico implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apico',
		name: 'apico',
		icon: { light: 'file:apico.svg', dark: 'file:apico.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send SMS through Apico, read and export message history with prices. Send follows the provider family\'s documented API (Apifonica); Apico\'s own document covers only history.',
		defaults: { name: 'Apico' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apicoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Message', value: 'message' }],
				default: 'message',
			},
			...message.description,
		],
	};

	methods = {
		listSearch: { searchMessages },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
