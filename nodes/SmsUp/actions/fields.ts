import type { INodeProperties } from 'n8n-workflow';

import { outputField, SIMPLIFIED_MESSAGE_WORDS } from '../../shared/output';
import { SMSUP_CAMPAIGN_BATCH_SIZE } from '../transport';
import { senderLocator } from './pickers';

/**
 * The fields of SMS → Send and SMS → Get Price: one recipient per item, alone or in campaign calls (notes §3.2, §3.3).
 * `extra` follows Additional Fields; `additional` are more of its fields.
 */
export function outgoingProperties(extra: INodeProperties[] = [], additional: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +41781234567',
			description: 'Recipient phone number in international format: + and the country code (sent to smsup.ch as digits only)',
			hint: 'One message per input item',
		},
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 4 },
			description: 'The text to send',
			hint: 'Up to 160 GSM characters per part (153 once split); any other character makes it 70 (67) per part',
		},
		{
			displayName: 'Send as Campaign',
			name: 'sendAsCampaign',
			type: 'boolean',
			default: false,
			description: `Whether to send the items together in campaign calls (POST /send, up to ${SMSUP_CAMPAIGN_BATCH_SIZE.toLocaleString('en-US')} recipients per call) instead of one call per item. Items with the same message, sender, push type and delay share a call.`,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Schedule',
					name: 'delay',
					type: 'dateTime',
					default: '',
					description:
						'Send later, at this moment (in the workflow time zone unless the value has an offset). It reaches smsup.ch as Paris time, daylight saving included.',
				},
				{
					displayName: 'Push Type',
					name: 'pushtype',
					type: 'options',
					options: [
						{ name: 'Alert', value: 'alert', description: 'Transactional: notifications, codes, reminders' },
						{
							name: 'Marketing',
							value: 'marketing',
							description: 'Promotional: only Mon–Sat 8am–8pm, never Sundays or holidays, and must offer an opt-out',
						},
					],
					default: 'alert',
					description: 'The kind of message; smsup.ch applies marketing rules to marketing SMS',
				},
				{
					displayName: 'Reference',
					name: 'reference',
					type: 'string',
					default: '',
					description:
						'Your own ID for the message (smsup.ch gsmsmsid); it comes back in history and delivery reports. One is generated when empty.',
				},
				senderLocator,
				...additional,
				{
					displayName: 'Unicode',
					name: 'unicode',
					type: 'boolean',
					default: false,
					description: 'Whether to send as Unicode (70 characters per part); campaign calls only',
					displayOptions: { show: { '/sendAsCampaign': [true] } },
				},
			],
		},
		...extra,
		outputField({
			raw: 'smsup.ch\'s answer to the call, with the recipient',
			simplified: `${SIMPLIFIED_MESSAGE_WORDS} (Get Price: to, parts, cost, credits, total, currency, sent and body); All Fields adds pending, the campaign's counters and notes`,
		}),
	];
}
