import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { historyItems, readHistory } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { smsUpClientFor } from '../../transport';
import { historyListProperties, historyQuery, historySource } from '../history';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getHistory'] } }, [
	...historyListProperties(),
	outputField({ raw: 'smsup.ch\'s own history rows', simplified: SIMPLIFIED_MESSAGE_WORDS }),
	pagingOptionsField,
]);

/** `GET /messages` over start/length pages of up to 1,000 (doc 004). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const source = historySource(client, historyQuery(this, itemIndex), itemIndex);
		const messages = await readHistory(source, { limit, concurrency: readParallelRequests(this, itemIndex) });
		return historyItems(source, messages, readOutput(this, itemIndex));
	});
}
