import { randomUUID } from 'crypto';
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { chunk } from '../../shared/batch';
import { assertNotInPast, parseOptionalDate, toIsoUtc, toZonedFormat } from '../../shared/dates';
import { simplifyField } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { mayHaveBeenSent } from '../../shared/http';
import { asItemError, errorItem, inItemOrder, locatorValue, prepareItems, stringParameter, type PreparedItem } from '../../shared/items';
import { normalizedMessage, toNumberOrNull, type MessageStatus } from '../../shared/message';
import { countSegments, normalizePhoneNumber } from '../../shared/sms';
import { SMSUP_CURRENCY } from '../message';
import {
	SMSUP_CAMPAIGN_BATCH_SIZE,
	SMSUP_DATE_FORMAT,
	SMSUP_PROVIDER,
	SMSUP_PROVIDER_NAME,
	SMSUP_STATUS,
	SMSUP_ZONE,
	smsUpClientFor,
	type SmsUpClient,
	type SmsUpResponse,
} from '../transport';
import { senderLocator } from './pickers';

/**
 * What SMS → Send and SMS → Get Price share: the fields, the validation of one item into one
 * smsup.ch message, and the calls, either one `GET /send` per item or `POST /send` campaign
 * calls carrying many items' recipients (notes §3.2, §3.3).
 */

export type PushType = 'alert' | 'marketing';

export interface OutgoingSms {
	/** E.164, as the user sees it in the output. */
	to: string;
	/** Digits only, as smsup.ch wants it (`41781234567`, notes §3.2). */
	value: string;
	text: string;
	sender?: string;
	pushtype: PushType;
	/** Paris wall-clock time, `Y-m-d H:i:s`. */
	delay?: string;
	/** The same moment in UTC, for the output. */
	delayIso?: string;
	unicode: boolean;
	/** `gsmsmsid`: the item's reference, or one generated for it; it comes back in history and DLRs. */
	gsmsmsid: string;
}

/** The send answer's counters of recipients smsup.ch did not send to (notes §3.2). */
export const FILTER_COUNTERS = ['blacklisted', 'duplicated', 'invalid', 'npai', 'not_allowed', 'flood', 'country_limit'] as const;
export type FilterCounter = (typeof FILTER_COUNTERS)[number];

const FILTER_MEANINGS: Record<FilterCounter, string> = {
	blacklisted: 'the number is blacklisted (the recipient opted out)',
	duplicated: 'a duplicate of another recipient in the same call',
	invalid: 'the number is invalid',
	npai: 'the number is on the NPAI list (known to be unreachable)',
	not_allowed: 'sending to this number or country is not allowed for the account',
	flood: 'filtered by the anti-flood protection',
	country_limit: 'the limit for this country was reached',
};

export interface SendAnswer extends SmsUpResponse {
	ticket?: string | number;
	cost?: number | string;
	credits?: number | string;
	total?: number | string;
	sent?: number | string;
}

const ALPHA_SENDER = /^[A-Za-z0-9][A-Za-z0-9 .-]{0,9}[A-Za-z0-9.]$|^[A-Za-z0-9]$/;

export function outgoingProperties(extra: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: '+41781234567',
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
					displayName: 'Delay',
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
		simplifyField,
	];
}

/**
 * smsup.ch wants international numbers as digits without `+` (notes §3.2). E.164 (`+41…`),
 * `0041…` and the digits smsup.ch documents (`41781234567`) are all accepted; a national
 * number (leading 0) is not, because it names no country.
 */
export function smsUpNumber(value: unknown, field: string): { e164: string; digits: string } {
	const compact = typeof value === 'string' ? value.trim().replace(/[\s\-.()/]/g, '') : value;
	const asInternational = typeof compact === 'string' && /^[1-9]\d{7,14}$/.test(compact) ? `+${compact}` : value;
	const e164 = normalizePhoneNumber(asInternational, field);
	return { e164, digits: e164.slice(1) };
}

