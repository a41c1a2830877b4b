// Routee's send and price API for the send engine (shared/send.ts), provider-notes §2.2–2.3:
// `POST /sms` takes one message per call; `POST /sms/campaign` one text (and its options) for
// many recipients; `POST /sms/analyze` prices one message without sending it. Campaign names
// must be unique at Routee (409, notes §2.5), so the calls of one run number them.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assertSendTime, parseOptionalDate, toIsoUtc } from '../shared/dates';
import { InputError } from '../shared/errors';
import type { CallAnswer, PreparedMessage, SendGateway } from '../shared/gateway';
import { stringParameter } from '../shared/items';
import { toNumberOrNull } from '../shared/message';
import { readOutput, shapeOutput, SIMPLIFIED_PRICE_FIELDS } from '../shared/output';
import { SmartEncoder } from '../shared/sms';
import { readBody, readCallbackUrl, readFrom, readTo } from './actions/fields';
import { directionCheck, readTracking, trackingRange, TRACKING_WINDOW_DAYS } from './actions/history';
import {
	normalizeRouteeCampaignRecipient,
	normalizeRouteeSend,
	normalizeRouteeTracking,
	type RouteeBodyAnalysis,
	type RouteeCampaignResponse,
	type RouteeSingleResponse,
} from './message';
import { ROUTEE_PROVIDER, routeeClientFor, type RouteeClient } from './transport';

/** "label (max 20 chars per RT-SDK)" (notes §2.2). */
const MAX_LABEL_LENGTH = 20;
/**
 * Recipients per `POST /sms/campaign` call. Routee documents no maximum (notes §2.2,
 * unverified), so the node keeps each call to a size any account should take.
 */
export const MAX_CAMPAIGN_RECIPIENTS = 1000;

/** The operation the gateway serves: which fields an item is read from, and which call it takes. */
export type RouteeSendOperation = 'send' | 'sendAsCampaign' | 'getPrice';

/** A `POST /sms` (or `POST /sms/analyze`) body: one message to one recipient. */
interface RouteeSingleMessage {
	call: 'single';
	sms: IDataObject & { to: string; from: string; body: string };
}

/** One recipient of a `POST /sms/campaign` call and the campaign it belongs to. */
interface RouteeCampaignRecipient {
	call: 'campaign';
	to: string;
	/** The campaign's fields other than the recipients; items with equal ones share calls. */
	campaign: IDataObject;
	key: string;
}

export type RouteeOutgoing = RouteeSingleMessage | RouteeCampaignRecipient;

/** `POST /sms/analyze` answer (notes §2.3). */
interface RouteeAnalyzeResponse {
	bodyAnalysis?: RouteeBodyAnalysis;
	/** "the cost of the message per part" (notes §2.3). */
	cost?: number | string;
	[key: string]: unknown;
}

function readCallback(extra: IDataObject, prefix: 'callback' | 'campaignCallback', field: string): IDataObject | undefined {
	const url = readCallbackUrl(extra[`${prefix}Url`], field);
	if (!url) return undefined;
	const strategy = String(extra[`${prefix}Strategy`] ?? 'OnChange');
	if (strategy !== 'OnChange' && strategy !== 'OnCompletion') {
		throw new InputError(`${field.replace(/URL$/, 'Strategy')}`, `must be OnChange or OnCompletion, got "${strategy}"`);
	}
	return { url, strategy };
}

function readFlash(value: unknown): boolean | undefined {
	if (value === undefined || value === '') return undefined;
	if (typeof value !== 'boolean') throw new InputError('Flash', 'must be true or false');
	return value;
}

