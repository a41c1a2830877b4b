import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { exportFileFields, updateDisplayOptions } from '../../../shared/descriptions';
import { exportItem, readExportFile, rowPages, type ExportRow } from '../../../shared/export';
import { runPerItem } from '../../../shared/items';
import { normalizedMessage, type NormalizedMessage } from '../../../shared/message';
import { gatewayHistory, historyProperties, readDetails } from '../../history';
import { ProviderClients } from '../../providerHistory';

const fileFields = exportFileFields('sms-history');

const properties: INodeProperties[] = [...historyProperties(true), fileFields.format, fileFields.fileName, fileFields.binaryPropertyName];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['exportHistory'] } }, properties);

/** The columns: the one message model's fields, `provider` first. */
const COLUMNS = Object.keys(normalizedMessage('', {}));

/**
 * Get History's merged read written to one file (CSV or JSON), page by page as the merge gives
 * them, one row per message with its `provider`.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const clients = new ProviderClients(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const file = readExportFile(this, itemIndex, 'sms-history');
		const { read, settings, pages } = gatewayHistory(this, clients, itemIndex);
		const rows = rowPages(pages, (message: NormalizedMessage): ExportRow => ({ ...message }));
		const providers = settings.map((setting) => setting.info.model).join(',');
		return [await exportItem(this, file, providers, rows, { columns: COLUMNS, details: readDetails(read) })];
	});
}