/** Reads one item into the message smsup.ch gets, or throws an InputError naming the field. */
export function readOutgoing(context: IExecuteFunctions, itemIndex: number, referenceTag: string): OutgoingSms {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { e164, digits } = smsUpNumber(context.getNodeParameter('to', itemIndex, ''), 'To');
	const text = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	const campaign = context.getNodeParameter('sendAsCampaign', itemIndex, false) as boolean;

	const pushtype = stringParameter(extra.pushtype ?? 'alert', 'Push Type') || 'alert';
	if (pushtype !== 'alert' && pushtype !== 'marketing') {
		throw new InputError('Push Type', `must be "alert" or "marketing", got "${pushtype}"`);
	}
	const sms: OutgoingSms = { to: e164, value: digits, text, pushtype, unicode: campaign && extra.unicode === true, gsmsmsid: '' };

	// Picked from the list, typed, or (older workflows, the examples) a plain string.
	const sender = stringParameter(locatorValue(extra.sender), 'Sender').trim();
	if (sender) {
		if (/^(\+|00)/.test(sender)) sms.sender = smsUpNumber(sender, 'Sender').digits;
		else if (/^\d{3,15}$/.test(sender)) sms.sender = sender;
		else if (ALPHA_SENDER.test(sender) && sender.length <= 11) sms.sender = sender;
		else {
			throw new InputError('Sender', `"${sender}" is not a valid sender: use up to 11 letters or digits, or a phone number`);
		}
	}

	// Any zone in, Paris wall-clock time out: luxon applies the offset in force at that moment,
	// so the night of a daylight-saving change converts correctly (notes §5: delay is Paris time).
	const delay = parseOptionalDate(extra.delay, 'Delay', context.getTimezone());
	if (delay) {
		assertNotInPast(delay, 'Delay');
		sms.delay = toZonedFormat(delay, SMSUP_ZONE, SMSUP_DATE_FORMAT);
		sms.delayIso = toIsoUtc(delay);
	}

	const reference = stringParameter(extra.reference, 'Reference').trim();
	sms.gsmsmsid = reference || `n8n-${referenceTag}-${itemIndex}`;
	return sms;
}

/** The `GET /send` (and `/send/simulate`) query of one message. */
export function singleQuery(sms: OutgoingSms, withReference: boolean): IDataObject {
	const qs: IDataObject = { text: sms.text, to: sms.value, pushtype: sms.pushtype };
	if (sms.sender) qs.sender = sms.sender;
	if (sms.delay) qs.delay = sms.delay;
	if (withReference) qs.gsmsmsid = sms.gsmsmsid;
	return qs;
}

/** The `POST /send` (and `/send/simulate`) body of a campaign: one message, many recipients. */
export function campaignBody(batch: Array<PreparedItem<OutgoingSms>>, withReference: boolean): IDataObject {
	const first = batch[0].value;
	const message: IDataObject = { text: first.text, pushtype: first.pushtype, unicode: first.unicode ? 1 : 0 };
	if (first.sender) message.sender = first.sender;
	if (first.delay) message.delay = first.delay;
	return {
		sms: {
			message,
			recipients: {
				gsm: batch.map(({ value }) => (withReference ? { gsmsmsid: value.gsmsmsid, value: value.value } : { value: value.value })),
			},
		},
	};
}

/**
 * Campaign calls: items that share a message, sender, push type, delay and encoding go into
 * the same calls (a campaign has one text), in item order, at most SMSUP_CAMPAIGN_BATCH_SIZE
 * recipients each.
 */
