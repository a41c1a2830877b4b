import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as message from './message/Message.resource';
import type { SmsGatewayNodeMap } from './node.type';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const operations: { [R in keyof SmsGatewayNodeMap]: Record<SmsGatewayNodeMap[R], Operation> } = {
	message: {
		exportHistory: message.exportHistory.execute,
		getHistory: message.getHistory.execute,
		getPrice: message.getPrice.execute,
		send: message.send.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as keyof SmsGatewayNodeMap;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = (operations[resource] as Record<string, Operation> | undefined)?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, items)];
}
