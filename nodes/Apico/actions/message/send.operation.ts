import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toIsoUtc } from '../../../shared/dates';
import { simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { mayHaveBeenSent } from '../../../shared/http';
import { asItemError, errorItem, inItemOrder, prepareItems, stringParameter } from '../../../shared/items';
import { normalizedMessage, toStringOrNull } from '../../../shared/message';
import { countSegments } from '../../../shared/sms';
import { APICO_PROVIDER, apicoClientFor, messageSidFromUri, type ApicoStatusBody } from '../../transport';
import { apicoNumber } from '../history';

const properties: INodeProperties[] = [
	{
		displayName:
			'Apico documents only its message history API. Send uses the send endpoint of the same API as the provider family (Apifonica) documents it. Apico has no price endpoint: each message\'s price comes with Get History.',
		name: 'apiNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+447860041755',
		description: 'One of your Apico numbers, in international format (+ and the country code)',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+447860041756',
		description: 'Recipient phone number in international format (E.164): + and the country code',
		hint: 'One message per input item, one API call each',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text to send',
		hint: 'Up to 160 GSM characters per part (153 once split); any other character (emoji, accents outside GSM) makes it 70 (67) per part',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Message Application SID',
				name: 'msgAppSid',
				type: 'string',
				default: '',
				placeholder: 'app0794c1fe-b34b-3d89-bc91-faf37a343f83',
				description: 'An application whose controller URL is told every status change of the message (msg_app_sid)',
			},
		],
	},
	{ ...simplifyField, description: 'Whether to return the same simplified message fields as every provider instead of Apico\'s raw answer' },
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, properties);

interface OutgoingMessage {
	from: string;
	to: string;
	text: string;
	msg_app_sid?: string;
}

function readOutgoing(context: IExecuteFunctions, itemIndex: number): OutgoingMessage {
	const message: OutgoingMessage = {
		from: apicoNumber(context.getNodeParameter('from', itemIndex, ''), 'From'),
		to: apicoNumber(context.getNodeParameter('to', itemIndex, ''), 'To'),
		text: stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true }),
	};
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const appSid = stringParameter(extra.msgAppSid, 'Message Application SID').trim();
	if (appSid) message.msg_app_sid = appSid;
	return message;
}

/**
 * `POST /accounts/{accountSID}/messages` with `{from, to, text}`, one call per item, after every
 * item has been checked. The endpoint is the provider family's (Apifonica's Send message,
 * provider-notes §4.4): Apico's own document covers only history. The answer's `uri` ends in the
 * new message's SID. A send is never repeated when Apico may already have it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { prepared, failed } = prepareItems(this, items.length, (itemIndex) => readOutgoing(this, itemIndex));
	const results = new Map<number, INodeExecutionData[]>([...failed].map(([itemIndex, item]) => [itemIndex, [item]]));
	if (prepared.length === 0) return inItemOrder(results);
	const client = await apicoClientFor(this);
	const continueOnFail = this.continueOnFail();
	let sentCount = 0;

	for (const { itemIndex, value } of prepared) {
		let answer: ApicoStatusBody;
		try {
			answer = await client.call<ApicoStatusBody>({ method: 'POST', path: '/messages', kind: 'send', body: { ...value }, itemIndex });
		} catch (caught) {
			const error = asItemError(this, caught, itemIndex);
			if (!continueOnFail) {
				if (sentCount) {
					error.description = [
						error.description,
						`The ${sentCount} message${sentCount === 1 ? '' : 's'} of earlier items were sent and are not sent again.`,
					]
						.filter(Boolean)
						.join(' ');
				}
				throw error;
			}
			results.set(itemIndex, [errorItem(error, itemIndex, { to: `+${value.to}`, maybeSent: mayHaveBeenSent(caught) })]);
			continue;
		}
		sentCount++;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const json: IDataObject = simplify
			? {
					...normalizedMessage(APICO_PROVIDER, {
						id: messageSidFromUri(answer?.uri) ?? null,
						direction: 'outbound',
						from: `+${value.from}`,
						to: `+${value.to}`,
						body: value.text,
						// Accepted ("201 CREATED"): the message is on its way, not yet sent.
						status: 'queued',
						providerStatus: toStringOrNull(answer?.status_message) ?? toStringOrNull(answer?.status_code),
						sentAt: toIsoUtc(DateTime.now()),
						segments: countSegments(value.text).segments,
					}),
				}
			: { ...(answer as IDataObject) };
		results.set(itemIndex, [{ json, pairedItem: { item: itemIndex } }]);
	}
	return inItemOrder(results);
}
