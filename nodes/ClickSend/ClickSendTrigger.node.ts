import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isoFromProvider } from '../shared/dates';
import type { MessageStatus, NormalizedMessage } from '../shared/message';
import { triggerEventField, triggerLookbackField, triggerOutputField, triggerStatusesField, triggerSubtitle } from '../shared/triggers';
import { DEFAULT_OVERLAP_SECONDS, pollFrom, pollMessages, type PolledEntry, type PolledMessage, type PollCursor, type PollEvent, type PollRead } from '../shared/poll';
import { historySource } from './actions/history';
import { readHistory } from '../shared/history';
import {
	clickSendStatus,
	normalizeClickSendInbound,
	normalizeClickSendMessage,
	normalizeClickSendReceipt,
	RECEIPT_STATUS_HINT,
	type ClickSendMessage,
} from './message';
import { clickSendClientFor, type ClickSendClient } from './transport';

/** Each poll reads at most this many of the newest inbound messages or receipts. */
const MAX_PER_POLL = 1000;
const STATUS_OPTIONS: Array<{ name: string; value: MessageStatus }> = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Rejected', value: 'rejected' },
	{ name: 'Scheduled', value: 'scheduled' },
	{ name: 'Sent', value: 'sent' },
];

type Source = 'inbound' | 'receipts' | 'history';

type Fetched = PolledEntry<ClickSendMessage>;

export class ClickSendTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ClickSend Trigger',
		name: 'clickSendTrigger',
		icon: { light: 'file:clicksend.svg', dark: 'file:clicksend.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when an SMS arrives or a sent SMS changes status (checks ClickSend on a schedule)',
		defaults: { name: 'ClickSend Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clickSendApi', required: true }],
		properties: [
			triggerEventField('Someone texted one of your numbers'),
			{
				displayName:
					'ClickSend lists inbound messages only for an inbound rule whose action is "Poll" (Messaging → Inbound Rules), and delivery receipts only for a delivery report rule set to "Poll". Without such a rule, use SMS History as the source.',
				name: 'pollRuleNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Source',
				name: 'inboundSource',
				type: 'options',
				options: [
					{ name: 'Inbound Messages (Poll Rule)', value: 'inbound', description: 'GET /v3/sms/inbound' },
					{ name: 'SMS History', value: 'history', description: 'GET /v3/sms/history, messages with direction "in"' },
				],
				default: 'inbound',
				displayOptions: { show: { event: ['inboundMessage'] } },
			},
			{
				displayName: 'Source',
				name: 'statusSource',
				type: 'options',
				options: [
					{ name: 'Delivery Receipts (Poll Rule)', value: 'receipts', description: 'GET /v3/sms/receipts' },
					{ name: 'SMS History', value: 'history', description: 'GET /v3/sms/history, the status of recent messages' },
				],
				default: 'receipts',
				displayOptions: { show: { event: ['statusChanged'] } },
				hint: RECEIPT_STATUS_HINT,
			},
			triggerStatusesField(STATUS_OPTIONS),
			triggerLookbackField('How far back to follow the status of sent messages in history', 720, { statusSource: ['history'] }),
			triggerOutputField('the raw ClickSend object'),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const client = await clickSendClientFor(this);
		// The same read for a test run and a poll. History is read from the start of the watched
		// period: the look-back for status changes, the cursor (less the overlap) for inbound
		// messages; the Poll Rule lists need no start.
		const read = async ({ event, now, previous }: PollRead & { previous: PollCursor | undefined }) => {
			const source = (event === 'inboundMessage' ? this.getNodeParameter('inboundSource', 'inbound') : this.getNodeParameter('statusSource', 'receipts')) as Source;
			const lookback = (this.getNodeParameter('lookbackHours', 24) as number) * 3600;
			const historyFrom = event === 'statusChanged' ? now - lookback : pollFrom(previous) ?? now - DEFAULT_OVERLAP_SECONDS;
			return await fetchSource(client, source, event, historyFrom);
		};
		return await pollMessages<Fetched>(this, { sample: read, read });
	}
}

async function fetchSource(client: ClickSendClient, source: Source, event: PollEvent, from: number): Promise<Fetched[]> {
	if (source === 'inbound') {
		const messages = await readHistory(historySource(client, '/v3/sms/inbound', {}, 0), { limit: MAX_PER_POLL });
		return messages.map((raw) => entry(raw, normalizeClickSendInbound(raw), { id: String(raw.message_id), time: Number(raw.timestamp ?? raw.timestamp_send ?? 0) }));
	}
	if (source === 'receipts') {
		const receipts = await readHistory(historySource(client, '/v3/sms/receipts', {}, 0), { limit: MAX_PER_POLL });
		return receipts.map((raw) => {
			const normalized = normalizeClickSendReceipt(raw);
			return entry(raw, normalized, { id: String(raw.message_id), time: Number(raw.timestamp ?? 0), status: normalized.status });
		});
	}
	// History: oldest first from the window's start, so pages stay stable while messages arrive.
	const messages = await readHistory(historySource(client, '/v3/sms/history', { date_from: from, order_by: 'date:asc' }, 0));
	return messages
		.filter((raw) => (event === 'inboundMessage' ? raw.direction === 'in' : raw.direction !== 'in'))
		.map((raw) => {
			const normalized = event === 'inboundMessage' ? { ...normalizeClickSendMessage(raw), status: 'received' as const } : normalizeClickSendMessage(raw);
			return entry(raw, normalized, { id: String(raw.message_id), time: Number(raw.date ?? 0), status: event === 'inboundMessage' ? undefined : clickSendStatus(raw) });
		});
}

/** The entry of one message; a simplified message without a send time takes the poll's time for it. */
function entry(raw: ClickSendMessage, normalized: NormalizedMessage, info: PolledMessage): Fetched {
	return { raw, normalized: normalized.sentAt ? normalized : { ...normalized, sentAt: isoFromProvider(info.time) ?? null }, info };
}
