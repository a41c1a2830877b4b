import type { IDataObject } from 'n8n-workflow';

import { isoFromProvider } from '../shared/dates';
import { normalizedMessage, toNumberOrNull, toStringOrNull, type MessageStatus, type NormalizedMessage } from '../shared/message';
import { countSegments } from '../shared/sms';
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
		sentAt: isoFromProvider(message.date, SMSUP_ZONE) ?? null,
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
