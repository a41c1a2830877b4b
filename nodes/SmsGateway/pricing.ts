// What a message costs with each listed provider, in the comparison currency. Prices depend on
// the destination country and the text (its parts), so one message is priced per country
// calling code and text: one price call per provider for all of them where the API prices many
// messages at once (ClickSend), one per country and text where it prices one (Routee,
// smsup.ch), none where it has no price call (Apico: the configured price per part).
import type { IDataObject } from 'n8n-workflow';

import type { PreparedMessage } from '../shared/gateway';
import { reasonOf } from '../shared/routing';
import { planCalls } from '../shared/send';
import { callingCodeOf, countSegments } from '../shared/sms';
import type { GatewayMessage } from './actions/fields';
import type { ProviderId, ProviderRun, ProviderSetting } from './providers';

/** One provider's price for one message. */
export interface Quote {
	provider: string;
	/** In the comparison currency; null when there is none (see `reason`). */
	price: number | null;
	/** The provider's own figure and unit (AUD, EUR, credits), as it answered. */
	providerPrice: number | null;
	providerUnit: string | null;
	parts: number | null;
	/** Why there is no price; null when there is one. */
	reason: string | null;
}

const round = (value: number) => Number(value.toFixed(6));

/** The money a provider's simplified price answer names, and its unit. */
function amountOf(id: ProviderId, json: IDataObject): { amount: number | null; unit: string | null; parts: number | null } {
	const number = (value: unknown) => (value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
	switch (id) {
		case 'clickSend':
			// A recipient ClickSend would refuse is priced 0: no price rather than the cheapest.
			if (json.accepted === false) return { amount: null, unit: null, parts: null };
			return { amount: number(json.price), unit: typeof json.currency === 'string' ? json.currency : null, parts: number(json.segments) };
		case 'routee':
			// Routee names no currency in its analysis (notes §2.3): the account's.
			return { amount: number(json.total), unit: null, parts: number(json.parts) };
		case 'smsUp':
			// A recipient smsup.ch would filter out (invalid, blacklisted, …) costs 0 credits: no price
			// rather than the cheapest. `cost` is in credits, one per message part (notes §3.3).
			if (number(json.sent) === 0) return { amount: null, unit: null, parts: null };
			return { amount: number(json.cost), unit: 'credits', parts: number(json.cost) };
		case 'apico':
			return { amount: null, unit: null, parts: null };
	}
}

/** The comparison-currency price of a provider's own figure. */
function converted(setting: ProviderSetting, amount: number): number | null {
	if (setting.pricePerPart !== undefined) return setting.pricePerPart > 0 ? round(amount * setting.pricePerPart) : null;
	return round(amount * setting.rate);
}

const NO_PART_PRICE = 'no Price per Message Part is set for it';

/**
 * Every message's quote from every provider, keyed by item then provider id. One message per
 * calling code and text is read and priced (the others cost the same); one a provider's gateway
 * cannot read is not priced by it.
 */
export async function quoteAll(providers: ProviderRun[], messages: Map<number, GatewayMessage>, itemIndexes: number[]): Promise<Map<number, Map<ProviderId, Quote>>> {
	// The items of a group share one map of quotes (and so one cheapest order, see cheapestFirst).
	const quotes = new Map<number, Map<ProviderId, Quote>>();
	const put = (group: number[], id: ProviderId, quote: Quote) => {
		let byProvider = quotes.get(group[0]);
		if (!byProvider) {
			byProvider = new Map<ProviderId, Quote>();
			for (const itemIndex of group) quotes.set(itemIndex, byProvider);
		}
		byProvider.set(id, quote);
	};
	// One representative per calling code and text, the first item of its group.
	const groups = new Map<string, number[]>();
	for (const itemIndex of itemIndexes) {
		const message = messages.get(itemIndex)!;
		const key = `${callingCodeOf(message.to)?.callingCode ?? message.to}\u0000${message.body}`;
		const group = groups.get(key);
		if (group) group.push(itemIndex);
		else groups.set(key, [itemIndex]);
	}
	const groupOf = new Map([...groups.values()].map((group) => [group[0], group]));
	const none = (info: ProviderSetting['info'], reason: string, parts: number | null = null): Quote => ({ provider: info.name, price: null, providerPrice: null, providerUnit: null, parts, reason });
	await Promise.all(
		providers.map(async (provider) => {
			const { setting, gateway } = provider;
			const { info } = setting;
			const representatives: Array<PreparedMessage<unknown>> = [];
			for (const [first, group] of groupOf) {
				const read = provider.read(first);
				if ('refused' in read) put(group, info.id, none(info, read.refused));
				else representatives.push({ itemIndex: first, message: read.message });
			}
			if (!info.pricesCalls || (setting.pricePerPart !== undefined && setting.pricePerPart <= 0)) {
				for (const { itemIndex } of representatives) {
					const parts = countSegments(messages.get(itemIndex)!.body).segments;
					const price = setting.pricePerPart ? round(parts * setting.pricePerPart) : null;
					put(groupOf.get(itemIndex)!, info.id, price === null ? none(info, NO_PART_PRICE, parts) : { provider: info.name, price, providerPrice: null, providerUnit: null, parts, reason: null });
				}
				return;
			}
			if (!representatives.length) return;
			try {
				await provider.connect();
			} catch (caught) {
				for (const { itemIndex } of representatives) put(groupOf.get(itemIndex)!, info.id, none(info, reasonOf(caught, info.name)));
				return;
			}
			for (const batch of planCalls(gateway, representatives)) {
				let answer;
				try {
					if (!gateway.price) throw new Error(`${info.name} has no price call`);
					answer = await gateway.price(batch);
				} catch (caught) {
					const reason = reasonOf(caught, info.name);
					for (const { itemIndex } of batch) put(groupOf.get(itemIndex)!, info.id, none(info, reason));
					continue;
				}
				batch.forEach(({ itemIndex }, position) => {
					const result = 'whole' in answer ? { outcome: 'accepted' as const, json: answer.whole } : answer.perMessage[position]?.[0];
					let quote: Quote;
					if (result?.outcome === 'accepted') {
						const { amount, unit, parts } = amountOf(info.id, result.json);
						const price = amount === null ? null : converted(setting, amount);
						const reason = amount === null ? `${info.name} gave no price for it` : price === null ? NO_PART_PRICE : null;
						quote = { provider: info.name, price, providerPrice: amount, providerUnit: unit, parts, reason };
					} else {
						quote = none(info, result ? `${info.name} would not send it: ${result.reason}` : `${info.name} gave no price for it`);
					}
					put(groupOf.get(itemIndex)!, info.id, quote);
				});
			}
		}),
	);
	return quotes;
}

/**
 * Providers for one item, cheapest first (ties in list order), those without a price after them
 * in list order. Items sharing their quotes (one calling code and text) share the order.
 */
export function cheapestFirst(listed: ProviderSetting[], quotes: Map<ProviderId, Quote> | undefined): ProviderSetting[] {
	if (!quotes) return orderOf(listed, undefined);
	let byListing = orders.get(quotes);
	if (!byListing) {
		byListing = new Map();
		orders.set(quotes, byListing);
	}
	let order = byListing.get(listed);
	if (!order) {
		order = orderOf(listed, quotes);
		byListing.set(listed, order);
	}
	return order;
}

const orders = new WeakMap<Map<ProviderId, Quote>, Map<ProviderSetting[], ProviderSetting[]>>();

function orderOf(listed: ProviderSetting[], quotes: Map<ProviderId, Quote> | undefined): ProviderSetting[] {
	const priced = listed.filter((setting) => quotes?.get(setting.info.id)?.price !== null && quotes?.get(setting.info.id) !== undefined);
	const unpriced = listed.filter((setting) => !priced.includes(setting));
	// Array.prototype.sort is stable: equal prices keep the list's order.
	priced.sort((a, b) => quotes!.get(a.info.id)!.price! - quotes!.get(b.info.id)!.price!);
	return [...priced, ...unpriced];
}
