import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as campaign from './campaign/Campaign.resource';
import type { SmsUpNodeMap } from './node.type';
import * as sms from './sms/Sms.resource';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const operations: { [R in keyof SmsUpNodeMap]: Record<SmsUpNodeMap[R], Operation> } = {
	account: { getCredits: account.getCredits.execute },
	campaign: { get: campaign.get.execute, getMany: campaign.getMany.execute },
	sms: {
		exportHistory: sms.exportHistory.execute,
		getHistory: sms.getHistory.execute,
		getPrice: sms.getPrice.execute,
		send: sms.send.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as keyof SmsUpNodeMap;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = (operations[resource] as Record<string, Operation> | undefined)?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, items)];
}
