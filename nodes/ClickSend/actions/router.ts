import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as mms from './mms/Mms.resource';
import type { ClickSendNodeMap } from './node.type';
import * as sms from './sms/Sms.resource';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const operations: { [R in keyof ClickSendNodeMap]: Record<ClickSendNodeMap[R], Operation> } = {
	account: { get: account.get.execute },
	mms: {
		exportHistory: mms.exportHistory.execute,
		getHistory: mms.getHistory.execute,
		getPrice: mms.getPrice.execute,
		send: mms.send.execute,
	},
	sms: {
		cancelScheduled: sms.cancelScheduled.execute,
		exportHistory: sms.exportHistory.execute,
		getHistory: sms.getHistory.execute,
		getInbound: sms.getInbound.execute,
		getPrice: sms.getPrice.execute,
		getReceipts: sms.getReceipts.execute,
		send: sms.send.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as keyof ClickSendNodeMap;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = (operations[resource] as Record<string, Operation> | undefined)?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, items)];
}
