import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { toNumberOrNull, toStringOrNull } from '../../../shared/message';
import { ROUTEE_PROVIDER, routeeClientFor } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getBalance'] } }, [
	{ ...simplifyField, description: 'Whether to return the balance and currency code only, instead of Routee\'s whole answer' },
] as INodeProperties[]);

interface BalanceResponse {
	balance?: number | string;
	currency?: { code?: string; name?: string; sign?: string };
	[key: string]: unknown;
}

/** `GET /accounts/me/balance` → `{balance, currency{code, name, sign}}` (notes §2.1). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const response = await client.call<BalanceResponse>({ method: 'GET', path: '/accounts/me/balance', kind: 'read', itemIndex });
		if (!(this.getNodeParameter('simplify', itemIndex, true) as boolean)) return [{ json: { ...response } as IDataObject }];
		return [
			{
				json: {
					provider: ROUTEE_PROVIDER,
					balance: toNumberOrNull(response.balance),
					currency: toStringOrNull(response.currency?.code),
				},
			},
		];
	});
}
