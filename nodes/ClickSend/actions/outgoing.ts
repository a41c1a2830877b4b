import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { assertNotInPast, parseOptionalDate, toUnixSeconds } from '../../shared/dates';
import { simplifyField } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { mayHaveBeenSent } from '../../shared/http';
import { errorItem, inItemOrder, locatorValue, prepareItems, prepareItemsAsync, type PreparedItem, stringParameter } from '../../shared/items';
import { countSegments, normalizePhoneNumber } from '../../shared/sms';
import {
	isAcceptedStatus,
	normalizeClickSendMessage,
	normalizeClickSendPrice,
	type ClickSendMessage,
} from '../message';
import { CLICKSEND_MAX_MESSAGES_PER_CALL, clickSendClientFor, type ClickSendClient } from '../transport';
import { MediaResolver } from './mms/media';

/**
 * What SMS and MMS Send and Get Price share: the recipient, sender and options fields, the
 * validation of one item into one ClickSend message entry, and the batched calls that map each
 * answer back to its item.
 */
export type Channel = 'sms' | 'mms';

/** One entry of ClickSend's `messages[]` (notes §1.3, doc 001). */
export interface MessageEntry {
	to?: string;
	list_id?: number;
	body: string;
	from?: string;
	subject?: string;
	schedule?: number;
	custom_string?: string;
	country?: string;
	source: string;
}

export interface Outgoing {
	entry: MessageEntry;
	/** The media URL ClickSend fetches (MMS, after any upload). */
	mediaUrl?: string;
	/** Recipients this entry reaches: 1 for a number, the list's size for a list. */
	recipients: number;
}

const ALPHA_SENDER = /^[A-Za-z0-9+][A-Za-z0-9+ ]{1,9}[A-Za-z0-9+]$/;
const MAX_REFERENCE_LENGTH = 50;
export const MMS_MAX_SUBJECT = 20;
/** "1500 characters" standard, "500 characters" Unicode (doc 001); longer would be cut off. */
const MMS_MAX_BODY = { gsm: 1500, unicode: 500 };

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
			placeholder: '+61411111111',
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
					placeholder: '428',
					validation: [{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: 'A list ID is a number' } }],
				},
			],
			displayOptions: { show: { recipientType: ['list'] } },
		},
	];
}

export const fromProperty: INodeProperties = {
	displayName: 'From',
	name: 'from',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'Sender: one of your dedicated numbers, an alphanumeric sender ID (3–11 letters or digits), or empty for a ClickSend shared number',
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
			placeholder: '+61400000000 or MyCompany',
		},
	],
};

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
			placeholder: 'https://example.com/photo.jpg',
			description: 'Link to the image. JPG and GIF are sent as they are; JPEG, PNG and BMP are converted through ClickSend first.',
			hint: 'One image per message, up to 250 kB',
			displayOptions: { show: { mediaSource: ['url'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			description: 'Name of the binary property of the input item that holds the image (JPG, JPEG, GIF, PNG or BMP, up to 250 kB)',
			displayOptions: { show: { mediaSource: ['binary'] } },
		},
	];
}

