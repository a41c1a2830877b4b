import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput } from '../../../shared/output';
import { runPerItem } from '../../../shared/items';
import { toNumberOrNull, toStringOrNull } from '../../../shared/message';
import { ROUTEE_PROVIDER, routeeClientFor } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getBalance'] } }, [
	outputField({ raw: 'Routee\'s whole answer', simplified: 'the balance and currency code', full: false }),
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
		if (readOutput(this, itemIndex) === 'raw') return [{ json: { ...response } as IDataObject }];
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
