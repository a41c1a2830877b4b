/**
 * Routee SMS → Send, one call per item and as campaigns, run through n8n's engine against
 * the Routee simulator. Each test asserts what Routee received and what the node emitted.
 */
import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

function sendNode(parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
		...overrides,
	};
}

const recipients = (count: number, prefix = '+30690') =>
	Array.from({ length: count }, (_, index) => ({ to: `${prefix}${String(index).padStart(7, '0')}`, text: `Your code is ${1000 + index}` }));
const sends = () => sim.recorded(/^POST \/sms$/);
const campaigns = () => sim.recorded(/^POST \/sms\/campaign$/);
const anyApiCall = () => sim.recorded(/^(POST|GET) \/(sms|accounts|oauth)/);

describe('one call per item (POST /sms)', () => {
	test('sends every field Routee documents and emits the tracking id and status, paired to the item', async () => {
		const { outputs, error } = await runNode(
			sendNode({
				from: '+30 690 000 0000',
				additionalFields: {
					label: '={{ "order-" + $itemIndex }}',
					flash: true,
					ttl: 60,
					callbackUrl: 'https://example.com/hooks/routee',
					callbackStrategy: 'OnCompletion',
				},
			}),
			recipients(2),
		);

		expect(error).toBeUndefined();
		expect(sends().map((request) => request.body)).toEqual([
			{
				body: 'Your code is 1000',
				to: '+306900000000',
				from: '306900000000',
				label: 'order-0',
				flash: true,
				callback: { url: 'https://example.com/hooks/routee', strategy: 'OnCompletion' },
				ttl: 60,
			},
			expect.objectContaining({ to: '+306900000001', label: 'order-1' }),
		]);
		expect(sends()[0].headers['content-type']).toMatch(/^application\/json/);

		const items = outputs[0];
		expect(items).toHaveLength(2);
		const trackingIds = sim.tracking.map((entry) => entry.messageId);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				provider: 'routee',
				direction: 'outbound',
				to: `+30690000000${index}`,
				from: '306900000000',
				body: `Your code is ${1000 + index}`,
				status: 'queued',
				providerStatus: 'Queued',
				segments: 1,
				reference: `order-${index}`,
			});
			// The id is the tracking id Routee assigned, the message id in its tracking.
			expect(item.json.id).toBe(trackingIds[index]);
			expect(item.json.sentAt).toBe(sim.tracking[index].status.date);
		});
	});

	test('Simplify off emits Routee\'s own answer, body analysis included', async () => {
		const { outputs } = await runNode(sendNode({ output: 'raw' }), [{ to: '+306900000009', text: 'Καλημέρα' }]);
		expect(outputs[0][0].json).toMatchObject({
			to: '+306900000009',
			status: 'Queued',
			bodyAnalysis: { characters: 8, parts: 1, unicode: true, transcode: { message: 'KAΛHMEPA', parts: 1 } },
		});
		expect(outputs[0][0].json).toHaveProperty('trackingId');
	});

	describe('bad input in item 3', () => {
		const input = () => {
			const items = recipients(6);
			items[3] = { ...items[3], to: '6900000003' };
			return items;
		};

		test('without Continue On Fail: the node fails naming item 3 and the field, and nothing reaches Routee', async () => {
			const { outputs, error } = await runNode(sendNode(), input());
			expect(outputs).toEqual([]);
			expect(error?.message).toMatch(/^"To" "6900000003" is not a valid phone number in international format/);
			expect(error?.description).toMatch(/^Item 3: nothing was sent/);
			expect(anyApiCall()).toHaveLength(0);
		});

		test('with Continue On Fail: item 3 is an error item, the other five are sent', async () => {
			const { outputs, error } = await runNode(sendNode({}, { continueOnFail: true }), input());
			expect(error).toBeUndefined();
			const items = outputs[0];
			expect(items).toHaveLength(6);
			expect(items[3].json).toEqual({ error: expect.stringMatching(/^"To"/), details: expect.any(Object) });
			expect(items[3].pairedItem).toEqual({ item: 3 });
			expect(sends().map((request) => (request.body as IDataObject).to)).toEqual(['+306900000000', '+306900000001', '+306900000002', '+306900000004', '+306900000005']);
			expect(items[4].json.to).toBe('+306900000004');
			expect(items[4].pairedItem).toEqual({ item: 4 });
		});
	});

	test.each([
		['a label of 21 characters', { additionalFields: { label: 'a-label-of-21-chars!!' } }, /^"Reference" is 21 characters long; Routee keeps at most 20/],
		['a 12-letter sender ID', { from: 'MyCompanyLtd' }, /^"From" "MyCompanyLtd" is not a valid sender/],
		['a 19-digit sender number', { from: '+3069000000001234567' }, /^"From" "\+3069000000001234567" is not a valid sender/],
		['a 1,601-character message', { message: 'x'.repeat(1601) }, /^"Message" is 1601 characters long; Routee sends at most 1600/],
		['an empty message', { message: '={{ $json.missing }}' }, /^"Message" is empty/],
		['a callback URL that is not http(s)', { additionalFields: { callbackUrl: 'ftp://example.com/x' } }, /^"Callback URL" "ftp:\/\/example.com\/x" must start with http/],
		['a TTL that is not a whole number', { additionalFields: { ttl: 1.5 } }, /^"TTL \(Minutes\)" must be a whole number/],
	])('refuses %s before any call', async (_label, parameters, message) => {
		const { error } = await runNode(sendNode(parameters), recipients(1));
		expect(error?.message).toMatch(message);
		expect(anyApiCall()).toHaveLength(0);
	});

	test('Routee\'s refusal shows its message and explains the 9-digit code', async () => {
		sim.inject({
			fault: { type: 'status', status: 400, body: { code: '400005000', developerMessage: 'No recipients were specified or the sender is invalid.' } },
			match: /^POST \/sms$/,
		});
		const { error } = await runNode(sendNode(), recipients(1));
		expect(error?.message).toBe('Routee: No recipients were specified or the sender is invalid.');
		expect(error?.description).toMatch(/^Provider code: 400005000\. Routee code 400005000 = HTTP 400, module 005 \(SMS\), error 000\./);
		expect(error?.description).not.toMatch(/may have been sent/);
	});

	test('a 500 after a send is not repeated: the item fails saying the message may have been sent, and earlier items are counted', async () => {
		const input = recipients(3);
		sim.failAfterAccepting.add(input[1].to);
		// One call at a time, so the failure stops the run before the third item goes out.
		const { outputs, error } = await runNode(sendNode({ options: { parallelRequests: 1 } }), input);

		expect(outputs).toEqual([]);
		expect(error?.message).toBe('Routee: Internal server error.');
		expect(error?.description).toMatch(/^The call for item 1 failed\. Of the other items: 1 sent \(item 0\) and not sent again; 1 not sent \(item 2\)\. /);
		expect(error?.description).toMatch(/may have been sent/);
		// Sent once, never repeated; the third item was not attempted.
		expect(sends().map((request) => (request.body as IDataObject).to)).toEqual([input[0].to, input[1].to]);
		expect(sim.acceptedByRecipient.get(input[1].to)).toBe(1);
	});

	test('with Continue On Fail the failed item says the message may have been sent, and the others go on', async () => {
		const input = recipients(3);
		sim.failAfterAccepting.add(input[1].to);
		const { outputs } = await runNode(sendNode({}, { continueOnFail: true }), input);

		const items = outputs[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json).toEqual({
			error: 'Routee: Internal server error.',
			details: expect.objectContaining({ to: input[1].to, maybeSent: true, description: expect.stringMatching(/may have been sent/) }),
		});
		expect(items[2].json.status).toBe('queued');
		expect(sends()).toHaveLength(3);
	});
});

