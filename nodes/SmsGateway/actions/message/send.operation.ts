import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Placeholder on the skeleton branch only: the real operation is written on main.
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, _items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	throw new NodeOperationError(this.getNode(), 'not on this branch');
}