export function additionalFieldsProperty(): INodeProperties {
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
				placeholder: 'AU',
				description:
					'Two-letter country code (ISO 3166-1) of the recipient; with it, "To" may also be a national number without the country code',
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

/** The fields of Send and Get Price, for one channel. */
export function outgoingProperties(channel: Channel, extra: INodeProperties[] = []): INodeProperties[] {
	return [
		...recipientProperties(channel),
		...messageProperties(channel),
		fromProperty,
		additionalFieldsProperty(),
		...extra,
		simplifyField,
	];
}

function readSender(value: unknown): string | undefined {
	const from = stringParameter(locatorValue(value), 'From').trim();
	if (!from) return undefined;
	if (/^\+|^00/.test(from)) return normalizePhoneNumber(from, 'From');
	if (/^\d{3,15}$/.test(from) || ALPHA_SENDER.test(from)) return from;
	throw new InputError('From', `"${from}" is not a valid sender: use a phone number, or a sender ID of 3–11 letters, digits or +`);
}

/** Reads and checks one item into a ClickSend message entry; nothing here touches the network. */
export function readEntry(context: IExecuteFunctions, itemIndex: number, channel: Channel): MessageEntry {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const country = stringParameter(extra.country, 'Country').trim().toUpperCase();
	if (country && !/^[A-Z]{2}$/.test(country)) {
		throw new InputError('Country', `"${country}" is not a two-letter country code such as AU or US`);
	}
	const entry: MessageEntry = { body: '', source: 'n8n' };
	const recipientType = context.getNodeParameter('recipientType', itemIndex, 'phoneNumber') as string;
	if (recipientType === 'list') {
		const listId = String(locatorValue(context.getNodeParameter('listId', itemIndex, '')) ?? '').trim();
		if (!/^\d+$/.test(listId)) throw new InputError('Contact List', `must be a list ID (a number), got "${listId}"`);
		entry.list_id = Number(listId);
	} else {
		entry.to = normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To', { allowNational: !!country });
	}
	entry.body = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	if (channel === 'mms') {
		const subject = stringParameter(context.getNodeParameter('subject', itemIndex, ''), 'Subject', { required: true });
		if ([...subject].length > MMS_MAX_SUBJECT) {
			throw new InputError('Subject', `is ${[...subject].length} characters long; an MMS subject has at most ${MMS_MAX_SUBJECT}`);
		}
		entry.subject = subject;
		const { encoding } = countSegments(entry.body);
		const max = encoding === 'GSM-7' ? MMS_MAX_BODY.gsm : MMS_MAX_BODY.unicode;
		const length = [...entry.body].length;
		if (length > max) {
			throw new InputError(
				'Message',
				`is ${length} characters long; an MMS takes at most ${max}${encoding === 'UCS-2' ? ' when it has characters outside GSM' : ''}, and ClickSend would cut the rest off`,
			);
		}
	}
	const from = readSender(context.getNodeParameter('from', itemIndex, ''));
	if (from) entry.from = from;
	const schedule = parseOptionalDate(extra.schedule, 'Schedule', context.getTimezone());
	if (schedule) {
		assertNotInPast(schedule, 'Schedule');
		entry.schedule = toUnixSeconds(schedule);
	}
	const reference = stringParameter(extra.reference, 'Reference');
	if (reference.length > MAX_REFERENCE_LENGTH) {
		throw new InputError('Reference', `is ${reference.length} characters long; ClickSend keeps at most ${MAX_REFERENCE_LENGTH}`);
	}
	if (reference) entry.custom_string = reference;
	if (country) entry.country = country;
	return entry;
}

/**
 * Packs items into calls: items with the same media (MMS) share a call, and each call holds at
 * most 1,000 recipients, item order kept within a call.
 */
export function planBatches(prepared: Array<PreparedItem<Outgoing>>): Array<Array<PreparedItem<Outgoing>>> {
	const groups = new Map<string, Array<PreparedItem<Outgoing>>>();
	for (const item of prepared) {
		const key = item.value.mediaUrl ?? '';
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key)!.push(item);
	}
	const batches: Array<Array<PreparedItem<Outgoing>>> = [];
	for (const group of groups.values()) {
		let batch: Array<PreparedItem<Outgoing>> = [];
		let recipients = 0;
		for (const item of group) {
			if (batch.length && recipients + item.value.recipients > CLICKSEND_MAX_MESSAGES_PER_CALL) {
				batches.push(batch);
				batch = [];
				recipients = 0;
			}
			batch.push(item);
			recipients += item.value.recipients;
		}
		if (batch.length) batches.push(batch);
	}
	return batches;
}

/**
 * ClickSend answers one message per recipient, in the order sent; a list entry expands into
 * one message per contact, each carrying the list's id.
 */
export function matchAnswers(entries: MessageEntry[], messages: ClickSendMessage[]): ClickSendMessage[][] {
	let next = 0;
	return entries.map((entry) => {
		if (entry.list_id === undefined) return next < messages.length ? [messages[next++]] : [];
		const taken: ClickSendMessage[] = [];
		while (next < messages.length && Number(messages[next].list_id) === entry.list_id) taken.push(messages[next++]);
		return taken;
	});
}

interface BatchAnswer {
	messages?: ClickSendMessage[];
	total_price?: number | string;
	total_count?: number;
	queued_count?: number;
	blocked_count?: number;
	_currency?: { currency_name_short?: string };
	_summary?: { countries?: IDataObject };
}

export interface DeliverOptions {
	client: ClickSendClient;
	channel: Channel;
	mode: 'send' | 'price';
	prepared: Array<PreparedItem<Outgoing>>;
	failed: Map<number, INodeExecutionData>;
	simplify: boolean;
	/** Price only: one summary item for all messages instead of one item per message. */
	summary?: boolean;
}

