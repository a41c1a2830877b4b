// The SMS Gateway's runs: every listed provider's own gateway reads the items (what it refuses
// passes it over for that item, before anything is sent), then Send routes each item along its
// candidates (shared/routing.ts) and Get Price prices it everywhere without sending.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asItemError, errorItem, inItemOrder, prepareItems } from '../shared/items';
import { fingerprint, RunLedger } from '../shared/ledger';
import { route, type PassedOver, type RouteEnd, type RouteProvider } from '../shared/routing';
import { describeItems } from '../shared/send';
import { analyzeMessage } from '../shared/sms';
import {
	encodingReport,
	readCurrency,
	readGatewayMessage,
	readRouting,
	readText,
	type GatewayMessage,
	type Routing,
} from './actions/fields';
import { cheapestFirst, quoteAll, type Quote } from './pricing';
import { providerRun, readProviderList, type ProviderId, type ProviderSetting } from './providers';

/** The node's run settings, checked: a wrong provider list or routing stops the node before anything is sent. */
function runSettings(context: IExecuteFunctions): { settings: ProviderSetting[]; routing: Routing; currency: string } {
	try {
		return { settings: readProviderList(context), routing: readRouting(context), currency: readCurrency(context) };
	} catch (caught) {
		throw asItemError(context, caught, 0);
	}
}

/** A quote's price and the comparison currency it is in; both null without a price. */
function priceIn(quote: Quote | undefined, currency: string): { price: number | null; currency: string | null } {
	const price = quote?.price ?? null;
	return { price, currency: price === null ? null : currency };
}

/** The routing details on a Send output or error item. */
function routingDetails(routing: Routing, currency: string, quote: Quote | undefined, passedOver: PassedOver[]): IDataObject {
	return {
		routing,
		...priceIn(quote, currency),
		passedOver: passedOver.map((entry) => ({ ...entry })),
	};
}

/** Send: each item through its first provider that takes it, never through two. */
export async function runGatewaySend(context: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const { settings, routing, currency } = runSettings(context);
	const first = prepareItems(context, itemCount, (itemIndex) => readGatewayMessage(context, itemIndex));
	const results = new Map<number, INodeExecutionData[]>([...first.failed].map(([itemIndex, item]) => [itemIndex, [item]]));
	const failures: Array<{ itemIndex: number; text: string }> = [];

	// Retry On Fail: what an earlier try of this node run sent, or may have sent, is not sent again.
	const ledger = RunLedger.of(context);
	const setup = settings.map(({ info, from }) => [info.id, from]);
	const fingerprints = new Map<number, string>();
	const messages = new Map<number, GatewayMessage>();
	for (const { itemIndex, value } of first.prepared) {
		const itemFingerprint = fingerprint({ value, routing, setup });
		fingerprints.set(itemIndex, itemFingerprint);
		const earlier = ledger?.earlier(itemIndex, itemFingerprint);
		if (!earlier) {
			messages.set(itemIndex, value);
		} else if (earlier.fate === 'sent') {
			results.set(itemIndex, earlier.output);
		} else {
			const error = new NodeOperationError(context.getNode(), `Item ${itemIndex} may have been sent by an earlier try of this node: not sent again`, {
				itemIndex,
				description: `Retry On Fail ran the node again after a call that may have gone out (${earlier.reason}). Check the provider's history before sending it again.`,
			});
			// Without Continue On Fail it is part of the one error at the end, after the fresh items went out.
			results.set(itemIndex, [errorItem(error, itemIndex, { to: value.to, maybeSent: true })]);
			failures.push({ itemIndex, text: `item ${itemIndex} (${value.to}) may have been sent by an earlier try` });
		}
	}

	if (messages.size) {
		const runs = settings.map((setting) => providerRun(context, setting, 'send', messages));
		let quotes = new Map<number, Map<ProviderId, Quote>>();
		if (routing === 'cheapest') {
			const pricing = settings.map((setting) => providerRun(context, setting, 'price', messages));
			quotes = await quoteAll(pricing, messages, [...messages.keys()]);
		}
		const candidates = new Map<number, string[]>();
		for (const itemIndex of messages.keys()) {
			const order = routing === 'cheapest' ? cheapestFirst(settings, quotes.get(itemIndex)) : settings;
			candidates.set(itemIndex, order.map((setting) => setting.info.id));
		}
		const providers: RouteProvider[] = runs.map(({ setting, gateway, read, connect }) => ({ key: setting.info.id, name: setting.info.name, gateway, read, connect }));
		const outputOf = (itemIndex: number, end: RouteEnd): INodeExecutionData[] => {
			const message = messages.get(itemIndex)!;
			const encoding = encodingReport(message);
			if (end.outcome === 'sent') {
				const quote = quotes.get(itemIndex)?.get(end.key as ProviderId);
				const json: IDataObject = { ...end.json, routing: routingDetails(routing, currency, quote, end.passedOver), ...(encoding ? { smartEncoding: encoding } : {}) };
				return [{ json, pairedItem: { item: itemIndex } }];
			}
			const tried = end.passedOver.map(({ provider, reason }) => `${provider}: ${reason}`).join('; ');
			const error =
				end.outcome === 'maybeSent'
					? new NodeOperationError(context.getNode(), `The message to ${message.to} may have been sent by ${end.provider}: not sent again through another provider`, {
							itemIndex,
							description: `${end.reason}. Check ${end.provider}'s history before sending it again.${tried ? ` Passed over before: ${tried}.` : ''}`,
						})
					: new NodeOperationError(context.getNode(), `No provider sent the message to ${message.to}`, {
							itemIndex,
							description: tried ? `Every listed provider refused it, and none of them sent it: ${tried}.` : 'No provider is listed that can take it.',
						});
			failures.push({
				itemIndex,
				text: end.outcome === 'maybeSent' ? `item ${itemIndex} (${message.to}) may have been sent by ${end.provider}` : `item ${itemIndex} (${message.to}) was refused by every provider`,
			});
			return [
				errorItem(error, itemIndex, {
					to: message.to,
					...(end.outcome === 'maybeSent' ? { provider: end.provider, maybeSent: true } : { maybeSent: false }),
					passedOver: end.passedOver.map((entry) => ({ ...entry })),
				}),
			];
		};
		await route(providers, candidates, {
			onEnd: (itemIndex, end) => {
				const output = outputOf(itemIndex, end);
				results.set(itemIndex, output);
				const itemFingerprint = fingerprints.get(itemIndex)!;
				if (end.outcome === 'sent') ledger?.record(itemIndex, itemFingerprint, { fate: 'sent', output, acceptedMessages: 1 });
				if (end.outcome === 'maybeSent') ledger?.record(itemIndex, itemFingerprint, { fate: 'maybeSent', reason: end.reason });
			},
		});
	}

	if (failures.length && !continueOnFail) {
		failures.sort((a, b) => a.itemIndex - b.itemIndex);
		const sent = [...results].filter(([, output]) => output.some((item) => typeof item.json.error !== 'string')).map(([itemIndex]) => itemIndex);
		const firstFailure = results.get(failures[0].itemIndex)?.[0]?.json;
		throw new NodeOperationError(
			context.getNode(),
			`${failures.length} of ${itemCount} messages were not sent: ${failures.slice(0, 10).map(({ text }) => text).join('; ')}${failures.length > 10 ? `; and ${failures.length - 10} more` : ''}`,
			{
				itemIndex: failures[0].itemIndex,
				description: [
					sent.length ? `${sent.length} sent (${describeItems(sent)}) and not sent again.` : 'No message was sent.',
					typeof firstFailure?.error === 'string' ? `First: ${firstFailure.error}. ${String((firstFailure.details as IDataObject | undefined)?.description ?? '')}` : '',
					'Turn on "Continue On Fail" (or the error output) to get one result per item.',
				]
					.filter(Boolean)
					.join(' '),
			},
		);
	}
	if (!failures.length) ledger?.forget();
	return inItemOrder(results);
}