/** `POST /sms` body for one item (notes §2.2). */
function readSingle(context: IExecuteFunctions, itemIndex: number, smart: SmartEncoder): RouteeSingleMessage {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const sms: RouteeSingleMessage['sms'] = { body: readBody(context, itemIndex, smart), to: readTo(context, itemIndex), from: readFrom(context, itemIndex) };
	const label = stringParameter(extra.label, 'Reference');
	if (label.length > MAX_LABEL_LENGTH) {
		throw new InputError('Reference', `is ${label.length} characters long; Routee keeps at most ${MAX_LABEL_LENGTH}`);
	}
	if (label) sms.label = label;
	const flash = readFlash(extra.flash);
	if (flash !== undefined) sms.flash = flash;
	const callback = readCallback(extra, 'callback', 'Callback URL');
	if (callback) sms.callback = callback;
	if (extra.ttl !== undefined && extra.ttl !== '') {
		if (typeof extra.ttl !== 'number' || !Number.isInteger(extra.ttl) || extra.ttl < 1) {
			throw new InputError('TTL (Minutes)', `must be a whole number of minutes of at least 1, got ${JSON.stringify(extra.ttl)}`);
		}
		sms.ttl = extra.ttl;
	}
	return { call: 'single', sms };
}

/** `POST /sms/analyze` body for one item: the message's sender, text and recipient only (notes §2.3). */
function readPriced(context: IExecuteFunctions, itemIndex: number, smart: SmartEncoder): RouteeSingleMessage {
	return { call: 'single', sms: { from: readFrom(context, itemIndex), body: readBody(context, itemIndex, smart), to: readTo(context, itemIndex) } };
}

/** One recipient of a `POST /sms/campaign` call and the campaign it belongs to (notes §2.2). */
function readCampaignRecipient(context: IExecuteFunctions, itemIndex: number, smart: SmartEncoder): RouteeCampaignRecipient {
	const extra = context.getNodeParameter('campaignFields', itemIndex, {}) as IDataObject;
	const campaign: IDataObject = { body: readBody(context, itemIndex, smart), from: readFrom(context, itemIndex) };
	const to = readTo(context, itemIndex);
	const name = stringParameter(extra.campaignName, 'Campaign Name').trim();
	if (name) campaign.campaignName = name;
	const scheduled = parseOptionalDate(extra.scheduledDate, 'Schedule', context.getTimezone());
	if (scheduled) {
		// No tolerance: what Routee does with a past scheduledDate is not documented.
		assertSendTime(scheduled, 'Schedule', 0);
		campaign.scheduledDate = toIsoUtc(scheduled);
	}
	if (extra.respectQuietHours !== undefined) campaign.respectQuietHours = extra.respectQuietHours === true;
	const flash = readFlash(extra.flash);
	if (flash !== undefined) campaign.flash = flash;
	const callback = readCallback(extra, 'callback', 'Callback URL');
	if (callback) campaign.callback = callback;
	const campaignCallback = readCallback(extra, 'campaignCallback', 'Campaign Callback URL');
	if (campaignCallback) campaign.campaignCallback = campaignCallback;
	return { call: 'campaign', to, campaign, key: JSON.stringify(campaign) };
}

/** How Routee would encode and split the text, what one part costs for the recipient, and the total. */
function priceOf(sms: RouteeSingleMessage['sms'], response: RouteeAnalyzeResponse): IDataObject {
	const analysis = response.bodyAnalysis ?? {};
	const parts = toNumberOrNull(analysis.parts);
	const costPerPart = toNumberOrNull(response.cost);
	return {
		provider: ROUTEE_PROVIDER,
		to: sms.to,
		from: sms.from,
		body: sms.body,
		characters: toNumberOrNull(analysis.characters),
		parts,
		unicode: analysis.unicode === true,
		unsupportedGsmCharacters: analysis.unsupportedGSMCharacters ?? [],
		transcodedMessage: analysis.transcode?.message ?? null,
		transcodedParts: toNumberOrNull(analysis.transcode?.parts),
		costPerPart,
		total: parts === null || costPerPart === null ? null : Number((parts * costPerPart).toFixed(6)),
	};
}