/** Sends (or prices) the prepared items in as few calls as ClickSend allows and maps each answer to its item. */
export async function deliver(context: IExecuteFunctions, options: DeliverOptions): Promise<INodeExecutionData[]> {
	const { client, channel, mode, prepared, simplify } = options;
	const continueOnFail = context.continueOnFail();
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of options.failed) results.set(itemIndex, [item]);
	const rejected: Array<{ itemIndex: number; to: string; status: string }> = [];
	const summary = { totalPrice: 0, totalCount: 0, queuedCount: 0, blockedCount: 0, currency: null as string | null, countries: {} as IDataObject, messages: [] as IDataObject[] };
	let sentCount = 0;

	for (const batch of planBatches(prepared)) {
		const entries = batch.map(({ value }) => value.entry);
		let answer: BatchAnswer;
		try {
			answer = await client.call<BatchAnswer>({
				method: 'POST',
				path: `/v3/${channel}/${mode}`,
				// A price check changes nothing, so it may be repeated; a send may not.
				kind: mode === 'send' ? 'send' : 'read',
				body: {
					...(channel === 'mms' ? { media_file: batch[0].value.mediaUrl } : {}),
					messages: entries.map((entry) => ({ ...entry })),
				},
				itemIndex: batch[0].itemIndex,
			});
		} catch (error) {
			if (!continueOnFail) {
				throw withBatchContext(error as Error, batch[0].itemIndex, batch[batch.length - 1].itemIndex, sentCount, mode);
			}
			for (const { itemIndex, value } of batch) {
				const details = { to: value.entry.to ?? null, listId: value.entry.list_id ?? null, ...(mode === 'send' ? { maybeSent: mayHaveBeenSent(error) } : {}) };
				results.set(itemIndex, [errorItem(asNodeError(context, error, itemIndex), itemIndex, details)]);
			}
			continue;
		}

		const currency = answer._currency?.currency_name_short;
		const answers = matchAnswers(entries, answer.messages ?? []);
		if (mode === 'price' && options.summary) {
			summary.totalPrice += Number(answer.total_price ?? 0);
			summary.totalCount += Number(answer.total_count ?? 0);
			summary.queuedCount += Number(answer.queued_count ?? 0);
			summary.blockedCount += Number(answer.blocked_count ?? 0);
			summary.currency = currency ?? summary.currency;
			mergeCountries(summary.countries, answer._summary?.countries ?? {});
			for (const messages of answers) {
				for (const message of messages) summary.messages.push((simplify ? normalizeClickSendPrice(message, currency) : { ...message }) as IDataObject);
			}
			continue;
		}
		batch.forEach(({ itemIndex, value }, position) => {
			const messages = answers[position];
			const recipient = value.entry.to ?? `list ${value.entry.list_id}`;
			const output: INodeExecutionData[] = [];
			if (messages.length === 0) messages.push({ status: 'NO_RESULT', to: value.entry.to, list_id: value.entry.list_id });
			for (const message of messages) {
				if (mode === 'price') {
					output.push({ json: (simplify ? normalizeClickSendPrice(message, currency) : { ...message }) as IDataObject, pairedItem: { item: itemIndex } });
					continue;
				}
				if (!isAcceptedStatus(message.status)) {
					const status = String(message.status ?? 'NO_RESULT');
					const to = String(message.to || recipient);
					rejected.push({ itemIndex, to, status });
					if (continueOnFail) {
						output.push(
							errorItem(rejection(context, to, status, itemIndex), itemIndex, {
								providerStatus: status,
								to,
								reference: value.entry.custom_string ?? null,
								...(value.entry.list_id !== undefined ? { listId: value.entry.list_id } : {}),
							}),
						);
					}
					continue;
				}
				sentCount++;
				output.push({ json: (simplify ? { ...normalizeClickSendMessage(message, currency) } : { ...message }) as IDataObject, pairedItem: { item: itemIndex } });
			}
			if (output.length) results.set(itemIndex, output);
		});
	}

	if (rejected.length && !continueOnFail) {
		const listed = rejected
			.slice(0, 20)
			.map(({ itemIndex, to, status }) => `item ${itemIndex} (${to}): ${status}`)
			.join('; ');
		const more = rejected.length > 20 ? `; and ${rejected.length - 20} more` : '';
		const message = `ClickSend rejected ${rejected.length} of ${rejected.length + sentCount} messages: ${listed}${more}`;
		throw new NodeApiError(
			context.getNode(),
			{ message, rejected: rejected.map(({ itemIndex, to, status }) => ({ itemIndex, to, status })) },
			{
				message,
				description: `${
					sentCount ? `The other ${sentCount} messages were sent and are not sent again.` : 'No message was sent.'
				} Turn on "Continue On Fail" (or the error output) to get one result per item instead of this error.`,
				itemIndex: rejected[0].itemIndex,
			},
		);
	}
	if (mode === 'price' && options.summary) {
		const pairedItem = prepared.map(({ itemIndex }) => ({ item: itemIndex }));
		const json: IDataObject = { ...summary, totalPrice: Number(summary.totalPrice.toFixed(6)) };
		const failedItems = inItemOrder(results);
		return prepared.length ? [...failedItems, { json, pairedItem }] : failedItems;
	}
	return inItemOrder(results);
}

