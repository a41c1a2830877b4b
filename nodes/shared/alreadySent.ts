// The duplicate guard across executions ("Skip Recipients Already Sent"), once for every
// provider: before a send, the provider's outbound history over a chosen window is read once,
// and an item whose recipient already has a message there with the same text (and the same
// reference, when the item sets one) is not sent again but answered with that earlier message.
// The run's ledger (ledger.ts) covers the tries of one execution; this covers what it cannot:
// a re-run of a failed execution, a workflow started twice, a queue-mode job run again.
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InputError } from './errors';
import type { PreparedMessage, SendGateway } from './gateway';
import type { NormalizedMessage } from './message';
import { sameRecipient } from './sms';

export const SKIP_ALREADY_SENT = 'Skip Recipients Already Sent';
export const ALREADY_SENT_WITHIN = 'Already Sent Within (Hours)';
export const DEFAULT_ALREADY_SENT_HOURS = 24;

/** What an item is matched on in the history: its recipient, its text and, when set, its reference. */
export interface SentKey {
	/** E.164 (`+41…`) or, where the provider takes them, a national number. */
	to: string;
	text: string;
	/** The user's own reference; null when the item sets none (then any reference matches). */
	reference: string | null;
}

/** The two Send options, for a provider's Options collection. */
export const alreadySentOptions: INodeProperties[] = [
	{
		displayName: SKIP_ALREADY_SENT,
		name: 'skipAlreadySent',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the provider\'s sent history first and skip each item whose recipient already got the same text (and the same reference, if the item has one) within the window below. Protects re-runs of failed executions and workflows started twice. Costs the history read; the README lists the calls per provider.',
	},
	{
		displayName: ALREADY_SENT_WITHIN,
		name: 'alreadySentWithinHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_ALREADY_SENT_HOURS,
		description: `How far back the history is read for "${SKIP_ALREADY_SENT}"`,
	},
];

/** The guard's window in hours when it is on, read at item 0 (it is one read for the whole run); undefined when off. */
export function readAlreadySentWindow(context: IExecuteFunctions, collection: string, maxHours: number | undefined): number | undefined {
	const options = context.getNodeParameter(collection, 0, {}) as IDataObject;
	const on = options.skipAlreadySent ?? false;
	if (typeof on !== 'boolean') throw new InputError(SKIP_ALREADY_SENT, 'must be true or false');
	if (!on) return undefined;
	const hours = options.alreadySentWithinHours ?? DEFAULT_ALREADY_SENT_HOURS;
	if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 1) {
		throw new InputError(ALREADY_SENT_WITHIN, `must be a number of hours of at least 1, got ${JSON.stringify(hours)}`);
	}
	if (maxHours !== undefined && hours > maxHours) {
		throw new InputError(ALREADY_SENT_WITHIN, `is ${hours}; this provider's history reaches back at most ${maxHours} hours`);
	}
	return hours;
}

/** Texts compare as users see them: line ends and the whitespace around the text do not count. */
function comparableText(text: unknown): string {
	return String(text ?? '').replace(/\r\n?/g, '\n').trim();
}

/** A message the provider refused or that was cancelled never reached the recipient: it is no reason to skip. */
function reachedOrOnItsWay(message: NormalizedMessage): boolean {
	return message.direction === 'outbound' && message.status !== 'rejected' && message.status !== 'cancelled';
}

export function matchesSent(key: SentKey, message: NormalizedMessage): boolean {
	return (
		reachedOrOnItsWay(message) &&
		sameRecipient(key.to)(message.to) &&
		comparableText(message.body) === comparableText(key.text) &&
		(key.reference === null || message.reference === key.reference)
	);
}

/** The output of a skipped item: not an error (nothing failed), saying so, with the earlier message. */
function skippedItem(providerName: string, itemIndex: number, key: SentKey, earlier: NormalizedMessage, hours: number): INodeExecutionData {
	return {
		json: {
			skipped: true,
			to: key.to,
			message: `Skipped: already sent to ${key.to} through ${providerName} within the last ${hours} hours (message ${earlier.id ?? 'without an ID'})`,
			earlierMessageId: earlier.id,
			earlierSentAt: earlier.sentAt,
			earlier: { ...earlier } as IDataObject,
		},
		pairedItem: { item: itemIndex },
	};
}

export interface AlreadySentCheck<M> {
	/** The messages still to send. */
	toSend: Array<PreparedMessage<M>>;
	/** Output of the skipped items, by item. */
	skipped: Map<number, INodeExecutionData[]>;
}

/**
 * Reads the history once and splits the messages into those to send and those already sent.
 * A message that cannot be matched (a contact list) throws an InputError for its item rather
 * than going out unchecked; a history that cannot be read fails the run before anything is sent.
 */
export async function checkAlreadySent<M>(
	gateway: SendGateway<M>,
	prepared: Array<PreparedMessage<M>>,
	hours: number,
	now: DateTime = DateTime.utc(),
): Promise<AlreadySentCheck<M>> {
	if (!gateway.sentKey || !gateway.readSent) {
		throw new InputError(SKIP_ALREADY_SENT, `is not available for ${gateway.providerName}`);
	}
	const keys = prepared.map(({ itemIndex, message }) => ({ itemIndex, key: gateway.sentKey!(message) }));
	const history = await gateway.readSent(now.minus({ hours }), prepared[0].itemIndex);
	const sent = history.filter(reachedOrOnItsWay);
	const toSend: Array<PreparedMessage<M>> = [];
	const skipped = new Map<number, INodeExecutionData[]>();
	prepared.forEach((entry, position) => {
		const { key } = keys[position];
		const earlier = key && sent.find((message) => matchesSent(key, message));
		if (key && earlier) skipped.set(entry.itemIndex, [skippedItem(gateway.providerName, entry.itemIndex, key, earlier, hours)]);
		else toSend.push(entry);
	});
	return { toSend, skipped };
}
