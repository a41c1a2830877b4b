import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, pagingOptionsField, simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { exportFileName, pagesToBinary, type ExportFormat } from '../../../shared/export';
import { runPerItem, stringParameter } from '../../../shared/items';
import { readReturnAllLimit } from '../../../shared/limits';
import { normalizeSmsUpMessage, type SmsUpMessage } from '../../message';
import { smsUpClientFor } from '../../transport';
import { historyListProperties, historyPages } from '../history';

const fileFields = exportFileFields('smsup-messages');

const properties: INodeProperties[] = [
	...historyListProperties(true),
	fileFields.format,
	fileFields.fileName,
	fileFields.binaryPropertyName,
	{
		...simplifyField,
		description: 'Whether the rows hold the same simplified message fields as every provider, instead of smsup.ch\'s own columns',
	},
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['exportHistory'] } }, properties);

/** smsup.ch has no export endpoint (notes §3.4): the file is built here from `GET /messages`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const format = this.getNodeParameter('format', itemIndex, 'csv') as ExportFormat;
		if (format !== 'csv' && format !== 'json') throw new InputError('Format', `must be "csv" or "json", got "${String(format)}"`);
		const fileName = exportFileName(stringParameter(this.getNodeParameter('fileName', itemIndex, 'smsup-messages'), 'File Name'), format);
		const property = stringParameter(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', {
			required: true,
		}).trim();
		const { limit } = readReturnAllLimit(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		// Written page by page: each page's message objects can go once its rows are encoded.
		const pages = rowPages(historyPages(this, client, itemIndex, limit), simplify);
		const { binary, rows } = await pagesToBinary(this, pages, format, fileName);
		return [{ json: { provider: 'smsup', fileName, format, rows }, binary: { [property]: binary } }];
	});
}

/** Each page's rows: the normalized messages, or smsup.ch's own (only read, so not copied). */
async function* rowPages(pages: AsyncIterable<SmsUpMessage[]>, simplify: boolean): AsyncGenerator<Array<Record<string, unknown>>> {
	for await (const page of pages) yield simplify ? page.map((message) => normalizeSmsUpMessage(message) as unknown as Record<string, unknown>) : page;
}
