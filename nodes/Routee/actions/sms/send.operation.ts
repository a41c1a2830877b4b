import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { chunk } from '../../../shared/batch';
import { assertNotInPast, parseOptionalDate, toIsoUtc } from '../../../shared/dates';
import { simplifyField, updateDisplayOptions } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { mayHaveBeenSent } from '../../../shared/http';
import { asItemError, errorItem, inItemOrder, prepareItems, stringParameter, type PreparedItem } from '../../../shared/items';
import {
	normalizeRouteeCampaignRecipient,
	normalizeRouteeSend,
	type RouteeCampaignResponse,
	type RouteeSingleResponse,
} from '../../message';
import { routeeClientFor, type RouteeClient } from '../../transport';
import { CALLBACK_STRATEGIES, messageProperties, readBody, readCallbackUrl, readFrom, readTo } from '../fields';

/** "label (max 20 chars per RT-SDK)" (notes §2.2). */
const MAX_LABEL_LENGTH = 20;
/**
 * Recipients per `POST /sms/campaign` call. Routee documents no maximum (notes §2.2,
 * unverified), so the node keeps each call to a size any account should take.
 */
export const MAX_CAMPAIGN_RECIPIENTS = 1000;

function callbackFields(name: 'callback' | 'campaignCallback', label: string, what: string): INodeProperties[] {
	return [
		{
			displayName: `${label} Strategy`,
			name: `${name}Strategy`,
			type: 'options',
			options: CALLBACK_STRATEGIES,
			default: 'OnChange',
			description: `When Routee calls the ${what} callback URL`,
		},
		{
			displayName: `${label} URL`,
			name: `${name}Url`,
			type: 'string',
			default: '',
			placeholder: 'https://example.com/webhook/routee',
			description: `Routee posts ${what} status updates to this URL (retried up to 5 times until it answers 200)`,
		},
	];
}

