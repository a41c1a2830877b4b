import type { IDataObject } from 'n8n-workflow';

import { DateTime } from 'luxon';

import { isoFromProvider } from '../shared/dates';
import { normalizedMessage, toNumberOrNull, toStringOrNull, type MessageStatus, type NormalizedMessage } from '../shared/message';
import { countSegments, normalizePhoneNumber } from '../shared/sms';
import { SMSUP_PROVIDER, SMSUP_ZONE } from './transport';

/** One message of `GET /messages` (provider-docs 004). */
export interface SmsUpMessage extends IDataObject {
	campaign_id?: number | string;
	client_id?: number | string;
	client_message_id?: string;
	contact_list_id?: string;
	message?: string;
	message_length?: number | string;
	cost?: number | string;
	country?: string;
	destination?: string;
	message_id?: number | string;
	sender?: string;
	date?: string;
	dlr_date?: string;
	status?: string;
	status_details?: string;
	type?: string;
}

/** smsup.ch's costs are SMS credits, not money (notes §3.3). */
export const SMSUP_CURRENCY = 'credits';

/**
 * History statuses (doc 004: sent, waiting, delivered, moderation, denied, not_sent,
 * undelivered; answers are upper-case) and `incoming_message` for received SMS.
 */
const HISTORY_STATUS: Record<string, MessageStatus> = {
	sent: 'sent',
	waiting: 'scheduled',
	delivered: 'delivered',
	moderation: 'queued',
	denied: 'rejected',
	not_sent: 'failed',
	undelivered: 'failed',
	incoming_message: 'received',
};

export function smsUpStatus(status: unknown): MessageStatus {
	return HISTORY_STATUS[String(status ?? '').toLowerCase()] ?? 'unknown';
}

/**
 * smsup.ch writes numbers as digits without `+` (`41781234567`); the normalized model uses
 * E.164. Short codes (inbound `destination` such as `36000`) and sender names stay as they are.
 */
export function e164FromSmsUp(value: unknown): string | null {
	const text = toStringOrNull(value);
	if (text === null) return null;
	return /^[1-9]\d{7,14}$/.test(text) ? `+${text}` : text;
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

const SQL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Paris's UTC offset (minutes) per local `yyyy-MM-dd HH`, or null for an hour a clock change touches. */
const parisHourOffsets = new Map<string, number | null>();

function parisHourOffset(year: number, month: number, day: number, hour: number, key: string): number | null {
	let offset = parisHourOffsets.get(key);
	if (offset !== undefined) return offset;
	const start = DateTime.fromObject({ year, month, day, hour }, { zone: SMSUP_ZONE });
	const end = DateTime.fromObject({ year, month, day, hour, minute: 59, second: 59 }, { zone: SMSUP_ZONE });
	// The whole hour exists once, with one offset: every time in it converts the same way.
	offset = start.isValid && start.hour === hour && end.hour === hour && start.offset === end.offset ? start.offset : null;
	if (parisHourOffsets.size >= 50_000) parisHourOffsets.clear();
	parisHourOffsets.set(key, offset);
	return offset;
}

/**
 * A Paris wall-clock time `Y-m-d H:i:s` (history's `date`, `dlr_date`) as ISO 8601 in UTC.
 * Converting through a time zone costs some 20 µs a time, most of the CPU of reading 100,000
 * messages, so the offset is worked out once per hour and reused; an hour a clock change
 * touches, and any other form, goes the general way (isoFromProvider).
 */
export function isoFromParis(value: unknown): string | undefined {
	const match = typeof value === 'string' ? SQL_TIME.exec(value) : null;
	if (match) {
		const [, year, month, day, hour, minute, second] = match.slice(0, 7).map(Number);
		// An impossible date or hour (31 June, 24:00) makes the hour's offset null: the general way.
		const offset = minute <= 59 && second <= 59 ? parisHourOffset(year, month, day, hour, match[0].slice(0, 13)) : null;
		if (offset !== null) return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000).toISOString().replace('.000Z', 'Z');
	}
	return isoFromProvider(value, SMSUP_ZONE);
}

/** A history message in the normalized model; its times are Paris wall-clock times. */
export function normalizeSmsUpMessage(message: SmsUpMessage): NormalizedMessage {
	const inbound = message.type === 'sms_mo' || String(message.status ?? '').toLowerCase() === 'incoming_message';
	const status = smsUpStatus(message.status);
	const body = toStringOrNull(message.message);
	return normalizedMessage(SMSUP_PROVIDER, {
		id: toStringOrNull(message.message_id),
		direction: inbound ? 'inbound' : 'outbound',
		from: e164FromSmsUp(message.sender),
		to: e164FromSmsUp(message.destination),
		body,
		status,
		providerStatus: toStringOrNull(message.status),
		sentAt: isoFromParis(message.date) ?? null,
		segments: body === null ? null : countSegments(body).segments,
		price: toNumberOrNull(message.cost),
		currency: SMSUP_CURRENCY,
		country: toStringOrNull(message.country),
		reference: toStringOrNull(message.client_message_id),
		error:
			status === 'failed' || status === 'rejected'
				? toStringOrNull(message.status_details) ?? toStringOrNull(message.status)
				: null,
	});
}

