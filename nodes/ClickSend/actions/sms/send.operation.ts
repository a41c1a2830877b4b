import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chunk } from '../../../shared/batch';
import { parseOptionalDate, toUnixSeconds } from '../../../shared/dates';
import { updateDisplayOptions, simplifyField } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { mayHaveBeenSent } from '../../../shared/http';
import { errorItem, inItemOrder, prepareItems, stringParameter } from '../../../shared/items';
import { normalizePhoneNumber } from '../../../shared/sms';
import { isAcceptedStatus, normalizeClickSendMessage, type ClickSendMessage } from '../../message';
import { CLICKSEND_MAX_MESSAGES_PER_CALL, clickSendClientFor } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+61411111111',
		description: 'Recipient phone number in international format (E.164): + and the country code',
		hint: 'One message per input item. Items are sent together, up to 1,000 per API call.',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text to send',
		hint: 'Up to 160 GSM characters per part (153 once split); any other character (emoji, accents outside GSM) makes it 70 (67) per part',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '+61400000000 or MyCompany',
		description:
			'Sender: one of your dedicated numbers, an alphanumeric sender ID (3–11 letters or digits), or empty for a ClickSend shared number',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'AU',
				description:
					'Two-letter country code (ISO 3166-1) of the recipient; with it, "To" may also be a national number without the country code',
			},
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				description:
					'Your own reference for the message (ClickSend custom_string, up to 50 characters); it comes back in history and delivery receipts',
			},
			{
				displayName: 'Schedule',
				name: 'schedule',
				type: 'dateTime',
				default: '',
				description: 'Send later, at this moment (in the workflow time zone unless the value has an offset)',
			},
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, properties);

interface OutgoingSms {
	to: string;
	body: string;
	from?: string;
	schedule?: number;
	custom_string?: string;
	country?: string;
	source: string;
}

const ALPHA_SENDER = /^[A-Za-z0-9+][A-Za-z0-9+ ]{1,9}[A-Za-z0-9+]$/;
const MAX_REFERENCE_LENGTH = 50;
/** A schedule this far in the past is a mistake, not clock skew. */
const PAST_SCHEDULE_TOLERANCE_SECONDS = 60;

function readSms(context: IExecuteFunctions, itemIndex: number): OutgoingSms {
	const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const country = stringParameter(extra.country, 'Country').trim().toUpperCase();
	if (country && !/^[A-Z]{2}$/.test(country)) {
		throw new InputError('Country', `"${country}" is not a two-letter country code such as AU or US`);
	}
	const to = normalizePhoneNumber(context.getNodeParameter('to', itemIndex, ''), 'To', { allowNational: !!country });
	const body = stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true });
	const sms: OutgoingSms = { to, body, source: 'n8n' };

	const from = stringParameter(context.getNodeParameter('from', itemIndex, ''), 'From').trim();
	if (from) {
		if (/^\+|^00/.test(from)) sms.from = normalizePhoneNumber(from, 'From');
		else if (/^\d{3,15}$/.test(from)) sms.from = from;
		else if (ALPHA_SENDER.test(from)) sms.from = from;
		else {
			throw new InputError(
				'From',
				`"${from}" is not a valid sender: use a phone number, or a sender ID of 3–11 letters, digits or +`,
			);
		}
	}
	const schedule = parseOptionalDate(extra.schedule, 'Schedule', context.getTimezone());
	if (schedule) {
		const seconds = toUnixSeconds(schedule);
		if (seconds < Date.now() / 1000 - PAST_SCHEDULE_TOLERANCE_SECONDS) {
			throw new InputError('Schedule', `(${schedule.toISO()}) is in the past`);
		}
		sms.schedule = seconds;
	}
	const reference = stringParameter(extra.reference, 'Reference');
	if (reference.length > MAX_REFERENCE_LENGTH) {
		throw new InputError('Reference', `is ${reference.length} characters long; ClickSend keeps at most ${MAX_REFERENCE_LENGTH}`);
	}
	if (reference) sms.custom_string = reference;
	if (country) sms.country = country;
	return sms;
}