export function campaignBatches(prepared: Array<PreparedItem<OutgoingSms>>): Array<Array<PreparedItem<OutgoingSms>>> {
	const groups = new Map<string, Array<PreparedItem<OutgoingSms>>>();
	for (const item of prepared) {
		const { text, sender, pushtype, delay, unicode } = item.value;
		const key = JSON.stringify([text, sender ?? '', pushtype, delay ?? '', unicode]);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return [...groups.values()].flatMap((group) => chunk(group, SMSUP_CAMPAIGN_BATCH_SIZE));
}

/** The answer's numbers as numbers (smsup.ch may send them as strings). */
export function answerSummary(answer: SendAnswer): IDataObject {
	const summary: IDataObject = {
		status: answer.status,
		message: answer.message ?? null,
	};
	if (answer.ticket !== undefined) summary.ticket = String(answer.ticket);
	summary.cost = toNumberOrNull(answer.cost);
	summary.credits = toNumberOrNull(answer.credits);
	summary.total = toNumberOrNull(answer.total);
	summary.sent = toNumberOrNull(answer.sent);
	for (const counter of FILTER_COUNTERS) summary[counter] = toNumberOrNull(answer[counter]) ?? 0;
	return summary;
}

interface RecipientOutcome {
	status: MessageStatus;
	providerStatus: string;
	/** Why smsup.ch did not send it, when that is known. */
	rejection?: string;
	/** What is and is not known, when smsup.ch's counters cannot say which recipient they mean. */
	note?: string;
}

function count(answer: SendAnswer, counter: 'sent' | 'total' | FilterCounter): number {
	return toNumberOrNull(answer[counter]) ?? 0;
}

function accepted(sms: OutgoingSms): RecipientOutcome {
	const scheduled = sms.delayIso !== undefined && DateTime.fromISO(sms.delayIso) > DateTime.now();
	return { status: scheduled ? 'scheduled' : 'queued', providerStatus: 'sent' };
}

function filteredReasons(answer: SendAnswer, counters: readonly FilterCounter[] = FILTER_COUNTERS): string[] {
	return counters.filter((counter) => count(answer, counter) > 0).map((counter) => `${counter} ${count(answer, counter)}`);
}

/**
 * What the answer says about each recipient of one call. smsup.ch gives counters only, no
 * per-recipient status (notes §3.2): a one-recipient call is exact; in a campaign, duplicates
 * are the repeated numbers, and when other recipients were filtered out nobody can tell which,
 * so those items say so instead of claiming success.
 */
export function recipientOutcomes(batch: Array<PreparedItem<OutgoingSms>>, answer: SendAnswer): RecipientOutcome[] {
	if (answer.status === SMSUP_STATUS.moderation) {
		return batch.map(() => ({
			status: 'queued' as const,
			providerStatus: 'moderation',
			note: 'The campaign is under moderation at smsup.ch: it may still be sent after review. It was not sent again.',
		}));
	}
	const sent = count(answer, 'sent');
	if (batch.length === 1) {
		if (sent >= 1) return [accepted(batch[0].value)];
		const counter = FILTER_COUNTERS.find((name) => count(answer, name) > 0);
		return [
			{
				status: 'rejected',
				providerStatus: counter ?? 'not_sent',
				rejection: counter ? FILTER_MEANINGS[counter] : 'smsup.ch did not send it and gave no reason',
			},
		];
	}

	const seen = new Map<string, number>();
	const duplicateOf = batch.map(({ itemIndex, value }) => {
		const first = seen.get(value.value);
		if (first === undefined) seen.set(value.value, itemIndex);
		return first;
	});
	const localDuplicates = duplicateOf.filter((first) => first !== undefined).length;
	const duplicatesKnown = count(answer, 'duplicated') === localDuplicates;
	const otherCounters = FILTER_COUNTERS.filter((counter) => counter !== 'duplicated' || !duplicatesKnown);
	const unexplained = otherCounters.reduce((sum, counter) => sum + count(answer, counter), 0);
	const uniqueRecipients = batch.length - (duplicatesKnown ? localDuplicates : 0);

	return batch.map(({ value }, position) => {
		const first = duplicateOf[position];
		if (duplicatesKnown && first !== undefined) {
			return {
				status: 'rejected' as const,
				providerStatus: 'duplicated',
				rejection: `${FILTER_MEANINGS.duplicated} (item ${first} has the same number; smsup.ch sends it once)`,
			};
		}
		if (unexplained === 0) return accepted(value);
		if (sent === 0 || unexplained >= uniqueRecipients) {
			return {
				status: 'rejected' as const,
				providerStatus: 'not_sent',
				rejection: `smsup.ch sent none of this call's recipients (${filteredReasons(answer, otherCounters).join(', ')})`,
			};
		}
		return {
			status: 'unknown' as const,
			providerStatus: 'unconfirmed',
			note: `smsup.ch did not send ${unexplained} of the ${batch.length} recipients of this campaign (${filteredReasons(answer, otherCounters).join(', ')}) and does not say which. Look up this item's reference (gsmsmsid) with Get History.`,
		};
	});
}

export interface OutgoingRun {
	continueOnFail: boolean;
	simplify: boolean;
	campaign: boolean;
	client: SmsUpClient;
	prepared: Array<PreparedItem<OutgoingSms>>;
	results: Map<number, INodeExecutionData[]>;
}

/** Validates every item before any call; bad items become error items or stop the node. */
export async function startOutgoing(context: IExecuteFunctions, itemCount: number): Promise<OutgoingRun | INodeExecutionData[]> {
	const referenceTag = randomUUID().slice(0, 8);
	const { prepared, failed } = prepareItems(context, itemCount, (itemIndex) => readOutgoing(context, itemIndex, referenceTag));
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of failed) results.set(itemIndex, [item]);
	if (prepared.length === 0) return inItemOrder(results);
	return {
		continueOnFail: context.continueOnFail(),
		simplify: context.getNodeParameter('simplify', 0, true) as boolean,
		campaign: context.getNodeParameter('sendAsCampaign', 0, false) as boolean,
		client: await smsUpClientFor(context),
		prepared,
		results,
	};
}

