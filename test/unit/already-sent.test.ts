/**
 * What the duplicate guard counts as "already sent" (nodes/shared/alreadySent.ts): the same
 * recipient (a national number matches its international form), the same text as users see it,
 * the same reference only when the item has one, and only messages that reached or are on their
 * way to the recipient.
 */
import { matchesSent, type SentKey } from '../../nodes/shared/alreadySent';
import { normalizedMessage, type NormalizedMessage } from '../../nodes/shared/message';

const earlier = (fields: Partial<NormalizedMessage>): NormalizedMessage =>
	normalizedMessage('test', { id: 'm-1', to: '+61411222333', body: 'Your code is 1234', status: 'delivered', reference: 'R-1', ...fields });
const key = (fields: Partial<SentKey> = {}): SentKey => ({ to: '+61411222333', text: 'Your code is 1234', reference: null, ...fields });

test.each([
	['the same recipient and text, no reference on the item', key(), earlier({}), true],
	['the same reference', key({ reference: 'R-1' }), earlier({}), true],
	['another reference', key({ reference: 'R-2' }), earlier({}), false],
	['another text', key({ text: 'Your code is 1235' }), earlier({}), false],
	['the text with other line ends and outer spaces', key({ text: ' Line 1\r\nLine 2 ' }), earlier({ body: 'Line 1\nLine 2' }), true],
	['another recipient', key({ to: '+61411222334' }), earlier({}), false],
	['a national number and the international form the provider reports', key({ to: '0411222333' }), earlier({}), true],
	['the provider reports the number without +', key(), earlier({ to: '61411222333' }), true],
	['queued, scheduled, sent, failed and unknown count', key(), earlier({ status: 'failed' }), true],
	['rejected does not count', key(), earlier({ status: 'rejected' }), false],
	['cancelled does not count', key(), earlier({ status: 'cancelled' }), false],
	['an inbound message does not count', key(), earlier({ direction: 'inbound' }), false],
])('%s', (_case, item, message, expected) => {
	expect(matchesSent(item, message)).toBe(expected);
});
