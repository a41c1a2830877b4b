import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput, shapeOutput, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { exportItem, readExportFile, rowPages, type ExportRow } from '../../../shared/export';
import { historyPages } from '../../../shared/history';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import type { SmsUpMessage } from '../../message';
import { smsUpClientFor } from '../../transport';
import { historyListProperties, historyQuery, historySource } from '../history';

const fileFields = exportFileFields('smsup-messages');

const properties: INodeProperties[] = [
	...historyListProperties(true),
	fileFields.format,
	fileFields.fileName,
	fileFields.binaryPropertyName,
	outputField({ raw: 'smsup.ch\'s own columns', simplified: `${SIMPLIFIED_MESSAGE_WORDS} as columns` }),
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['exportHistory'] } }, properties);

/** smsup.ch has no export endpoint (notes §3.4): the file is built here from `GET /messages`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const file = readExportFile(this, itemIndex, 'smsup-messages');
		const { limit } = readReturnAllLimit(this, itemIndex);
		const shape = readOutput(this, itemIndex);
		// Written page by page: each page's message objects can go once its rows are encoded.
		const source = historySource(client, historyQuery(this, itemIndex), itemIndex);
		const pages = historyPages(source, { limit, concurrency: readParallelRequests(this, itemIndex) });
		// smsup.ch's own rows are only read, so not copied.
		const toRow = (message: SmsUpMessage): ExportRow => (shape === 'raw' ? message : shapeOutput(shape, () => source.normalize(message), message));
		return [await exportItem(this, file, 'smsup', rowPages(pages, toRow))];
	});
}