interface SendResponse {
	messages?: ClickSendMessage[];
	_currency?: { currency_name_short?: string };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const { prepared, failed } = prepareItems(this, items.length, (itemIndex) => readSms(this, itemIndex));
	const results = new Map<number, INodeExecutionData[]>();
	for (const [itemIndex, item] of failed) results.set(itemIndex, [item]);
	if (prepared.length === 0) return inItemOrder(results);

	const client = await clickSendClientFor(this);
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	const rejected: Array<{ itemIndex: number; to: string; status: string }> = [];
	let sentCount = 0;

	for (const batch of chunk(prepared, CLICKSEND_MAX_MESSAGES_PER_CALL)) {
		let response: SendResponse;
		try {
			response = await client.call<SendResponse>({
				method: 'POST',
				path: '/v3/sms/send',
				kind: 'send',
				body: { messages: batch.map(({ value }) => ({ ...value })) },
				itemIndex: batch[0].itemIndex,
			});
		} catch (error) {
			if (!continueOnFail) throw withBatchContext(error as Error, batch[0].itemIndex, batch[batch.length - 1].itemIndex, sentCount);
			for (const { itemIndex, value } of batch) {
				results.set(itemIndex, [errorItem(asNodeError(this, error, itemIndex), itemIndex, { to: value.to, maybeSent: mayHaveBeenSent(error) })]);
			}
			continue;
		}

		const messages = response.messages ?? [];
		const currency = response._currency?.currency_name_short;
		batch.forEach(({ itemIndex, value }, position) => {
			// ClickSend answers one message per message sent, in the order sent.
			const message = messages[position];
			if (!message || !isAcceptedStatus(message.status)) {
				const status = String(message?.status ?? 'NO_RESULT');
				rejected.push({ itemIndex, to: value.to, status });
				if (continueOnFail) {
					results.set(itemIndex, [
						errorItem(rejection(this, value.to, status, itemIndex), itemIndex, {
							providerStatus: status,
							to: value.to,
							reference: value.custom_string ?? null,
						}),
					]);
				}
				return;
			}
			sentCount++;
			const json = simplify ? { ...normalizeClickSendMessage(message, currency) } : { ...message };
			results.set(itemIndex, [{ json: json as IDataObject, pairedItem: { item: itemIndex } }]);
		});
	}

	if (rejected.length && !continueOnFail) {
		const listed = rejected
			.slice(0, 20)
			.map(({ itemIndex, to, status }) => `item ${itemIndex} (${to}): ${status}`)
			.join('; ');
		const more = rejected.length > 20 ? `; and ${rejected.length - 20} more` : '';
		const message = `ClickSend rejected ${rejected.length} of ${prepared.length} messages: ${listed}${more}`;
		throw new NodeApiError(
			this.getNode(),
			{ message, rejected: rejected.map(({ itemIndex, to, status }) => ({ itemIndex, to, status })) },
			{
				message,
				description: `${
					sentCount ? `The other ${sentCount} messages were sent and are not sent again.` : 'No message was sent.'
				} Turn on "Continue On Fail" (or the error output) to get one result per item instead of this error.`,
				itemIndex: rejected[0].itemIndex,
			},
		);
	}
	return inItemOrder(results);
}

/** Says which items went out before a batch failed, so nobody resends them by mistake. */
function withBatchContext(error: Error, firstItem: number, lastItem: number, sentBefore: number): Error {
	const context = `Batch of items ${firstItem}–${lastItem} failed.${
		sentBefore ? ` ${sentBefore} messages from earlier batches were sent.` : ''
	}`;
	const withDescription = error as Error & { description?: string | null };
	withDescription.description = [context, withDescription.description].filter(Boolean).join(' ');
	return error;
}

/** A per-message rejection inside an HTTP 200, as the error of its item. */
function rejection(context: IExecuteFunctions, to: string, status: string, itemIndex: number): NodeApiError {
	const message = `ClickSend rejected the message to ${to}: ${status}`;
	return new NodeApiError(context.getNode(), { message, providerStatus: status }, { message, itemIndex });
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
