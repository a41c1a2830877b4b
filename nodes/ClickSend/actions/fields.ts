// The fields of Send and Get Price, SMS and MMS: recipient (a number or a contact list),
// message (with the MMS subject and image), sender and additional fields. How an item's values
// become a ClickSend message is in ../gateway.ts.
import type { INodeProperties } from 'n8n-workflow';

import { alreadySentOptions } from '../../shared/alreadySent';
import { smartEncodingOption } from '../../shared/descriptions';
import { outputField, SIMPLIFIED_MESSAGE_WORDS } from '../../shared/output';
import type { Channel } from '../gateway';

export function recipientProperties(channel: Channel): INodeProperties[] {
	return [
		{
			displayName: 'Send To',
			name: 'recipientType',
			type: 'options',
			options: [
				{ name: 'Contact List', value: 'list', description: 'Every contact of one of your ClickSend lists' },
				{ name: 'Phone Number', value: 'phoneNumber', description: 'One number per input item' },
			],
			default: 'phoneNumber',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +61411111111',
			description: 'Recipient phone number in international format (E.164): + and the country code',
			hint: 'One message per input item. Items are sent together, up to 1,000 per API call.',
			displayOptions: { show: { recipientType: ['phoneNumber'] } },
		},
		{
			displayName: 'Contact List',
			name: 'listId',
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			description: 'A ClickSend contact list: the message goes to each of its contacts',
			hint:
				channel === 'mms'
					? "ClickSend counts every contact of the list against the 1,000 recipients an MMS call may have"
					: undefined,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchLists', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 428',
					validation: [{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: 'A list ID is a number' } }],
				},
			],
			displayOptions: { show: { recipientType: ['list'] } },
		},
	];
}

export function fromProperty(channel: Channel): INodeProperties {
	return {
		displayName: 'From',
		name: 'from',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		// An MMS sender is required (doc 001's properties table); an SMS may go from a shared number.
		...(channel === 'mms' ? { required: true } : {}),
		description:
			channel === 'mms'
				? 'Sender, required for an MMS: one of your dedicated numbers or an alphanumeric sender ID (3–11 letters or digits)'
				: 'Sender: one of your dedicated numbers, an alphanumeric sender ID (3–11 letters or digits), or empty for a ClickSend shared number',
		modes: [
			{
				displayName: 'Dedicated Number',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDedicatedNumbers', searchable: true },
			},
			{
				displayName: 'Number or Sender ID',
				name: 'value',
				type: 'string',
				placeholder: 'e.g. +61400000000 or MyCompany',
			},
		],
	};
}

export function messageProperties(channel: Channel): INodeProperties[] {
	const message: INodeProperties = {
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text to send',
		hint:
			channel === 'sms'
				? 'Up to 160 GSM characters per part (153 once split); any other character (emoji, accents outside GSM) makes it 70 (67) per part'
				: 'Up to 1,500 GSM characters, or 500 when the text has characters outside GSM',
	};
	if (channel === 'sms') return [message];
	return [
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
			description: 'Subject line of the MMS, at most 20 characters',
		},
		message,
		{
			displayName: 'Media Source',
			name: 'mediaSource',
			type: 'options',
			options: [
				{ name: 'Binary File', value: 'binary', description: 'An image on the input item, e.g. from Read Files or HTTP Request' },
				{ name: 'URL', value: 'url', description: 'A public link to the image' },
			],
			default: 'url',
		},
		{
			displayName: 'Media URL',
			name: 'mediaUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://example.com/photo.jpg',
			description:
				'Link to the image. JPG and GIF are sent as they are; JPEG, PNG, BMP and links with no file type are converted through ClickSend first.',
			hint: 'One image per message, up to 250 kB as sent (after any conversion)',
			displayOptions: { show: { mediaSource: ['url'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			description:
				'Name of the binary property of the input item that holds the image: a JPG or GIF up to 250 kB, or a JPEG, PNG or BMP that ClickSend converts (up to 20 MB; the converted image up to 250 kB)',
			displayOptions: { show: { mediaSource: ['binary'] } },
		},
	];
}

export function additionalFieldsProperty(channel: Channel): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'e.g. AU',
				description:
					channel === 'mms'
						? 'Two-letter country code (ISO 3166-1) of the recipient; an MMS "To" is always international (E.164), with or without it'
						: 'Two-letter country code (ISO 3166-1) of the recipient; with it, "To" may also be a national number without the country code',
			},
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				description:
					'Your own reference for the message (ClickSend custom_string, up to 50 characters); it comes back in history and delivery receipts',
			},
			{
				displayName: 'Schedule',
				name: 'schedule',
				type: 'dateTime',
				default: '',
				description: 'Send later, at this moment (in the workflow time zone unless the value has an offset)',
			},
		],
	};
}

/** Output of Send and Get Price (a price keeps its parts, price, currency, country and whether ClickSend would accept it). */
function outputProperty(channel: Channel): INodeProperties {
	return outputField({
		raw: `ClickSend's own ${channel === 'sms' ? 'SMS' : 'MMS'} message objects`,
		simplified: `${SIMPLIFIED_MESSAGE_WORDS} (Get Price: to, accepted, parts, price, currency, country, reference, from and body)`,
	});
}

/** The fields of Send and Get Price, for one channel. */
export function outgoingProperties(channel: Channel, extra: INodeProperties[] = []): INodeProperties[] {
	return [
		...recipientProperties(channel),
		...messageProperties(channel),
		fromProperty(channel),
		additionalFieldsProperty(channel),
		...extra,
		outputProperty(channel),
	];
}

/** Send's options: how the run guards against sending what an earlier execution sent. */
export const sendOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: alreadySentOptions,
};

/** `shorten_urls` (bool, default false; notes §1.3): a setting of the whole SMS call. */
const shortenUrlsOption: INodeProperties = {
	displayName: 'Shorten URLs',
	name: 'shortenUrls',
	type: 'boolean',
	default: false,
	description: "Whether ClickSend replaces the links in the message with short links (its shorten_urls), which changes the message's length and price",
};

/** SMS Send's options: the already-sent guard, Shorten URLs and Smart Encoding. */
export const smsSendOptionsProperty: INodeProperties = { ...sendOptionsProperty, options: [shortenUrlsOption, ...alreadySentOptions, smartEncodingOption] };

/** SMS Get Price's options: Shorten URLs and Smart Encoding, so the price is that of the message as it would go out. */
export const smsPriceOptionsProperty: INodeProperties = { ...sendOptionsProperty, options: [shortenUrlsOption, smartEncodingOption] };

/** Get Price's choice of items: one per message, or one summary of the whole run. */
export const priceItemsProperty: INodeProperties = {
	displayName: 'Price Items',
	name: 'priceItems',
	type: 'options',
	options: [
		{ name: 'One Item per Message', value: 'perMessage', description: 'Each message with its parts, price and whether ClickSend would accept it' },
		{ name: 'Summary', value: 'summary', description: 'One item: total price and count, currency, per-country summary and all messages' },
	],
	default: 'perMessage',
};
