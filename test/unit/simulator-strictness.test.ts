/**
 * The simulators refuse what the providers' documents do not list, the stricter reading of a
 * silent document: a node that sends an undocumented parameter or field fails here as it could
 * against the real API. Checked over real HTTP, one request each.
 */
import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';

const smsup = new SmsUpSimulator();
const apico = new ApicoSimulator();
const clicksend = new ClickSendSimulator();

beforeAll(async () => {
	await smsup.start();
	await apico.start();
	await clicksend.start();
});
afterAll(async () => {
	await smsup.stop();
	await apico.stop();
	await clicksend.stop();
});

const smsupHeaders = { Authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}`, Accept: 'application/json', 'Content-Type': 'application/json' };
const apicoHeaders = {
	Authorization: `Basic ${Buffer.from(`${APICO_SANDBOX_SID}:${APICO_SANDBOX_TOKEN}`).toString('base64')}`,
	Accept: 'application/json',
	'Content-Type': 'application/json',
};
const range = 'date_start=2026-01-01%2000:00:00&date_end=2026-01-31%2023:59:59';
const campaign = (message: Record<string, unknown>, recipient: Record<string, unknown> = { value: '41781234567' }) =>
	JSON.stringify({ sms: { message: { text: 'Hello', pushtype: 'alert', ...message }, recipients: { gsm: [recipient] } } });

describe('smsup.ch: an undocumented parameter or field is data error −7', () => {
	test.each([
		['GET /messages with a documented filter', 'GET', `/messages?${range}&country=CH`, undefined, 1],
		['GET /messages with from', 'GET', `/messages?${range}&from=41781234567`, undefined, -7],
		['GET /campaigns with page', 'GET', '/campaigns?page=2', undefined, -7],
		['POST /send/simulate as documented', 'POST', '/send/simulate', campaign({ sender: 'Shop' }), 1],
		['POST /send/simulate with links in the message', 'POST', '/send/simulate', campaign({ links: ['https://example.com'] }), -7],
		['POST /send/simulate with a recipient name', 'POST', '/send/simulate', campaign({}, { value: '41781234567', name: 'Ann' }), -7],
	])('%s', async (_case, method, path, body, expected) => {
		const response = await fetch(`${smsup.baseUrl}${path}`, { method, headers: smsupHeaders, body });
		const answer = (await response.json()) as { status: number; details?: string };
		expect(answer.status).toBe(expected);
		if (expected === -7) expect(answer.details).toMatch(/^unknown (parameter|field) (from|page|links|name)$/);
	});
});

describe('Apico: an undocumented parameter or field is a 400', () => {
	const messages = `/v2/accounts/${APICO_SANDBOX_SID}/messages`;
	test.each([
		['GET messages with documented filters', 'GET', `${messages}?direction=outbound&limit=5`, undefined, 200],
		['GET messages with page', 'GET', `${messages}?page=2`, undefined, 400],
		['POST messages with a callback', 'POST', messages, JSON.stringify({ from: '447860041755', to: '447860041756', text: 'Hi', callback: 'https://example.com' }), 400],
	])('%s', async (_case, method, path, body, expected) => {
		const response = await fetch(`${apico.baseUrl}${path}`, { method, headers: apicoHeaders, body });
		expect(response.status).toBe(expected);
		if (expected === 400) expect(((await response.json()) as { status_message: string }).status_message).toMatch(/^BAD REQUEST: unknown (parameter 'page'|field 'callback')$/);
	});
});

describe('ClickSend: an undocumented field or parameter is a 400 in ClickSend\'s envelope', () => {
	const headers = { Authorization: `Basic ${Buffer.from('sandbox:DUMMY-SANDBOX-API-KEY-0001').toString('base64')}`, 'Content-Type': 'application/json' };
	const sms = (message: Record<string, unknown>, call: Record<string, unknown> = {}) =>
		JSON.stringify({ messages: [{ to: '+61411000001', body: 'Hello', from: 'Shop', ...message }], ...call });
	test.each([
		['SMS price as documented', 'POST', '/v3/sms/price', sms({ custom_string: 'a', schedule: 0 }), 200, undefined],
		['SMS price with a message callback', 'POST', '/v3/sms/price', sms({ callback: 'https://example.com' }), 400, 'messages.0.callback'],
		['SMS send with a top-level unicode flag', 'POST', '/v3/sms/send', sms({}, { unicode: true }), 400, 'unicode'],
		['MMS price with media_url instead of media_file', 'POST', '/v3/mms/price', JSON.stringify({ media_url: 'https://cdn.example.com/a.gif', messages: [{ to: '+61411000001', body: 'Hi', subject: 'S', from: 'Shop' }] }), 400, 'media_url'],
		['SMS history with documented parameters', 'GET', '/v3/sms/history?page=1&limit=15&order_by=date:asc', undefined, 200, undefined],
		['SMS history with per_page', 'GET', '/v3/sms/history?per_page=50', undefined, 400, 'per_page'],
		['inbound with a q filter', 'GET', '/v3/sms/inbound?q=from:%2B61411000001', undefined, 400, 'q'],
	])('%s', async (_case, method, path, body, expected, field) => {
		const response = await fetch(`${clicksend.baseUrl}${path}`, { method, headers, body });
		expect(response.status).toBe(expected);
		const answer = (await response.json()) as { response_code: string; data: Record<string, unknown> | null };
		if (field !== undefined) expect(answer).toMatchObject({ response_code: 'BAD_REQUEST', data: { [field]: expect.stringMatching(/is not allowed/) } });
	});
});
