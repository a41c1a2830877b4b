// The one message model of every provider's output: Output = All Fields is this model whole, Simplified a part of it (output.ts).
// Fields a provider does not know stay null, so a workflow can map them the same way for
// every provider.

export type MessageDirection = 'outbound' | 'inbound';

/** Provider statuses folded into a few states users can branch on. */
export type MessageStatus =
	| 'queued'
	| 'scheduled'
	| 'sent'
	| 'delivered'
	| 'failed'
	| 'rejected'
	| 'cancelled'
	| 'received'
	| 'unknown';

export interface NormalizedMessage {
	provider: string;
	id: string | null;
	direction: MessageDirection;
	from: string | null;
	to: string | null;
	body: string | null;
	status: MessageStatus;
	/** The provider's own status word or code, unchanged. */
	providerStatus: string | null;
	/** ISO 8601 (UTC). */
	sentAt: string | null;
	segments: number | null;
	price: number | null;
	currency: string | null;
	country: string | null;
	subject: string | null;
	mediaUrl: string | null;
	/** The caller's own reference (ClickSend custom_string, smsup gsmsmsid, …). */
	reference: string | null;
	error: string | null;
}

export function normalizedMessage(provider: string, fields: Partial<NormalizedMessage>): NormalizedMessage {
	return {
		provider,
		id: null,
		direction: 'outbound',
		from: null,
		to: null,
		body: null,
		status: 'unknown',
		providerStatus: null,
		sentAt: null,
		segments: null,
		price: null,
		currency: null,
		country: null,
		subject: null,
		mediaUrl: null,
		reference: null,
		error: null,
		...fields,
	};
}

/** Providers send numbers as numbers or strings ("0.0770", "1.00"); null when absent or not numeric. */
export function toNumberOrNull(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(number) ? number : null;
}

export function toStringOrNull(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	return String(value);
}
