// Export History: ClickSend builds the CSV on its side and answers with a download link
// (`data.url`, notes §1.7); with Download File on, the node fetches it and outputs the file as
// binary data. The MMS link is on the API host and needs the API key (doc 001); the SMS link is
// presigned storage on another host and gets none: the key goes only to the Base URL's origin.
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { csvFileProblem, csvRows, exportFileName, inspectCsv } from '../../shared/export';
import { checkedPages, noticeInOutput } from '../../shared/history';
import { collectAll } from '../../shared/paginate';
import { runPerItem, stringParameter } from '../../shared/items';
import type { Channel } from '../gateway';
import { clickSendClientFor } from '../transport';
import type { ClickSendMessage } from '../message';
import { CLICKSEND_PAGES, checkedRead, historyFilterProperties, historyQuery, type ClickSendHistoryQuery } from './history';

/** Rows asked beyond the history's total: messages recorded between the count and the export. */
const EXPORT_ROOM_FOR_ARRIVALS = 100;

export function exportProperties(): INodeProperties[] {
	return [
		...historyFilterProperties(),
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: 'export.csv',
			description: 'Name of the CSV file ClickSend creates',
		},
		{
			displayName: 'Download File',
			name: 'downloadFile',
			type: 'boolean',
			default: true,
			description: 'Whether to download the CSV into the output item as binary data, not only return its link (the link expires after about 20 minutes)',
			hint: "The export's page size and columns are not documented: the node asks for as many rows as the history counts for the same filters, refuses a file with fewer, and checks the filters on the file's rows by column name",
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property that holds the downloaded CSV',
			displayOptions: { show: { downloadFile: [true] } },
		},
	];
}

export async function exportHistory(context: IExecuteFunctions, items: INodeExecutionData[], channel: Channel): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(context);
	return await runPerItem(context, items.length, async (itemIndex) => {
		const fileName = exportFileName(stringParameter(context.getNodeParameter('fileName', itemIndex, 'export.csv'), 'File Name'), 'csv');
		const query = historyQuery(context, itemIndex, channel);
		const filters = query.qs;
		// The export takes `page` and `limit` like history (the spec), whose default is 15 rows: the
		// history's total for the same filters sets the limit (with room for messages arriving
		// meanwhile), and the downloaded file is checked against it.
		const counted = await client.call<{ total?: unknown }>({
			method: 'GET',
			path: `/v3/${channel}/history`,
			qs: { ...filters, page: 1, limit: CLICKSEND_PAGES.minPageSize ?? 15 },
			kind: 'read',
			itemIndex,
		});
		const total = Number(counted?.total);
		if (counted?.total === undefined || !Number.isInteger(total) || total < 0) {
			throw new Error('ClickSend answered its history without a total, so the export could not be sized: nothing was exported');
		}
		const qs = { ...filters, filename: fileName, page: 1, limit: total + EXPORT_ROOM_FOR_ARRIVALS };
		const data = await client.call<{ url?: string }>({ method: 'GET', path: `/v3/${channel}/history/export`, qs, kind: 'read', itemIndex });
		if (!data?.url) throw new Error('ClickSend answered without a download link');
		const json: IDataObject = { url: data.url, fileName, historyTotal: total };
		if (!(context.getNodeParameter('downloadFile', itemIndex, true) as boolean)) return [{ json }];
		const property = stringParameter(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', { required: true });
		// A file cut short or a page in its place is fetched again, then refused: never output as the export.
		const { content } = await client.download(data.url, itemIndex, csvFileProblem);
		const { dataRows } = inspectCsv(content);
		if (dataRows < total) {
			throw new NodeOperationError(context.getNode(), `ClickSend's export holds ${dataRows} messages where its history has ${total} for the same filters`, {
				itemIndex,
				description: 'The file is not output as the export, since messages are missing from it. Try again, or narrow the date range.',
			});
		}
		// The export takes one filter (`q`): every filter is checked on the file's rows, and the file
		// output holds only the rows that pass them all.
		const file = query.checks.length ? await keepMatchingRows(context, query, content, itemIndex) : { content, rows: dataRows };
		const binary = await context.helpers.prepareBinaryData(file.content, fileName, 'text/csv');
		return [{ json: { ...json, rows: file.rows, bytes: file.content.length }, binary: { [property]: binary } }];
	});
}

/**
 * The rows of a downloaded export that pass every filter, as a CSV file: the header and those
 * rows as ClickSend wrote them. The export's columns are not documented (the simulator's are
 * history's field names): the `q` filter without its column is left as ClickSend applied it,
 * with a notice; any other filter without its column was applied by no one, so the file is
 * refused rather than output unfiltered. Rows the `q` filter excludes mean ClickSend did not
 * apply it: a notice says so.
 */
async function keepMatchingRows(
	context: IExecuteFunctions,
	query: ClickSendHistoryQuery,
	content: Buffer,
	itemIndex: number,
): Promise<{ content: Buffer; rows: number }> {
	const { header, headerText, rows } = csvRows(content);
	// No rows, nothing to check (an empty export's header may be a placeholder).
	if (!rows.length) return { content, rows: 0 };
	const unchecked = query.sent && !header.includes(query.sent.field) ? query.sent : undefined;
	const missing = query.checks.filter((check) => check !== unchecked && !header.includes(check.field));
	if (unchecked) {
		noticeInOutput(context)(`ClickSend's export has no ${unchecked.field} column: the ${unchecked.label} filter is as ClickSend applied it, not checked by the node`);
	}
	if (missing.length) {
		throw new NodeOperationError(context.getNode(), `ClickSend's export has no ${missing.map((check) => check.field).join(', ')} column to check the ${missing.map((check) => check.label).join(', ')} filter against`, {
			itemIndex,
			description: 'The file is not output, since it could not be filtered. Use one filter only, or Get History.',
		});
	}
	const records = rows.map((row) => ({ row, record: Object.fromEntries(header.map((column, index) => [column, row.cells[index]])) as ClickSendMessage }));
	const read = checkedRead(context, query);
	const checkable = { ...read, checks: read.checks.filter((check) => check !== unchecked), sent: unchecked ? undefined : read.sent };
	const kept = await collectAll(checkedPages([records.map(({ record }) => record)], checkable));
	const keptSet = new Set(kept);
	const text = headerText + records.filter(({ record }) => keptSet.has(record)).map(({ row }) => row.text).join('');
	return { content: Buffer.from(text, 'utf8'), rows: kept.length };
}
