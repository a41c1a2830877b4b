/**
 * Routee's fast paths give exactly what the general code gives: dates read without luxon, a
 * one-part message merged without sorting (same keys, same order, so exported JSON is the same).
 */
import { isoFromProvider } from '../../nodes/shared/dates';
import { mergeMessage, routeeIso, type RouteeTrackingEntry } from '../../nodes/Routee/message';

test.each([
	'2026-11-23T12:56:48.394Z',
	'2026-11-23T12:56:48.000Z',
	'2026-11-23T12:56:48Z',
	'2026-11-23T12:56:48.5Z',
	'2026-02-30T10:00:00Z', // rolls over in JavaScript, refused by luxon
	'2026-02-28T24:00:00Z',
	'2026-11-23T12:56:48+02:00',
	'2026-11-23 12:56:48',
	'1795438053',
	'',
	'not a date',
])('routeeIso(%p) is isoFromProvider\'s answer', (value) => {
	expect(routeeIso(value)).toBe(isoFromProvider(value));
});

test('a one-part message merges to the same object, key for key and in order, as the general path', () => {
	const entry: RouteeTrackingEntry = {
		applicationName: 'n8n sandbox',
		smsId: 'S-1',
		messageId: 'M-1',
		body: 'Hello',
		to: '+306900000001',
		parts: 1,
		part: 1,
		price: 0.0250000001,
		label: null,
		status: { date: '2026-11-23T12:56:48Z', status: 'Delivered', reason: null },
		direction: 'Outbound',
	};
	// What the general path builds: the entry without `part`, then body, price, status, smsIds, partsTracked.
	const expected = {
		applicationName: 'n8n sandbox',
		smsId: 'S-1',
		messageId: 'M-1',
		body: 'Hello',
		to: '+306900000001',
		parts: 1,
		price: 0.025,
		label: null,
		status: { date: '2026-11-23T12:56:48Z', status: 'Delivered', reason: null },
		direction: 'Outbound',
		smsIds: ['S-1'],
		partsTracked: 1,
	};
	expect(JSON.stringify(mergeMessage([entry]))).toBe(JSON.stringify(expected));
	// Two copies of the same part take the general path; with one of them it must agree field for field.
	const general = mergeMessage([entry, { ...entry, price: 0 }]);
	expect({ ...general, smsIds: ['S-1'], partsTracked: 1 }).toEqual(mergeMessage([entry]));
	expect(Object.keys(general)).toEqual(Object.keys(mergeMessage([entry])));
	// No body, no price: as the general path (an empty body, price left out).
	const bare = mergeMessage([{ messageId: 'M-2', smsId: 'S-2', part: 1, parts: 1 }]);
	expect(bare).toEqual({ messageId: 'M-2', smsId: 'S-2', parts: 1, body: '', price: undefined, status: { date: undefined }, smsIds: ['S-2'], partsTracked: 1 });
	expect('part' in bare).toBe(false);
});