const properties: INodeProperties[] = [
	...messageProperties('One recipient per input item. Each item is one call, or, with "Send as Campaign", part of a campaign.'),
	{
		displayName: 'Send as Campaign',
		name: 'sendAsCampaign',
		type: 'boolean',
		default: false,
		description:
			'Whether to send all items as Routee campaigns (POST /sms/campaign): items with the same message and options go out together in one call, with optional schedule and quiet hours',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { sendAsCampaign: [false] } },
		options: [
			...callbackFields('callback', 'Callback', 'message'),
			{
				displayName: 'Flash',
				name: 'flash',
				type: 'boolean',
				default: false,
				description: 'Whether to send a flash SMS, shown on the screen without being stored',
			},
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				description: 'Your own label for the message (up to 20 characters); it comes back in tracking',
			},
			{
				displayName: 'TTL (Minutes)',
				name: 'ttl',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1440,
				description: 'For how many minutes Routee keeps trying to deliver the message',
			},
		],
	},
	{
		displayName: 'Campaign Fields',
		name: 'campaignFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { sendAsCampaign: [true] } },
		options: [
			...callbackFields('callback', 'Callback', 'message'),
			...callbackFields('campaignCallback', 'Campaign Callback', 'campaign'),
			{
				displayName: 'Campaign Name',
				name: 'campaignName',
				type: 'string',
				default: '',
				description: 'A name for the campaign; Routee refuses a name it already has. When one campaign needs several calls, the later ones get " (2)", " (3)", … added.',
			},
			{
				displayName: 'Flash',
				name: 'flash',
				type: 'boolean',
				default: false,
				description: 'Whether to send flash SMS, shown on the screen without being stored',
			},
			{
				displayName: 'Respect Quiet Hours',
				name: 'respectQuietHours',
				type: 'boolean',
				default: false,
				description: 'Whether Routee holds messages back during the recipients\' quiet hours',
			},
			{
				displayName: 'Scheduled Date',
				name: 'scheduledDate',
				type: 'dateTime',
				default: '',
				description: 'Send the campaign at this moment (in the workflow time zone unless the value has an offset)',
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, properties);

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
function readSingle(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const sms: IDataObject = { body: readBody(context, itemIndex), to: readTo(context, itemIndex), from: readFrom(context, itemIndex) };
	const label = stringParameter(extra.label, 'Label');
	if (label.length > MAX_LABEL_LENGTH) {
		throw new InputError('Label', `is ${label.length} characters long; Routee keeps at most ${MAX_LABEL_LENGTH}`);
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
	return sms;
}

interface CampaignRecipient {
	to: string;
	/** The campaign's fields other than the recipients; items with equal ones share calls. */
	campaign: IDataObject;
	key: string;
}

/** One recipient of a `POST /sms/campaign` call and the campaign it belongs to (notes §2.2). */
function readCampaignRecipient(context: IExecuteFunctions, itemIndex: number): CampaignRecipient {
	const extra = context.getNodeParameter('campaignFields', itemIndex, {}) as IDataObject;
	const campaign: IDataObject = { body: readBody(context, itemIndex), from: readFrom(context, itemIndex) };
	const to = readTo(context, itemIndex);
	const name = stringParameter(extra.campaignName, 'Campaign Name').trim();
	if (name) campaign.campaignName = name;
	const scheduled = parseOptionalDate(extra.scheduledDate, 'Scheduled Date', context.getTimezone());
	if (scheduled) {
		// No tolerance: what Routee does with a past scheduledDate is not documented.
		assertNotInPast(scheduled, 'Scheduled Date', 0);
		campaign.scheduledDate = toIsoUtc(scheduled);
	}
	if (extra.respectQuietHours !== undefined) campaign.respectQuietHours = extra.respectQuietHours === true;
	const flash = readFlash(extra.flash);
	if (flash !== undefined) campaign.flash = flash;
	const callback = readCallback(extra, 'callback', 'Callback URL');
	if (callback) campaign.callback = callback;
	const campaignCallback = readCallback(extra, 'campaignCallback', 'Campaign Callback URL');
	if (campaignCallback) campaign.campaignCallback = campaignCallback;
	return { to, campaign, key: JSON.stringify(campaign) };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const asCampaign = this.getNodeParameter('sendAsCampaign', 0, false) as boolean;
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	return asCampaign ? await sendCampaigns(this, items.length, simplify) : await sendOneByOne(this, items.length, simplify);
}

/**
 * `POST /sms`, one call per item, in item order. A failed call is never repeated when
 * Routee may have taken it; without Continue On Fail the node stops there and says how many
 * messages went out before.
 */
async function sendOneByOne(context: IExecuteFunctions, itemCount: number, simplify: boolean): Promise<INodeExecutionData[]> {
	const { prepared, failed } = prepareItems(context, itemCount, (itemIndex) => readSingle(context, itemIndex));
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of failed) results.set(itemIndex, [item]);
	if (prepared.length === 0) return inItemOrder(results);

	const client = await routeeClientFor(context);
	let sent = 0;
	for (const { itemIndex, value } of prepared) {
		try {
			const response = await client.call<RouteeSingleResponse>({ method: 'POST', path: '/sms', kind: 'send', body: value, itemIndex });
			const json = simplify ? { ...normalizeRouteeSend(response) } : { ...response };
			results.set(itemIndex, [{ json: json as IDataObject, pairedItem: { item: itemIndex } }]);
			sent++;
		} catch (caught) {
			const error = asItemError(context, caught, itemIndex);
			if (!context.continueOnFail()) throw withSentContext(error, sent, 'messages');
			results.set(itemIndex, [errorItem(error, itemIndex, { to: value.to as string, maybeSent: mayHaveBeenSent(error) })]);
		}
	}
	return inItemOrder(results);
}

/**
 * `POST /sms/campaign`: items with the same message and options become one campaign, sent in
 * calls of up to MAX_CAMPAIGN_RECIPIENTS recipients; every recipient's item gets the
 * campaign's tracking id and state.
 */
async function sendCampaigns(context: IExecuteFunctions, itemCount: number, simplify: boolean): Promise<INodeExecutionData[]> {
	const { prepared, failed } = prepareItems(context, itemCount, (itemIndex) => readCampaignRecipient(context, itemIndex));
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of failed) results.set(itemIndex, [item]);
	if (prepared.length === 0) return inItemOrder(results);

	const groups = new Map<string, Array<PreparedItem<CampaignRecipient>>>();
	for (const item of prepared) {
		const group = groups.get(item.value.key);
		if (group) group.push(item);
		else groups.set(item.value.key, [item]);
	}

	const client = await routeeClientFor(context);
	const usedNames = new Map<string, number>();
	let sent = 0;
	for (const group of groups.values()) {
		for (const batch of chunk(group, MAX_CAMPAIGN_RECIPIENTS)) {
			const campaign = { ...batch[0].value.campaign };
			if (typeof campaign.campaignName === 'string') campaign.campaignName = uniqueName(campaign.campaignName, usedNames);
			const body = { ...campaign, to: batch.map(({ value }) => value.to) };
			let response: RouteeCampaignResponse;
			try {
				response = await sendCampaign(client, body, batch[0].itemIndex);
			} catch (caught) {
				if (!context.continueOnFail()) {
					throw withSentContext(asItemError(context, caught, batch[0].itemIndex), sent, 'recipients', batch);
				}
				for (const { itemIndex, value } of batch) {
					const error = asItemError(context, caught, itemIndex);
					results.set(itemIndex, [errorItem(error, itemIndex, { to: value.to, maybeSent: mayHaveBeenSent(caught) })]);
				}
				continue;
			}
			for (const { itemIndex, value } of batch) {
				const json = simplify ? { ...normalizeRouteeCampaignRecipient(response, value.to) } : { ...response };
				results.set(itemIndex, [{ json: json as IDataObject, pairedItem: { item: itemIndex } }]);
			}
			sent += batch.length;
		}
	}
	return inItemOrder(results);
}

async function sendCampaign(client: RouteeClient, body: IDataObject, itemIndex: number): Promise<RouteeCampaignResponse> {
	return await client.call<RouteeCampaignResponse>({ method: 'POST', path: '/sms/campaign', kind: 'send', body, itemIndex });
}

/** Routee refuses a campaign name twice (409, notes §2.5): later calls of one run get a number. */
function uniqueName(name: string, used: Map<string, number>): string {
	const count = (used.get(name) ?? 0) + 1;
	used.set(name, count);
	return count === 1 ? name : `${name} (${count})`;
}

/** Says how many messages went out before a failure, so nobody resends them by mistake. */
function withSentContext<E extends Error & { description?: string | null }>(
	error: E,
	sentBefore: number,
	what: string,
	batch?: Array<PreparedItem<CampaignRecipient>>,
): E {
	const context = [
		batch ? `The campaign call for items ${batch[0].itemIndex}–${batch[batch.length - 1].itemIndex} failed.` : undefined,
		sentBefore ? `${sentBefore} ${what} from earlier items were sent and are not sent again.` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	error.description = [error.description, context].filter(Boolean).join(' ');
	return error;
}
