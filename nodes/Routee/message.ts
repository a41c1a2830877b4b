import { isoFromProvider } from '../shared/dates';
import { normalizedMessage, toNumberOrNull, toStringOrNull, type MessageStatus, type NormalizedMessage } from '../shared/message';
import { ROUTEE_PROVIDER } from './transport';

/** Routee's analysis of a body (notes §2.2, §2.3). */
export interface RouteeBodyAnalysis {
	characters?: number;
	parts?: number;
	transcode?: { message?: string; parts?: number } | null;
	unicode?: boolean;
	unsupportedGSMCharacters?: string[];
}

/** `POST /sms` answer (notes §2.2). */
export interface RouteeSingleResponse {
	trackingId?: string;
	createdAt?: string;
	from?: string;
	to?: string;
	body?: string;
	status?: string;
	label?: string;
	bodyAnalysis?: RouteeBodyAnalysis;
	flash?: boolean;
	ttl?: number;
	[key: string]: unknown;
}

/** `POST /sms/campaign` answer (notes §2.2). */
export interface RouteeCampaignResponse {
	trackingId?: string;
	createdAt?: string;
	scheduledDate?: string | null;
	campaignName?: string | null;
	from?: string;
	to?: string[];
	body?: string;
	state?: string;
	statuses?: Record<string, number>;
	smsAnalysis?: { bodyAnalysis?: RouteeBodyAnalysis; recipientCountries?: Record<string, string>; [key: string]: unknown };
	[key: string]: unknown;
}

/** One SMS part from tracking (doc 003 "content" fields). */
export interface RouteeTrackingEntry {
	applicationName?: string;
	campaignName?: string | null;
	campaignTrackingId?: string | null;
	country?: string;
	smsId?: string;
	messageId?: string;
	groups?: string[];
	body?: string;
	operator?: string;
	originatingService?: string;
	to?: string;
	from?: string;
	latency?: number | null;
	parts?: number;
	part?: number;
	price?: number | string;
	label?: string | null;
	status?: { date?: string; status?: string; reason?: { detailedStatus?: string; description?: string } | null };
	direction?: string;
	receivedDate?: string;
	[key: string]: unknown;
}

/** A message with its parts merged (parts in order). */
export interface RouteeMergedMessage extends RouteeTrackingEntry {
	smsIds: string[];
	partsTracked: number;
}

/** Statuses per notes §2.4: Queued, Sent, Delivered, Undelivered, Failed, Unsent (bulk, no balance). */
const TRACKING_STATUS: Record<string, MessageStatus> = {
	queued: 'queued',
	scheduled: 'scheduled',
	sent: 'sent',
	delivered: 'delivered',
	undelivered: 'failed',
	failed: 'failed',
	unsent: 'failed',
};

/** How far along a status is; a merged message takes its least advanced (or failed) part's status. */
const STATUS_RANK: Record<string, number> = { failed: 0, unsent: 0, undelivered: 1, queued: 2, scheduled: 2, sent: 3, delivered: 4 };

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * `isoFromProvider` with a fast path for what Routee sends (ISO 8601 in UTC): exports and
 * triggers read 100,000s of dates, and luxon's parser is the slowest step there. Anything
 * else, or a date that would roll over (30 February), goes through luxon as before.
 */
export function routeeIso(value: unknown): string | undefined {
	if (typeof value === 'string' && ISO_UTC.test(value)) {
		const time = Date.parse(value);
		const iso = Number.isNaN(time) ? '' : new Date(time).toISOString();
		if (iso.slice(0, 19) === value.slice(0, 19)) return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
	}
	return isoFromProvider(value);
}

export function routeeStatus(status: unknown): MessageStatus {
	return TRACKING_STATUS[String(status ?? '').toLowerCase()] ?? 'unknown';
}

