import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput } from '../../../shared/output';
import { runPerItem } from '../../../shared/items';
import { toNumberOrNull, toStringOrNull } from '../../../shared/message';
import { clickSendClientFor } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['get'] } }, [
	outputField({ raw: 'ClickSend\'s whole account object', simplified: 'the username, user ID, email, balance, currency and whether the account is active', full: false }),
] as INodeProperties[]);

/** `GET /v3/account`: balance as a number (ClickSend sends it as a string) and its currency. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clickSendClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const account = await client.call<IDataObject>({ method: 'GET', path: '/v3/account', kind: 'read', itemIndex });
		if (readOutput(this, itemIndex) === 'raw') return [{ json: account }];
		const currency = account._currency as IDataObject | undefined;
		return [
			{
				json: {
					provider: 'clicksend',
					username: toStringOrNull(account.username),
					userId: toNumberOrNull(account.user_id),
					email: toStringOrNull(account.user_email),
					balance: toNumberOrNull(account.balance),
					currency: toStringOrNull(currency?.currency_name_short),
					active: Number(account.active) === 1,
				},
			},
		];
	});
}