/** The moment of a history row (Paris wall-clock `Y-m-d H:i:s`) in Unix seconds; 0 when unreadable. */
export function smsUpUnixSeconds(value: unknown): number {
	const iso = isoFromParis(value);
	return iso === undefined ? 0 : Math.floor(Date.parse(iso) / 1000);
}

/**
 * A delivery report as smsup.ch pushes it to a DLR webhook: a raw JSON body
 * `{date, status, destination, message_id, campaign_id, country_code}` (notes §3.4;
 * https://doc.smsup.ch/en/api/sms/webhook/delivery-report).
 */
export interface SmsUpDeliveryReport extends IDataObject {
	/** ISO 8601 with an offset: when the report was made. */
	date?: string;
	status: number | string;
	destination: string | number;
	/** Your `gsmsmsid`, when the message was sent with one. */
	message_id?: string | number;
	campaign_id: string | number;
	country_code?: string;
}

interface DlrCode {
	name: string;
	meaning: string;
	status: MessageStatus;
}

/** The documented DLR `status` codes, their names and meanings (8 and 10 are not documented). */
export const SMSUP_DLR_CODES: Record<number, DlrCode> = {
	0: { name: 'NOT_SENT', meaning: 'The message has not been sent yet', status: 'queued' },
	1: { name: 'SENT', meaning: 'The message has been sent although the DLR is not available yet', status: 'sent' },
	2: { name: 'NOT_DELIVERED', meaning: 'The message has been sent although it has not been delivered', status: 'failed' },
	3: { name: 'DELIVERED', meaning: 'The message has been sent and delivered', status: 'delivered' },
	4: { name: 'NOT_ALLOWED', meaning: 'The message has been sent but is not allowed to be delivered', status: 'rejected' },
	5: { name: 'INVALID_DESTINATION', meaning: 'The destination is invalid', status: 'failed' },
	6: { name: 'INVALID_SENDER', meaning: 'The sender is invalid', status: 'rejected' },
	7: { name: 'ROUTE_NOT_AVAILABLE', meaning: 'The route is not available', status: 'failed' },
	9: { name: 'REJECTED', meaning: 'The message has been rejected', status: 'rejected' },
	11: { name: 'NETWORK_ERROR', meaning: 'The message has not been delivered due to a network error', status: 'failed' },
	// "Sent but the DLR has expired": the operator never confirmed delivery in time.
	12: { name: 'EXPIRED', meaning: 'The message has been sent but the DLR has expired', status: 'failed' },
};

/** A DLR code as a whole number, or undefined when it is not one (a number or digits, as JSON may carry it). */
export function dlrCode(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	if (typeof value === 'string' && /^\d{1,3}$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

/**
 * Why a body is not an smsup.ch delivery report (the fields it lacks), or undefined when it is
 * one: a whole-number `status`, a `destination` and a `campaign_id`, every DLR carries them.
 */
export function deliveryReportProblem(body: unknown): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body is not a JSON object';
	const report = body as IDataObject;
	const present = (value: unknown) => (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
	const missing: string[] = [];
	if (dlrCode(report.status) === undefined) missing.push('status');
	if (!present(report.destination)) missing.push('destination');
	if (!present(report.campaign_id)) missing.push('campaign_id');
	return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

/** A delivery report in the normalized model: status from the code, the code's name as providerStatus. */
export function normalizeSmsUpDeliveryReport(report: SmsUpDeliveryReport): NormalizedMessage {
	const code = dlrCode(report.status);
	const known = code === undefined ? undefined : SMSUP_DLR_CODES[code];
	const status = known?.status ?? 'unknown';
	return normalizedMessage(SMSUP_PROVIDER, {
		// smsup.ch's own message id is not in a DLR; its `message_id` is your gsmsmsid.
		id: null,
		direction: 'outbound',
		to: e164FromSmsUp(report.destination),
		status,
		providerStatus: known?.name ?? (code === undefined ? null : String(code)),
		sentAt: isoFromProvider(report.date) ?? null,
		country: toStringOrNull(report.country_code),
		reference: toStringOrNull(report.message_id),
		error: status === 'failed' || status === 'rejected' ? (known?.meaning ?? null) : null,
	});
}