function partError(entry: RouteeTrackingEntry): string | null {
	const status = routeeStatus(entry.status?.status);
	if (status !== 'failed') return null;
	const reason = entry.status?.reason;
	const text = [reason?.detailedStatus, reason?.description].filter(Boolean).join(': ');
	return text || toStringOrNull(entry.status?.status);
}

export function normalizeRouteeTracking(entry: RouteeTrackingEntry): NormalizedMessage {
	const inbound = String(entry.direction ?? '').toLowerCase() === 'inbound';
	return normalizedMessage(ROUTEE_PROVIDER, {
		id: toStringOrNull(entry.messageId ?? entry.smsId),
		direction: inbound ? 'inbound' : 'outbound',
		from: toStringOrNull(entry.from),
		to: toStringOrNull(entry.to),
		body: toStringOrNull(entry.body),
		status: inbound ? 'received' : routeeStatus(entry.status?.status),
		providerStatus: toStringOrNull(entry.status?.status),
		sentAt: routeeIso(inbound ? (entry.receivedDate ?? entry.status?.date) : entry.status?.date) ?? null,
		segments: toNumberOrNull(entry.parts),
		price: toNumberOrNull(entry.price),
		country: toStringOrNull(entry.country),
		reference: toStringOrNull(entry.label),
		error: inbound ? null : partError(entry),
	});
}

/**
 * Merges tracking entries into messages (notes §5.4: `messageId` is shared by all parts,
 * `smsId` is per part), in the order each message first appears. The merged price is the sum
 * of the parts; the status is that of the least advanced part (a message is delivered only
 * when every part is).
 */
export function mergeParts(entries: RouteeTrackingEntry[]): RouteeMergedMessage[] {
	const byMessage = new Map<string, RouteeTrackingEntry[]>();
	for (const entry of entries) {
		const key = String(entry.messageId ?? entry.smsId ?? '');
		const parts = byMessage.get(key);
		if (parts) parts.push(entry);
		else byMessage.set(key, [entry]);
	}
	return [...byMessage.values()].map(mergeMessage);
}

/** The parts of one message (same `messageId`) as one message; see mergeParts. */
export function mergeMessage(parts: RouteeTrackingEntry[]): RouteeMergedMessage {
	if (parts.length === 1) {
		// Most messages have one part: the same result as below, without the sorting and sets.
		const [only] = parts;
		const price = toNumberOrNull(only.price);
		const copy: Record<string, unknown> = {};
		for (const key of Object.keys(only)) if (key !== 'part') copy[key] = only[key];
		const single = copy as RouteeMergedMessage;
		single.body = only.body ?? '';
		single.price = price === null ? undefined : Number(price.toFixed(6));
		single.status = { ...only.status, date: only.status?.date };
		single.smsIds = [String(only.smsId ?? '')];
		single.partsTracked = 1;
		return single;
	}
	const ordered = [...parts].sort((a, b) => Number(a.part ?? 0) - Number(b.part ?? 0));
	const first = ordered[0];
	const bodies = [...new Set(ordered.map((part) => part.body ?? ''))];
	const worst = ordered.reduce((chosen, part) =>
		(STATUS_RANK[String(part.status?.status ?? '').toLowerCase()] ?? 5) < (STATUS_RANK[String(chosen.status?.status ?? '').toLowerCase()] ?? 5)
			? part
			: chosen,
	);
	const latest = ordered.reduce((chosen, part) => (String(part.status?.date ?? '') > String(chosen.status?.date ?? '') ? part : chosen));
	const prices = ordered.map((part) => toNumberOrNull(part.price));
	const merged: RouteeMergedMessage = {
		...first,
		// Each part carries the whole text; should parts ever carry their own piece, join them in order.
		body: bodies.length === 1 ? bodies[0] : ordered.map((part) => part.body ?? '').join(''),
		price: prices.every((price) => price === null) ? undefined : Number(prices.reduce<number>((sum, price) => sum + (price ?? 0), 0).toFixed(6)),
		status: { ...worst.status, date: latest.status?.date ?? worst.status?.date },
		smsIds: ordered.map((part) => String(part.smsId ?? '')),
		partsTracked: ordered.length,
	};
	delete merged.part;
	return merged;
}

