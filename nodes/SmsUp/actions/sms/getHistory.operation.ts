import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagingOptionsField, simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { readReturnAllLimit } from '../../../shared/limits';
import { normalizeSmsUpMessage } from '../../message';
import { smsUpClientFor } from '../../transport';
import { historyListProperties, readHistory } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getHistory'] } }, [
	...historyListProperties(),
	simplifyField,
	pagingOptionsField,
]);

/** `GET /messages` over start/length pages of up to 1,000 (doc 004). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const messages = await readHistory(this, client, itemIndex, limit);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return messages.map((message) => ({ json: (simplify ? { ...normalizeSmsUpMessage(message) } : { ...message }) as IDataObject }));
	});
}
