import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, pagingOptionsField, updateDisplayOptions } from '../../../shared/descriptions';
import { exportItem, readExportFile, rowPages } from '../../../shared/export';
import { runPerItem } from '../../../shared/items';
import { readParallelRequests } from '../../../shared/limits';
import { noticeInOutput } from '../../../shared/history';
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

/**
 * Routee has no export endpoint (notes §2.4): the file is built here from every tracking
 * entry in the range (at most the last 7 days), read through the pagination engine and
 * written page by page; with parts merged, a message is written once all its parts were read.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const file = readExportFile(this, itemIndex, '');
		const perPart = this.getNodeParameter('rows', itemIndex, 'message') === 'part';
		const { qs, checks, range } = trackingQuery(this, itemIndex);
		const request = { method: 'POST' as const, path: '/sms/tracking', qs, checks, onIgnoredFilter: noticeInOutput(this) };
		const pages = trackingPages(client, request, { itemIndex, concurrency: readParallelRequests(this, itemIndex) });
		const columns = perPart ? EXPORT_COLUMNS : EXPORT_COLUMNS.filter((column) => column !== 'part');
		// Page by page: each page's messages are written and dropped before the next is held.
		// With parts merged a row has no `part` column.
		const rows = rowPages<RouteeTrackingEntry | RouteeMergedMessage>(perPart ? pages : mergedPages(pages), (entry) => exportRow(entry, perPart));
		const details = { rowsAre: perPart ? 'parts' : 'messages', dateStart: range.dateStart, dateEnd: range.dateEnd };
		return [await exportItem(this, file, ROUTEE_PROVIDER, rows, { columns, details })];
	});
}