/** The columns of an exported history file, one row per message or per part. */
export const EXPORT_COLUMNS = [
	'messageId',
	'smsId',
	'part',
	'parts',
	'direction',
	'from',
	'to',
	'body',
	'status',
	'detailedStatus',
	'statusDescription',
	'statusDate',
	'receivedDate',
	'price',
	'country',
	'operator',
	'label',
	'campaignName',
	'campaignTrackingId',
	'applicationName',
	'originatingService',
	'latency',
];

/** One row of an export, its keys in EXPORT_COLUMNS order; without `part` when `withPart` is false. */
export function exportRow(entry: RouteeTrackingEntry | RouteeMergedMessage, withPart = true): Record<string, unknown> {
	const merged = 'smsIds' in entry;
	const row: Record<string, unknown> = {
		messageId: entry.messageId ?? null,
		smsId: merged ? (entry as RouteeMergedMessage).smsIds.join(' ') : (entry.smsId ?? null),
	};
	if (withPart) row.part = merged ? null : (entry.part ?? null);
	return Object.assign(row, {
		parts: entry.parts ?? null,
		direction: entry.direction ?? null,
		from: entry.from ?? null,
		to: entry.to ?? null,
		body: entry.body ?? null,
		status: entry.status?.status ?? null,
		detailedStatus: entry.status?.reason?.detailedStatus ?? null,
		statusDescription: entry.status?.reason?.description ?? null,
		statusDate: routeeIso(entry.status?.date) ?? null,
		receivedDate: routeeIso(entry.receivedDate) ?? null,
		price: toNumberOrNull(entry.price),
		country: entry.country ?? null,
		operator: entry.operator ?? null,
		label: entry.label ?? null,
		campaignName: entry.campaignName ?? null,
		campaignTrackingId: entry.campaignTrackingId ?? null,
		applicationName: entry.applicationName ?? null,
		originatingService: entry.originatingService ?? null,
		latency: entry.latency ?? null,
	});
}

/** What a send returned for one recipient, in the normalized model. */
export function normalizeRouteeSend(response: RouteeSingleResponse): NormalizedMessage {
	return normalizedMessage(ROUTEE_PROVIDER, {
		id: toStringOrNull(response.trackingId),
		from: toStringOrNull(response.from),
		to: toStringOrNull(response.to),
		body: toStringOrNull(response.body),
		status: routeeStatus(response.status) === 'unknown' ? 'queued' : routeeStatus(response.status),
		providerStatus: toStringOrNull(response.status),
		sentAt: isoFromProvider(response.createdAt) ?? null,
		segments: toNumberOrNull(response.bodyAnalysis?.parts),
		reference: toStringOrNull(response.label),
	});
}

/**
 * One recipient of a campaign, in the normalized model: the id is the campaign's tracking
 * id (Routee names no per-recipient message at send time).
 */
export function normalizeRouteeCampaignRecipient(response: RouteeCampaignResponse, to: string): NormalizedMessage {
	const scheduled = typeof response.scheduledDate === 'string' && response.scheduledDate !== '';
	return normalizedMessage(ROUTEE_PROVIDER, {
		id: toStringOrNull(response.trackingId),
		from: toStringOrNull(response.from),
		to,
		body: toStringOrNull(response.body),
		status: scheduled ? 'scheduled' : 'queued',
		providerStatus: toStringOrNull(response.state),
		sentAt: isoFromProvider(scheduled ? response.scheduledDate : response.createdAt) ?? null,
		segments: toNumberOrNull(response.smsAnalysis?.bodyAnalysis?.parts),
		country: toStringOrNull(response.smsAnalysis?.recipientCountries?.[to]),
		reference: toStringOrNull(response.campaignName),
	});
}

