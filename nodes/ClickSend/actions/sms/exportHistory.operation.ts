import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { exportHistory, exportProperties } from '../export';

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['exportHistory'] } }, exportProperties());

/** `GET /v3/sms/history/export`: a CSV built by ClickSend, returned as a link and, optionally, the file. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await exportHistory(this, items, 'sms');
}