export function routeeGateway(context: IExecuteFunctions, operation: RouteeSendOperation): SendGateway<RouteeOutgoing> {
	let client: RouteeClient | undefined;
	/** Campaign names used so far in this run, with how often (campaign calls run one at a time). */
	const usedNames = new Map<string, number>();
	/** Routee refuses a campaign name twice (409, notes §2.5): later calls of one run get a number. */
	const uniqueName = (name: string): string => {
		const count = (usedNames.get(name) ?? 0) + 1;
		usedNames.set(name, count);
		return count === 1 ? name : `${name} (${count})`;
	};
	const shape = () => readOutput(context, 0);
	const reader = { send: readSingle, sendAsCampaign: readCampaignRecipient, getPrice: readPriced }[operation];
	const smart = new SmartEncoder(context, 'options');

	return smart.reporting({
		providerName: 'Routee',
		maxPerCall: operation === 'sendAsCampaign' ? MAX_CAMPAIGN_RECIPIENTS : 1,
		get pace() {
			return client?.api.pace;
		},
		read: (itemIndex) => reader(context, itemIndex, smart),
		async connect() {
			client = await routeeClientFor(context);
		},
		groupKey: (message) => (message.call === 'campaign' ? message.key : ''),
		describe: (message) => ({ to: message.call === 'campaign' ? message.to : message.sms.to }),
		// A campaign's name is not a per-message reference (and a run numbers repeated names).
		sentKey: (message) =>
			message.call === 'campaign'
				? { to: message.to, text: String(message.campaign.body), reference: null }
				: { to: message.sms.to, text: message.sms.body, reference: typeof message.sms.label === 'string' ? message.sms.label : null },
		sentHistoryMaxHours: TRACKING_WINDOW_DAYS * 24,
		async readSent(since, itemIndex) {
			const range = trackingRange(toIsoUtc(since), '', 'UTC');
			const request = { method: 'POST' as const, path: '/sms/tracking', qs: { ...range }, checks: [directionCheck('Outbound')] };
			return (await readTracking(client!, request, { merge: true, itemIndex })).map(normalizeRouteeTracking);
		},
		// n8n renews the token on a 401 for each call that meets it: with several in flight the
		// renewals race, and a call may be refused again although a fresh token now exists.
		retryAlone: (error) => (error as { httpCode?: unknown } | undefined)?.httpCode === '401',
		async send(batch: Array<PreparedMessage<RouteeOutgoing>>): Promise<CallAnswer> {
			const [first] = batch;
			if (first.message.call === 'single') {
				const response = await client!.call<RouteeSingleResponse>({
					method: 'POST',
					path: '/sms',
					kind: 'send',
					body: first.message.sms,
					itemIndex: first.itemIndex,
				});
				const json = shapeOutput(shape(), () => normalizeRouteeSend(response), response);
				return { perMessage: [[{ outcome: 'accepted', json: json as IDataObject }]] };
			}
			const campaign = { ...first.message.campaign };
			if (typeof campaign.campaignName === 'string') campaign.campaignName = uniqueName(campaign.campaignName);
			const recipients = batch.map(({ message }) => (message.call === 'campaign' ? message.to : message.sms.to));
			const response = await client!.call<RouteeCampaignResponse>({
				method: 'POST',
				path: '/sms/campaign',
				kind: 'send',
				body: { ...campaign, to: recipients },
				itemIndex: first.itemIndex,
			});
			// Routee names no per-recipient message at send time: every recipient's item gets the campaign.
			const chosen = shape();
			return {
				perMessage: recipients.map((to) => [
					{ outcome: 'accepted', json: shapeOutput(chosen, () => normalizeRouteeCampaignRecipient(response, to), response) },
				]),
			};
		},
		async price([{ itemIndex, message }]: Array<PreparedMessage<RouteeOutgoing>>): Promise<CallAnswer> {
			if (message.call !== 'single') throw new Error('Routee prices one message per call');
			const response = await client!.call<RouteeAnalyzeResponse>({ method: 'POST', path: '/sms/analyze', kind: 'read', body: message.sms, itemIndex });
			const json = shapeOutput(readOutput(context, itemIndex), () => priceOf(message.sms, response), response, SIMPLIFIED_PRICE_FIELDS);
			return { perMessage: [[{ outcome: 'accepted', json }]] };
		},
	});
}