/**
 * Routee's SMS callback, one per part and status change (Routee's "Callbacks" page; notes
 * §2.4): the tracking fields, with the status as `status{name, reason, updatedDate}` and the
 * text as `message`.
 */
export interface RouteeSmsCallback {
	messageId: string;
	smsId?: string;
	campaignTrackingId?: string | null;
	part?: number;
	parts?: number;
	label?: string | null;
	to?: string;
	from?: string;
	country?: string;
	operator?: string;
	groups?: string[];
	campaignName?: string | null;
	status: { name: string; reason?: { detailedStatus?: string; description?: string } | null; updatedDate?: string };
	message?: string;
	applicationName?: string;
	latency?: number | null;
	price?: number | string;
	direction?: string;
	originatingService?: string;
	[key: string]: unknown;
}

/** Routee's campaign callback (Routee's callback settings page): the campaign's state and its messages per status. */
export interface RouteeCampaignCallback {
	trackingId: string;
	name?: string | null;
	totalRecipients?: number | string;
	campaignStatus: string;
	messageStatuses?: Record<string, number>;
	callbackInfo?: { url?: string; strategy?: string };
	[key: string]: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isRouteeSmsCallback(body: unknown): body is RouteeSmsCallback {
	return isRecord(body) && typeof body.messageId === 'string' && body.messageId !== '' && isRecord(body.status) && typeof body.status.name === 'string';
}

export function isRouteeCampaignCallback(body: unknown): body is RouteeCampaignCallback {
	return isRecord(body) && typeof body.trackingId === 'string' && body.trackingId !== '' && typeof body.campaignStatus === 'string';
}

/** An SMS callback as the normalized message (like a tracked part), with the part and campaign it belongs to. */
export function normalizeRouteeSmsCallback(callback: RouteeSmsCallback): NormalizedMessage & Record<string, unknown> {
	const asTracked: RouteeTrackingEntry = {
		...callback,
		body: callback.message,
		status: { status: callback.status.name, date: callback.status.updatedDate, reason: callback.status.reason ?? null },
	};
	return {
		...normalizeRouteeTracking(asTracked),
		callbackType: 'message',
		messageId: callback.messageId,
		smsId: toStringOrNull(callback.smsId),
		part: toNumberOrNull(callback.part),
		parts: toNumberOrNull(callback.parts),
		campaignTrackingId: toStringOrNull(callback.campaignTrackingId),
		campaignName: toStringOrNull(callback.campaignName),
	};
}

/**
 * The states of an SMS campaign: Scheduled, Queued, Running, then Sent once every message went
 * out (the statuses page; Failed and Cancelled as words Routee uses elsewhere, unverified here).
 */
const CAMPAIGN_STATUS: Record<string, MessageStatus> = {
	scheduled: 'scheduled',
	queued: 'queued',
	running: 'queued',
	sent: 'sent',
	completed: 'sent',
	failed: 'failed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
};

/** A campaign callback in the normalized model: id = the campaign's tracking id (as Send as Campaign gives), plus its counts. */
export function normalizeRouteeCampaignCallback(callback: RouteeCampaignCallback): NormalizedMessage & Record<string, unknown> {
	return {
		...normalizedMessage(ROUTEE_PROVIDER, {
			id: callback.trackingId,
			status: CAMPAIGN_STATUS[callback.campaignStatus.toLowerCase()] ?? 'unknown',
			providerStatus: callback.campaignStatus,
			reference: toStringOrNull(callback.name),
		}),
		callbackType: 'campaign',
		campaignTrackingId: callback.trackingId,
		campaignName: toStringOrNull(callback.name),
		totalRecipients: toNumberOrNull(callback.totalRecipients),
		messageStatuses: isRecord(callback.messageStatuses) ? { ...callback.messageStatuses } : {},
	};
}
