/**
 * smsup.ch's pure pieces: numbers in and out, history rows into the normalized model (the
 * rows of provider-docs 004 verbatim), campaign batching and what a send answer's counters say
 * about each recipient.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PreparedMessage } from '../../nodes/shared/gateway';
import { InputError } from '../../nodes/shared/errors';
import { planCalls } from '../../nodes/shared/send';
import {
	campaignBody,
	recipientOutcomes,
	smsUpGateway,
	type SendAnswer,
	type SmsUpOutgoing,
} from '../../nodes/SmsUp/gateway';
import { e164FromSmsUp, normalizeSmsUpMessage, smsUpNumber, smsUpStatus } from '../../nodes/SmsUp/message';

describe('numbers', () => {
	test.each([
		['+41781234567', '41781234567'],
		['+41 78 123 45 67', '41781234567'],
		['0041781234567', '41781234567'],
		['41781234567', '41781234567'],
		['(+33) 6 12 34 56 78', '33612345678'],
	])('%s is sent as %s', (input, digits) => {
		expect(smsUpNumber(input, 'To')).toEqual({ e164: `+${digits}`, digits });
	});

	test.each(['0781234567', '+12', 'call me', ''])('%j is refused naming the field', (input) => {
		expect(() => smsUpNumber(input, 'To')).toThrow(InputError);
		expect(() => smsUpNumber(input, 'To')).toThrow(/^To /);
	});

	test('numbers from smsup.ch become E.164; short codes and names stay', () => {
		expect(e164FromSmsUp('41781234567')).toBe('+41781234567');
		expect(e164FromSmsUp('36000')).toBe('36000');
		expect(e164FromSmsUp('SMSUP')).toBe('SMSUP');
		expect(e164FromSmsUp('')).toBeNull();
	});
});

describe('history rows (provider-docs 004 example)', () => {
	const outbound = {
		campaign_id: 123,
		client_id: 1,
		client_message_id: 'my id',
		contact_list_id: '',
		message: 'Message via API',
		message_length: 15,
		cost: 1,
		country: 'FR',
		destination: '41781234567',
		message_id: 138,
		sender: '',
		date: '2025-01-18 01:47:53',
		dlr_date: '2025-01-18 01:47:53',
		status: 'SENT',
		status_details: 'SENT',
		type: 'sms_mt',
	};
	const inbound = { ...outbound, message: 'An answer', message_length: 9, cost: 0, country: '', destination: '36000', message_id: 256, sender: '41781234567', dlr_date: '', status: 'incoming_message', status_details: '', type: 'sms_mo' };

	test('a sent message; its date is Paris time (UTC+1 in January)', () => {
		expect(normalizeSmsUpMessage(outbound)).toEqual({
			provider: 'smsup',
			id: '138',
			direction: 'outbound',
			from: null,
			to: '+41781234567',
			body: 'Message via API',
			status: 'sent',
			providerStatus: 'SENT',
			sentAt: '2025-01-18T00:47:53Z',
			segments: 1,
			price: 1,
			currency: 'credits',
			country: 'FR',
			subject: null,
			mediaUrl: null,
			reference: 'my id',
			error: null,
		});
	});

	test('a received message: from the phone, to the short code', () => {
		expect(normalizeSmsUpMessage(inbound)).toMatchObject({ id: '256', direction: 'inbound', from: '+41781234567', to: '36000', status: 'received', price: 0 });
	});

	test('a summer date is UTC+2', () => {
		expect(normalizeSmsUpMessage({ ...outbound, date: '2025-07-18 12:00:00' }).sentAt).toBe('2025-07-18T10:00:00Z');
	});

	test.each([
		['DELIVERED', 'delivered'],
		['SENT', 'sent'],
		['WAITING', 'scheduled'],
		['MODERATION', 'queued'],
		['DENIED', 'rejected'],
		['NOT_SENT', 'failed'],
		['UNDELIVERED', 'failed'],
		['incoming_message', 'received'],
		['SOMETHING_NEW', 'unknown'],
	])('status %s → %s', (status, normalized) => {
		expect(smsUpStatus(status)).toBe(normalized);
	});

	test('a failed message carries its status details as the error', () => {
		expect(normalizeSmsUpMessage({ ...outbound, status: 'NOT_SENT', status_details: 'INVALID_DESTINATION' }).error).toBe('INVALID_DESTINATION');
	});
});

const sms = (index: number, patch: Partial<SmsUpOutgoing> = {}): PreparedMessage<SmsUpOutgoing> => ({
	itemIndex: index,
	message: {
		to: `+4178${String(index).padStart(7, '0')}`,
		value: `4178${String(index).padStart(7, '0')}`,
		text: 'Same',
		pushtype: 'alert',
		unicode: false,
		gsmsmsid: `ref-${index}`,
		ownReference: true,
		...patch,
	},
});

/** How the engine packs Send as Campaign's calls; the gateway reads no parameter for that. */
const campaignBatches = (prepared: Array<PreparedMessage<SmsUpOutgoing>>) =>
	planCalls(smsUpGateway({ getExecutionId: () => undefined } as unknown as IExecuteFunctions, { campaign: true, mode: 'send' }), prepared);