/** SMS → Send: one call per item, or campaign calls; every recipient's result back to its item. */
export async function executeSend(context: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	const run = await startOutgoing(context, itemCount);
	if (Array.isArray(run)) return run;
	const { client, results, continueOnFail, simplify } = run;
	const batches = run.campaign ? campaignBatches(run.prepared) : run.prepared.map((item) => [item]);
	const rejected: Array<{ itemIndex: number; to: string; status: string }> = [];
	let sentItems = 0;

	for (const batch of batches) {
		let answer: SendAnswer;
		try {
			answer = run.campaign
				? await client.call<SendAnswer>({
						method: 'POST',
						path: '/send',
						kind: 'send',
						body: campaignBody(batch, true),
						itemIndex: batch[0].itemIndex,
						acceptModeration: true,
					})
				: await client.call<SendAnswer>({
						method: 'GET',
						path: '/send',
						kind: 'send',
						qs: singleQuery(batch[0].value, true),
						itemIndex: batch[0].itemIndex,
						acceptModeration: true,
					});
		} catch (error) {
			if (!continueOnFail) throw withBatchContext(asItemError(context, error, batch[0].itemIndex), batch, sentItems);
			for (const { itemIndex, value } of batch) {
				const itemError = asItemError(context, error, itemIndex);
				results.set(itemIndex, [
					errorItem(itemError, itemIndex, {
						to: value.to,
						reference: value.gsmsmsid,
						providerStatus: providerCode(error),
						maybeSent: mayHaveBeenSent(error),
					}),
				]);
			}
			continue;
		}

		const summary = answerSummary(answer);
		const outcomes = recipientOutcomes(batch, answer);
		batch.forEach(({ itemIndex, value }, position) => {
			const outcome = outcomes[position];
			if (outcome.rejection) {
				rejected.push({ itemIndex, to: value.to, status: outcome.providerStatus });
				if (continueOnFail) {
					const message = `smsup.ch did not send the message to ${value.to}: ${outcome.rejection}`;
					const error = new NodeApiError(context.getNode(), { message, providerStatus: outcome.providerStatus }, { message, itemIndex });
					results.set(itemIndex, [
						errorItem(error, itemIndex, {
							providerStatus: outcome.providerStatus,
							to: value.to,
							reference: value.gsmsmsid,
							ticket: summary.ticket ?? null,
						}),
					]);
				}
				return;
			}
			sentItems++;
			const json: IDataObject = simplify
				? {
						...normalizedMessage(SMSUP_PROVIDER, {
							direction: 'outbound',
							from: value.sender ?? null,
							to: value.to,
							body: value.text,
							status: outcome.status,
							providerStatus: outcome.providerStatus,
							sentAt: value.delayIso ?? toIsoUtc(DateTime.now()),
							segments: countSegments(value.text).segments,
							// One recipient per call: the call's cost is this message's cost.
							price: batch.length === 1 ? toNumberOrNull(answer.cost) : null,
							currency: SMSUP_CURRENCY,
							reference: value.gsmsmsid,
						}),
						pending: outcome.providerStatus === 'moderation',
						...(outcome.note ? { note: outcome.note } : {}),
						campaign: summary,
					}
				: { ...answer, recipient: { gsmsmsid: value.gsmsmsid, value: value.value } };
			results.set(itemIndex, [{ json, pairedItem: { item: itemIndex } }]);
		});
	}

	if (rejected.length && !continueOnFail) {
		const listed = rejected
			.slice(0, 20)
			.map(({ itemIndex, to, status }) => `item ${itemIndex} (${to}): ${status}`)
			.join('; ');
		const more = rejected.length > 20 ? `; and ${rejected.length - 20} more` : '';
		const message = `smsup.ch did not send ${rejected.length} of ${run.prepared.length} messages: ${listed}${more}`;
		throw new NodeApiError(
			context.getNode(),
			{ message, rejected: rejected.map(({ itemIndex, to, status }) => ({ itemIndex, to, status })) },
			{
				message,
				description: `${
					sentItems ? `The other ${sentItems} messages were accepted and are not sent again.` : 'No message was sent.'
				} Turn on "Continue On Fail" (or the error output) to get one result per item instead of this error.`,
				itemIndex: rejected[0].itemIndex,
			},
		);
	}
	return inItemOrder(results);
}

