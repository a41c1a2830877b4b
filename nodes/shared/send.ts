// The send engine: one implementation, for every provider, of what sending (or pricing) a run
// of items means. Both validation passes run before anything is sent; valid messages are grouped
// and packed into calls; calls run one at a time or, for per-message APIs, a bounded number in
// flight that shrinks on 429s; each answer is read per recipient and paired back to its item;
// Continue On Fail turns failures into error items, and without it the first failed call stops
// new calls and the error accounts for every item: sent, rejected, may have been sent, not sent.
// Whether a failed call is repeated is the ApiClient's rule by request kind (http.ts): a send
// only when the provider certainly did not take it.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkAlreadySent, readAlreadySentWindow, SKIP_ALREADY_SENT, type AlreadySentCheck } from './alreadySent';
import { parallelRequestsField } from './descriptions';
import { InputError } from './errors';
import type { CallAnswer, PreparedMessage, RecipientResult, SendGateway } from './gateway';
import { mayHaveBeenSent } from './http';
import { asItemError, errorItem, inItemOrder, prepareItems, prepareItemsAsync } from './items';
import { fingerprint, RunLedger, type EarlierFate } from './ledger';
import { readParallelRequests } from './limits';

export type SendMode = 'send' | 'price';

/** The Send option of per-message APIs: how many messages are in flight at once. */
export const parallelSendsOption: INodeProperties = {
	...parallelRequestsField,
	description:
		'How many messages are sent at the same time, one call each. Fewer when the provider answers "too many requests"; every message is still sent once.',
};


export interface SendRunOptions {
	mode: SendMode;
	/**
	 * Per-message APIs: the options collection whose Parallel Requests says how many calls may be
	 * in flight. Without it calls go strictly one after another.
	 */
	parallelOption?: string;
	/**
	 * Send only: the options collection that holds "Skip Recipients Already Sent" and its window
	 * (alreadySent.ts). The gateway must implement `sentKey` and `readSent`.
	 */
	alreadySentOption?: string;
	/**
	 * Price only: one output item for the whole run, built from every call's `summary`, paired
	 * to every priced item, after the error items of the items that failed.
	 */
	summarize?: (summaries: unknown[]) => IDataObject;
}

/** How each item of the run ended, for the error that stops the node. */
type ItemFate = 'sent' | 'skipped' | 'rejected' | 'maybeSent' | 'notSent';

interface CallFailure {
	error: NodeApiError | NodeOperationError;
	itemIndexes: number[];
}

