import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, shapeOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { csvColumns, exportItem, readExportFile, rowPages, type ExportRow } from '../../../shared/export';
import { checkedHistoryPages } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { APICO_PRICE_HINT, type ApicoMessage } from '../../message';
import { APICO_PROVIDER, apicoClientFor } from '../../transport';
import { checkedRead, historyListProperties, historyQuery, historySource } from '../history';

const fileFields = exportFileFields('apico-messages');

const properties: INodeProperties[] = [
	...historyListProperties(true),
	fileFields.format,
	fileFields.fileName,
	fileFields.binaryPropertyName,
	outputField({ raw: 'Apico\'s own fields', simplified: `${SIMPLIFIED_MESSAGE_WORDS} as columns`, hint: APICO_PRICE_HINT }),
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['exportHistory'] } }, properties);

/** Apico's message fields in its document's order (provider-docs 002); `status_message` only on failed messages. */
const DOCUMENTED_FIELDS = ['account_sid', 'text', 'created', 'direction', 'from', 'to', 'price', 'message_sid', 'status', 'status_message'];

async function* prepend(first: ExportRow[], rest: AsyncIterator<ExportRow[]>): AsyncGenerator<ExportRow[]> {
	yield first;
	for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Apico has no export endpoint: the file is built here from the history pages, written page by
 * page as they arrive so that only the file's bytes are held, not every message. Raw CSV columns
 * are Apico's documented fields, then any other field of the first page (a field that only later
 * messages carry would need them all in memory first).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await apicoClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const file = readExportFile(this, itemIndex, 'apico-messages');
		const { limit } = readReturnAllLimit(this, itemIndex);
		const query = historyQuery(this, itemIndex);
		const shape = readOutput(this, itemIndex);
		const source = historySource(client, query.qs, itemIndex);
		const toRow = (message: ApicoMessage): ExportRow => shapeOutput(shape, () => source.normalize(message), message);
		const rows = rowPages(checkedHistoryPages(source, checkedRead(this, query), { limit, concurrency: readParallelRequests(this, itemIndex) }), toRow);
		let pages: AsyncIterable<ExportRow[]> = rows;
		let columns: string[] | undefined;
		if (file.format === 'csv' && shape === 'raw') {
			const first = await rows.next();
			if (!first.done) {
				columns = [...new Set([...DOCUMENTED_FIELDS, ...csvColumns(first.value)])];
				pages = prepend(first.value, rows);
			}
		}
		// Simplified and All Fields rows all have the same fields, which the first page gives.
		return [await exportItem(this, file, APICO_PROVIDER, pages, { columns })];
	});
}
