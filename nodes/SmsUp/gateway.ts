// smsup.ch's send API for the send engine (shared/send.ts): `POST /send` calls in the
// documented campaign form, one per message or, as campaigns, one text for up to
// SMSUP_CAMPAIGN_BATCH_SIZE recipients (notes §3.2). The single-message form `GET /send` is not
// used: it puts the text (one-time codes) and the number in the URL, where every proxy logs them,
// and a long text overflows the request line. Get Price is the same call on `/send/simulate`, which sends and charges nothing ("a
// simulated campaign is not really created", notes §3.3). An answer gives counters, not a
// status per recipient: recipientOutcomes reads what they can say about each one.
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assertSendTime, MAX_SCHEDULE_DAYS_AHEAD, parseOptionalDate, toIsoUtc, toZonedFormat } from '../shared/dates';
import { InputError } from '../shared/errors';
import type { CallAnswer, PreparedMessage, RecipientResult, SendGateway } from '../shared/gateway';
import { readHistory } from '../shared/history';
import { locatorValue, stringParameter } from '../shared/items';
import { normalizedMessage, toNumberOrNull, type MessageStatus } from '../shared/message';
import { readOutput, shapeOutput, SIMPLIFIED_PRICE_FIELDS, type OutputShape } from '../shared/output';
import { runTag } from '../shared/ledger';
import type { SendMode } from '../shared/send';
import { checkTextLength, countSegments, SmartEncoder } from '../shared/sms';
import { historySource } from './actions/history';
import { SMSUP_CURRENCY, smsUpNumber } from './message';
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
} from './transport';

export type PushType = 'alert' | 'marketing';

