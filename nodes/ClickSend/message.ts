import { isoFromProvider } from '../shared/dates';
import { normalizedMessage, toNumberOrNull, toStringOrNull, type MessageStatus, type NormalizedMessage } from '../shared/message';
import { CLICKSEND_PROVIDER } from './transport';

/** One message as ClickSend returns it from send, price and history (types vary; notes §5.2). */
export interface ClickSendMessage {
	direction?: string;
	date?: number | string;
	date_added?: number | string;
	to?: string;
	body?: string;
	from?: string;
	schedule?: number | string;
	message_id?: string;
	message_parts?: number | string;
	message_price?: number | string;
	custom_string?: string;
	country?: string;
	status?: string;
	status_code?: string | number | null;
	status_text?: string | null;
	error_text?: string | null;
	subject?: string;
	list_id?: number | string | null;
	timestamp?: number | string;
	timestamp_send?: number | string;
	_media_file_url?: string;
	[key: string]: unknown;
}

const HISTORY_STATUS: Record<string, MessageStatus> = {
	queued: 'queued',
	waitapproval: 'queued',
	scheduled: 'scheduled',
	sent: 'sent',
	completed: 'delivered',
	delivered: 'delivered',
	failed: 'failed',
	cancelled: 'cancelled',
	cancelledafterreview: 'cancelled',
	received: 'received',
};

/** The per-message status of a send: SUCCESS, or an application status code naming the rejection. */
export function isAcceptedStatus(status: unknown): boolean {
	return String(status ?? '').toUpperCase() === 'SUCCESS';
}

export function clickSendStatus(message: ClickSendMessage, nowSeconds = Date.now() / 1000): MessageStatus {
	const status = String(message.status ?? '');
	if (isAcceptedStatus(status)) {
		return Number(message.schedule) > nowSeconds ? 'scheduled' : 'queued';
	}
	// MMS history has sub-states such as "Queued:WaitSend" (provider-docs 000).
	const known = HISTORY_STATUS[status.split(':')[0].toLowerCase()];
	if (known) return known;
	// Upper-case words other than SUCCESS are application status codes: the message was refused.
	return /^[A-Z_]+$/.test(status) ? 'rejected' : 'unknown';
}

export function normalizeClickSendMessage(message: ClickSendMessage, currency?: string): NormalizedMessage {
	const status = clickSendStatus(message);
	return normalizedMessage(CLICKSEND_PROVIDER, {
		id: toStringOrNull(message.message_id),
		direction: message.direction === 'in' ? 'inbound' : 'outbound',
		from: toStringOrNull(message.from),
		to: toStringOrNull(message.to),
		body: toStringOrNull(message.body),
		status,
		providerStatus: toStringOrNull(message.status),
		sentAt: isoFromProvider(message.date ?? message.date_added) ?? null,
		segments: toNumberOrNull(message.message_parts),
		price: toNumberOrNull(message.message_price),
		currency: currency ?? null,
		country: toStringOrNull(message.country),
		subject: toStringOrNull(message.subject),
		mediaUrl: toStringOrNull(message._media_file_url),
		reference: toStringOrNull(message.custom_string),
		error: status === 'rejected' || status === 'failed' ? failureText(message) : null,
	});
}

const STATUS_WORD = /^[A-Za-z]+(:[A-Za-z]+)?$/;

/**
 * ClickSend's own words for a failed or refused message: `status_text` when it says more than
 * the status word (MMS history's "Unable to process your MMS for sending.", doc 000), and
 * `error_text` when there is one (SMS history's "Unknown subscriber"), both when both; else the
 * status itself.
 */
export function failureText(message: ClickSendMessage): string | null {
	const status = toStringOrNull(message.status);
	const statusText = toStringOrNull(message.status_text)?.trim();
	const errorText = toStringOrNull(message.error_text)?.trim();
	// A single word ("Delivered", "Queued:WaitSend") is a status, not an explanation: SMS history's
	// status_text can lag behind its status, and would then read as the failure's reason.
	const telling = statusText && !STATUS_WORD.test(statusText) && statusText !== errorText ? statusText : undefined;
	if (telling && errorText) return `${telling} (${errorText})`;
	return telling || errorText || status;
}

/** An inbound SMS from /v3/sms/inbound (notes §1.6: `timestamp`, `_keyword`, `original_body`). */
export function normalizeClickSendInbound(message: ClickSendMessage): NormalizedMessage {
	return normalizedMessage(CLICKSEND_PROVIDER, {
		id: toStringOrNull(message.message_id),
		direction: 'inbound',
		from: toStringOrNull(message.from),
		to: toStringOrNull(message.to),
		body: toStringOrNull(message.body),
		status: 'received',
		providerStatus: 'Received',
		sentAt: isoFromProvider(message.timestamp ?? message.timestamp_send) ?? null,
		reference: toStringOrNull(message.custom_string),
	});
}

/** Where receipts' statuses are shown: the code table is a third party's reading of ClickSend's docs. */
export const RECEIPT_STATUS_HINT =
	"A receipt's status comes from its code: 200 sent, 201 delivered, 300 and 301 failed (a third party's reading of ClickSend's docs, unverified); Output = Raw keeps ClickSend's own code";

/** Delivery receipt codes (notes §1.6): 200 sent/queued, 201 delivered, 300 temporary failure, 301 failed. */
const RECEIPT_STATUS: Record<string, MessageStatus> = { '200': 'sent', '201': 'delivered', '300': 'failed', '301': 'failed' };

export function normalizeClickSendReceipt(receipt: ClickSendMessage): NormalizedMessage {
	const code = String(receipt.status_code ?? '');
	return normalizedMessage(CLICKSEND_PROVIDER, {
		id: toStringOrNull(receipt.message_id),
		status: RECEIPT_STATUS[code] ?? 'unknown',
		providerStatus: toStringOrNull(receipt.status_text) ?? (code || null),
		sentAt: isoFromProvider(receipt.timestamp ?? receipt.timestamp_send) ?? null,
		reference: toStringOrNull(receipt.custom_string),
		error: toStringOrNull(receipt.error_text),
	});
}

/** What a price check says about one message: would it be accepted, in how many parts, at what cost. */
export function normalizeClickSendPrice(message: ClickSendMessage, currency?: string) {
	return {
		provider: CLICKSEND_PROVIDER,
		to: toStringOrNull(message.to),
		listId: toNumberOrNull(message.list_id),
		from: toStringOrNull(message.from),
		body: toStringOrNull(message.body),
		subject: toStringOrNull(message.subject),
		accepted: isAcceptedStatus(message.status),
		providerStatus: toStringOrNull(message.status),
		segments: toNumberOrNull(message.message_parts),
		price: toNumberOrNull(message.message_price),
		currency: currency ?? null,
		country: toStringOrNull(message.country),
		reference: toStringOrNull(message.custom_string),
	};
}
