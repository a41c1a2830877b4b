import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, readOutput } from '../../../shared/output';
import { runPerItem } from '../../../shared/items';
import { toNumberOrNull } from '../../../shared/message';
import { SMSUP_PROVIDER, smsUpClientFor, type SmsUpResponse } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getCredits'] } }, [
	outputField({ raw: 'smsup.ch\'s answer as it came', simplified: 'the credits as numbers and the flags as booleans', full: false }),
] as INodeProperties[]);

/** smsup.ch sends flags as "0"/"1", numbers, or booleans (notes §3.1 example). */
function flag(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}

/** `GET /credits` → `{credits:"44690", postpaid:"0", postpaid_limit:false, unlimited:false}` (notes §3.1). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const answer = await client.call<SmsUpResponse>({ method: 'GET', path: '/credits', kind: 'read', itemIndex });
		if (readOutput(this, itemIndex) === 'raw') return [{ json: { ...answer } }];
		return [
			{
				json: {
					provider: SMSUP_PROVIDER,
					credits: toNumberOrNull(answer.credits),
					postpaid: flag(answer.postpaid),
					postpaidLimit: answer.postpaid_limit === false ? null : toNumberOrNull(answer.postpaid_limit),
					unlimited: flag(answer.unlimited),
				},
			},
		];
	});
}
