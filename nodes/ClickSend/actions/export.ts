// Export History: ClickSend builds the CSV on its side and answers with a download link
// (`data.url`, notes §1.7); with Download File on, the node fetches it (without the API key:
// the link is presigned) and outputs the file as binary data.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { csvFileProblem, exportFileName } from '../../shared/export';
import { runPerItem, stringParameter } from '../../shared/items';
import type { Channel } from '../gateway';
import { clickSendClientFor } from '../transport';
import { historyFilterProperties, historyQuery } from './history';

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
		const qs = { ...historyQuery(context, itemIndex), filename: fileName };
		const data = await client.call<{ url?: string }>({ method: 'GET', path: `/v3/${channel}/history/export`, qs, kind: 'read', itemIndex });
		if (!data?.url) throw new Error('ClickSend answered without a download link');
		const json: IDataObject = { url: data.url, fileName };
		if (!(context.getNodeParameter('downloadFile', itemIndex, true) as boolean)) return [{ json }];
		const property = stringParameter(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', { required: true });
		// A file cut short or a page in its place is fetched again, then refused: never output as the export.
		const { content } = await client.download(data.url, itemIndex, csvFileProblem);
		const binary = await context.helpers.prepareBinaryData(content, fileName, 'text/csv');
		return [{ json: { ...json, bytes: content.length }, binary: { [property]: binary } }];
	});
}
