import { DateTime } from 'luxon';

import { InputError } from './errors';
import { describeValue } from './sms';

/**
 * Reads a date from what n8n users pass: a luxon DateTime, a JS Date, an ISO string (the
 * date picker's value, read in `zone` when it carries no offset), an RFC 2822 string, or
 * unix seconds (number or digits; 13 digits are taken as milliseconds).
 */
export function parseDate(value: unknown, field: string, zone = 'UTC'): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number' && Number.isFinite(value)) parsed = fromEpoch(value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		if (/^\d{9,13}(\.\d+)?$/.test(text)) parsed = fromEpoch(Number(text));
		else {
			parsed = DateTime.fromISO(text, { zone, setZone: true });
			if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone, setZone: true });
			if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone, setZone: true });
		}
	}
	if (!parsed || !parsed.isValid) {
		throw new InputError(
			field,
			`must be a date (ISO 8601 such as 2026-11-23T09:30:00Z, or unix seconds), got ${describeValue(value)}`,
		);
	}
	return parsed;
}

function fromEpoch(value: number): DateTime {
	return value >= 1e12 ? DateTime.fromMillis(value, { zone: 'UTC' }) : DateTime.fromSeconds(value, { zone: 'UTC' });
}

/** An optional date: empty string, null and undefined mean "not set". */
export function parseOptionalDate(value: unknown, field: string, zone = 'UTC'): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return parseDate(value, field, zone);
}

/** How far in the past a send time may be: clock skew, or `$now` read a moment before the call. */
export const PAST_SEND_TIME_TOLERANCE_SECONDS = 60;

/** No provider documents how far ahead a send may be scheduled: a year, past which a date is a typo (9999) more often than a plan. */
export const MAX_SCHEDULE_DAYS_AHEAD = 366;

/**
 * Refuses a send time (schedule, delay) in the past, where the provider would send at once or
 * refuse it, or more than MAX_SCHEDULE_DAYS_AHEAD ahead, where a provider may refuse it after
 * other items went out (smsup.ch answers a year-10000 date with −4): either way not what the
 * user asked for.
 */
export function assertSendTime(date: DateTime, field: string, toleranceSeconds = PAST_SEND_TIME_TOLERANCE_SECONDS, now = Date.now()): void {
	if (date.toMillis() < now - toleranceSeconds * 1000) throw new InputError(field, `(${toIsoUtc(date)}) is in the past`);
	if (date.toMillis() > now + MAX_SCHEDULE_DAYS_AHEAD * 86_400_000) {
		throw new InputError(field, `(${toIsoUtc(date)}) is more than ${MAX_SCHEDULE_DAYS_AHEAD} days ahead`);
	}
}

export function toUnixSeconds(date: DateTime): number {
	return Math.floor(date.toSeconds());
}

/** A provider's local wall-clock format, e.g. `yyyy-MM-dd HH:mm:ss` in Europe/Paris. */
export function toZonedFormat(date: DateTime, zone: string, format: string): string {
	return date.setZone(zone).toFormat(format);
}

/** ISO 8601 in UTC with milliseconds dropped, the form the normalized model uses. */
export function toIsoUtc(date: DateTime): string {
	return date.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** Best-effort conversion of a provider's timestamp to ISO (UTC); undefined if unreadable. */
export function isoFromProvider(value: unknown, zone = 'UTC'): string | undefined {
	if (value === undefined || value === null || value === '' || value === 0 || value === '0') return undefined;
	try {
		return toIsoUtc(parseDate(value, 'date', zone));
	} catch {
		return undefined;
	}
}

export interface DateRange {
	from?: DateTime;
	to?: DateTime;
}

/** Validates a range: both ends readable, and the end not before the start. */
export function parseDateRange(
	from: unknown,
	to: unknown,
	fields: { from: string; to: string },
	zone = 'UTC',
): DateRange {
	const range = { from: parseOptionalDate(from, fields.from, zone), to: parseOptionalDate(to, fields.to, zone) };
	if (range.from && range.to && range.to < range.from) {
		throw new InputError(fields.to, `(${toIsoUtc(range.to)}) is before "${fields.from}" (${toIsoUtc(range.from)})`);
	}
	return range;
}
