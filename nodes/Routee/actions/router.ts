import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import type { RouteeNodeMap } from './node.type';
import * as sms from './sms/Sms.resource';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const operations: { [R in keyof RouteeNodeMap]: Record<RouteeNodeMap[R], Operation> } = {
	account: { getBalance: account.getBalance.execute },
	sms: {
		cancelScheduled: sms.cancelScheduled.execute,
		exportHistory: sms.exportHistory.execute,
		getCampaignMessages: sms.getCampaignMessages.execute,
		getHistory: sms.getHistory.execute,
		getMessage: sms.getMessage.execute,
		getPrice: sms.getPrice.execute,
		send: sms.send.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as keyof RouteeNodeMap;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = (operations[resource] as Record<string, Operation> | undefined)?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, items)];
}