describe('campaign batches and bodies', () => {
	test('2,500 items with one message: 1000, 1000, 500 in item order', () => {
		const batches = campaignBatches(Array.from({ length: 2500 }, (_, index) => sms(index)));
		expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
		expect(batches.flat().map((item) => item.itemIndex)).toEqual(Array.from({ length: 2500 }, (_, index) => index));
	});

	test('a different text, sender, push type, delay or encoding makes a separate campaign', () => {
		const batches = campaignBatches([
			sms(0),
			sms(1, { text: 'Other' }),
			sms(2, { sender: 'Shop' }),
			sms(3, { pushtype: 'marketing' }),
			sms(4, { delay: '2026-03-29 03:30:00' }),
			sms(5, { unicode: true }),
			sms(6),
		]);
		expect(batches.map((batch) => batch.map((item) => item.itemIndex))).toEqual([[0, 6], [1], [2], [3], [4], [5]]);
	});

	test('the body follows the documented campaign shape, for one recipient as for many', () => {
		const batch = [sms(0, { sender: 'Shop', delay: '2026-03-29 03:30:00' }), sms(1, { sender: 'Shop', delay: '2026-03-29 03:30:00' })];
		expect(campaignBody(batch, true)).toEqual({
			sms: {
				message: { text: 'Same', pushtype: 'alert', unicode: 0, sender: 'Shop', delay: '2026-03-29 03:30:00' },
				recipients: { gsm: [{ gsmsmsid: 'ref-0', value: '41780000000' }, { gsmsmsid: 'ref-1', value: '41780000001' }] },
			},
		});
		expect(campaignBody([batch[0]], true)).toEqual({
			sms: {
				message: { text: 'Same', pushtype: 'alert', unicode: 0, sender: 'Shop', delay: '2026-03-29 03:30:00' },
				recipients: { gsm: [{ gsmsmsid: 'ref-0', value: '41780000000' }] },
			},
		});
		expect(campaignBody([batch[0]], false)).toEqual({
			sms: { message: { text: 'Same', pushtype: 'alert', unicode: 0, sender: 'Shop', delay: '2026-03-29 03:30:00' }, recipients: { gsm: [{ value: '41780000000' }] } },
		});
	});
});

describe('what the counters say about each recipient', () => {
	const answer = (patch: Partial<SendAnswer>): SendAnswer => ({ status: 1, message: 'OK', ticket: '1', cost: 0, credits: 0, total: 0, sent: 0, ...patch });

	test('one recipient: sent, or the one counter that names why not', () => {
		expect(recipientOutcomes([sms(0)], answer({ total: 1, sent: 1 }))).toEqual([{ status: 'queued', providerStatus: 'sent' }]);
		expect(recipientOutcomes([sms(0)], answer({ total: 1, sent: 0, flood: 1 }))).toEqual([
			{ status: 'rejected', providerStatus: 'flood', rejection: 'filtered by the anti-flood protection' },
		]);
		expect(recipientOutcomes([sms(0)], answer({ total: 1, sent: '0' as unknown as number }))[0]).toMatchObject({ status: 'rejected', providerStatus: 'not_sent' });
	});

	test('a future delay is scheduled', () => {
		const later = new Date(Date.now() + 86_400_000).toISOString();
		expect(recipientOutcomes([sms(0, { delayIso: later })], answer({ total: 1, sent: 1 }))[0].status).toBe('scheduled');
	});

	test('a campaign with everyone sent: all queued (numbers may come as strings)', () => {
		const outcomes = recipientOutcomes([sms(0), sms(1), sms(2)], answer({ total: '3' as unknown as number, sent: '3' as unknown as number }));
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['queued', 'queued', 'queued']);
	});

	test('a campaign where nobody was sent: all rejected, with the reasons', () => {
		const outcomes = recipientOutcomes([sms(0), sms(1)], answer({ total: 2, sent: 0, invalid: 1, country_limit: 1 }));
		expect(outcomes.map((outcome) => outcome.providerStatus)).toEqual(['not_sent', 'not_sent']);
		expect(outcomes[0].rejection).toBe("smsup.ch sent none of this call's recipients (invalid 1, country_limit 1)");
	});

	test('duplicates smsup.ch did not count as we did are not guessed at', () => {
		const batch = [sms(0), sms(1, { value: '41780000000', to: '+41780000000' }), sms(2)];
		const outcomes = recipientOutcomes(batch, answer({ total: 3, sent: 3, duplicated: 0 }));
		// smsup.ch says all three went out: trust it rather than the local guess.
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['queued', 'queued', 'queued']);
	});

	test('−8: every recipient pending', () => {
		const outcomes = recipientOutcomes([sms(0), sms(1)], answer({ status: -8, total: 2, sent: 2 }));
		expect(outcomes.map((outcome) => [outcome.status, outcome.providerStatus])).toEqual([
			['queued', 'moderation'],
			['queued', 'moderation'],
		]);
	});
});
