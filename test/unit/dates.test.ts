import { DateTime } from 'luxon';

import {
	assertSendTime,
	isoFromProvider,
	parseDate,
	parseDateRange,
	parseOptionalDate,
	toIsoUtc,
	toUnixSeconds,
	toZonedFormat,
} from '../../nodes/shared/dates';
import { InputError } from '../../nodes/shared/errors';

/** 1_800_000_000 seconds after the epoch. */
const INSTANT_ISO = '2027-01-15T08:00:00Z';
const INSTANT_SECONDS = 1_800_000_000;

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to throw');
}

const iso = (value: unknown, zone?: string): string => toIsoUtc(parseDate(value, 'Date', zone));

describe('parseDate: ISO 8601', () => {
	it('reads an ISO string in UTC (Z)', () => {
		expect(iso('2026-11-23T09:30:00Z')).toBe('2026-11-23T09:30:00Z');
	});

	it('reads an ISO string with an offset and keeps that offset', () => {
		const date = parseDate('2026-11-23T09:30:00+02:00', 'Date');
		expect(toIsoUtc(date)).toBe('2026-11-23T07:30:00Z');
		expect(date.offset).toBe(120);
	});

	it('ignores the zone argument when the string carries an offset', () => {
		expect(iso('2026-11-23T09:30:00-05:00', 'Asia/Tokyo')).toBe('2026-11-23T14:30:00Z');
	});

	it('reads an ISO string without offset as UTC by default', () => {
		expect(iso('2026-11-23T09:30:00')).toBe('2026-11-23T09:30:00Z');
	});

	it('reads an ISO string without offset in the given zone (winter time)', () => {
		const date = parseDate('2026-11-23T09:30:00', 'Date', 'Europe/Paris');
		expect(toIsoUtc(date)).toBe('2026-11-23T08:30:00Z');
		expect(date.zoneName).toBe('Europe/Paris');
	});

	it('reads an ISO string without offset in the given zone (summer time)', () => {
		expect(iso('2026-07-01T09:30:00', 'Europe/Paris')).toBe('2026-07-01T07:30:00Z');
	});

	it('reads a date without time as midnight in the given zone', () => {
		expect(iso('2026-11-23', 'Europe/Zurich')).toBe('2026-11-22T23:00:00Z');
	});

	it('keeps milliseconds of the instant', () => {
		expect(parseDate('2026-11-23T09:30:00.250Z', 'Date').toMillis()).toBe(Date.UTC(2026, 10, 23, 9, 30, 0, 250));
	});
});

describe('parseDate: unix time', () => {
	it('reads unix seconds given as a number', () => {
		expect(iso(INSTANT_SECONDS)).toBe(INSTANT_ISO);
	});

	it('reads unix seconds given as a string of digits', () => {
		expect(iso(String(INSTANT_SECONDS))).toBe(INSTANT_ISO);
	});

	it('reads unix milliseconds given as a number', () => {
		expect(parseDate(INSTANT_SECONDS * 1000 + 250, 'Date').toMillis()).toBe(INSTANT_SECONDS * 1000 + 250);
	});

	it('reads 13 digits in a string as unix milliseconds', () => {
		expect(iso('1800000000000')).toBe(INSTANT_ISO);
	});

	it('reads fractional unix seconds in a string', () => {
		expect(parseDate('1800000000.5', 'Date').toMillis()).toBe(1_800_000_000_500);
	});

	it('reads unix seconds regardless of the zone argument', () => {
		expect(iso(INSTANT_SECONDS, 'America/New_York')).toBe(INSTANT_ISO);
	});
});

describe('parseDate: other forms', () => {
	it('reads an RFC 2822 date with a +0000 offset', () => {
		expect(iso('Fri, 15 Jan 2027 08:00:00 +0000')).toBe(INSTANT_ISO);
	});

	it('reads an RFC 2822 date with a +0100 offset', () => {
		expect(iso('Fri, 15 Jan 2027 09:00:00 +0100')).toBe(INSTANT_ISO);
	});

	it('reads an RFC 2822 date with GMT', () => {
		expect(iso('Fri, 15 Jan 2027 08:00:00 GMT')).toBe(INSTANT_ISO);
	});

	it('reads a SQL-style "yyyy-MM-dd HH:mm:ss" in the given zone', () => {
		expect(iso('2026-11-23 09:30:00', 'Europe/Zurich')).toBe('2026-11-23T08:30:00Z');
	});

	it('returns a luxon DateTime unchanged', () => {
		const date = DateTime.fromISO('2026-11-23T09:30:00', { zone: 'Asia/Tokyo' });
		expect(parseDate(date, 'Date')).toBe(date);
	});

	it('reads a JS Date', () => {
		expect(iso(new Date(INSTANT_SECONDS * 1000))).toBe(INSTANT_ISO);
	});
});