describe('Send as Campaign (POST /sms/campaign)', () => {
	const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

	test('items with the same message go out in one campaign with every campaign field; each item gets the campaign\'s tracking id', async () => {
		const scheduledDate = inOneHour();
		const { outputs, error } = await runNode(
			sendNode({
				message: 'Doors open at 9!',
				sendAsCampaign: true,
				campaignFields: {
					campaignName: 'Opening day',
					scheduledDate,
					respectQuietHours: true,
					callbackUrl: 'https://example.com/hooks/message',
					callbackStrategy: 'OnChange',
					campaignCallbackUrl: 'https://example.com/hooks/campaign',
					campaignCallbackStrategy: 'OnCompletion',
				},
			}),
			recipients(3),
		);

		expect(error).toBeUndefined();
		expect(campaigns()).toHaveLength(1);
		expect(campaigns()[0].body).toEqual({
			body: 'Doors open at 9!',
			from: 'Routee',
			campaignName: 'Opening day',
			scheduledDate,
			respectQuietHours: true,
			callback: { url: 'https://example.com/hooks/message', strategy: 'OnChange' },
			campaignCallback: { url: 'https://example.com/hooks/campaign', strategy: 'OnCompletion' },
			to: ['+306900000000', '+306900000001', '+306900000002'],
		});
		expect(sends()).toHaveLength(0);
		const [campaign] = [...sim.campaigns.values()];
		expect(outputs[0].map((item) => [item.pairedItem, item.json.id, item.json.to, item.json.status, item.json.sentAt, item.json.reference])).toEqual([
			[{ item: 0 }, campaign.trackingId, '+306900000000', 'scheduled', scheduledDate, 'Opening day'],
			[{ item: 1 }, campaign.trackingId, '+306900000001', 'scheduled', scheduledDate, 'Opening day'],
			[{ item: 2 }, campaign.trackingId, '+306900000002', 'scheduled', scheduledDate, 'Opening day'],
		]);
		expect(outputs[0][0].json.providerStatus).toBe('Scheduled');
	});

	test('items with different messages become separate campaigns; a repeated name gets a number so Routee does not refuse it', async () => {
		const input = recipients(4).map((item, index) => ({ ...item, text: index % 2 ? 'Odd' : 'Even' }));
		const { outputs, error } = await runNode(sendNode({ sendAsCampaign: true, campaignFields: { campaignName: 'Promo' } }), input);

		expect(error).toBeUndefined();
		expect(campaigns().map((call) => [(call.body as IDataObject).campaignName, (call.body as IDataObject).body, (call.body as IDataObject).to])).toEqual([
			['Promo', 'Even', ['+306900000000', '+306900000002']],
			['Promo (2)', 'Odd', ['+306900000001', '+306900000003']],
		]);
		const [even, odd] = [...sim.campaigns.values()].map((campaign) => campaign.trackingId);
		expect(outputs[0].map((item) => [item.pairedItem, item.json.id, item.json.status])).toEqual([
			[{ item: 0 }, even, 'queued'],
			[{ item: 1 }, odd, 'queued'],
			[{ item: 2 }, even, 'queued'],
			[{ item: 3 }, odd, 'queued'],
		]);
	});

	test('2,500 recipients go out in 3 calls of at most 1,000, each recipient once', async () => {
		const input = recipients(2500);
		const { outputs, error } = await runNode(sendNode({ sendAsCampaign: true, message: 'Sale starts now', campaignFields: { campaignName: 'Sale' } }), input);

		expect(error).toBeUndefined();
		expect(campaigns().map((call) => ((call.body as IDataObject).to as string[]).length)).toEqual([1000, 1000, 500]);
		expect(campaigns().map((call) => (call.body as IDataObject).campaignName)).toEqual(['Sale', 'Sale (2)', 'Sale (3)']);
		expect(campaigns().flatMap((call) => (call.body as IDataObject).to as string[])).toEqual(input.map((item) => item.to));
		expect(sim.acceptedTotal).toBe(2500);
		for (const { to } of input) expect(sim.acceptedByRecipient.get(to)).toBe(1);
		expect(outputs[0]).toHaveLength(2500);
		expect(outputs[0][1999].pairedItem).toEqual({ item: 1999 });
		expect(outputs[0][1999].json.to).toBe(input[1999].to);
		expect(outputs[0][1999].json.id).toBe([...sim.campaigns.values()][1].trackingId);
	});

	test('a scheduled date in the past fails naming the item and field before any call', async () => {
		const { error } = await runNode(
			sendNode({ sendAsCampaign: true, campaignFields: { scheduledDate: '2020-01-01T10:00:00Z' } }),
			recipients(2),
		);
		expect(error?.message).toBe('"Schedule" (2020-01-01T10:00:00Z) is in the past');
		expect(anyApiCall()).toHaveLength(0);
	});

	test('a campaign name Routee already has fails with its 409 and the code explained', async () => {
		await runNode(sendNode({ sendAsCampaign: true, campaignFields: { campaignName: 'Weekly' } }), recipients(1));
		const { error } = await runNode(sendNode({ sendAsCampaign: true, campaignFields: { campaignName: 'Weekly' } }), recipients(1));
		expect(error?.message).toBe('Routee: A campaign named "Weekly" already exists.');
		expect(error?.description).toMatch(/Routee code 409009000 = HTTP 409, module 009 \(campaign\), error 000\./);
		expect(sim.acceptedTotal).toBe(1);
	});

	test('with Continue On Fail a failed campaign call fails each of its items, saying they may have been sent', async () => {
		sim.inject({ fault: { type: 'status', status: 502, body: { code: '502000000', developerMessage: 'Bad gateway' } }, match: /^POST \/sms\/campaign$/ });
		const input = recipients(3).map((item, index) => ({ ...item, text: index === 2 ? 'Other' : 'Same' }));
		const { outputs } = await runNode(sendNode({ sendAsCampaign: true }, { continueOnFail: true }), input);

		expect(campaigns()).toHaveLength(2);
		const items = outputs[0];
		for (const index of [0, 1]) {
			expect(items[index].json).toEqual({
				error: 'Routee: Bad gateway',
				details: expect.objectContaining({ to: input[index].to, maybeSent: true }),
			});
			expect(items[index].pairedItem).toEqual({ item: index });
		}
		expect(items[2].json).toMatchObject({ to: input[2].to, status: 'queued' });
	});
});
