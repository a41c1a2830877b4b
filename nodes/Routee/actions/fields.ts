import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { asLocator, stringParameter } from '../../shared/items';
import { checkTextLength, normalizePhoneNumber, type SmartEncoder } from '../../shared/sms';

/** "up to 1600 characters" (notes §2.2, Routee's message-analysis page). */
export const MAX_BODY_CHARACTERS = 1600;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 .&_-]{1,11}$/;
const NUMERIC_SENDER = /^\d{1,16}$/;

/** To, Message and From: what a send and a price check both need. */
export function messageProperties(hint: string): INodeProperties[] {
	return [
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +306900000000',
			description: 'Recipient phone number in international format (E.164): + and the country code',
			hint,
		},
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 4 },
			description: 'The text to send, up to 1,600 characters',
			hint: 'Up to 160 GSM characters per part (153 once split); any other character (emoji, most Greek letters) makes it 70 (67) per part',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. MyCompany or 306900000000',
			description: 'Sender: an alphanumeric sender ID of up to 11 characters, or a number of up to 16 digits (written without +)',
		},
	];
}

export function readTo(context: IExecuteFunctions, itemIndex: number): string {
	return normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To');
}

/** The text as sent: Smart Encoded (when on) before the length check, which counts what Routee gets. */
export function readBody(context: IExecuteFunctions, itemIndex: number, smart: SmartEncoder): string {
	const typed = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	return checkTextLength(smart.text(itemIndex, typed), 'Routee', MAX_BODY_CHARACTERS);
}

/** A numeric sender goes to Routee without + (notes §2.2); an alphanumeric one as typed. */
export function readFrom(context: IExecuteFunctions, itemIndex: number): string {
	const from = stringParameter(context.getNodeParameter('from', itemIndex, ''), 'From', { required: true }).trim();
	const numeric = from.replace(/[\s\-.()/]/g, '').replace(/^(\+|00)/, '');
	if (/^[+0-9\s\-.()/]+$/.test(from) && NUMERIC_SENDER.test(numeric)) return numeric;
	if (ALPHANUMERIC_SENDER.test(from)) return from;
	throw new InputError(
		'From',
		`"${from}" is not a valid sender: use a sender ID of up to 11 letters and digits, or a number of up to 16 digits`,
	);
}

/** An http(s) URL for Routee to call back; empty means none. */
export function readCallbackUrl(value: unknown, field: string): string | undefined {
	const url = stringParameter(value, field).trim();
	if (!url) return undefined;
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed) throw new InputError(field, `"${url}" is not a URL`);
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError(field, `"${url}" must start with http:// or https://`);
	return url;
}

export const CALLBACK_STRATEGIES = [
	{ name: 'On Change', value: 'OnChange', description: 'Call on every status change' },
	{ name: 'On Completion', value: 'OnCompletion', description: 'Call once, when the status is final' },
];

/** Routee's tracking IDs are UUIDs (what a campaign send returns as `trackingId`); the editor checks By ID with this. */
export const TRACKING_ID_PATTERN = '^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$';

/**
 * A campaign, picked from those with messages in the last 7 days (Routee cannot list
 * campaigns otherwise) or given by its tracking ID.
 */
export function campaignProperty(
	options: { name: string; required?: boolean; description: string },
): INodeProperties {
	return {
		displayName: 'Campaign Tracking ID',
		name: options.name,
		type: 'resourceLocator',
		required: options.required,
		default: { mode: 'list', value: '' },
		description: `${options.description}. The list shows the campaigns with messages in the last 7 days, newest first (Routee has no call that lists campaigns); give an older campaign By ID.`,
		hint: 'The list covers the last 7 days; an older campaign goes By ID',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchCampaigns', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. c0ffee00-0000-4000-8000-000000000001',
				validation: [
					{ type: 'regex', properties: { regex: TRACKING_ID_PATTERN, errorMessage: 'A campaign tracking ID is a UUID, such as c0ffee00-0000-4000-8000-000000000001' } },
				],
			},
		],
	};
}

/**
 * The tracking ID of a campaign field: a picked or typed locator, or the plain text (or
 * expression) workflows made before the field was a locator. The By ID mode is checked as
 * the editor checks it; plain text goes to Routee as given.
 */
export function readCampaignTrackingId(value: unknown, field: string, options: { required?: boolean } = {}): string {
	const locator = asLocator(value);
	const trackingId = stringParameter(locator ? locator.value : value, field, options).trim();
	if (locator?.mode === 'id' && trackingId && !new RegExp(TRACKING_ID_PATTERN).test(trackingId)) {
		throw new InputError(field, `"${trackingId}" is not a campaign tracking ID: Routee gives a UUID such as c0ffee00-0000-4000-8000-000000000001`);
	}
	return trackingId;
}
