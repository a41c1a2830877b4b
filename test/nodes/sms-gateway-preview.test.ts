/**
 * The SMS Gateway's Get Price (the preview): it sends nothing, and per item says whether the
 * number is valid (and why not), its country, whether it repeats an earlier item's, the encoding,
 * characters and parts, the characters that force UCS-2, each provider's price and the one Send
 * would choose. Smart Encoding turns look-alikes into GSM-7 and reports the parts saved. In n8n's
 * own workflow execution against all four simulators over real HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SmsUpSimulator } from '../simulators/smsup';
import { gatewayCredentials } from '../support/gateway-credentials';
import { runNode, type NodeUnderTest, type WorkflowRunResult } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();
const mainItems = (run: WorkflowRunResult) => run.outputs[0] ?? [];

const previewNode = (options: IDataObject = {}): NodeUnderTest => ({
	type: 'smsGateway',
	parameters: {
		output: 'full',
		resource: 'message',
		operation: 'getPrice',
		routing: 'cheapest',
		to: '={{ $json.to }}',
		message: '={{ $json.text }}',
		options,
		providers: {
			provider: [
				{ provider: 'clickSend', rate: 0.5 },
				{ provider: 'routee', from: 'Shop', rate: 1 },
				{ provider: 'smsUp', pricePerPart: 0.06 },
				{ provider: 'apico', from: '+447860041755', pricePerPart: 0.04 },
			],
		},
	} as NodeUnderTest['parameters'],
	credentials: gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, smsUp: smsUp.baseUrl, apico: apico.baseUrl }),
});

beforeAll(async () => {
	await Promise.all([clickSend.start(), routee.start(), smsUp.start(), apico.start()]);
});
afterAll(async () => {
	await Promise.all([clickSend.stop(), routee.stop(), smsUp.stop(), apico.stop()]);
});
beforeEach(() => {
	clickSend.reset();
	clickSend.acceptedCount.clear();
	routee.resetAll();
	smsUp.resetState(1_000_000);
	apico.reset();
	apico.acceptedCount.clear();
});

const sentAnything = () =>
	clickSend.recorded(/^POST \/v3\/sms\/send$/).length + routee.recorded(/^POST \/sms$/).length + smsUp.recorded(/^POST \/send$/).length + apico.recorded(/^POST /).length;

describe('numbers', () => {
	it.each([
		['a valid international number', '+447700900001', { to: '+447700900001', valid: true, invalidReason: null, country: 'GB', callingCode: '44' }],
		['a Swiss number written with 00 and spaces', '0041 78 123 45 67', { to: '+41781234567', valid: true, invalidReason: null, country: 'CH', callingCode: '41' }],
		['a North American number (+1: no one country)', '+12025550123', { to: '+12025550123', valid: true, invalidReason: null, country: null, callingCode: '1' }],
	])('%s', async (_label, to, expected) => {
		const [item] = mainItems(await runNode(previewNode(), [{ to, text: 'Hello' }]));
		expect(item.json).toMatchObject(expected);
	});

	it.each([
		['a national number without a country', '07700900001'],
		['letters', 'call me'],
		['too short', '+4412'],
	])('%s is invalid, with the reason, and priced nowhere', async (_label, to) => {
		const [item] = mainItems(await runNode(previewNode(), [{ to, text: 'Hello' }]));
		expect(item.json).toMatchObject({ to: null, valid: false, chosen: null, chosenPrice: null });
		expect(item.json.invalidReason).toEqual(expect.any(String));
		expect((item.json.prices as IDataObject[]).map((price) => [price.provider, price.price, price.reason])).toEqual([
			['ClickSend', null, 'the number is not valid'],
			['Routee', null, 'the number is not valid'],
			['smsup.ch', null, 'the number is not valid'],
			['Apico', null, 'the number is not valid'],
		]);
		expect(clickSend.recorded(/price/)).toHaveLength(0);
		expect(routee.recorded(/analyze/)).toHaveLength(0);
	});

	it('marks a recipient that repeats an earlier item as a duplicate of it', async () => {
		const output = mainItems(await runNode(previewNode(), [{ to: '+447700900001', text: 'a' }, { to: '+447700900002', text: 'b' }, { to: '0044 7700 900001', text: 'c' }]));
		expect(output.map((item) => [item.json.duplicate, item.json.duplicateOfItem])).toEqual([[false, null], [false, null], [true, 0]]);
	});
});

describe('texts', () => {
	const x = (count: number) => 'x'.repeat(count);
	it.each([
		['160 plain GSM characters', x(160), { encoding: 'GSM-7', characters: 160, parts: 1, ucs2Characters: [] }],
		['161 plain GSM characters', x(161), { encoding: 'GSM-7', characters: 161, parts: 2, ucs2Characters: [] }],
		// €, ^, { and the like take two septets (the GSM-7 extension table).
		['80 euro signs (160 septets)', '€'.repeat(80), { encoding: 'GSM-7', characters: 80, parts: 1, ucs2Characters: [] }],
		['81 euro signs (162 septets)', '€'.repeat(81), { encoding: 'GSM-7', characters: 81, parts: 2, ucs2Characters: [] }],
		['^ and { with 156 others (160 septets)', `^{${x(156)}`, { encoding: 'GSM-7', characters: 158, parts: 1, ucs2Characters: [] }],
		['^ and { with 157 others (161 septets)', `^{${x(157)}`, { encoding: 'GSM-7', characters: 159, parts: 2, ucs2Characters: [] }],
		['an emoji with 68 others (70 UTF-16 units)', `${x(68)}👍`, { encoding: 'UCS-2', characters: 69, parts: 1, ucs2Characters: ['👍'] }],
		['an emoji with 69 others (71 UTF-16 units)', `${x(69)}👍`, { encoding: 'UCS-2', characters: 70, parts: 2, ucs2Characters: ['👍'] }],
		['curly quotes', '“Hi”', { encoding: 'UCS-2', characters: 4, parts: 1, ucs2Characters: ['“', '”'] }],
	])('%s', async (_label, text, expected) => {
		const [item] = mainItems(await runNode(previewNode(), [{ to: '+447700900001', text }]));
		expect(item.json).toMatchObject(expected);
	});
});

describe('prices', () => {
	it("gives every provider's price and the one Send would choose, sending nothing", async () => {
		const [item] = mainItems(await runNode(previewNode(), [{ to: '+447700900001', text: 'Hello' }]));
		// By hand from the simulators' GB prices for one part: ClickSend AUD 0.056 × 0.5, Routee EUR
		// 0.035, smsup.ch 1 credit × 0.06, Apico 1 part × 0.04.
		expect(item.json.prices).toEqual([
			{ provider: 'ClickSend', price: 0.028, currency: 'EUR', providerPrice: 0.056, providerUnit: 'AUD', parts: 1, reason: null },
			{ provider: 'Routee', price: 0.035, currency: 'EUR', providerPrice: 0.035, providerUnit: null, parts: 1, reason: null },
			{ provider: 'smsup.ch', price: 0.06, currency: 'EUR', providerPrice: 1, providerUnit: 'credits', parts: 1, reason: null },
			{ provider: 'Apico', price: 0.04, currency: 'EUR', providerPrice: null, providerUnit: null, parts: 1, reason: null },
		]);
		expect(item.json).toMatchObject({ routing: 'cheapest', chosen: 'ClickSend', chosenPrice: 0.028, currency: 'EUR' });
		expect(sentAnything()).toBe(0);
	});
});

describe('a provider that would not send it', () => {
	it('gives smsup.ch no price for a number it filters out (0 credits is not the cheapest)', async () => {
		smsUp.filtered.set('447700900001', 'blacklisted');
		try {
			const [item] = mainItems(await runNode(previewNode(), [{ to: '+447700900001', text: 'Hello' }]));
			const smsUpPrice = (item.json.prices as IDataObject[]).find((price) => price.provider === 'smsup.ch');
			expect(smsUpPrice).toMatchObject({ price: null, reason: 'smsup.ch gave no price for it' });
			expect(item.json.chosen).toBe('ClickSend');
		} finally {
			smsUp.filtered.delete('447700900001');
		}
	});
});

describe('Smart Encoding', () => {
	// 100 characters with curly quotes and a long dash: UCS-2, 2 parts of 67; straightened, 1 GSM-7 part.
	const text = `“Your order” — ${'x'.repeat(85)}`;
	it('turns a 2-part UCS-2 text with curly quotes into a 1-part GSM-7 text, and says so', async () => {
		expect(Array.from(text)).toHaveLength(100);
		const off = mainItems(await runNode(previewNode(), [{ to: '+447700900001', text }]))[0].json;
		expect(off).toMatchObject({ encoding: 'UCS-2', parts: 2, body: text });
		const [item] = mainItems(await runNode(previewNode({ smartEncoding: true }), [{ to: '+447700900001', text }]));
		expect(item.json).toMatchObject({ encoding: 'GSM-7', parts: 1, body: `"Your order" - ${'x'.repeat(85)}`, ucs2Characters: [] });
		expect(item.json.smartEncoding).toEqual({
			replacements: [
				{ character: '“', replacement: '"', count: 1 },
				{ character: '”', replacement: '"', count: 1 },
				{ character: '—', replacement: '-', count: 1 },
			],
			partsBefore: 2,
			partsAfter: 1,
		});
		// The providers were asked to price the straightened text.
		expect((clickSend.recorded(/^POST \/v3\/sms\/price$/).at(-1)!.body as { messages: Array<{ body: string }> }).messages[0].body).toBe(`"Your order" - ${'x'.repeat(85)}`);
	});
});
