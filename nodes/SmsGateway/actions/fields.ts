// The fields Send and Get Price share, and how an item is read from them: the message every
// listed provider is asked to send or price.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseOptionalDate, assertSendTime } from '../../shared/dates';
import { smartEncodingOption } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { stringParameter } from '../../shared/items';
import { checkTextLength, normalizePhoneNumber, smartEncode, smartEncodingOn, type SmartEncoding } from '../../shared/sms';

export type Routing = 'inOrder' | 'cheapest';

/** One item as every provider is asked to send it. */
export interface GatewayMessage {
	/** E.164. */
	to: string;
	/** The text as sent: Smart Encoding's output when it is on. */
	body: string;
	reference: string;
	/** The Schedule as an ISO moment with its offset (each provider's own code reads it again); empty sends now. */
	schedule: string;
	/** Smart Encoding's account when the option is on. */
	encoding?: SmartEncoding;
}

export function messageFields(): INodeProperties[] {
	return [
		{
			displayName: 'Routing',
			name: 'routing',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'In Order',
					value: 'inOrder',
					description: 'The first provider listed; the next when one refuses a message it certainly did not send',
				},
				{
					name: 'Cheapest',
					value: 'cheapest',
					description: 'Per recipient, the provider with the lowest price; the next cheapest when one refuses',
				},
			],
			default: 'inOrder',
			hint: 'A provider is passed over only when nothing can have gone out; a message that may have been sent is never sent again through another',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +41781234567',
			description: 'Recipient phone number in international format (E.164): + and the country code',
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
			hint: 'Up to 160 GSM characters per part (153 once split); any other character (emoji, accents outside GSM) makes it 70 (67) per part',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Comparison Currency',
					name: 'currency',
					type: 'string',
					default: 'EUR',
					description: 'The currency prices are compared in: each provider\'s Exchange Rate (or Price per Message Part) is in it',
				},
				{
					displayName: 'Reference',
					name: 'reference',
					type: 'string',
					default: '',
					description: 'Your own reference for the message, kept by the providers that keep one (ClickSend, smsup.ch; Routee as label)',
				},
				{
					displayName: 'Schedule',
					name: 'schedule',
					type: 'dateTime',
					default: '',
					description: 'When to send, up to a year ahead; empty sends now',
					hint: 'Routee and Apico cannot schedule a single message: they are passed over for scheduled items',
				},
				smartEncodingOption,
			],
		},
	];
}

export function readRouting(context: IExecuteFunctions): Routing {
	const routing = context.getNodeParameter('routing', 0, 'inOrder') as string;
	if (routing !== 'inOrder' && routing !== 'cheapest') throw new InputError('Routing', `must be In Order or Cheapest, got "${routing}"`);
	return routing;
}

export function readCurrency(context: IExecuteFunctions): string {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return stringParameter(options.currency ?? 'EUR', 'Comparison Currency').trim() || 'EUR';
}

/** Reads and checks one item; what each provider additionally requires its own code checks. */
export function readGatewayMessage(context: IExecuteFunctions, itemIndex: number): GatewayMessage {
	const to = normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To');
	return { ...readText(context, itemIndex), to };
}

/** An item's text and options, without its recipient (the preview reads that without throwing). */
export function readText(context: IExecuteFunctions, itemIndex: number): Omit<GatewayMessage, 'to'> {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let body = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	let encoding: SmartEncoding | undefined;
	if (smartEncodingOn(options)) {
		encoding = smartEncode(body);
		body = encoding.text;
	}
	checkTextLength(body, 'SMS Gateway');
	const reference = stringParameter(options.reference, 'Reference').trim();
	const date = parseOptionalDate(options.schedule, 'Schedule', context.getTimezone());
	if (date) assertSendTime(date, 'Schedule');
	return { body, reference, schedule: date?.toISO() ?? '', ...(encoding ? { encoding } : {}) };
}

/** Smart Encoding's account on an output item. */
export function encodingReport(message: GatewayMessage): IDataObject | undefined {
	if (!message.encoding) return undefined;
	const { replacements, segmentsBefore, segmentsAfter } = message.encoding;
	return { replacements: replacements.map((entry) => ({ ...entry })), partsBefore: segmentsBefore, partsAfter: segmentsAfter };
}
