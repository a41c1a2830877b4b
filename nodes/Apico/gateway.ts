// Apico's send API for the send engine (shared/send.ts): one `POST /accounts/{accountSID}/messages`
// per message with `{from, to, text}`. The endpoint is the provider family's (Apifonica's Send
// message, provider-notes §4.4): Apico's own document covers only history. The answer's `uri`
// ends in the new message's SID. Apico has no price call.
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toIsoUtc, toUnixSeconds } from '../shared/dates';
import type { CallAnswer, PreparedMessage, SendGateway } from '../shared/gateway';
import { stringParameter } from '../shared/items';
import { normalizedMessage, toStringOrNull } from '../shared/message';
import { readOutput, shapeOutput } from '../shared/output';
import { checkTextLength, countSegments, SmartEncoder } from '../shared/sms';
import { apicoNumber, NEWEST_MAX_PAGES, readNewestAndReach } from './actions/history';
import { normalizeApicoMessage } from './message';
import { APICO_PROVIDER, APICO_PROVIDER_NAME, apicoClientFor, messageSidFromUri, type ApicoClient, type ApicoStatusBody } from './transport';

/** One message as Apico takes it: numbers as digits without `+`. */
export interface ApicoOutgoing {
	from: string;
	to: string;
	text: string;
	msg_app_sid?: string;
}

export function apicoGateway(context: IExecuteFunctions): SendGateway<ApicoOutgoing> {
	let client: ApicoClient | undefined;
	const smart = new SmartEncoder(context, 'options');
	return smart.reporting({
		providerName: APICO_PROVIDER_NAME,
		maxPerCall: 1,
		get pace() {
			return client?.api.pace;
		},
		read(itemIndex) {
			const message: ApicoOutgoing = {
				from: apicoNumber(context.getNodeParameter('from', itemIndex, ''), 'From'),
				to: apicoNumber(context.getNodeParameter('to', itemIndex, ''), 'To'),
				// Encoded before the length check, which counts what Apico gets.
				text: checkTextLength(smart.text(itemIndex, stringParameter(context.getNodeParameter('message', itemIndex, ''), 'Message', { required: true })), APICO_PROVIDER_NAME),
			};
			const extra = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const appSid = stringParameter(extra.msgAppSid, 'Message Application SID').trim();
			if (appSid) message.msg_app_sid = appSid;
			return message;
		},
		async connect() {
			client = await apicoClientFor(context);
		},
		describe: (message) => ({ to: `+${message.to}` }),
		// Apico records no reference of the sender's own.
		sentKey: (message) => ({ to: `+${message.to}`, text: message.text, reference: null }),
		async readSent(since, itemIndex) {
			const { messages, reached } = await readNewestAndReach(client!, { direction: 'outbound' }, () => toUnixSeconds(since), itemIndex);
			if (!reached) {
				throw new NodeOperationError(context.getNode(), `Apico's history could not be read back to ${toIsoUtc(since)}`, {
					itemIndex,
					description: `${messages.length} messages were read, ${NEWEST_MAX_PAGES} pages at most, and Apico's pages stopped bringing new ones or the window holds more. Choose a shorter "Already Sent Within (Hours)".`,
				});
			}
			return messages.map((message) => normalizeApicoMessage(message));
		},
		async send([{ itemIndex, message }]: Array<PreparedMessage<ApicoOutgoing>>): Promise<CallAnswer> {
			const answer = await client!.call<ApicoStatusBody>({ method: 'POST', path: '/messages', kind: 'send', body: { ...message }, itemIndex });
			const json = shapeOutput(
				readOutput(context, itemIndex),
				() =>
					normalizedMessage(APICO_PROVIDER, {
							id: messageSidFromUri(answer?.uri) ?? null,
							direction: 'outbound',
							from: `+${message.from}`,
							to: `+${message.to}`,
							body: message.text,
							// Accepted ("201 CREATED"): the message is on its way, not yet sent.
							status: 'queued',
							providerStatus: toStringOrNull(answer?.status_message) ?? toStringOrNull(answer?.status_code),
							sentAt: toIsoUtc(DateTime.now()),
							segments: countSegments(message.text).segments,
						}),
				answer ?? {},
			);
			return { perMessage: [[{ outcome: 'accepted', json }]] };
		},
	});
}
