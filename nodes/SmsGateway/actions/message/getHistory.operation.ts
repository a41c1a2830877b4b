import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { gatewayHistory, historyProperties } from '../../history';
import { ProviderClients } from '../../providerHistory';

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getHistory'] } }, historyProperties(false));

/** Every listed provider's history as one list of normalized messages, in one time order. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const clients = new ProviderClients(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const output: INodeExecutionData[] = [];
		// Collected whole before output: a provider failing late fails the item, not half of it.
		for await (const page of gatewayHistory(this, clients, itemIndex).pages) {
			for (const message of page) output.push({ json: { ...message } as IDataObject });
		}
		return output;
	});
}
