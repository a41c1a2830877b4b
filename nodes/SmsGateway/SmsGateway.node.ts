import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as message from './actions/message/Message.resource';
import { router } from './actions/router';
import { PROVIDERS } from './providers';

export class SmsGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Gateway',
		name: 'smsGateway',
		icon: { light: 'file:smsGateway.svg', dark: 'file:smsGateway.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send an SMS through the cheapest of your providers (ClickSend, Routee, smsup.ch, Apico), fall back to the next when one refuses, and preview parts and prices without sending',
		defaults: { name: 'SMS Gateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// One credential of each type per node: set those of the providers listed below.
		credentials: Object.values(PROVIDERS).map((info) => ({ name: info.credentialType, displayName: `${info.name} (if listed below)`, required: false })),
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
