/**
 * smsup.ch SMS → Send, run as n8n runs it (WorkflowExecute) against the smsup.ch simulator
 * over real HTTP: one `GET /send` per item, or `POST /send` campaign calls. Each test asserts
 * what the simulator received and what the node emitted.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { oneMessageCall, SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { lastSunday, upcomingYear, ymd } from '../support/dates';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: SmsUpSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState(100_000));

function sendNode(parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'smsUp',
		parameters: {
			output: 'full',
			resource: 'sms',
			operation: 'send',
			to: '={{ $json.to }}',
			message: '={{ $json.text }}',
			additionalFields: { reference: '={{ $json.ref }}' },
			...parameters,
		},
		credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } },
		...overrides,
	};
}

/** n distinct Swiss recipients, with their own reference and (unless `sameText`) their own text. */
function recipients(count: number, sameText = false): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		to: `+4178${String(index).padStart(7, '0')}`,
		text: sameText ? 'Your parcel is on its way' : `Hello number ${index}`,
		ref: `order-${index}`,
	}));
}

/** One message per call is a campaign of one, `POST /send` (the text stays out of the URL). */
const singleCalls = () => sim.recorded(/^POST \/send$/);
const campaignCalls = () => sim.recorded(/^POST \/send$/);
const flat = oneMessageCall;
const gsm = (callIndex: number) =>
	(campaignCalls()[callIndex].body as { sms: { recipients: { gsm: Array<{ gsmsmsid: string; value: string }> } } }).sms.recipients.gsm;
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

describe('one call per item (POST /send, one recipient)', () => {
	test('sends digits only, with Accept: application/json and the Bearer token; each item gets its result', async () => {
		const input = recipients(3);
		const { outputs, error } = await runNode(sendNode(), input);
		expect(error).toBeUndefined();

		const calls = singleCalls();
		expect(calls).toHaveLength(3);
		calls.forEach((call, index) => {
			expect(call.headers.accept).toBe('application/json');
			expect(call.headers.authorization).toBe(`Bearer ${SMSUP_SANDBOX_TOKEN}`);
			expect(flat(call)).toEqual({ text: `Hello number ${index}`, to: `4178${String(index).padStart(7, '0')}`, pushtype: 'alert', gsmsmsid: `order-${index}` });
			// Neither the text (a one-time code, say) nor the number is in the URL, where proxies log it.
			expect(call.rawQuery).toBe('');
		});

		const items = main(outputs);
		expect(items).toHaveLength(3);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				provider: 'smsup',
				to: input[index].to,
				body: `Hello number ${index}`,
				status: 'queued',
				providerStatus: 'sent',
				reference: `order-${index}`,
				segments: 1,
				price: 1,
				currency: 'credits',
				pending: false,
			});
			const campaign = item.json.campaign as IDataObject;
			expect(campaign).toMatchObject({ status: 1, cost: 1, total: 1, sent: 1, blacklisted: 0, invalid: 0 });
			// The ticket is the campaign smsup.ch created for this one message.
			expect(sim.campaigns.map((created) => String(created.id))).toContain(campaign.ticket);
		});
		expect(sim.messages.map((row) => [row.destination, row.client_message_id])).toEqual(
			input.map((item, index) => [String(item.to).slice(1), `order-${index}`]),
		);
	});

	test.each([
		['E.164', '+41 78 123 45 67'],
		['00 prefix', '0041781234567'],
		['digits as smsup.ch documents them', '41781234567'],
	])('a number given as %s reaches smsup.ch as 41781234567', async (_, to) => {
		const { outputs, error } = await runNode(sendNode(), [{ to, text: 'Hi', ref: 'r1' }]);
		expect(error).toBeUndefined();
		expect(flat(singleCalls()[0]).to).toBe('41781234567');
		expect(main(outputs)[0].json.to).toBe('+41781234567');
	});

	test('Sender, push type and Simplify off: the raw answer with the item\'s recipient', async () => {
		const { outputs } = await runNode(
			sendNode({ output: 'raw', additionalFields: { reference: 'r-9', sender: 'MyShop', pushtype: 'marketing' } }),
			[{ to: '+41781234567', text: 'Sale today' }],
		);
		expect(flat(singleCalls()[0])).toEqual({ text: 'Sale today', to: '41781234567', pushtype: 'marketing', sender: 'MyShop', gsmsmsid: 'r-9' });
		const json = main(outputs)[0].json;
		expect(json).toMatchObject({ status: 1, message: 'OK', cost: 1, sent: 1, total: 1, recipient: { gsmsmsid: 'r-9', value: '41781234567' } });
		expect(json.ticket).toEqual(expect.any(String));
	});

	test('without a reference, one is generated per item and is the gsmsmsid smsup.ch stores', async () => {
		const { outputs } = await runNode(sendNode({ additionalFields: {} }), recipients(2));
		const references = main(outputs).map((item) => item.json.reference as string);
		expect(references[0]).toMatch(/^n8n-[0-9a-f]{8}-0$/);
		expect(references[1]).toMatch(/^n8n-[0-9a-f]{8}-1$/);
		expect(singleCalls().map((call) => flat(call).gsmsmsid)).toEqual(references);
	});

	test('a recipient smsup.ch filters out (blacklisted) is that item\'s error, never a silent success', async () => {
		sim.filtered.set('41780000001', 'blacklisted');
		const { outputs, error } = await runNode(sendNode({}, { continueOnFail: true }), recipients(3));
		expect(error).toBeUndefined();
		const items = main(outputs);
		expect(items[1].json).toEqual({
			error: 'smsup.ch rejected the message to +41780000001: the number is blacklisted (the recipient opted out)',
			details: { providerStatus: 'blacklisted', to: '+41780000001', reference: 'order-1', ticket: expect.any(String) },
		});
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[0].json.status).toBe('queued');
		expect(items[2].json.status).toBe('queued');
		expect(sim.acceptedTotal).toBe(2);
	});

	test('without Continue On Fail the node fails naming the filtered item and says the others went out', async () => {
		sim.filtered.set('41780000001', 'npai');
		const { error } = await runNode(sendNode(), recipients(3));
		expect(error?.message).toBe('smsup.ch rejected 1 of 3 messages: item 1 (+41780000001): npai');
		expect(error?.description).toMatch(/The other 2 messages were sent and are not sent again/);
		expect(singleCalls()).toHaveLength(3);
	});
});