function mergeCountries(into: IDataObject, countries: IDataObject): void {
	for (const [code, country] of Object.entries(countries)) {
		const existing = into[code] as IDataObject | undefined;
		const count = Number((country as IDataObject).recipient_count ?? 0);
		into[code] = existing ? { ...existing, recipient_count: Number(existing.recipient_count ?? 0) + count } : { ...(country as IDataObject) };
	}
}

/** A per-message rejection inside an HTTP 200, as the error of its item. */
function rejection(context: IExecuteFunctions, to: string, status: string, itemIndex: number): NodeApiError {
	const message = `ClickSend rejected the message to ${to}: ${status}`;
	return new NodeApiError(context.getNode(), { message, providerStatus: status }, { message, itemIndex });
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** Says which items went out before a batch failed, so nobody resends them by mistake. */
function withBatchContext(error: Error, firstItem: number, lastItem: number, sentBefore: number, mode: 'send' | 'price'): Error {
	const context = `Batch of items ${firstItem}–${lastItem} failed.${
		mode === 'send' && sentBefore ? ` ${sentBefore} messages from earlier batches were sent.` : ''
	}`;
	const withDescription = error as Error & { description?: string | null };
	withDescription.description = [context, withDescription.description].filter(Boolean).join(' ');
	return error;
}

/**
 * Send and Get Price for either channel: every item is checked first (fields, then media and
 * list sizes, which need the network), then the valid ones go out in batches.
 */
export async function executeOutgoing(
	context: IExecuteFunctions,
	itemCount: number,
	channel: Channel,
	mode: 'send' | 'price',
): Promise<INodeExecutionData[]> {
	const { prepared: entries, failed } = prepareItems(context, itemCount, (itemIndex) => readEntry(context, itemIndex, channel));
	if (entries.length === 0) return inItemOrder(new Map([...failed].map(([index, item]) => [index, [item]])));
	const client = await clickSendClientFor(context);
	const media = channel === 'mms' ? new MediaResolver(context, client) : undefined;
	const listSizes = new Map<number, Promise<number>>();
	const listSize = async (listId: number, itemIndex: number) => {
		if (!listSizes.has(listId)) {
			listSizes.set(
				listId,
				client
					.call<{ _contacts_count?: number | string }>({ method: 'GET', path: `/v3/lists/${listId}`, kind: 'read', itemIndex })
					.then((list) => Number(list?._contacts_count ?? 0)),
			);
		}
		return await listSizes.get(listId)!;
	};
	const entryOf = new Map(entries.map(({ itemIndex, value }) => [itemIndex, value]));
	const { prepared } = await prepareItemsAsync(
		context,
		entries.map(({ itemIndex }) => itemIndex),
		async (itemIndex): Promise<Outgoing> => {
			const entry = entryOf.get(itemIndex)!;
			let recipients = 1;
			// An MMS call counts a list's contacts against its 1,000 recipients (doc 001).
			if (channel === 'mms' && entry.list_id !== undefined) {
				recipients = await listSize(entry.list_id, itemIndex);
				if (recipients > CLICKSEND_MAX_MESSAGES_PER_CALL) {
					throw new InputError(
						'Contact List',
						`${entry.list_id} has ${recipients} contacts; ClickSend sends one MMS call to at most ${CLICKSEND_MAX_MESSAGES_PER_CALL} recipients`,
					);
				}
			}
			const mediaUrl = media ? await media.resolve(itemIndex) : undefined;
			return { entry, mediaUrl, recipients };
		},
		failed,
	);
	const simplify = context.getNodeParameter('simplify', 0, true) as boolean;
	const summary = mode === 'price' && (context.getNodeParameter('output', 0, 'perMessage') as string) === 'summary';
	return await deliver(context, { client, channel, mode, prepared, failed, simplify, summary });
}

/** Get Price's choice of output: one item per message, or one summary of the whole run. */
export const priceOutputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'One Item per Message', value: 'perMessage', description: 'Each message with its parts, price and whether ClickSend would accept it' },
		{ name: 'Summary', value: 'summary', description: 'One item: total price and count, currency, per-country summary and all messages' },
	],
	default: 'perMessage',
};