/** SMS → Get Price: `/send/simulate`, nothing is sent or charged. */
export async function executePrice(context: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	const run = await startOutgoing(context, itemCount);
	if (Array.isArray(run)) return run;
	const { client, results, continueOnFail, simplify } = run;
	const batches = run.campaign ? campaignBatches(run.prepared) : run.prepared.map((item) => [item]);

	for (const batch of batches) {
		let answer: SendAnswer;
		try {
			answer = run.campaign
				? await client.call<SendAnswer>({
						method: 'POST',
						path: '/send/simulate',
						kind: 'read',
						body: campaignBody(batch, false),
						itemIndex: batch[0].itemIndex,
					})
				: await client.call<SendAnswer>({
						method: 'GET',
						path: '/send/simulate',
						kind: 'read',
						qs: singleQuery(batch[0].value, false),
						itemIndex: batch[0].itemIndex,
					});
		} catch (error) {
			if (!continueOnFail) throw asItemError(context, error, batch[0].itemIndex);
			for (const { itemIndex, value } of batch) {
				results.set(itemIndex, [
					errorItem(asItemError(context, error, itemIndex), itemIndex, { to: value.to, providerStatus: providerCode(error) }),
				]);
			}
			continue;
		}
		const first = batch[0].value;
		const counters = answerSummary(answer);
		delete counters.status;
		delete counters.message;
		const json: IDataObject = simplify
			? {
					provider: SMSUP_PROVIDER,
					...(run.campaign ? { recipients: batch.map(({ value }) => value.to) } : { to: first.to }),
					body: first.text,
					segments: countSegments(first.text).segments,
					...counters,
					currency: SMSUP_CURRENCY,
				}
			: { ...answer };
		// A campaign's price is one answer for all its recipients: one output item, paired to each of them.
		const pairedItem: IPairedItemData | IPairedItemData[] = run.campaign
			? batch.map(({ itemIndex }) => ({ item: itemIndex }))
			: { item: batch[0].itemIndex };
		results.set(batch[0].itemIndex, [{ json, pairedItem }]);
	}
	return inItemOrder(results);
}

function providerCode(error: unknown): string | null {
	const response = (error as { errorResponse?: IDataObject } | undefined)?.errorResponse;
	return typeof response?.providerCode === 'string' ? response.providerCode : null;
}

/** Says which items went out before a call failed, so nobody resends them by mistake. */
function withBatchContext<E extends Error & { description?: string | null }>(
	error: E,
	batch: Array<PreparedItem<OutgoingSms>>,
	sentBefore: number,
): E {
	const indexes = batch.map(({ itemIndex }) => itemIndex);
	const contiguous = indexes[indexes.length - 1] - indexes[0] === indexes.length - 1;
	const which =
		batch.length === 1
			? `The call for item ${indexes[0]} failed.`
			: `The campaign call for ${batch.length} items (${contiguous ? `items ${indexes[0]}–${indexes[indexes.length - 1]}` : `from item ${indexes[0]} on`}) failed.`;
	const context = `${which}${sentBefore ? ` ${sentBefore} messages from earlier calls were accepted by ${SMSUP_PROVIDER_NAME} and are not sent again.` : ''}`;
	error.description = [context, error.description].filter(Boolean).join(' ');
	return error;
}