describe('scheduled sends: delay is Paris wall-clock time', () => {
	// The next occurrences of the dates that matter: a delay must be ahead, and at most 366 days.
	const springYear = upcomingYear(3, (year) => lastSunday(year, 3));
	const spring = ymd(springYear, 3, lastSunday(springYear, 3));
	const autumnYear = upcomingYear(10, (year) => lastSunday(year, 10));
	const autumn = ymd(autumnYear, 10, lastSunday(autumnYear, 10));
	const winter = ymd(upcomingYear(1, 15), 1, 15);
	const july = ymd(upcomingYear(7, 1), 7, 1);
	const june = ymd(upcomingYear(6, 1), 6, 1);

	test(`${spring}T01:30:00Z (the night Paris moves to summer time) arrives as ${spring} 03:30:00`, async () => {
		const { outputs, error } = await runNode(sendNode({ additionalFields: { delay: `${spring}T01:30:00Z`, reference: 'dst' } }), [
			{ to: '+41781234567', text: 'Spring forward' },
		]);
		expect(error).toBeUndefined();
		expect(flat(singleCalls()[0]).delay).toBe(`${spring} 03:30:00`);
		expect(main(outputs)[0].json.sentAt).toBe(`${spring}T01:30:00Z`);
	});

	test.each([
		// Winter (UTC+1), the autumn change (the second 02:30 of that night is UTC+1), another zone's offset.
		[`${winter}T08:00:00Z`, `${winter} 09:00:00`],
		[`${autumn}T00:30:00Z`, `${autumn} 02:30:00`],
		[`${autumn}T01:30:00Z`, `${autumn} 02:30:00`],
		[`${july}T09:00:00-04:00`, `${july} 15:00:00`],
	])('%s arrives as %s (campaign body too)', async (delay, paris) => {
		await runNode(sendNode({ sendAsCampaign: true, additionalFields: { delay } }), recipients(2, true));
		expect((campaignCalls()[0].body as { sms: { message: IDataObject } }).sms.message.delay).toBe(paris);
	});

	test('a date picker value without offset is read in the workflow time zone', async () => {
		await runNode(sendNode({ additionalFields: { delay: `${june}T10:00:00` } }), [{ to: '+41781234567', text: 'x' }]);
		// The harness workflow runs in UTC: 10:00 UTC is 12:00 in Paris in summer.
		expect(flat(singleCalls()[0]).delay).toBe(`${june} 12:00:00`);
	});

	test('a future delay is reported as scheduled and smsup.ch holds it as waiting', async () => {
		const later = DateTime.utc().plus({ days: 2 }).startOf('second');
		const { outputs } = await runNode(sendNode({ additionalFields: { delay: later.toISO(), reference: 'later' } }), [
			{ to: '+41781234567', text: 'Later' },
		]);
		expect(main(outputs)[0].json).toMatchObject({ status: 'scheduled', sentAt: later.toISO({ suppressMilliseconds: true }) });
		expect(sim.messages[0].status).toBe('WAITING');
	});

	test('an unreadable delay is refused before anything is sent', async () => {
		const { error } = await runNode(sendNode({ additionalFields: { delay: 'next tuesday' } }), recipients(2));
		expect(error?.message).toMatch(/^"Schedule" must be a date/);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Send as Campaign (POST /send, 1,000 recipients per call)', () => {
	test('2,500 items make 3 calls (1000, 1000, 500); every gsmsmsid maps back to its item', async () => {
		const input = recipients(2500, true);
		const { outputs, error } = await runNode(sendNode({ sendAsCampaign: true }), input);
		expect(error).toBeUndefined();

		const calls = campaignCalls();
		expect(calls.map((_, index) => gsm(index).length)).toEqual([1000, 1000, 500]);
		expect(calls).toHaveLength(3);
		for (const call of calls) {
			expect(call.headers.accept).toBe('application/json');
			expect((call.body as { sms: { message: IDataObject } }).sms.message).toEqual({ text: 'Your parcel is on its way', pushtype: 'alert', unicode: 0 });
		}
		// What smsup.ch received: every recipient once, digits only, with its item's reference.
		const received = calls.flatMap((_, index) => gsm(index));
		expect(received).toEqual(input.map((item) => ({ gsmsmsid: item.ref, value: String(item.to).slice(1) })));
		expect(sim.acceptedTotal).toBe(2500);

		const items = main(outputs);
		expect(items).toHaveLength(2500);
		const tickets = sim.campaigns.map((campaign) => String(campaign.id));
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ to: input[index].to, reference: `order-${index}`, status: 'queued', providerStatus: 'sent' });
			expect((item.json.campaign as IDataObject).ticket).toBe(tickets[Math.floor(index / 1000)]);
		});
		expect((items[2400].json.campaign as IDataObject)).toMatchObject({ total: 500, sent: 500, cost: 500 });
		// The reference each item carries is the gsmsmsid smsup.ch filed its recipient under.
		const destinationByReference = new Map(sim.messages.map((row) => [row.client_message_id, row.destination]));
		for (const item of items) expect(destinationByReference.get(item.json.reference as string)).toBe(String(item.json.to).slice(1));
	});

	test('a −3 answer fails that call\'s items with "not enough credits"; earlier calls stand', async () => {
		sim.sandbox.credits = 2100; // enough for two calls of 1,000, not for the third of 500 after them
		const input = recipients(2500, true);
		const { outputs, error } = await runNode(sendNode({ sendAsCampaign: true }, { continueOnFail: true }), input);
		expect(error).toBeUndefined();
		expect(campaignCalls()).toHaveLength(3);
		expect(sim.acceptedTotal).toBe(2000);

		const items = main(outputs);
		expect(items).toHaveLength(2500);
		for (const index of [0, 1999]) expect(items[index].json.status).toBe('queued');
		for (const index of [2000, 2250, 2499]) {
			expect(items[index].pairedItem).toEqual({ item: index });
			expect(items[index].json.error).toBe('smsup.ch: not enough credits (status -3)');
			expect(items[index].json.details).toMatchObject({
				providerStatus: '-3',
				maybeSent: false,
				to: input[index].to,
				reference: `order-${index}`,
				description: expect.stringMatching(/smsup\.ch said: "Not enough credits"/),
			});
		}
	});

	test('without Continue On Fail a −3 stops the node, saying which call failed and that earlier ones were accepted', async () => {
		sim.sandbox.credits = 1500;
		const { error, outputs } = await runNode(sendNode({ sendAsCampaign: true }), recipients(2500, true));
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('smsup.ch: not enough credits (status -3)');
		expect(error?.description).toMatch(
			/^The call for 1000 items \(items 1000–1999\) failed\. Of the other items: 1000 sent \(items 0–999\) and not sent again; 500 not sent \(items 2000–2499\)\. /,
		);
		// The node stopped at the failed call: the third was never attempted.
		expect(campaignCalls()).toHaveLength(2);
	});

	test('items with different texts go into separate campaigns, in item order', async () => {
		const input = [
			{ to: '+41780000001', text: 'A', ref: 'a1' },
			{ to: '+41780000002', text: 'B', ref: 'b1' },
			{ to: '+41780000003', text: 'A', ref: 'a2' },
		];
		const { outputs } = await runNode(sendNode({ sendAsCampaign: true }), input);
		expect(campaignCalls().map((call) => (call.body as { sms: { message: IDataObject } }).sms.message.text)).toEqual(['A', 'B']);
		expect(gsm(0).map((entry) => entry.gsmsmsid)).toEqual(['a1', 'a2']);
		expect(main(outputs).map((item) => [item.json.reference, item.pairedItem])).toEqual([
			['a1', { item: 0 }],
			['b1', { item: 1 }],
			['a2', { item: 2 }],
		]);
	});

	test('Unicode, sender and push type go in the campaign message', async () => {
		await runNode(
			sendNode({ sendAsCampaign: true, additionalFields: { unicode: true, sender: '+41790000000', pushtype: 'marketing' } }),
			recipients(2, true),
		);
		expect((campaignCalls()[0].body as { sms: { message: IDataObject } }).sms.message).toEqual({
			text: 'Your parcel is on its way',
			pushtype: 'marketing',
			unicode: 1,
			sender: '41790000000',
		});
	});

	test('a repeated number is reported as that item\'s duplicate; a filtered one leaves the others unconfirmed', async () => {
		const input = recipients(4, true);
		input[3] = { ...input[3], to: input[1].to };
		sim.filtered.set('41780000002', 'not_allowed');
		const { outputs } = await runNode(sendNode({ sendAsCampaign: true }, { continueOnFail: true }), input);
		const items = main(outputs);
		expect(items[3].json.error).toBe(
			'smsup.ch rejected the message to +41780000001: a duplicate of another recipient in the same call (item 1 has the same number; smsup.ch sends it once)',
		);
		// smsup.ch counted one not_allowed recipient but does not say which: nobody claims success.
		for (const index of [0, 1, 2]) {
			expect(items[index].json).toMatchObject({ status: 'unknown', providerStatus: 'unconfirmed' });
			expect(items[index].json.note).toMatch(/did not send 1 of the 4 recipients of this campaign \(not_allowed 1\) and does not say which/);
		}
		expect(items[0].json.campaign).toMatchObject({ total: 4, sent: 2, duplicated: 1, not_allowed: 1 });
	});
});

