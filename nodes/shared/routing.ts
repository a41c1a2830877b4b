// Routing over several providers' send gateways (the SMS Gateway node): each item has its own
// list of candidate providers (in the user's order, or cheapest first); a round sends every
// waiting item through its first candidate, all providers at once, each in its own batches; an
// item a provider refused in a way that certainly sent nothing moves to its next candidate.
// A call that may have gone out (5xx, timeout, a reset after the request left, an answer with no
// entry for the message) ends the item's route there: it is never sent again through another.
import type { IDataObject } from 'n8n-workflow';

import type { PreparedMessage, RecipientResult, SendGateway } from './gateway';
import { mayHaveBeenSent } from './http';
import { DEFAULT_CONCURRENCY } from './paginate';
import { planCalls, runCalls } from './send';

/** An item's message as one provider's gateway reads it, or why that provider cannot take it. */
export type ProviderRead = { message: unknown } | { refused: string };

/** One provider a route can go through. */
export interface RouteProvider {
	/** Names it in the item's candidates. */
	key: string;
	/** As users read it: "ClickSend". */
	name: string;
	gateway: SendGateway<unknown>;
	/** The item's message for this provider; a refused item passes it over with no call. */
	read(itemIndex: number): ProviderRead;
	/** Before its first call (once); a failure passes it over for the items it was to send. */
	connect(): Promise<void>;
}

/** How one provider's call ended for one item. */
export type Delivery =
	| { outcome: 'accepted'; json: IDataObject }
	/** Certainly not sent: the item may go to its next candidate. */
	| { outcome: 'refused'; reason: string }
	/** May have gone out: never sent again. */
	| { outcome: 'maybeSent'; reason: string };

/** A provider an item went past, and why. */
export interface PassedOver {
	provider: string;
	reason: string;
}

/** Where an item's route ended. */
export type RouteEnd =
	/** `key` is the provider's RouteProvider.key, `provider` its name. */
	| { outcome: 'sent'; key: string; provider: string; json: IDataObject; passedOver: PassedOver[] }
	| { outcome: 'maybeSent'; key: string; provider: string; reason: string; passedOver: PassedOver[] }
	/** Every candidate refused it (or none could take it). */
	| { outcome: 'refused'; passedOver: PassedOver[] };

/**
 * The reason of a failed call as users read it next to the provider's name: the error and its
 * description, without a leading "<provider>: " that would name it twice.
 */
export function reasonOf(error: unknown, providerName?: string): string {
	const { message, description } = (error ?? {}) as { message?: unknown; description?: unknown };
	let text = typeof message === 'string' && message ? message : String(error);
	if (providerName && text.startsWith(`${providerName}: `)) text = text.slice(providerName.length + 2);
	return typeof description === 'string' && description && !text.includes(description) ? `${text} (${description})` : text;
}

/** What one recipient result means for routing. */
function deliveryOf(result: RecipientResult | undefined, providerName: string): Delivery {
	if (!result) return { outcome: 'maybeSent', reason: `${providerName}'s answer had no entry for it` };
	if (result.outcome === 'accepted') return { outcome: 'accepted', json: result.json };
	if (result.outcome === 'unknown') return { outcome: 'maybeSent', reason: result.reason };
	return { outcome: 'refused', reason: `rejected it: ${result.reason}` };
}

/**
 * Sends `itemIndexes` through one provider, in its batches (planCalls), several calls in flight
 * for per-message APIs after the first went through alone; returns each item's delivery.
 */