describe('parseDate: invalid input', () => {
	it.each([
		['words', 'next tuesday'],
		['an impossible date', '2026-02-30T10:00:00Z'],
		['an empty string', ''],
		['a blank string', '   '],
		['null', null],
		['undefined', undefined],
		['an object', { date: '2026-11-23' }],
		['NaN', Number.NaN],
		['an invalid JS Date', new Date('nope')],
	])('throws an InputError naming the field for %s', (_case, value) => {
		const error = thrown(() => parseDate(value, 'Start Date'));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('Start Date');
		expect((error as InputError).message).toMatch(/^Start Date must be a date \(ISO 8601/);
	});

	it('says what it got in the message', () => {
		expect((thrown(() => parseDate('next tuesday', 'From')) as InputError).message).toBe(
			'From must be a date (ISO 8601 such as 2026-11-23T09:30:00Z, or unix seconds), got string "next tuesday"',
		);
	});
});

describe('parseOptionalDate', () => {
	it.each([[''], [null], [undefined]])('treats %j as not set', (value) => {
		expect(parseOptionalDate(value, 'From')).toBeUndefined();
	});

	it('parses a value that is set', () => {
		expect(toIsoUtc(parseOptionalDate(INSTANT_SECONDS, 'From')!)).toBe(INSTANT_ISO);
	});

	it('still rejects an unreadable value', () => {
		expect(thrown(() => parseOptionalDate('soon', 'From'))).toBeInstanceOf(InputError);
	});
});

describe('toUnixSeconds and toIsoUtc', () => {
	it('floors to whole unix seconds', () => {
		expect(toUnixSeconds(DateTime.fromMillis(INSTANT_SECONDS * 1000 + 999))).toBe(INSTANT_SECONDS);
	});

	it('writes ISO in UTC without milliseconds when they are zero', () => {
		expect(toIsoUtc(DateTime.fromISO('2026-11-23T10:30:00+01:00'))).toBe('2026-11-23T09:30:00Z');
	});

	it('keeps non-zero milliseconds in ISO', () => {
		expect(toIsoUtc(DateTime.fromMillis(INSTANT_SECONDS * 1000 + 250))).toBe('2027-01-15T08:00:00.250Z');
	});
});

describe('parseDateRange', () => {
	const fields = { from: 'Date From', to: 'Date To' };

	it('returns both ends when the end follows the start', () => {
		const range = parseDateRange('2026-11-01T00:00:00Z', '2026-11-23T00:00:00Z', fields);
		expect(toIsoUtc(range.from!)).toBe('2026-11-01T00:00:00Z');
		expect(toIsoUtc(range.to!)).toBe('2026-11-23T00:00:00Z');
	});

	it('accepts an end equal to the start', () => {
		const range = parseDateRange(INSTANT_SECONDS, INSTANT_ISO, fields);
		expect(range.from!.toMillis()).toBe(range.to!.toMillis());
	});

	it('accepts an open range on either side', () => {
		expect(parseDateRange('', INSTANT_ISO, fields).from).toBeUndefined();
		expect(parseDateRange(INSTANT_ISO, undefined, fields).to).toBeUndefined();
	});

	it('rejects an end before the start with an InputError naming the end field and both dates', () => {
		const error = thrown(() => parseDateRange('2026-11-23T00:00:00Z', '2026-11-01T00:00:00Z', fields));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('Date To');
		expect((error as InputError).message).toBe(
			'Date To (2026-11-01T00:00:00Z) is before "Date From" (2026-11-23T00:00:00Z)',
		);
	});

	it('compares instants, not wall clocks, across zones', () => {
		// 10:00 in Paris is 09:00Z, before 09:30Z.
		expect(() => parseDateRange('2026-11-23T09:30:00Z', '2026-11-23T10:00:00+01:00', fields)).toThrow(InputError);
		expect(() => parseDateRange('2026-11-23T08:30:00Z', '2026-11-23T10:00:00+01:00', fields)).not.toThrow();
	});

	it('names the field of an unreadable end', () => {
		expect((thrown(() => parseDateRange(INSTANT_ISO, 'later', fields)) as InputError).field).toBe('Date To');
	});
});

describe('toZonedFormat', () => {
	const format = 'yyyy-MM-dd HH:mm:ss ZZ';
	const at = (isoUtc: string): string => toZonedFormat(DateTime.fromISO(isoUtc, { zone: 'UTC' }), 'Europe/Paris', format);

	it('writes Paris winter time (+01:00) just before the spring change', () => {
		expect(at('2026-03-29T00:59:59Z')).toBe('2026-03-29 01:59:59 +01:00');
	});

	it('skips 02:00–03:00 at the spring change on 2026-03-29', () => {
		expect(at('2026-03-29T01:00:00Z')).toBe('2026-03-29 03:00:00 +02:00');
	});

	it('writes Paris summer time (+02:00) just before the autumn change', () => {
		expect(at('2026-10-25T00:59:59Z')).toBe('2026-10-25 02:59:59 +02:00');
	});

	it('repeats 02:00–03:00 at the autumn change on 2026-10-25', () => {
		expect(at('2026-10-25T01:00:00Z')).toBe('2026-10-25 02:00:00 +01:00');
	});

	it('writes a provider wall-clock format without offset', () => {
		const date = DateTime.fromISO('2026-07-01T10:00:00Z', { zone: 'UTC' });
		expect(toZonedFormat(date, 'Europe/Paris', 'yyyy-MM-dd HH:mm:ss')).toBe('2026-07-01 12:00:00');
		expect(toZonedFormat(date, 'UTC', 'yyyy-MM-dd HH:mm:ss')).toBe('2026-07-01 10:00:00');
	});

	it('does not change the date it is given', () => {
		const date = DateTime.fromISO('2026-07-01T10:00:00Z', { zone: 'UTC' });
		toZonedFormat(date, 'Europe/Paris', format);
		expect(date.zoneName).toBe('UTC');
	});
});

describe('isoFromProvider', () => {
	it.each([[undefined], [null], [''], [0], ['0']])('returns undefined for the empty value %j', (value) => {
		expect(isoFromProvider(value)).toBeUndefined();
	});

	it('returns undefined for an unreadable value instead of throwing', () => {
		expect(isoFromProvider('not a date')).toBeUndefined();
	});

	it('converts unix seconds (number or string) to ISO UTC', () => {
		expect(isoFromProvider(INSTANT_SECONDS)).toBe(INSTANT_ISO);
		expect(isoFromProvider(String(INSTANT_SECONDS))).toBe(INSTANT_ISO);
	});

	it('reads a provider wall-clock time in the provider zone', () => {
		expect(isoFromProvider('2026-11-23 09:30:00', 'Europe/Zurich')).toBe('2026-11-23T08:30:00Z');
		expect(isoFromProvider('2026-07-01 09:30:00', 'Europe/Zurich')).toBe('2026-07-01T07:30:00Z');
	});

	it('converts RFC 2822 to ISO UTC', () => {
		expect(isoFromProvider('Fri, 15 Jan 2027 09:00:00 +0100')).toBe(INSTANT_ISO);
	});
});

describe('assertSendTime', () => {
	const now = Date.parse('2026-11-23T10:00:00Z');
	const at = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

	test('a future time and one within the tolerance (clock skew, $now read a moment ago) pass', () => {
		expect(() => assertSendTime(at('2026-11-23T10:05:00Z'), 'Delay', undefined, now)).not.toThrow();
		expect(() => assertSendTime(at('2026-11-23T09:59:01Z'), 'Delay', undefined, now)).not.toThrow();
	});

	test('a time further back fails naming the field and the time in UTC', () => {
		expect(() => assertSendTime(at('2026-11-23T09:58:59Z'), 'Delay', undefined, now)).toThrow(InputError);
		expect(() => assertSendTime(DateTime.fromISO('2026-11-23T10:58:00+02:00', { setZone: true }), 'Schedule', undefined, now)).toThrow(
			expect.objectContaining({ field: 'Schedule', problem: '(2026-11-23T08:58:00Z) is in the past' }),
		);
	});

	test('a tolerance of 0 takes anything before now as past', () => {
		expect(() => assertSendTime(at('2026-11-23T09:59:59Z'), 'Scheduled Date', 0, now)).toThrow(InputError);
	});
});
