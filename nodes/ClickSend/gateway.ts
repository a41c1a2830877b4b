// ClickSend's send and price API for the send engine (shared/send.ts): `POST /v3/{sms|mms}/send`
// and `/v3/{sms|mms}/price` take the same body, up to 1,000 entries of `messages[]` (provider-docs
// 001, provider-notes §1.3), an MMS call one `media_file` for all its entries. The answer lists
// one message per recipient in the order sent, a contact list expanded into its contacts; a
// recipient ClickSend refuses comes back inside the HTTP 200 with a status other than SUCCESS.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assertSendTime, parseOptionalDate, toUnixSeconds } from '../shared/dates';
import { readHistory } from '../shared/history';
import { InputError } from '../shared/errors';
import type { PreparedMessage, RecipientResult, SendGateway } from '../shared/gateway';
import { locatorValue, stringParameter } from '../shared/items';
import { readOutput, shapeOutput, SIMPLIFIED_PRICE_FIELDS } from '../shared/output';
import type { SendRunOptions } from '../shared/send';
import { checkTextLength, countSegments, normalizePhoneNumber, sameRecipient, SmartEncoder } from '../shared/sms';
import { historySource, orderFor } from './actions/history';
import { MediaResolver } from './media';
import { failureText, isAcceptedStatus, normalizeClickSendMessage, normalizeClickSendPrice, type ClickSendMessage } from './message';
import { CLICKSEND_MAX_MESSAGES_PER_CALL, clickSendClientFor, type ClickSendClient } from './transport';

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

export interface ClickSendOutgoing {
	entry: MessageEntry;
	/** The media URL ClickSend fetches (MMS, after any upload). */
	mediaUrl?: string;
	/** Recipients this entry counts against a call's 1,000: 1, or an MMS list's size. */
	recipients: number;
	/** SMS `shorten_urls`, a setting of the whole call: only entries with the same one share a call. */
	shortenUrls?: boolean;
}

const ALPHA_SENDER = /^[A-Za-z0-9+][A-Za-z0-9+ ]{1,9}[A-Za-z0-9+]$/;
const MAX_REFERENCE_LENGTH = 50;
const MMS_MAX_SUBJECT = 20;
/** "1500 characters" standard, "500 characters" Unicode (doc 001); longer would be cut off. */
const MMS_MAX_BODY = { gsm: 1500, unicode: 500 };

function readSender(value: unknown): string | undefined {
	const from = stringParameter(locatorValue(value), 'From').trim();
	if (!from) return undefined;
	if (/^\+|^00/.test(from)) return normalizePhoneNumber(from, 'From');
	if (/^\d{3,15}$/.test(from) || ALPHA_SENDER.test(from)) return from;
	throw new InputError('From', `"${from}" is not a valid sender: use a phone number, or a sender ID of 3–11 letters, digits or +`);
}

/** Reads and checks one item into a ClickSend message entry; nothing here touches the network. `smart`: SMS Smart Encoding. */
export function readEntry(context: IExecuteFunctions, itemIndex: number, channel: Channel, smart?: SmartEncoder): MessageEntry {
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
	} else if (channel === 'mms') {
		// "Recipient phone number in E.164 format" (doc 001): Country reads national SMS numbers,
		// but an MMS is not said to take them.
		const to = normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To', { allowNational: true });
		if (!to.startsWith('+')) {
			throw new InputError(
				'To',
				`"${to}" is not a valid phone number in international format (E.164): use + and the country code, such as +61411111111; an MMS takes only international numbers, even with Country set`,
			);
		}
		entry.to = to;
	} else {
		entry.to = normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To', { allowNational: !!country });
	}
	entry.body = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	if (smart) entry.body = smart.text(itemIndex, entry.body);
	// MMS bodies have their own, documented limits below.
	if (channel === 'sms') checkTextLength(entry.body, 'ClickSend');
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
	// `from` is required for an MMS (doc 001's properties table); ClickSend refuses one without it.
	if (!from && channel === 'mms') {
		throw new InputError('From', 'is empty; ClickSend requires a sender for an MMS: one of your dedicated numbers or a sender ID');
	}
	if (from) entry.from = from;
	const schedule = parseOptionalDate(extra.schedule, 'Schedule', context.getTimezone());
	if (schedule) {
		assertSendTime(schedule, 'Schedule');
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

/** The SMS call settings of an item (Options → Shorten URLs), checked before any call. */
function readCallOptions(context: IExecuteFunctions, itemIndex: number): { shortenUrls?: boolean } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.shortenUrls === undefined || options.shortenUrls === '') return {};
	if (typeof options.shortenUrls !== 'boolean') {
		throw new InputError('Shorten URLs', `must be true or false, got ${JSON.stringify(options.shortenUrls)}`);
	}
	return options.shortenUrls ? { shortenUrls: true } : {};
}

/**
 * Pairs ClickSend's answer with the entries sent: by recipient and reference (`custom_string`),
 * never by position alone, so an entry left out or reordered cannot shift results onto other
 * items; a list entry takes the messages that carry its `list_id`. An entry with no answer
 * gets none (the engine reports it as "may have been sent"). Each entry takes the first
 * unclaimed message that fits; answers in the order sent are found at once.
 */