describe('−8, campaign under moderation', () => {
	test('is a pending result, and the campaign is never sent again', async () => {
		const { outputs, error } = await runNode(sendNode({ sendAsCampaign: true }), [
			{ to: '+41780000001', text: 'Win now MODERATE-ME', ref: 'm1' },
			{ to: '+41780000002', text: 'Win now MODERATE-ME', ref: 'm2' },
		]);
		expect(error).toBeUndefined();
		expect(campaignCalls()).toHaveLength(1);
		const items = main(outputs);
		for (const [index, item] of items.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'queued', providerStatus: 'moderation', pending: true, error: null });
			expect(item.json.note).toMatch(/under moderation .* It was not sent again/);
			expect(item.json.campaign).toMatchObject({ status: -8, message: 'Campaign under moderation', sent: 2 });
		}
		expect(sim.campaigns).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(2);
	});

	test('one call per item: the moderated item is pending, the next items go on', async () => {
		const { outputs } = await runNode(sendNode(), [
			{ to: '+41780000001', text: 'MODERATE-ME please', ref: 'm1' },
			{ to: '+41780000002', text: 'Plain', ref: 'p1' },
		]);
		expect(singleCalls()).toHaveLength(2);
		expect(main(outputs).map((item) => [item.json.providerStatus, item.json.pending])).toEqual([
			['moderation', true],
			['sent', false],
		]);
	});
});

