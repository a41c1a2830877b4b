import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toZonedFormat } from '../shared/dates';
import type { MessageStatus } from '../shared/message';
import { triggerEventField, triggerLookbackField, triggerOutputField, triggerStatusesField, triggerSubtitle } from '../shared/triggers';
import { DEFAULT_OVERLAP_SECONDS, pollFrom, pollMessages, type PolledEntry, type PollEvent } from '../shared/poll';
import { historySource } from './actions/history';
import { readHistory } from '../shared/history';
import { normalizeSmsUpMessage, smsUpUnixSeconds, type SmsUpMessage } from './message';
import { SMSUP_DATE_FORMAT, SMSUP_ZONE, smsUpClientFor, type SmsUpClient } from './transport';

/** A test run looks this far back for the most recent received SMS. */
const MANUAL_LOOKBACK_DAYS = 30;
/** A test run for status changes reads at most this many of the newest sent messages. */
const MANUAL_MAX = 1000;
/**
 * `date_end` lies this far ahead of the clock: smsup.ch filters on its own timestamps, so a
 * message stamped a little ahead of ours (clock skew) is still listed.
 */
const END_MARGIN_SECONDS = 24 * 3600;

const STATUS_OPTIONS: Array<{ name: string; value: MessageStatus }> = [
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed (Not Sent, Undelivered)', value: 'failed' },
	{ name: 'Queued (Moderation)', value: 'queued' },
	{ name: 'Rejected (Denied)', value: 'rejected' },
	{ name: 'Scheduled (Waiting)', value: 'scheduled' },
	{ name: 'Sent', value: 'sent' },
];

type Fetched = PolledEntry<SmsUpMessage>;

export class SmsUpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'smsup.ch Trigger',
		name: 'smsUpTrigger',
		icon: { light: 'file:smsup.svg', dark: 'file:smsup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when an SMS arrives or a sent SMS changes status (checks smsup.ch on a schedule)',
		defaults: { name: 'smsup.ch Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsUpApi', required: true }],
		properties: [
			triggerEventField('Someone replied to one of your messages'),
			{
				displayName:
					'This trigger reads smsup.ch\'s message history (GET /messages) on the schedule below. Replies are listed only when the recipient could answer: send from a number or short code that accepts replies, not a custom sender name. For delivery reports the moment they happen, use the smsup.ch Webhook Trigger instead.',
				name: 'historyNotice',
				type: 'notice',
				default: '',
			},
			triggerStatusesField(STATUS_OPTIONS),
			triggerLookbackField('How far back to follow the status of sent messages. smsup.ch filters history by send date, so every check reads the messages sent in this period.'),
			triggerOutputField('smsup.ch\'s raw history row'),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const lookbackSeconds = (this.getNodeParameter('lookbackHours', 24) as number) * 3600;
		const client = await smsUpClientFor(this);
		const typeOf = (event: PollEvent) => (event === 'inboundMessage' ? 'messages-in' : 'messages-out');
		return await pollMessages<Fetched>(this, {
			// Newest first: one small call for a reply, one page for a status.
			sample: async ({ event, now }) => {
				const from = event === 'inboundMessage' ? now - MANUAL_LOOKBACK_DAYS * 86400 : now - lookbackSeconds;
				return await fetchMessages(client, event, typeOf(event), from, now, '-date', event === 'inboundMessage' ? 1 : MANUAL_MAX);
			},
			// Received SMS: from the watermark less the overlap window, so late or concurrent arrivals
			// are read again. Status changes: every message sent in the watched period, since a status
			// changes without the message's send date moving.
			read: async ({ event, now, previous }) => {
				const from = event === 'inboundMessage' ? (pollFrom(previous) ?? now - DEFAULT_OVERLAP_SECONDS) : now - lookbackSeconds;
				return await fetchMessages(client, event, typeOf(event), from, now, 'date', undefined);
			},
		});
	}
}

/** `GET /messages` for one direction over [from, now + margin], in Paris time as smsup.ch wants. */
async function fetchMessages(
	client: SmsUpClient,
	event: PollEvent,
	type: string,
	from: number,
	now: number,
	sort: 'date' | '-date',
	limit: number | undefined,
): Promise<Fetched[]> {
	const paris = (seconds: number) => toZonedFormat(DateTime.fromSeconds(seconds), SMSUP_ZONE, SMSUP_DATE_FORMAT);
	const qs: IDataObject = { date_start: paris(from), date_end: paris(now + END_MARGIN_SECONDS), type, sort };
	// Request failures arrive as NodeApiError from the transport, with smsup.ch's meaning.
	const rows = await readHistory(historySource(client, qs, 0), { limit });
	return rows
		.filter((raw) => (event === 'inboundMessage' ? raw.type === 'sms_mo' : raw.type !== 'sms_mo'))
		.map((raw) => {
			const normalized = normalizeSmsUpMessage(raw);
			// A status event happens when the report arrives (dlr_date), not when the SMS was sent.
			const time = event === 'statusChanged' && raw.dlr_date ? smsUpUnixSeconds(raw.dlr_date) : smsUpUnixSeconds(raw.date);
			return {
				raw,
				normalized,
				info: { id: String(raw.message_id), time, status: event === 'statusChanged' ? normalized.status : undefined },
			};
		});
}
