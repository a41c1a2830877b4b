import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { exportFileName, pagesToBinary, type ExportFormat } from '../../../shared/export';
import { runPerItem, stringParameter } from '../../../shared/items';
import { readParallelRequests } from '../../../shared/limits';
import { InputError } from '../../../shared/errors';
import { EXPORT_COLUMNS, exportRow, type RouteeMergedMessage, type RouteeTrackingEntry } from '../../message';
import { ROUTEE_PROVIDER, routeeClientFor } from '../../transport';
import { mergedPages, trackingFilterProperties, trackingPages, trackingQuery } from '../history';

const fileFields = exportFileFields('routee-history');

const properties: INodeProperties[] = [
	fileFields.format,
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'options',
		options: [
			{ name: 'One per Message (Parts Merged)', value: 'message' },
			{ name: 'One per SMS Part', value: 'part' },
		],
		default: 'message',
		description: 'Whether a multipart message is one row (price summed, SMS IDs listed) or one row per part',
	},
	fileFields.fileName,
	fileFields.binaryPropertyName,
	...trackingFilterProperties(),
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['exportHistory'] } }, properties);

/** Export rows page by page; with parts merged a row has no `part` column. */
async function* rowPages(pages: AsyncIterable<Array<RouteeTrackingEntry | RouteeMergedMessage>>, perPart: boolean): AsyncGenerator<Array<Record<string, unknown>>> {
	for await (const page of pages) yield page.map((entry) => exportRow(entry, perPart));
}

/**
 * Routee has no export endpoint (notes §2.4): the file is built here from every tracking
 * entry in the range (at most the last 7 days), read through the pagination engine and
 * written page by page; with parts merged, a message is written once all its parts were read.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const format = this.getNodeParameter('format', itemIndex, 'csv') as ExportFormat;
		if (format !== 'csv' && format !== 'json') throw new InputError('Format', `must be csv or json, got ${JSON.stringify(format)}`);
		const perPart = this.getNodeParameter('rows', itemIndex, 'message') === 'part';
		const fileName = exportFileName(stringParameter(this.getNodeParameter('fileName', itemIndex, ''), 'File Name'), format);
		const binaryPropertyName = stringParameter(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', {
			required: true,
		}).trim();
		const { qs, filters, range } = trackingQuery(this, itemIndex);
		const pages = trackingPages(client, { method: 'POST', path: '/sms/tracking', qs, filters }, { itemIndex, concurrency: readParallelRequests(this, itemIndex) });
		const columns = perPart ? EXPORT_COLUMNS : EXPORT_COLUMNS.filter((column) => column !== 'part');
		// Page by page: each page's messages are written and dropped before the next is held.
		const { binary, rows } = await pagesToBinary(this, rowPages(perPart ? pages : mergedPages(pages), perPart), format, fileName, columns);
		return [
			{
				json: {
					provider: ROUTEE_PROVIDER,
					fileName,
					format,
					rows,
					rowsAre: perPart ? 'parts' : 'messages',
					dateStart: range.dateStart,
					dateEnd: range.dateEnd,
				},
				binary: { [binaryPropertyName]: binary },
			},
		];
	});
}