describe('bad input never reaches smsup.ch', () => {
	test.each([
		['a national number', { to: '0781234567' }, /^"To" "0781234567" is not a valid phone number/],
		['an empty message', { text: '' }, /^"Message" is empty/],
		['null from an expression', { to: null }, /^"To" must be a phone number, got null/],
	])('%s', async (_, patch, message) => {
		const input = recipients(3);
		input[1] = { ...input[1], ...patch };
		const { error } = await runNode(sendNode(), input);
		expect(error?.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	test('a sender of more than 11 characters', async () => {
		const { error } = await runNode(sendNode({ additionalFields: { sender: 'MyVeryLongShopName' } }), recipients(1));
		expect(error?.message).toBe('"From" "MyVeryLongShopName" is not a valid sender: use up to 11 letters or digits, or a phone number');
		expect(sim.requests).toHaveLength(0);
	});

	test('with Continue On Fail the bad item is an error item and the others are sent in one campaign', async () => {
		const input = recipients(5, true);
		input[2] = { ...input[2], to: '+12' };
		const { outputs } = await runNode(sendNode({ sendAsCampaign: true }, { continueOnFail: true }), input);
		expect(gsm(0).map((entry) => entry.gsmsmsid)).toEqual(['order-0', 'order-1', 'order-3', 'order-4']);
		const items = main(outputs);
		expect(items[2].json.error).toMatch(/^"To" "\+12" is not a valid phone number/);
		expect(items[2].pairedItem).toEqual({ item: 2 });
		expect(items[3].json.status).toBe('queued');
	});
});

describe('failures after the request reached smsup.ch are never retried', () => {
	test('a dropped connection after smsup.ch read the campaign: one call, items say they may have been sent', async () => {
		sim.inject({ match: /^POST \/send$/, fault: { type: 'dropAfterRead' } });
		const { outputs } = await runNode(sendNode({ sendAsCampaign: true }, { continueOnFail: true }), recipients(3, true));
		expect(campaignCalls()).toHaveLength(1);
		expect(sim.acceptedTotal).toBe(3);
		for (const item of main(outputs)) {
			expect(item.json.error).toBe('smsup.ch: The connection closed before smsup.ch answered');
			expect(item.json.details).toMatchObject({ maybeSent: true, description: expect.stringMatching(/may have been sent/) });
		}
	});

	test('a 429 with Retry-After is retried once the wait is over: the send happens exactly once', async () => {
		sim.inject({ match: /^POST \/send$/, fault: { type: 'status', status: 429, retryAfter: '1', body: { status: -99, message: 'Too many requests' } } });
		const { error } = await runNode(sendNode(), recipients(1));
		expect(error).toBeUndefined();
		const calls = singleCalls();
		expect(calls).toHaveLength(2);
		expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(950);
		expect(sim.acceptedTotal).toBe(1);
	});
});

test('a wrong token: status −1 as an authentication error, without the token anywhere', async () => {
	const node = sendNode();
	node.credentials = { smsUpApi: { apiToken: 'DUMMY-WRONG-TOKEN-77f3a9', baseUrl } };
	const { error, run } = await runNode(node, recipients(1));
	expect(error?.message).toBe('smsup.ch: authentication error: check the API token (and its allowed IPs) (status -1)');
	expect(error?.description).toMatch(/smsup\.ch said: "Authentication error"/);
	expect(JSON.stringify(run)).not.toContain('DUMMY-WRONG-TOKEN-77f3a9');
	expect(sim.acceptedTotal).toBe(0);
});
