import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { runGatewaySend } from '../../gateway';
import { messageFields } from '../fields';

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, messageFields());

/** Each item through its first (or cheapest) provider that takes it; never through two. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runGatewaySend(this, items.length);
}
