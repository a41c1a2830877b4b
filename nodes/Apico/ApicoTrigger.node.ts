import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { MessageStatus } from '../shared/message';
import { triggerEventField, triggerLookbackField, triggerOutputField, triggerStatusesField, triggerSubtitle } from '../shared/triggers';
import { DEFAULT_OVERLAP_SECONDS, pollFrom, pollMessages, type PolledEntry, type PollEvent } from '../shared/poll';
import { fetchHistoryPage, readNewest } from './actions/history';
import { APICO_PRICE_HINT, apicoTime, normalizeApicoMessage, type ApicoMessage } from './message';
import { apicoClientFor, APICO_MAX_PAGE_SIZE, type ApicoClient } from './transport';

/** The statuses an outbound message can have (provider-docs 002: queued, sent, delivered, failed). */
const STATUS_OPTIONS: Array<{ name: string; value: MessageStatus }> = [
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Sent', value: 'sent' },
];

type Fetched = PolledEntry<ApicoMessage>;

export class ApicoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apico Trigger',
		name: 'apicoTrigger',
		icon: { light: 'file:apico.svg', dark: 'file:apico.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when an SMS arrives or a sent SMS changes status (checks Apico\'s message history on a schedule)',
		defaults: { name: 'Apico Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apicoApi', required: true }],
		properties: [
			triggerEventField('Someone texted one of your Apico numbers'),
			{
				displayName:
					'Nothing to set up at Apico. Apico\'s documents describe no push notifications (webhooks), so this trigger reads Apico\'s message history on the Poll Times schedule: inbound messages with direction "inbound", status changes by comparing the status of your recent outbound messages with the previous poll.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			triggerStatusesField(STATUS_OPTIONS),
			triggerLookbackField('Apico tells a message\'s creation time, not when its status changed: the trigger follows the status of outbound messages created in this period, reading their history pages on every poll (20 messages per call)'),
			{ ...triggerOutputField('Apico\'s raw message'), hint: APICO_PRICE_HINT },
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const client = await apicoClientFor(this);
		return await pollMessages<Fetched>(this, {
			sample: async ({ event, statuses }) => await newestMatching(client, event, statuses),
			sampleWithoutCursor: true,
			read: async ({ event, now, previous }) => {
				const from = pollFrom(previous);
				// Where the read may stop, given the newest message: inbound reads back over the overlap
				// window (and, on a first poll, over the window before the newest message, so that the
				// next poll replays nothing); a cursor without a watermark saw an empty history, so
				// everything there now is new. Status changes follow the messages of the last N hours.
				const watchFrom = event === 'statusChanged' ? now - (this.getNodeParameter('lookbackHours', 24) as number) * 3600 : undefined;
				const reachBack = (newest: number) =>
					watchFrom ?? (previous && from === undefined ? -Infinity : Math.min(from ?? Infinity, newest - DEFAULT_OVERLAP_SECONDS));
				const messages = await readNewest(client, { direction: event === 'inboundMessage' ? 'inbound' : 'outbound' }, reachBack);
				const fetched = messages.map((raw) => describe(raw, event)).filter((entry): entry is Fetched => entry !== undefined);
				// Only what lies inside the window: a message older than it has left the cursor's memory
				// and must not come back as new.
				const windowStart = reachBack(fetched.reduce((latest, entry) => Math.max(latest, entry.info.time), -Infinity));
				return fetched.filter((entry) => entry.info.time >= windowStart);
			},
		});
	}
}

/** The poll's view of a message: its SID, creation time and (status events) normalized status. */
function describe(raw: ApicoMessage, event: PollEvent): Fetched | undefined {
	const id = typeof raw.message_sid === 'string' && raw.message_sid ? raw.message_sid : undefined;
	const time = apicoTime(raw);
	// Without a SID a message cannot be told apart from the next; without a date it has no place in the window.
	if (id === undefined || time === undefined) return undefined;
	const normalized = normalizeApicoMessage(raw);
	return { raw, normalized, info: { id, time, status: event === 'statusChanged' ? normalized.status : undefined } };
}

/**
 * The candidates of a test run: the newest inbound messages, or the newest outbound messages in
 * the wanted statuses (history's `status` filter, one call per status).
 */
async function newestMatching(client: ApicoClient, event: PollEvent, statuses: string[]): Promise<Fetched[]> {
	const queries =
		event === 'inboundMessage'
			? [{ direction: 'inbound' }]
			: statuses.length
				? statuses.filter((status) => STATUS_OPTIONS.some((option) => option.value === status)).map((status) => ({ direction: 'outbound', status }))
				: [{ direction: 'outbound' }];
	const pages = await Promise.all(queries.map(async (qs) => await fetchHistoryPage(client, qs, { offset: 0, limit: APICO_MAX_PAGE_SIZE }, 0)));
	const candidates = pages.flatMap((page) => page.messages).map((raw) => describe(raw, event));
	return candidates.filter((entry): entry is Fetched => entry !== undefined);
}
