import { failureText, normalizeClickSendMessage } from '../../nodes/ClickSend/message';

describe("ClickSend's words for a failed message (failureText)", () => {
	test.each([
		['MMS history (doc 000): status_text only', { status: 'Failed', status_code: '301', status_text: 'Unable to process your MMS for sending.', error_text: null }, 'Unable to process your MMS for sending.'],
		['SMS history: status_text repeats the status, error_text says why', { status: 'Failed', status_text: 'Failed', error_text: 'Unknown subscriber' }, 'Unknown subscriber'],
		['both telling', { status: 'Failed', status_text: 'Unable to process your MMS for sending.', error_text: 'Handset does not accept MMS' }, 'Unable to process your MMS for sending. (Handset does not accept MMS)'],
		['SMS history: status_text lagging behind the status (still "Delivered") is not the reason', { status: 'Failed', status_text: 'Delivered', error_text: 'Unknown subscriber' }, 'Unknown subscriber'],
		['the same text twice', { status: 'Failed', status_text: 'Unknown subscriber', error_text: 'Unknown subscriber' }, 'Unknown subscriber'],
		['a send refusal with no texts', { status: 'INVALID_MEDIA_FILE' }, 'INVALID_MEDIA_FILE'],
		['empty texts', { status: 'Failed', status_text: '', error_text: '' }, 'Failed'],
	])('%s', (_, message, expected) => {
		expect(failureText(message)).toBe(expected);
	});

	test('the normalized error of a failed MMS is its status_text; a queued one has none', () => {
		expect(normalizeClickSendMessage({ status: 'Failed', status_text: 'Unable to process your MMS for sending.' }).error).toBe('Unable to process your MMS for sending.');
		expect(normalizeClickSendMessage({ status: 'Queued:WaitSend', status_text: null }).error).toBeNull();
	});
});