/** Packs messages into calls: same group key together, in item order, at most `maxPerCall` recipients each. */
export function planCalls<M>(gateway: SendGateway<M>, prepared: Array<PreparedMessage<M>>): Array<Array<PreparedMessage<M>>> {
	const groups = new Map<string, Array<PreparedMessage<M>>>();
	for (const entry of prepared) {
		const key = gateway.groupKey && gateway.maxPerCall > 1 ? gateway.groupKey(entry.message) : '';
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	const calls: Array<Array<PreparedMessage<M>>> = [];
	for (const group of groups.values()) {
		let call: Array<PreparedMessage<M>> = [];
		let recipients = 0;
		for (const entry of group) {
			const weight = gateway.weight ? gateway.weight(entry.message) : 1;
			if (call.length && recipients + weight > gateway.maxPerCall) {
				calls.push(call);
				call = [];
				recipients = 0;
			}
			call.push(entry);
			recipients += weight;
		}
		if (call.length) calls.push(call);
	}
	return calls;
}

/**
 * Runs `run` over every call with at most `allowed()` in flight, in order of the list. Once
 * `stopped()` is true no new call starts; the ones in flight finish.
 */
export async function inFlight<T>(
	calls: T[],
	allowed: () => number,
	stopped: () => boolean,
	run: (call: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const active = new Set<Promise<void>>();
	while (next < calls.length && !stopped()) {
		while (next < calls.length && !stopped() && active.size < Math.max(1, allowed())) {
			const pending: Promise<void> = run(calls[next++]).finally(() => active.delete(pending));
			active.add(pending);
		}
		if (active.size) await Promise.race(active);
	}
	await Promise.all(active);
}

export interface RunCallsOptions<M> {
	/** Calls in flight at most once the first went through (1 for calls strictly one after another). */
	requested: number;
	call: (batch: Array<PreparedMessage<M>>) => Promise<CallAnswer>;
	/** Whether a failed call may have gone out: such a call is never tried again. */
	mayHaveSent: (error: unknown) => boolean;
	/** Once true, no new call starts; the ones in flight finish. */
	stopped?: () => boolean;
	onAnswer: (batch: Array<PreparedMessage<M>>, answer: CallAnswer) => void;
	onError: (batch: Array<PreparedMessage<M>>, error: unknown, maybeSent: boolean) => void;
}

/**
 * Runs a gateway's calls. The first goes alone: a wrong key or a refused sender costs one call,
 * not a full flight. Then up to `requested` are in flight, fewer while the gateway's pace is
 * down after 429s. A call refused only because others ran beside it (`gateway.retryAlone`, never
 * one that may have gone out) runs once more on its own after the rest, and from then on calls
 * go one at a time. Each call ends in `onAnswer` or `onError`.
 */
export async function runCalls<M>(gateway: SendGateway<M>, calls: Array<Array<PreparedMessage<M>>>, options: RunCallsOptions<M>): Promise<void> {
	const stopped = options.stopped ?? (() => false);
	let answered = false;
	let alone = false;
	const again: Array<Array<PreparedMessage<M>>> = [];
	const triedAgain = new Set<Array<PreparedMessage<M>>>();
	/** Calls in flight, each marked once another ran beside it. */
	const running = new Set<{ overlapped: boolean }>();
	const runCall = async (batch: Array<PreparedMessage<M>>) => {
		let answer: CallAnswer;
		const self = { overlapped: running.size > 0 };
		for (const other of running) other.overlapped = true;
		running.add(self);
		try {
			answer = await options.call(batch);
		} catch (caught) {
			const maybeSent = options.mayHaveSent(caught);
			if (self.overlapped && !maybeSent && !triedAgain.has(batch) && gateway.retryAlone?.(caught)) {
				triedAgain.add(batch);
				again.push(batch);
				alone = true;
				return;
			}
			options.onError(batch, caught, maybeSent);
			return;
		} finally {
			running.delete(self);
		}
		answered = true;
		options.onAnswer(batch, answer);
	};
	const { requested } = options;
	await inFlight(calls, () => (!answered || alone ? 1 : gateway.pace ? gateway.pace.allowed(requested) : requested), stopped, runCall);
	// Calls refused only because others were in flight, once more, each on its own.
	await inFlight(again, () => 1, stopped, runCall);
}

/** Item indexes as short ranges: "items 0–999, 1003", "item 4". */
export function describeItems(itemIndexes: number[], max = 8): string {
	const sorted = [...new Set(itemIndexes)].sort((a, b) => a - b);
	const ranges: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		ranges.push(end === start ? String(sorted[start]) : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	const shown = ranges.slice(0, max).join(', ') + (ranges.length > max ? ` and ${ranges.length - max} more ranges` : '');
	return `${sorted.length === 1 ? 'item' : 'items'} ${shown}`;
}

/** The one account of a run that did not finish cleanly: "3 sent (items 0–2), 2 may have been sent (items 5–6): …". */
export function describeFates(fates: Map<number, ItemFate>): string {
	const byFate: Record<ItemFate, number[]> = { sent: [], skipped: [], rejected: [], maybeSent: [], notSent: [] };
	for (const [itemIndex, fate] of fates) byFate[fate].push(itemIndex);
	const parts: string[] = [];
	if (byFate.sent.length) parts.push(`${byFate.sent.length} sent (${describeItems(byFate.sent)}) and not sent again`);
	if (byFate.skipped.length) parts.push(`${byFate.skipped.length} skipped as already sent (${describeItems(byFate.skipped)})`);
	if (byFate.rejected.length) parts.push(`${byFate.rejected.length} rejected (${describeItems(byFate.rejected)})`);
	if (byFate.maybeSent.length) {
		parts.push(`${byFate.maybeSent.length} may have been sent (${describeItems(byFate.maybeSent)}): check the history before sending them again`);
	}
	if (byFate.notSent.length) parts.push(`${byFate.notSent.length} not sent (${describeItems(byFate.notSent)})`);
	return parts.join('; ');
}

/** Send or Get Price for one provider, over all input items. */
export async function runSend<M>(
	context: IExecuteFunctions,
	gateway: SendGateway<M>,
	itemCount: number,
	options: SendRunOptions,
): Promise<INodeExecutionData[]> {
	const { mode } = options;
	const continueOnFail = context.continueOnFail();
	const first = prepareItems(context, itemCount, (itemIndex) => gateway.read(itemIndex));
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of first.failed) results.set(itemIndex, [item]);
	if (first.prepared.length === 0) return inItemOrder(results);

	// Retry On Fail: what an earlier try of this node run got accepted, or may have sent, is not sent again.
	const ledger = mode === 'send' ? RunLedger.of(context) : undefined;
	const fingerprints = new Map<number, string>();
	const earlierFates = new Map<number, ItemFate>();
	const earlierMaybe: Array<{ itemIndex: number; reason: string }> = [];
	let acceptedMessages = 0;
	let fresh = first.prepared;
	if (ledger) {
		fresh = [];
		for (const entry of first.prepared) {
			const itemFingerprint = fingerprint(entry.value);
			fingerprints.set(entry.itemIndex, itemFingerprint);
			const earlier = ledger.earlier(entry.itemIndex, itemFingerprint);
			if (!earlier) {
				fresh.push(entry);
			} else if (earlier.fate === 'sent') {
				earlierFates.set(entry.itemIndex, 'sent');
				acceptedMessages += earlier.acceptedMessages;
				if (earlier.output.length) results.set(entry.itemIndex, earlier.output);
			} else {
				earlierFates.set(entry.itemIndex, 'maybeSent');
				earlierMaybe.push({ itemIndex: entry.itemIndex, reason: earlier.reason });
				if (continueOnFail) {
					const error = earlierMaybeError(context, gateway.providerName, [entry.itemIndex], earlier.reason);
					results.set(entry.itemIndex, [errorItem(error, entry.itemIndex, { ...gateway.describe(entry.value), maybeSent: true })]);
				}
			}
		}
	}
	const record = (itemIndex: number, earlier: EarlierFate) => ledger?.record(itemIndex, fingerprints.get(itemIndex)!, earlier);

	if (fresh.length) await gateway.connect?.();
	let prepared = fresh.map(({ itemIndex, value }) => ({ itemIndex, message: value }));
	if (gateway.prepare && prepared.length) {
		const byItem = new Map(prepared.map((entry) => [entry.itemIndex, entry.message]));
		const second = await prepareItemsAsync(
			context,
			prepared.map(({ itemIndex }) => itemIndex),
			async (itemIndex) => await gateway.prepare!(byItem.get(itemIndex)!, itemIndex),
		);
		for (const [itemIndex, item] of second.failed) results.set(itemIndex, [item]);
		prepared = second.prepared.map(({ itemIndex, value }) => ({ itemIndex, message: value }));
	}

	// Skip Recipients Already Sent: one history read for the run, after every check and before any send.
	if (mode === 'send' && options.alreadySentOption && prepared.length) {
		let hours: number | undefined;
		try {
			hours = readAlreadySentWindow(context, options.alreadySentOption, gateway.sentHistoryMaxHours);
		} catch (caught) {
			throw asItemError(context, caught, 0);
		}
		if (hours !== undefined) {
			const checkable: typeof prepared = [];
			for (const entry of prepared) {
				if (gateway.sentKey?.(entry.message)) {
					checkable.push(entry);
					continue;
				}
				// Never sent unchecked: the user asked for the check.
				const problem = 'cannot be checked for this item: its recipients (a contact list) are not known before sending. Send to phone numbers, or turn the option off';
				const error = asItemError(context, new InputError(SKIP_ALREADY_SENT, problem), entry.itemIndex);
				if (!continueOnFail) throw error;
				results.set(entry.itemIndex, [errorItem(error, entry.itemIndex)]);
			}
			prepared = checkable;
			if (prepared.length) {
				let check: AlreadySentCheck<M>;
				try {
					check = await checkAlreadySent(gateway, prepared, hours);
				} catch (caught) {
					const error = asItemError(context, caught, prepared[0].itemIndex);
					error.description = [`Nothing was sent: "${SKIP_ALREADY_SENT}" could not read ${gateway.providerName}'s history.`, error.description]
						.filter(Boolean)
						.join(' ');
					if (!continueOnFail) throw error;
					for (const { itemIndex } of prepared) results.set(itemIndex, [errorItem(error, itemIndex)]);
					return inItemOrder(results);
				}
				for (const [itemIndex, output] of check.skipped) {
					results.set(itemIndex, output);
					earlierFates.set(itemIndex, 'skipped');
					// A later try of this run answers it the same way, without reading the history again.
					record(itemIndex, { fate: 'sent', output, acceptedMessages: 0 });
				}
				prepared = check.toSend;
			}
		}
	}

	const fates = new Map<number, ItemFate>([...earlierFates, ...prepared.map(({ itemIndex }): [number, ItemFate] => [itemIndex, 'notSent'])]);
	const rejected: Array<{ itemIndex: number; to: string; status: string }> = [];
	const unknown: Array<{ itemIndex: number; to: string }> = [];
	const summaries: unknown[] = [];
	let failure: CallFailure | undefined;
	let requested = 1;
	try {
		if (options.parallelOption) requested = readParallelRequests(context, 0, options.parallelOption);
	} catch (caught) {
		throw asItemError(context, caught, 0);
	}
	const call = mode === 'send' ? gateway.send.bind(gateway) : gateway.price?.bind(gateway);
	if (!call) throw new NodeOperationError(context.getNode(), `${gateway.providerName} has no price call`);

	const settle = (batch: Array<PreparedMessage<M>>, answer: CallAnswer) => {
		if (answer.summary !== undefined) summaries.push(answer.summary);
		if ('whole' in answer) {
			const pairedItem: IPairedItemData | IPairedItemData[] =
				batch.length === 1 ? { item: batch[0].itemIndex } : batch.map(({ itemIndex }) => ({ item: itemIndex }));
			const output: INodeExecutionData[] = [{ json: answer.whole, pairedItem }];
			batch.forEach(({ itemIndex }, position) => {
				fates.set(itemIndex, 'sent');
				record(itemIndex, { fate: 'sent', output: position === 0 ? output : [], acceptedMessages: 0 });
			});
			results.set(batch[0].itemIndex, output);
			return;
		}
		batch.forEach(({ itemIndex }, position) => {
			const recipients: RecipientResult[] = answer.perMessage[position] ?? [];
			const output: INodeExecutionData[] = [];
			let accepted = 0;
			for (const result of recipients) {
				if (result.outcome === 'accepted') {
					accepted++;
					acceptedMessages++;
					output.push({ json: result.json, pairedItem: { item: itemIndex } });
					continue;
				}
				if (result.outcome === 'unknown') {
					unknown.push({ itemIndex, to: result.to });
					if (continueOnFail) {
						const error = unknownResultError(context, gateway.providerName, [{ itemIndex, to: result.to }], mode);
						output.push(errorItem(error, itemIndex, { to: result.to, ...result.details, ...(mode === 'send' ? { maybeSent: true } : {}) }));
					}
					continue;
				}
				rejected.push({ itemIndex, to: result.to, status: result.status });
				if (continueOnFail) {
					const message = `${gateway.providerName} rejected the message to ${result.to}: ${result.reason}`;
					const error = new NodeApiError(context.getNode(), { message, providerStatus: result.status }, { message, itemIndex });
					output.push(errorItem(error, itemIndex, { providerStatus: result.status, to: result.to, ...result.details }));
				}
			}
			const unsure = recipients.some((result) => result.outcome === 'unknown');
			const fate: ItemFate = accepted > 0 || recipients.length === 0 ? 'sent' : unsure ? 'maybeSent' : 'rejected';
			fates.set(itemIndex, fate);
			// An item partly accepted is never sent again, whatever became of its other recipients.
			if (fate === 'sent') record(itemIndex, { fate: 'sent', output, acceptedMessages: accepted });
			if (fate === 'maybeSent') record(itemIndex, { fate: 'maybeSent', reason: `${gateway.providerName}'s answer had no entry for it` });
			if (output.length) results.set(itemIndex, output);
		});
	};

	await runCalls(gateway, planCalls(gateway, prepared), {
		requested,
		call,
		mayHaveSent: (caught) => mode === 'send' && mayHaveBeenSent(caught),
		stopped: () => failure !== undefined,
		onAnswer: settle,
		onError: (batch, caught, maybeSent) => {
			for (const { itemIndex } of batch) {
				fates.set(itemIndex, maybeSent ? 'maybeSent' : 'notSent');
				if (maybeSent) record(itemIndex, { fate: 'maybeSent', reason: (caught as Error)?.message ?? String(caught) });
			}
			if (!continueOnFail) {
				// The first failure in item order speaks for the run; in flight, later ones may finish first.
				const itemIndexes = batch.map(({ itemIndex }) => itemIndex);
				if (!failure || itemIndexes[0] < failure.itemIndexes[0]) {
					failure = { error: asItemError(context, caught, itemIndexes[0]), itemIndexes };
				}
				return;
			}
			for (const { itemIndex, message } of batch) {
				const error = asItemError(context, caught, itemIndex);
				const details: IDataObject = { ...gateway.describe(message, caught) };
				if (mode === 'send') details.maybeSent = maybeSent;
				results.set(itemIndex, [errorItem(error, itemIndex, details)]);
			}
		},
	});

	if (failure) throw withRunAccount(failure, fates, mode);
	if (earlierMaybe.length && !continueOnFail) {
		const itemIndexes = earlierMaybe.map(({ itemIndex }) => itemIndex);
		throw withOthersAccount(earlierMaybeError(context, gateway.providerName, itemIndexes, earlierMaybe[0].reason), itemIndexes, fates);
	}
	if (unknown.length && !continueOnFail) {
		const itemIndexes = unknown.map(({ itemIndex }) => itemIndex);
		throw withOthersAccount(unknownResultError(context, gateway.providerName, unknown, mode), itemIndexes, fates, mode);
	}
	if (rejected.length && !continueOnFail) throw rejectionError(context, gateway.providerName, rejected, acceptedMessages);
	// Nothing for n8n to try again (it retries on an error value, as the model's `error: null` is not): the record can go.
	const isError = (value: unknown) => value !== undefined && value !== null && value !== false;
	if (![...results.values()].some((output) => output.some((item) => isError(item.json.error)))) ledger?.forget();
	if (options.summarize) {
		const priced = prepared.filter(({ itemIndex }) => !results.has(itemIndex));
		const output = inItemOrder(results);
		if (!priced.length) return output;
		return [...output, { json: options.summarize(summaries), pairedItem: priced.map(({ itemIndex }) => ({ item: itemIndex })) }];
	}
	return inItemOrder(results);
}

/** `error` with the account of every item but `itemIndexes` put before its description. */
function withOthersAccount(error: NodeOperationError, itemIndexes: number[], fates: Map<number, ItemFate>, mode: SendMode = 'send'): NodeOperationError {
	// A price run sent nothing: the other items' fates would only mislead.
	if (mode === 'price') return error;
	const others = new Map([...fates].filter(([itemIndex]) => !itemIndexes.includes(itemIndex)));
	if (others.size) error.description = `Of the other items: ${describeFates(others)}. ${error.description ?? ''}`.trim();
	return error;
}

/**
 * Messages a successful answer gave no result for: sent, they may have gone out, so they are
 * never sent again blindly; priced, they have no price (never another message's).
 */
function unknownResultError(context: IExecuteFunctions, providerName: string, unknown: Array<{ itemIndex: number; to: string }>, mode: SendMode): NodeOperationError {
	if (mode === 'price') {
		const subject = unknown.length === 1 ? `the message to ${unknown[0].to}` : `${unknown.length} messages (${unknown.slice(0, 20).map(({ itemIndex, to }) => `item ${itemIndex}: ${to}`).join('; ')})`;
		return new NodeOperationError(context.getNode(), `${providerName} gave no price for ${subject}: its answer had no entry for ${unknown.length === 1 ? 'it' : 'them'}`, {
			itemIndex: unknown[0].itemIndex,
			description: `${providerName} answered the price call, but not for ${unknown.length === 1 ? 'this message' : 'these messages'}; nothing was sent. Try again.`,
		});
	}
	const listed = unknown
		.slice(0, 20)
		.map(({ itemIndex, to }) => `item ${itemIndex} (${to})`)
		.join('; ');
	const more = unknown.length > 20 ? `; and ${unknown.length - 20} more` : '';
	const subject = unknown.length === 1 ? 'the message' : `${unknown.length} messages`;
	return new NodeOperationError(context.getNode(), `${providerName} gave no result for ${subject}: ${listed}${more}`, {
		itemIndex: unknown[0].itemIndex,
		description: `${providerName} accepted the call, but its answer had no entry for ${unknown.length === 1 ? 'it' : 'them'}: ${
			unknown.length === 1 ? 'it' : 'they'
		} may have been sent. Check the history before sending again.`,
	});
}

/** Items an earlier try of this node run may have sent: reported again, never sent again. */
function earlierMaybeError(context: IExecuteFunctions, providerName: string, itemIndexes: number[], reason: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`${describeItems(itemIndexes).replace(/^i/, 'I')} may have been sent to ${providerName} by an earlier try of this node: not sent again`,
		{
			itemIndex: itemIndexes[0],
			description: `Retry On Fail ran the node again after a call that may have gone out (${reason}). Check the history before sending ${
				itemIndexes.length === 1 ? 'it' : 'them'
			} again.`,
		},
	);
}

/** The failed call's own error, told which call it was and what became of every other item. */
function withRunAccount(failure: CallFailure, fates: Map<number, ItemFate>, mode: SendMode): Error {
	const { error, itemIndexes } = failure;
	const which =
		itemIndexes.length === 1
			? `The call for item ${itemIndexes[0]} failed.`
			: `The call for ${itemIndexes.length} items (${describeItems(itemIndexes)}) failed.`;
	const others = new Map([...fates].filter(([itemIndex]) => !itemIndexes.includes(itemIndex)));
	// A run of one call needs no account of it: the error is the whole story.
	if (!others.size && itemIndexes.length === 1) return error;
	const account = mode === 'send' && others.size ? ` Of the other items: ${describeFates(others)}.` : '';
	error.description = [`${which}${account}`, error.description].filter(Boolean).join(' ');
	return error;
}

/** Recipients the provider refused inside successful answers, when Continue On Fail is off. */
function rejectionError(
	context: IExecuteFunctions,
	providerName: string,
	rejected: Array<{ itemIndex: number; to: string; status: string }>,
	acceptedMessages: number,
): NodeApiError {
	const listed = rejected
		.slice(0, 20)
		.map(({ itemIndex, to, status }) => `item ${itemIndex} (${to}): ${status}`)
		.join('; ');
	const more = rejected.length > 20 ? `; and ${rejected.length - 20} more` : '';
	const message = `${providerName} rejected ${rejected.length} of ${rejected.length + acceptedMessages} messages: ${listed}${more}`;
	return new NodeApiError(
		context.getNode(),
		{ message, rejected: rejected.map(({ itemIndex, to, status }) => ({ itemIndex, to, status })) },
		{
			message,
			description: `${
				acceptedMessages ? `The other ${acceptedMessages} messages were sent and are not sent again.` : 'No message was sent.'
			} Turn on "Continue On Fail" (or the error output) to get one result per item instead of this error.`,
			itemIndex: rejected[0].itemIndex,
		},
	);
}
