import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { alreadySentOptions } from '../../../shared/alreadySent';
import { smartEncodingOption, updateDisplayOptions } from '../../../shared/descriptions';
import { outputField, SIMPLIFIED_MESSAGE_WORDS } from '../../../shared/output';
import { parallelSendsOption, runSend } from '../../../shared/send';
import { apicoGateway } from '../../gateway';

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
		placeholder: 'e.g. +447860041755',
		description: 'One of your Apico numbers, in international format (+ and the country code)',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +447860041756',
		description: 'Recipient phone number in international format (E.164): + and the country code',
		hint: 'One message per input item, one API call each, several in flight at once (Options → Parallel Requests)',
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
				placeholder: 'e.g. app0794c1fe-b34b-3d89-bc91-faf37a343f83',
				description: 'An application whose controller URL is told every status change of the message (msg_app_sid)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...alreadySentOptions, parallelSendsOption, smartEncodingOption],
	},
	outputField({ raw: 'Apico\'s answer to the send', simplified: SIMPLIFIED_MESSAGE_WORDS }),
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, properties);

/**
 * One `POST /accounts/{accountSID}/messages` per item (nodes/Apico/gateway.ts), a few in flight
 * at once, after every item has been checked. A send is never repeated when Apico may already
 * have it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, apicoGateway(this), items.length, { mode: 'send', parallelOption: 'options', alreadySentOption: 'options' });
}
