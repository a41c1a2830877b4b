import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { pagingOptionsField, simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { exportFileName, rowsToBinary, type ExportFormat } from '../../../shared/export';
import { readParallelRequests, readReturnAllLimit, runPerItem, stringParameter } from '../../../shared/items';
import { normalizeApicoMessage } from '../../message';
import { APICO_PROVIDER, apicoClientFor } from '../../transport';
import { historyListProperties, historyQuery, readHistory } from '../history';

const properties: INodeProperties[] = [
	...historyListProperties(true),
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'csv',
		description: 'The file format',
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: 'apico-messages',
		description: 'Name of the file; the format\'s extension is added when missing',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Name of the binary property that holds the file',
	},
	{
		...simplifyField,
		description: 'Whether the rows hold the same simplified message fields as every provider, instead of Apico\'s own fields',
	},
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['exportHistory'] } }, properties);

/** Apico has no export endpoint: the file is built here from the history pages. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await apicoClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const format = this.getNodeParameter('format', itemIndex, 'csv') as ExportFormat;
		if (format !== 'csv' && format !== 'json') throw new InputError('Format', `must be "csv" or "json", got "${String(format)}"`);
		const fileName = exportFileName(stringParameter(this.getNodeParameter('fileName', itemIndex, 'apico-messages'), 'File Name'), format);
		const property = stringParameter(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', {
			required: true,
		}).trim();
		const { limit } = readReturnAllLimit(this, itemIndex);
		const messages = await readHistory(client, historyQuery(this, itemIndex), limit, itemIndex, readParallelRequests(this, itemIndex));
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const rows = messages.map((message) => (simplify ? { ...normalizeApicoMessage(message) } : { ...message }));
		const binary = await rowsToBinary(this, rows, format, fileName);
		return [{ json: { provider: APICO_PROVIDER, fileName, format, rows: rows.length }, binary: { [property]: binary } }];
	});
}
