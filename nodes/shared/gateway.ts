// The provider interface: everything the send engine (send.ts) needs to know about one
// provider's send and price calls. A provider's `gateway.ts` implements it and reads like a
// description of that provider's API: how an item becomes a message, which messages may share a
// call, the call itself and how its answer reads per recipient. Validation passes, batching,
// parallel calls, Continue On Fail, pairing, output order, the combined error and the "never
// twice" accounting live in the engine, once for every provider.
import type { IDataObject } from 'n8n-workflow';

import type { AdaptivePace } from './pace';

/** One valid input item, read into what the provider is sent for it. */
export interface PreparedMessage<M> {
	itemIndex: number;
	message: M;
}

/** What a call's answer says about one recipient of one message. */
export type RecipientResult =
	/** The provider took it (or, for a price, answered it): `json` is the item's output. */
	| { outcome: 'accepted'; json: IDataObject }
	/** The provider refused it inside a successful answer: nothing went out to this recipient. */
	| {
			outcome: 'rejected';
			to: string;
			/** The provider's own status word, e.g. INVALID_RECIPIENT. */
			status: string;
			/** What the user reads after "rejected the message to …:"; the status when nothing better is known. */
			reason: string;
			/** Provider fields for the error item's details (reference, list, ticket). */
			details?: IDataObject;
	  };

/** One call's answer, read per message of the batch. */
export type CallAnswer =
	/** One list of recipient results per message, in the batch's order. */
	| { perMessage: RecipientResult[][]; summary?: unknown }
	/** One output for the whole call, paired to every message of it (a campaign's price). */
	| { whole: IDataObject; summary?: unknown };

export interface SendGateway<M> {
	/** The provider as users read it in messages: "ClickSend". */
	readonly providerName: string;
	/**
	 * Most recipients in one call: 1 for APIs that take one message per call. Messages are packed
	 * by `weight` (default 1) up to this.
	 */
	readonly maxPerCall: number;
	/** Reads and checks one item; throws an InputError naming the field. No network. */
	read(itemIndex: number): M;
	/** Runs once, after the first pass found something to send (creates the client). */
	connect?(): Promise<void>;
	/** Checks that need the network (media uploads, list sizes), for every item before anything is sent. */
	prepare?(message: M, itemIndex: number): Promise<M>;
	/** Messages with the same key may share a call (one text per campaign, one image per MMS call). */
	groupKey?(message: M): string;
	/** Recipients a message counts against `maxPerCall` (a contact list's size); 1 when absent. */
	weight?(message: M): number;
	/** The recipient (and reference, list, …) of a message, for the details of its error item. */
	describe(message: M, error?: unknown): IDataObject;
	/** Sends one batch. A thrown error means the whole call failed (ApiClient tells whether it may have gone out). */
	send(batch: Array<PreparedMessage<M>>): Promise<CallAnswer>;
	/** Prices one batch; nothing is sent. Absent where the API has no price call. */
	price?(batch: Array<PreparedMessage<M>>): Promise<CallAnswer>;
	/**
	 * A refusal that certainly sent nothing and that the same call on its own would get past
	 * (Routee: a 401 while several calls renewed the token at once). With several calls in
	 * flight, such a call is tried once more after the others, and the rest go one at a time.
	 */
	retryAlone?(error: unknown): boolean;
	/** The client's pace: calls in flight shrink on the provider's 429s and grow back. */
	readonly pace?: AdaptivePace;
}
