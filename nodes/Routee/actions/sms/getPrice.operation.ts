import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { runPerItem } from '../../../shared/items';
import { toNumberOrNull } from '../../../shared/message';
import type { RouteeBodyAnalysis } from '../../message';
import { ROUTEE_PROVIDER, routeeClientFor } from '../../transport';
import { messageProperties, readBody, readFrom, readTo } from '../fields';

const properties: INodeProperties[] = [
	...messageProperties('One price check per input item; nothing is sent'),
	{
		...simplifyField,
		description:
			'Whether to return characters, parts, encoding, cost per part and total as flat fields instead of Routee\'s raw analysis',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getPrice'] } }, properties);

interface AnalyzeResponse {
	bodyAnalysis?: RouteeBodyAnalysis;
	/** "the cost of the message per part" (notes §2.3). */
	cost?: number | string;
	[key: string]: unknown;
}

/**
 * `POST /sms/analyze` for each item: how Routee would encode and split the text, what one
 * part costs for the recipient, and the total (parts × cost per part). Nothing is sent.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await routeeClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const request = { from: readFrom(this, itemIndex), body: readBody(this, itemIndex), to: readTo(this, itemIndex) };
		const response = await client.call<AnalyzeResponse>({ method: 'POST', path: '/sms/analyze', kind: 'read', body: request, itemIndex });
		if (!(this.getNodeParameter('simplify', itemIndex, true) as boolean)) return [{ json: { ...response } as IDataObject }];
		const analysis = response.bodyAnalysis ?? {};
		const parts = toNumberOrNull(analysis.parts);
		const costPerPart = toNumberOrNull(response.cost);
		return [
			{
				json: {
					provider: ROUTEE_PROVIDER,
					to: request.to,
					from: request.from,
					body: request.body,
					characters: toNumberOrNull(analysis.characters),
					parts,
					unicode: analysis.unicode === true,
					unsupportedGsmCharacters: analysis.unsupportedGSMCharacters ?? [],
					transcodedMessage: analysis.transcode?.message ?? null,
					transcodedParts: toNumberOrNull(analysis.transcode?.parts),
					costPerPart,
					total: parts === null || costPerPart === null ? null : Number((parts * costPerPart).toFixed(6)),
				},
			},
		];
	});
}