/** Get Price: what each item would be and cost with every provider; nothing is sent. */
export async function runGatewayPreview(context: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	const { settings, routing, currency } = runSettings(context);
	// A number that is not valid is the preview's answer, not an error; an empty text is an error.
	const read = prepareItems(context, itemCount, (itemIndex) => {
		const text = readText(context, itemIndex);
		return { text, analysis: analyzeMessage(context.getNodeParameter('to', itemIndex, ''), text.body) };
	});
	const results = new Map<number, INodeExecutionData[]>([...read.failed].map(([itemIndex, item]) => [itemIndex, [item]]));
	const messages = new Map<number, GatewayMessage>();
	for (const { itemIndex, value } of read.prepared) if (value.analysis.to) messages.set(itemIndex, { ...value.text, to: value.analysis.to });
	// What Send would do: the send-mode reads say which providers can take an item, the price-mode ones price it.
	const sending = new Map(settings.map((setting) => [setting, providerRun(context, setting, 'send', messages)]));
	const quotes = await quoteAll(
		settings.map((setting) => providerRun(context, setting, 'price', messages)),
		messages,
		[...messages.keys()],
	);
	const refusal = (setting: ProviderSetting, itemIndex: number): string | null => {
		if (!messages.has(itemIndex)) return null;
		const read = sending.get(setting)!.read(itemIndex);
		return 'refused' in read ? read.refused : null;
	};
	const seen = new Map<string, number>();
	for (const { itemIndex, value } of read.prepared) {
		const { analysis, text } = value;
		const duplicateOf = analysis.to ? seen.get(analysis.to) : undefined;
		if (analysis.to && duplicateOf === undefined) seen.set(analysis.to, itemIndex);
		const itemQuotes = quotes.get(itemIndex);
		const prices = settings.map((setting) => {
			const unreadable = refusal(setting, itemIndex);
			const quote = itemQuotes?.get(setting.info.id);
			return {
				provider: setting.info.name,
				...priceIn(quote, currency),
				providerPrice: quote?.providerPrice ?? null,
				providerUnit: quote?.providerUnit ?? null,
				parts: quote?.parts ?? null,
				reason: unreadable ?? quote?.reason ?? (analysis.to ? null : 'the number is not valid'),
			};
		});
		const usable = settings.filter((setting) => messages.has(itemIndex) && refusal(setting, itemIndex) === null);
		const chosen = analysis.to ? (routing === 'cheapest' ? cheapestFirst(usable, itemQuotes)[0] : usable[0]) : undefined;
		const chosenQuote = chosen ? itemQuotes?.get(chosen.info.id) : undefined;
		const encoding = encodingReport({ ...text, to: analysis.to ?? '' });
		results.set(itemIndex, [
			{
				json: {
					to: analysis.to,
					valid: analysis.to !== null,
					invalidReason: analysis.invalidReason,
					country: analysis.country,
					callingCode: analysis.callingCode,
					duplicate: duplicateOf !== undefined,
					duplicateOfItem: duplicateOf ?? null,
					body: text.body,
					encoding: analysis.encoding,
					characters: analysis.characters,
					parts: analysis.parts,
					ucs2Characters: analysis.ucs2Characters,
					...(encoding ? { smartEncoding: encoding } : {}),
					routing,
					chosen: chosen?.info.name ?? null,
					chosenPrice: chosenQuote?.price ?? null,
					currency,
					prices,
				},
				pairedItem: { item: itemIndex },
			},
		]);
	}
	return inItemOrder(results);
}