export function matchAnswers(entries: MessageEntry[], messages: ClickSendMessage[]): ClickSendMessage[][] {
	const claimed = new Set<number>();
	let firstUnclaimed = 0;
	const claim = (test: (message: ClickSendMessage) => boolean): ClickSendMessage | undefined => {
		for (let index = firstUnclaimed; index < messages.length; index++) {
			if (claimed.has(index) || !test(messages[index])) continue;
			claimed.add(index);
			while (claimed.has(firstUnclaimed)) firstUnclaimed++;
			return messages[index];
		}
		return undefined;
	};
	return entries.map((entry) => {
		if (entry.list_id !== undefined) {
			const ofList = (answer: ClickSendMessage) => Number(answer.list_id) === entry.list_id;
			const taken: ClickSendMessage[] = [];
			for (let message = claim(ofList); message; message = claim(ofList)) taken.push(message);
			return taken;
		}
		const reference = entry.custom_string ?? '';
		const isRecipient = sameRecipient(entry.to ?? '');
		const match = claim((answer) => answer.list_id == null && isRecipient(answer.to) && String(answer.custom_string ?? '') === reference);
		return match ? [match] : [];
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

/** Get Price with Price Items = Summary: one call's totals, or (summed) the whole run's. */
interface PriceSummary {
	totalPrice: number;
	totalCount: number;
	queuedCount: number;
	blockedCount: number;
	currency: string | null;
	countries: IDataObject;
	messages: IDataObject[];
}

function wantsPriceSummary(context: IExecuteFunctions): boolean {
	return (context.getNodeParameter('priceItems', 0, 'perMessage') as string) === 'summary';
}

/** Get Price's `summarize` for the engine: with Price Items = Summary, every call's totals as one item. */
export function clickSendPriceSummary(context: IExecuteFunctions): SendRunOptions['summarize'] {
	return wantsPriceSummary(context) ? (summaries) => sumPriceSummaries(summaries as PriceSummary[]) : undefined;
}

function sumPriceSummaries(summaries: PriceSummary[]): IDataObject {
	const total: PriceSummary = { totalPrice: 0, totalCount: 0, queuedCount: 0, blockedCount: 0, currency: null, countries: {}, messages: [] };
	for (const call of summaries) {
		total.totalPrice += call.totalPrice;
		total.totalCount += call.totalCount;
		total.queuedCount += call.queuedCount;
		total.blockedCount += call.blockedCount;
		total.currency = call.currency ?? total.currency;
		for (const [code, country] of Object.entries(call.countries)) {
			const existing = total.countries[code] as IDataObject | undefined;
			const count = Number((country as IDataObject).recipient_count ?? 0);
			total.countries[code] = existing
				? { ...existing, recipient_count: Number(existing.recipient_count ?? 0) + count }
				: { ...(country as IDataObject) };
		}
		total.messages.push(...call.messages);
	}
	return { ...total, totalPrice: Number(total.totalPrice.toFixed(6)) };
}

export function clickSendGateway(context: IExecuteFunctions, channel: Channel): SendGateway<ClickSendOutgoing> {
	let client: ClickSendClient | undefined;
	let media: MediaResolver | undefined;
	const listSizes = new Map<number, Promise<number>>();
	const shape = () => readOutput(context, 0);
	// SMS only: an MMS has no such option.
	const smart = channel === 'sms' ? new SmartEncoder(context, 'options') : undefined;

	const listSize = async (listId: number, itemIndex: number): Promise<number> => {
		if (!listSizes.has(listId)) {
			listSizes.set(
				listId,
				client!
					.call<{ _contacts_count?: number | string }>({ method: 'GET', path: `/v3/lists/${listId}`, kind: 'read', itemIndex })
					.then((list) => Number(list?._contacts_count ?? 0)),
			);
		}
		return await listSizes.get(listId)!;
	};

	/** One call with the batch's entries; the answer's messages, per entry, and its currency. */
	const post = async (mode: 'send' | 'price', batch: Array<PreparedMessage<ClickSendOutgoing>>) => {
		const entries = batch.map(({ message }) => message.entry);
		const answer = await client!.call<BatchAnswer>({
			method: 'POST',
			path: `/v3/${channel}/${mode}`,
			// A price check changes nothing, so it may be repeated; a send may not.
			kind: mode === 'send' ? 'send' : 'read',
			body: {
				...(channel === 'mms' ? { media_file: batch[0].message.mediaUrl } : {}),
				// Sent only when on: off is ClickSend's default (notes §1.3).
				...(batch[0].message.shortenUrls === true ? { shorten_urls: true } : {}),
				messages: entries.map((entry) => ({ ...entry })),
			},
			itemIndex: batch[0].itemIndex,
		});
		return { answer, answers: matchAnswers(entries, answer.messages ?? []), currency: answer._currency?.currency_name_short };
	};

	/**
	 * An entry ClickSend's price answer has no message for (matched by recipient and reference,
	 * matchAnswers) is an error on its item: never a made-up result, never another item's price.
	 */
	const noPrice = (entry: MessageEntry): RecipientResult => ({
		outcome: 'unknown',
		to: entry.to ?? `list ${entry.list_id}`,
		reason: 'ClickSend gave no price for it',
		details: { reference: entry.custom_string ?? null, ...(entry.list_id !== undefined ? { listId: entry.list_id } : {}) },
	});

	const gateway: SendGateway<ClickSendOutgoing> = {
		providerName: 'ClickSend',
		maxPerCall: CLICKSEND_MAX_MESSAGES_PER_CALL,
		read: (itemIndex) => ({ entry: readEntry(context, itemIndex, channel, smart), recipients: 1, ...(channel === 'sms' ? readCallOptions(context, itemIndex) : {}) }),
		async connect() {
			client = await clickSendClientFor(context);
			if (channel === 'mms') media = new MediaResolver(context, client);
		},
		prepare:
			channel === 'mms'
				? async (message, itemIndex) => {
						let recipients = 1;
						// An MMS call counts a list's contacts against its 1,000 recipients (doc 001).
						if (message.entry.list_id !== undefined) {
							recipients = await listSize(message.entry.list_id, itemIndex);
							if (recipients > CLICKSEND_MAX_MESSAGES_PER_CALL) {
								throw new InputError(
									'Contact List',
									`${message.entry.list_id} has ${recipients} contacts; ClickSend sends one MMS call to at most ${CLICKSEND_MAX_MESSAGES_PER_CALL} recipients`,
								);
							}
						}
						return { ...message, mediaUrl: await media!.resolve(itemIndex), recipients };
					}
				: undefined,
		// One image per MMS call, one shorten_urls per SMS call: only messages with the same share one.
		groupKey: (message) => `${message.mediaUrl ?? ''}|${message.shortenUrls === true}`,
		weight: (message) => message.recipients,
		describe: ({ entry }) => ({ to: entry.to ?? null, listId: entry.list_id ?? null }),
		// A list's contacts are known only once ClickSend expands it.
		sentKey: ({ entry }) =>
			entry.to === undefined ? undefined : { to: entry.to, text: entry.body, reference: entry.custom_string ?? null },
		async readSent(since, itemIndex) {
			const path = channel === 'sms' ? '/v3/sms/history' : '/v3/mms/history';
			const source = historySource(client!, path, { date_from: toUnixSeconds(since), order_by: orderFor(channel, 'date:asc') }, itemIndex);
			return (await readHistory(source)).map((record) => source.normalize(record));
		},
		async send(batch) {
			const { answers, currency } = await post('send', batch);
			const perMessage = batch.map(({ message: { entry } }, position) =>
				(answers[position].length ? answers[position] : [undefined]).map((message): RecipientResult => {
					// No entry for this message in an accepted call: it may have gone out.
					if (!message) return { outcome: 'unknown', to: entry.to ?? `list ${entry.list_id}`, reason: 'ClickSend gave no result for it', details: { reference: entry.custom_string ?? null } };
					if (isAcceptedStatus(message.status)) {
						return { outcome: 'accepted', json: shapeOutput(shape(), () => normalizeClickSendMessage(message, currency), message) };
					}
					const status = String(message.status ?? 'NO_RESULT');
					// ClickSend's own words when the answer has them (status_text, error_text), as history.
					const text = failureText(message);
					return {
						outcome: 'rejected',
						to: String(message.to || (entry.to ?? `list ${entry.list_id}`)),
						status,
						reason: text && text !== status ? `${status}: ${text}` : status,
						details: { reference: entry.custom_string ?? null, ...(entry.list_id !== undefined ? { listId: entry.list_id } : {}) },
					};
				}),
			);
			return { perMessage };
		},
		async price(batch) {
			const { answer, answers, currency } = await post('price', batch);
			const priced = (message: ClickSendMessage) => shapeOutput(shape(), () => normalizeClickSendPrice(message, currency), message, SIMPLIFIED_PRICE_FIELDS);
			if (!wantsPriceSummary(context)) {
				return {
					perMessage: batch.map(({ message: { entry } }, position) =>
						answers[position].length ? answers[position].map((message): RecipientResult => ({ outcome: 'accepted', json: priced(message) })) : [noPrice(entry)],
					),
				};
			}
			// The run's one summary item (clickSendPriceSummary) stands for every message.
			const summary: PriceSummary = {
				totalPrice: Number(answer.total_price ?? 0),
				totalCount: Number(answer.total_count ?? 0),
				queuedCount: Number(answer.queued_count ?? 0),
				blockedCount: Number(answer.blocked_count ?? 0),
				currency: currency ?? null,
				countries: answer._summary?.countries ?? {},
				messages: answers.flat().map(priced),
			};
			// An item without a price is an error on it, and left out of the summary's items.
			return { perMessage: batch.map(({ message: { entry } }, position) => (answers[position].length ? [] : [noPrice(entry)])), summary };
		},
	};
	return smart ? smart.reporting(gateway) : gateway;
}
