/**
 * smsup.ch's Paris wall-clock times read the fast way (one zone lookup per hour) give exactly
 * what the general conversion gives, clock changes included; and delivery reports (the DLR
 * webhook's JSON with its numeric codes) are recognised and normalized.
 */
import { isoFromProvider } from '../../nodes/shared/dates';
import { omit } from '../support/objects';
import {
	deliveryReportProblem,
	isoFromParis,
	normalizeSmsUpDeliveryReport,
	SMSUP_DLR_CODES,
	smsUpUnixSeconds,
} from '../../nodes/SmsUp/message';

describe('isoFromParis', () => {
	const general = (text: string) => isoFromProvider(text, 'Europe/Paris');
	const sql = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

	test('equals the general conversion every 7 minutes 13 seconds over two years', () => {
		let compared = 0;
		for (let millis = Date.UTC(2025, 0, 1); millis < Date.UTC(2027, 0, 1); millis += 433_000) {
			// Any wall-clock text, read as Paris time.
			const text = sql(new Date(millis));
			expect([text, isoFromParis(text)]).toEqual([text, general(text)]);
			compared++;
		}
		expect(compared).toBeGreaterThan(140_000);
	});

	test.each([
		// Spring forward: 02:00–02:59 does not exist on 29 March 2026.
		['2026-03-29 01:59:59', '2026-03-29T00:59:59Z'],
		['2026-03-29 02:30:00', undefined],
		['2026-03-29 03:00:00', '2026-03-29T01:00:00Z'],
		// Fall back: 02:00–02:59 happens twice on 25 October 2026.
		['2026-10-25 02:30:00', undefined],
		['2026-10-25 03:00:00', '2026-10-25T02:00:00Z'],
		['2026-07-01 14:00:00', '2026-07-01T12:00:00Z'],
		['2026-12-31 23:59:59', '2026-12-31T22:59:59Z'],
	])('%s → %s (the general conversion where a clock change makes it ambiguous)', (text, expected) => {
		expect(isoFromParis(text)).toBe(expected ?? general(text));
	});

	test.each(['2026-06-31 10:00:00', '2026-07-01 24:00:00', '2026-07-01 10:60:00', '', '0', '2026-07-01T10:00:00+02:00', 1782900000, null])(
		'%j: whatever the general conversion says',
		(value) => {
			expect(isoFromParis(value)).toBe(isoFromProvider(value, 'Europe/Paris'));
		},
	);

	test('Unix seconds from a history time; 0 when unreadable', () => {
		expect(smsUpUnixSeconds('2026-07-01 14:00:00')).toBe(Date.UTC(2026, 6, 1, 12) / 1000);
		expect(smsUpUnixSeconds('')).toBe(0);
	});
});

describe('delivery reports (DLR webhook)', () => {
	// The documented example, verbatim (doc.smsup.ch/en/api/sms/webhook/delivery-report).
	const documented = {
		date: '2024-11-21T10:27:05+01:00',
		status: 3,
		destination: '41781234567',
		message_id: '621277',
		campaign_id: '15948909',
		country_code: 'FR',
	};

	test('the documented example: delivered, the gsmsmsid as Reference, the date in UTC', () => {
		expect(deliveryReportProblem(documented)).toBeUndefined();
		expect(normalizeSmsUpDeliveryReport(documented)).toEqual({
			provider: 'smsup',
			id: null,
			direction: 'outbound',
			from: null,
			to: '+41781234567',
			body: null,
			status: 'delivered',
			providerStatus: 'DELIVERED',
			sentAt: '2024-11-21T09:27:05Z',
			segments: null,
			price: null,
			currency: null,
			country: 'FR',
			subject: null,
			mediaUrl: null,
			reference: '621277',
			error: null,
		});
	});

	test.each([
		[0, 'queued', 'NOT_SENT', null],
		[1, 'sent', 'SENT', null],
		[2, 'failed', 'NOT_DELIVERED', 'The message has been sent although it has not been delivered'],
		[3, 'delivered', 'DELIVERED', null],
		[4, 'rejected', 'NOT_ALLOWED', 'The message has been sent but is not allowed to be delivered'],
		[5, 'failed', 'INVALID_DESTINATION', 'The destination is invalid'],
		[6, 'rejected', 'INVALID_SENDER', 'The sender is invalid'],
		[7, 'failed', 'ROUTE_NOT_AVAILABLE', 'The route is not available'],
		[9, 'rejected', 'REJECTED', 'The message has been rejected'],
		[11, 'failed', 'NETWORK_ERROR', 'The message has not been delivered due to a network error'],
		[12, 'failed', 'EXPIRED', 'The message has been sent but the DLR has expired'],
		[8, 'unknown', '8', null],
	])('code %i → %s (%s)', (code, status, providerStatus, error) => {
		expect(normalizeSmsUpDeliveryReport({ ...documented, status: code })).toMatchObject({ status, providerStatus, error });
	});

	test('every documented code is mapped', () => {
		expect(Object.keys(SMSUP_DLR_CODES).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 12]);
	});

	test('a code sent as digits is read; a report without gsmsmsid has no Reference', () => {
		const withoutReference = omit(documented, 'message_id');
		expect(normalizeSmsUpDeliveryReport({ ...withoutReference, status: '2' })).toMatchObject({ status: 'failed', reference: null });
	});

	test.each([
		[{ hello: 'world' }, 'missing status, destination, campaign_id'],
		[{ ...documented, status: 'delivered' }, 'missing status'],
		[{ ...documented, status: -1 }, 'missing status'],
		[{ ...documented, destination: '' }, 'missing destination'],
		[{ ...documented, campaign_id: undefined }, 'missing campaign_id'],
		[[documented], 'the body is not a JSON object'],
		['status=3', 'the body is not a JSON object'],
		[undefined, 'the body is not a JSON object'],
	])('%j is not a delivery report: %s', (body, problem) => {
		expect(deliveryReportProblem(body)).toBe(problem);
	});
});
