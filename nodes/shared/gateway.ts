// The provider interface: everything the shared engines need to know about one provider. For
// the send engine (send.ts), a provider's `gateway.ts` implements SendGateway: how an item
// becomes a message, which messages may share a call, the call itself and how its answer reads
// per recipient. For the history reads (history.ts), its `actions/history.ts` builds a
// HistorySource: the page call, the pagination style, record identity and the normalizer.
// Validation passes, batching, parallel calls, Continue On Fail, pairing, output order, the
// combined error, the "never twice" accounting and paging live in the engines, once for every
// provider.
import type { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { SentKey } from './alreadySent';
import type { NormalizedMessage } from './message';
import type { AdaptivePace } from './pace';
import type { Page, PagePosition, PaginationStyle } from './paginate';

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
	  }
	/** The answer says nothing certain about it (no entry for it): sent, the provider may have sent it; priced, it has no price. */
	| { outcome: 'unknown'; to: string; reason: string; details?: IDataObject };

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
	/**
	 * Skip Recipients Already Sent (alreadySent.ts): what the message is matched on in the
	 * history; undefined when it cannot be matched (a contact list, whose recipients are not known).
	 */
	sentKey?(message: M): SentKey | undefined;
	/** The outbound history since `since`, in the one message model: the whole window, or an error. */
	readSent?(since: DateTime, itemIndex: number): Promise<NormalizedMessage[]>;
	/** How far back, in hours, the provider's history can be read (Routee tracks 7 days). */
	readonly sentHistoryMaxHours?: number;
}

/**
 * One of a provider's paged lists as the shared reads see it: the page call at a position the
 * pagination engine chooses, how the API addresses pages, and what tells records apart.
 */
export interface PageSource<R> {
	/** The provider as users read it in messages: "ClickSend". */
	readonly providerName: string;
	/** How pages are addressed and how large they may be (paginate.ts). */
	readonly style: PaginationStyle;
	/** One page of the read's records, with the total or "more follow" when the API says. */
	/** `signal` aborts once the read is over; pass it on to the call (ProviderCall.signal). */
	fetchPage(params: Record<string, number>, position: PagePosition, signal: AbortSignal): Promise<Page<R>>;
	/** What tells records apart; a record shown again on a later, shifted page is kept once. Undefined keeps it. */
	idOf(record: R): string | undefined;
	/** The client's pace: pages in flight shrink on the provider's 429s. */
	readonly pace?: AdaptivePace;
}

/**
 * One provider's message history (Get History, Export History, the polling triggers): a paged
 * list and the normalizer into the one message model. A provider's `actions/history.ts` builds
 * one per read (`historySource`).
 */
export interface HistorySource<R> extends PageSource<R> {
	/** The record in the one message model (message.ts). */
	normalize(record: R): NormalizedMessage;
}
