import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { toIsoUtc } from '../shared/dates';
import type { MessageStatus } from '../shared/message';
import { triggerEventField, triggerLookbackField, triggerOutputField, triggerStatusesField, triggerSubtitle } from '../shared/triggers';
import { DEFAULT_OVERLAP_SECONDS, pollFrom, pollMessages, type PolledEntry, type PollEvent } from '../shared/poll';
import { directionCheck, readTracking, TRACKING_WINDOW_DAYS } from './actions/history';
import { mergeParts, normalizeRouteeTracking, type RouteeMergedMessage, type RouteeTrackingEntry } from './message';
import { routeeClientFor, type RouteeClient } from './transport';

/** Statuses a sent Routee message can reach, normalized (notes §2.4: Undelivered, Failed and Unsent are failed). */
const STATUS_OPTIONS: Array<{ name: string; value: MessageStatus }> = [
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Sent', value: 'sent' },
];
/** Routee tracks the last 7 days only (doc 003): reads start this far inside the window's edge. */
const WINDOW_MARGIN_SECONDS = 120;
/** A message whose parts have not all been read waits this long for them before it is judged as it is. */
const INCOMPLETE_GRACE_SECONDS = 300;
/** A test run looks at this many of the newest messages for one that matches. */
const MANUAL_LOOKUP = 100;

interface Fetched extends PolledEntry<RouteeMergedMessage> {
	/** Whether every part of the message has been tracked. */
	complete: boolean;
}

export class RouteeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Routee Trigger',
		name: 'routeeTrigger',
		icon: { light: 'file:routee.svg', dark: 'file:routee.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when an SMS arrives or a sent SMS changes status (checks Routee tracking on a schedule)',
		defaults: { name: 'Routee Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'routeeApi', required: true }],
		properties: [
			triggerEventField('Someone texted one of your Routee numbers'),
			{
				displayName:
					'Nothing to set up at Routee: this trigger reads Routee\'s tracking (POST /sms/tracking), which covers the last 7 days only. For delivery reports the moment Routee has them, use the Routee Webhook Trigger instead.',
				name: 'trackingNotice',
				type: 'notice',
				default: '',
			},
			triggerStatusesField(STATUS_OPTIONS, 'Failed covers Routee\'s Undelivered, Failed and Unsent.'),
			triggerLookbackField('How far back to follow the status of sent messages (Routee tracks at most 7 days, 168 hours)', TRACKING_WINDOW_DAYS * 24),
			triggerOutputField('Routee\'s tracking object (parts merged)'),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const lookbackSeconds = Math.min(Number(this.getNodeParameter('lookbackHours', 24)) || 24, TRACKING_WINDOW_DAYS * 24) * 3600;
		const client = await routeeClientFor(this);
		return await pollMessages<Fetched>(this, {
			sample: async ({ event, now }) => {
				const from = event === 'inboundMessage' ? now - TRACKING_WINDOW_DAYS * 86400 : now - lookbackSeconds;
				return await fetchMessages(client, event, from, now, MANUAL_LOOKUP);
			},
			// Inbound: from the watermark back over the overlap. Status: every sent message of the look-back,
			// since a message's status can change long after it was sent.
			read: async ({ event, now, previous }) => {
				const from = event === 'inboundMessage' ? (pollFrom(previous) ?? now - DEFAULT_OVERLAP_SECONDS) : now - lookbackSeconds;
				const fetched = await fetchMessages(client, event, from, now);
				// A multipart message is judged once all its parts were read (they may still be arriving,
				// or a part may have moved to another page mid-read); after a grace time, as it is.
				return fetched.filter((entry) => entry.complete || entry.info.time < now - INCOMPLETE_GRACE_SECONDS);
			},
		});
	}
}

/**
 * Tracking entries of one direction between two moments, parts merged per message. Routee
 * accepts only the last 7 days, so the start is kept inside that window (a cursor older than
 * that cannot be read back any more). With `newest`, only that many of the newest messages.
 */
async function fetchMessages(client: RouteeClient, event: PollEvent, fromSeconds: number, nowSeconds: number, newest?: number): Promise<Fetched[]> {
	const earliest = nowSeconds - TRACKING_WINDOW_DAYS * 86400 + WINDOW_MARGIN_SECONDS;
	const start = Math.min(Math.max(fromSeconds, earliest), nowSeconds - 60);
	// The end is now to the millisecond: a message stamped within the current second is in range.
	const qs: IDataObject = { dateStart: toIsoUtc(DateTime.fromSeconds(start)), dateEnd: toIsoUtc(DateTime.utc()) };
	if (newest !== undefined) qs.sort = 'status.date,desc';
	const inbound = event === 'inboundMessage';
	const request = { method: 'POST' as const, path: '/sms/tracking', qs, checks: [directionCheck(inbound ? 'Inbound' : 'Outbound')] };
	const messages =
		newest !== undefined
			? ((await readTracking(client, request, { merge: true, limit: newest, itemIndex: 0 })) as RouteeMergedMessage[])
			: mergeParts(latestPerPart((await readTracking(client, request, { merge: false, itemIndex: 0 })) as RouteeTrackingEntry[]));
	return messages.map((raw) => {
		const normalized = normalizeRouteeTracking(raw);
		const time = Math.floor((Date.parse(String((inbound ? raw.receivedDate : undefined) ?? raw.status?.date ?? '')) || 0) / 1000);
		return {
			raw,
			normalized,
			info: { id: String(raw.messageId ?? raw.smsIds[0] ?? ''), time, status: inbound ? undefined : normalized.status },
			complete: raw.partsTracked >= (Number(raw.parts) || 1),
		};
	});
}

/**
 * One entry per SMS part, the one with the newest status: pages are read while statuses
 * change, and a part whose status moved it to a later page can be read twice.
 */
function latestPerPart(entries: RouteeTrackingEntry[]): RouteeTrackingEntry[] {
	const byPart = new Map<string, RouteeTrackingEntry>();
	const result: RouteeTrackingEntry[] = [];
	for (const entry of entries) {
		if (!entry.smsId) {
			result.push(entry);
			continue;
		}
		const earlier = byPart.get(entry.smsId);
		if (!earlier) {
			byPart.set(entry.smsId, entry);
			result.push(entry);
		} else if (String(entry.status?.date ?? '') > String(earlier.status?.date ?? '')) {
			result[result.indexOf(earlier)] = entry;
			byPart.set(entry.smsId, entry);
		}
	}
	return result;
}