/** One message as smsup.ch takes it, for one recipient. */
export interface SmsUpOutgoing {
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
	/** Whether `gsmsmsid` is the user's Reference (not generated): only then does it count in the duplicate guard. */
	ownReference: boolean;
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
/** Reads one item into the message smsup.ch gets, or throws an InputError naming the field. */
export function readOutgoing(context: IExecuteFunctions, itemIndex: number, referenceTag: string, smart: SmartEncoder): SmsUpOutgoing {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { e164, digits } = smsUpNumber(context.getNodeParameter('to', itemIndex, ''), 'To');
	const typed = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	// Encoded before the length check, which counts what smsup.ch gets.
	const text = checkTextLength(smart.text(itemIndex, typed), SMSUP_PROVIDER_NAME);
	const campaign = context.getNodeParameter('sendAsCampaign', itemIndex, false) as boolean;

	const pushtype = stringParameter(extra.pushtype ?? 'alert', 'Push Type') || 'alert';
	if (pushtype !== 'alert' && pushtype !== 'marketing') {
		throw new InputError('Push Type', `must be "alert" or "marketing", got "${pushtype}"`);
	}
	const sms: SmsUpOutgoing = { to: e164, value: digits, text, pushtype, unicode: campaign && extra.unicode === true, gsmsmsid: '', ownReference: false };

	// Picked from the list, typed, or (older workflows, the examples) a plain string.
	const sender = stringParameter(locatorValue(extra.sender), 'From').trim();
	if (sender) {
		if (/^(\+|00)/.test(sender)) sms.sender = smsUpNumber(sender, 'From').digits;
		else if (/^\d{3,15}$/.test(sender)) sms.sender = sender;
		else if (ALPHA_SENDER.test(sender) && sender.length <= 11) sms.sender = sender;
		else {
			throw new InputError('From', `"${sender}" is not a valid sender: use up to 11 letters or digits, or a phone number`);
		}
	}

	// Any zone in, Paris wall-clock time out: luxon applies the offset in force at that moment,
	// so the night of a daylight-saving change converts correctly (notes §5: delay is Paris time).
	const delay = parseOptionalDate(extra.delay, 'Schedule', context.getTimezone());
	if (delay) {
		assertSendTime(delay, 'Schedule');
		sms.delay = toZonedFormat(delay, SMSUP_ZONE, SMSUP_DATE_FORMAT);
		sms.delayIso = toIsoUtc(delay);
	}

	const reference = stringParameter(extra.reference, 'Reference').trim();
	sms.gsmsmsid = reference || `n8n-${referenceTag}-${itemIndex}`;
	sms.ownReference = reference !== '';
	return sms;
}

/** The `POST /send` (and `/send/simulate`) body: one message to one recipient, or a campaign's many. */
export function campaignBody(batch: Array<PreparedMessage<SmsUpOutgoing>>, withReference: boolean): IDataObject {
	const first = batch[0].message;
	const message: IDataObject = { text: first.text, pushtype: first.pushtype, unicode: first.unicode ? 1 : 0 };
	if (first.sender) message.sender = first.sender;
	if (first.delay) message.delay = first.delay;
	return {
		sms: {
			message,
			recipients: {
				gsm: batch.map(({ message }) => (withReference ? { gsmsmsid: message.gsmsmsid, value: message.value } : { value: message.value })),
			},
		},
	};
}

/** A campaign has one text: items share a call when text, sender, push type, delay and encoding match. */
export function campaignKey(sms: SmsUpOutgoing): string {
	return JSON.stringify([sms.text, sms.sender ?? '', sms.pushtype, sms.delay ?? '', sms.unicode]);
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

function accepted(sms: SmsUpOutgoing): RecipientOutcome {
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
export function recipientOutcomes(batch: Array<PreparedMessage<SmsUpOutgoing>>, answer: SendAnswer): RecipientOutcome[] {
	if (answer.status === SMSUP_STATUS.moderation) {
		return batch.map(() => ({
			status: 'queued' as const,
			providerStatus: 'moderation',
			note: 'The campaign is under moderation at smsup.ch: it may still be sent after review. It was not sent again.',
		}));
	}
	const sent = count(answer, 'sent');
	if (batch.length === 1) {
		if (sent >= 1) return [accepted(batch[0].message)];
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
	const duplicateOf = batch.map(({ itemIndex, message }) => {
		const first = seen.get(message.value);
		if (first === undefined) seen.set(message.value, itemIndex);
		return first;
	});
	const localDuplicates = duplicateOf.filter((first) => first !== undefined).length;
	const duplicatesKnown = count(answer, 'duplicated') === localDuplicates;
	const otherCounters = FILTER_COUNTERS.filter((counter) => counter !== 'duplicated' || !duplicatesKnown);
	const unexplained = otherCounters.reduce((sum, counter) => sum + count(answer, counter), 0);
	const uniqueRecipients = batch.length - (duplicatesKnown ? localDuplicates : 0);

	return batch.map(({ message }, position) => {
		const first = duplicateOf[position];
		if (duplicatesKnown && first !== undefined) {
			return {
				status: 'rejected' as const,
				providerStatus: 'duplicated',
				rejection: `${FILTER_MEANINGS.duplicated} (item ${first} has the same number; smsup.ch sends it once)`,
			};
		}
		if (unexplained === 0) return accepted(message);
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

function providerCode(error: unknown): string | null {
	const response = (error as { errorResponse?: IDataObject } | undefined)?.errorResponse;
	return typeof response?.providerCode === 'string' ? response.providerCode : null;
}

export interface SmsUpGatewayOptions {
	/** Send as Campaign: `POST` calls of many recipients instead of one `GET` per item. */
	campaign: boolean;
	/** Send carries each item's reference (gsmsmsid); a price call carries none. */
	mode: SendMode;
}

export function smsUpGateway(context: IExecuteFunctions, { campaign, mode }: SmsUpGatewayOptions): SendGateway<SmsUpOutgoing> {
	// Generated references are the same on every try of this node run (Retry On Fail finds the
	// item in the run's ledger) and unique per run, so a re-run's messages are told apart in history.
	const referenceTag = runTag(context);
	let client: SmsUpClient | undefined;
	let shape: OutputShape = 'simplified';
	// Send keeps it in Options; Get Price, which has none, in Additional Fields.
	const smart = new SmartEncoder(context, mode === 'send' ? 'options' : 'additionalFields');

	const call = async (path: '/send' | '/send/simulate', batch: Array<PreparedMessage<SmsUpOutgoing>>): Promise<SendAnswer> => {
		const sending = path === '/send';
		return await client!.call<SendAnswer>({
			method: 'POST',
			body: campaignBody(batch, sending),
			path,
			kind: sending ? 'send' : 'read',
			itemIndex: batch[0].itemIndex,
			// −8: the campaign exists and may still go out after review, so it is never sent again.
			...(sending ? { acceptModeration: true } : {}),
		});
	};

	return smart.reporting({
		providerName: SMSUP_PROVIDER_NAME,
		maxPerCall: campaign ? SMSUP_CAMPAIGN_BATCH_SIZE : 1,
		get pace() {
			return client?.api.pace;
		},
		read: (itemIndex) => readOutgoing(context, itemIndex, referenceTag, smart),
		async connect() {
			client = await smsUpClientFor(context);
			shape = readOutput(context, 0);
		},
		groupKey: campaignKey,
		sentKey: (sms) => ({ to: sms.to, text: sms.text, reference: sms.ownReference ? sms.gsmsmsid : null }),
		async readSent(since, itemIndex) {
			// Up to the furthest a Delay may lie ahead: a scheduled message is already "sent" for the guard.
			const until = DateTime.utc().plus({ days: MAX_SCHEDULE_DAYS_AHEAD });
			const qs = {
				date_start: toZonedFormat(since, SMSUP_ZONE, SMSUP_DATE_FORMAT),
				date_end: toZonedFormat(until, SMSUP_ZONE, SMSUP_DATE_FORMAT),
				type: 'messages-out',
				sort: 'date',
			};
			const source = historySource(client!, qs, itemIndex);
			return (await readHistory(source)).map((record) => source.normalize(record));
		},
		describe: (sms, error) =>
			mode === 'send' ? { to: sms.to, reference: sms.gsmsmsid, providerStatus: providerCode(error) } : { to: sms.to, providerStatus: providerCode(error) },

		async send(batch): Promise<CallAnswer> {
			const answer = await call('/send', batch);
			const summary = answerSummary(answer);
			const outcomes = recipientOutcomes(batch, answer);
			const perMessage = batch.map(({ message }, position): RecipientResult[] => {
				const outcome = outcomes[position];
				if (outcome.rejection) {
					return [
						{
							outcome: 'rejected',
							to: message.to,
							status: outcome.providerStatus,
							reason: outcome.rejection,
							details: { reference: message.gsmsmsid, ticket: summary.ticket ?? null },
						},
					];
				}
				const json = shapeOutput(
					shape,
					() => ({
						...normalizedMessage(SMSUP_PROVIDER, {
								direction: 'outbound',
								from: message.sender ?? null,
								to: message.to,
								body: message.text,
								status: outcome.status,
								providerStatus: outcome.providerStatus,
								sentAt: message.delayIso ?? toIsoUtc(DateTime.now()),
								segments: countSegments(message.text).segments,
								// One recipient per call: the call's cost is this message's cost.
								price: batch.length === 1 ? toNumberOrNull(answer.cost) : null,
								currency: SMSUP_CURRENCY,
								reference: message.gsmsmsid,
							}),
						pending: outcome.providerStatus === 'moderation',
						...(outcome.note ? { note: outcome.note } : {}),
						campaign: summary,
					}),
					{ ...answer, recipient: { gsmsmsid: message.gsmsmsid, value: message.value } },
				);
				return [{ outcome: 'accepted', json }];
			});
			return { perMessage };
		},

		async price(batch): Promise<CallAnswer> {
			const answer = await call('/send/simulate', batch);
			const first = batch[0].message;
			const counters = answerSummary(answer);
			delete counters.status;
			delete counters.message;
			const json = shapeOutput(
				shape,
				() => ({
					provider: SMSUP_PROVIDER,
					...(campaign ? { recipients: batch.map(({ message }) => message.to) } : { to: first.to }),
					body: first.text,
					segments: countSegments(first.text).segments,
					...counters,
					currency: SMSUP_CURRENCY,
				}),
				answer,
				SIMPLIFIED_PRICE_FIELDS,
			);
			// A campaign's price is one answer for all its recipients: one output item, paired to each of them.
			return campaign ? { whole: json } : { perMessage: [[{ outcome: 'accepted', json }]] };
		},
	});
}
