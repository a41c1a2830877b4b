import { isoFromProvider } from '../shared/dates';
import { normalizedMessage, toNumberOrNull, toStringOrNull, type MessageStatus, type NormalizedMessage } from '../shared/message';
import { APICO_PROVIDER } from './transport';

/** One message of Apico's history (provider-docs 002); numbers are digits without `+`. */
export interface ApicoMessage {
	account_sid?: string;
	message_sid?: string;
	text?: string;
	/** RFC 2822, e.g. "Wed, 10 Feb 2016 07:21:01 +0000". */
	created?: string;
	direction?: string;
	from?: string;
	to?: string;
	/** "The cost of sending the message (in USD cents)", a string such as "0.0010". */
	price?: string | number;
	status?: string;
	/** "Error details. It is sent only if the status value is failed." */
	status_message?: string;
	/** Apifonica's history adds the part count (provider-notes §4.3); Apico's document does not show it. */
	segment_count?: number | string;
	[key: string]: unknown;
}

/** The five statuses the document lists. */
const STATUS: Record<string, MessageStatus> = {
	queued: 'queued',
	sent: 'sent',
	received: 'received',
	delivered: 'delivered',
	failed: 'failed',
};

export const APICO_CURRENCY = 'USD';

/** Shown on every Output field of Apico's nodes: the one guess that can change a result 100-fold. */
export const APICO_PRICE_HINT =
	'Simplified price = Apico\'s price ÷ 100, in USD: Apico\'s document says prices are in USD cents, but its sample ("0.0010") reads like dollars. Compare one message with your invoice; with Output = Raw you get Apico\'s own value.';

/**
 * Apico states prices in USD cents (provider-docs 002); the normalized model carries amounts
 * in the currency itself, so cents become dollars. (The sample value "0.0010" looks like whole
 * units; the document's own wording is followed and the doubt is noted in the README.)
 */
export function apicoPriceInUsd(price: unknown): number | null {
	const cents = toNumberOrNull(price);
	return cents === null ? null : Number((cents / 100).toPrecision(12));
}

/** Apico writes numbers as international digits ("447860041756"); the model shows them in E.164. */
export function e164FromApico(value: unknown): string | null {
	const text = toStringOrNull(value)?.trim();
	if (!text) return null;
	return /^[1-9]\d{6,14}$/.test(text) ? `+${text}` : text;
}

export function apicoStatus(status: unknown): MessageStatus {
	return STATUS[String(status ?? '').toLowerCase()] ?? 'unknown';
}

export function normalizeApicoMessage(message: ApicoMessage): NormalizedMessage {
	const status = apicoStatus(message.status);
	const price = apicoPriceInUsd(message.price);
	return normalizedMessage(APICO_PROVIDER, {
		id: toStringOrNull(message.message_sid),
		direction: String(message.direction).toLowerCase() === 'inbound' ? 'inbound' : 'outbound',
		from: e164FromApico(message.from),
		to: e164FromApico(message.to),
		body: toStringOrNull(message.text),
		status,
		providerStatus: toStringOrNull(message.status),
		sentAt: isoFromProvider(message.created) ?? null,
		segments: toNumberOrNull(message.segment_count),
		price,
		currency: price === null ? null : APICO_CURRENCY,
		error: status === 'failed' ? toStringOrNull(message.status_message) ?? 'failed' : null,
	});
}

/** Unix seconds of a message's `created` (RFC 2822), or undefined when unreadable. */
export function apicoTime(message: ApicoMessage): number | undefined {
	const ms = typeof message.created === 'string' ? Date.parse(message.created) : NaN;
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