export async function deliver(provider: RouteProvider, itemIndexes: number[], concurrency = DEFAULT_CONCURRENCY): Promise<Map<number, Delivery>> {
	const { gateway } = provider;
	const deliveries = new Map<number, Delivery>();
	const prepared: Array<PreparedMessage<unknown>> = [];
	for (const itemIndex of itemIndexes) {
		const read = provider.read(itemIndex);
		if ('refused' in read) deliveries.set(itemIndex, { outcome: 'refused', reason: read.refused });
		else prepared.push({ itemIndex, message: read.message });
	}
	if (!prepared.length) return deliveries;
	try {
		await provider.connect();
	} catch (caught) {
		const reason = reasonOf(caught, provider.name);
		for (const { itemIndex } of prepared) deliveries.set(itemIndex, { outcome: 'refused', reason });
		return deliveries;
	}
	await runCalls(gateway, planCalls(gateway, prepared), {
		requested: gateway.maxPerCall > 1 ? 1 : concurrency,
		call: async (batch) => await gateway.send(batch),
		mayHaveSent: mayHaveBeenSent,
		onAnswer: (batch, answer) => {
			batch.forEach(({ itemIndex }, position) => {
				if ('whole' in answer) deliveries.set(itemIndex, { outcome: 'accepted', json: answer.whole });
				else deliveries.set(itemIndex, deliveryOf(answer.perMessage[position]?.[0], provider.name));
			});
		},
		onError: (batch, caught, maybeSent) => {
			const reason = reasonOf(caught, provider.name);
			for (const { itemIndex } of batch) deliveries.set(itemIndex, maybeSent ? { outcome: 'maybeSent', reason } : { outcome: 'refused', reason });
		},
	});
	return deliveries;
}

/**
 * Routes every item along its candidates (provider keys, in the order to try) until each is
 * sent, may have been sent, or has no candidate left; what each passed over and why is kept.
 */
export async function route(
	providers: RouteProvider[],
	candidates: Map<number, string[]>,
	options: { concurrency?: number; onEnd?: (itemIndex: number, end: RouteEnd) => void } = {},
): Promise<Map<number, RouteEnd>> {
	const byKey = new Map(providers.map((provider) => [provider.key, provider]));
	const passedOver = new Map<number, PassedOver[]>();
	const ends = new Map<number, RouteEnd>();
	const end = (itemIndex: number, routeEnd: RouteEnd) => {
		ends.set(itemIndex, routeEnd);
		options.onEnd?.(itemIndex, routeEnd);
	};
	const waiting = new Map<number, string[]>();
	for (const [itemIndex, keys] of candidates) {
		if (keys.length) waiting.set(itemIndex, [...keys]);
		else end(itemIndex, { outcome: 'refused', passedOver: [] });
	}
	while (waiting.size) {
		const byProvider = new Map<string, number[]>();
		for (const [itemIndex, keys] of waiting) {
			const list = byProvider.get(keys[0]);
			if (list) list.push(itemIndex);
			else byProvider.set(keys[0], [itemIndex]);
		}
		const rounds = await Promise.all(
			[...byProvider].map(async ([key, itemIndexes]) => ({ provider: byKey.get(key)!, deliveries: await deliver(byKey.get(key)!, itemIndexes, options.concurrency) })),
		);
		for (const { provider, deliveries } of rounds) {
			for (const [itemIndex, delivery] of deliveries) {
				const history = passedOver.get(itemIndex) ?? [];
				if (delivery.outcome === 'accepted') {
					waiting.delete(itemIndex);
					end(itemIndex, { outcome: 'sent', key: provider.key, provider: provider.name, json: delivery.json, passedOver: history });
					continue;
				}
				if (delivery.outcome === 'maybeSent') {
					waiting.delete(itemIndex);
					end(itemIndex, { outcome: 'maybeSent', key: provider.key, provider: provider.name, reason: delivery.reason, passedOver: history });
					continue;
				}
				const next = [...history, { provider: provider.name, reason: delivery.reason }];
				passedOver.set(itemIndex, next);
				const keys = waiting.get(itemIndex)!.slice(1);
				if (keys.length) {
					waiting.set(itemIndex, keys);
				} else {
					waiting.delete(itemIndex);
					end(itemIndex, { outcome: 'refused', passedOver: next });
				}
			}
		}
	}
	return ends;
}
