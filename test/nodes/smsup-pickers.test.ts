/**
 * smsup.ch's pickers (resource locators) run as n8n's editor runs them (n8n-core's
 * LoadOptionsContext) against the simulator: the Campaign list (`GET /campaigns`, newest first,
 * the search box as smsup.ch's `text` filter) and the Sender list (`GET /account`'s sender ID
 * and the senders of recent campaigns). Then the operations with each kind of value: picked
 * from the list, typed in the other mode, and the plain strings older workflows hold, the
 * Sender inside Additional Fields included.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { oneMessageCall, SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { listSearch, runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: SmsUpSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new SmsUpSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetState(10_000));

const node = (parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
	type: 'smsUp',
	parameters: { output: 'full', ...parameters },
	credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl } },
	...overrides,
});
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];
const locator = (mode: string, value: unknown) => ({ __rl: true, mode, value });

/** Four campaigns on known dates (UTC), added oldest first; the list must show them newest first. */
function seedCampaigns() {
	const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
	return {
		oldest: sim.addCampaign({ sender: 'LakeTours', text: 'Spring cruise timetable', date: at('2025-03-02T08:15:00') }),
		noSender: sim.addCampaign({ sender: '', text: 'Your code is 4711', date: at('2025-04-10T16:40:00') }),
		long: sim.addCampaign({
			sender: 'Alpenblick',
			text: 'The lake cruise leaves at 10:00 from quay 3.   Reply STOP to opt out of these messages.',
			date: at('2025-06-20T07:05:00'),
		}),
		newest: sim.addCampaign({ sender: 'LakeTours', text: 'Evening cruise tonight at 19:00', date: at('2025-07-01T17:30:00') }),
	};
}

describe('Campaign picker (searchCampaigns)', () => {
	test('one page of recent campaigns, newest first: date in the workflow zone, sender, start of the text; value = campaign ID', async () => {
		const { oldest, noSender, long, newest } = seedCampaigns();
		const { results } = await listSearch(node({}), 'searchCampaigns');

		const [call, ...others] = sim.recorded(/^GET \/campaigns$/);
		expect(others).toHaveLength(0);
		expect(call.query).toEqual({ start: '0', length: '200', sort: '-date' });
		expect(call.headers).toMatchObject({ accept: 'application/json', authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}` });
		// smsup.ch's dates are Paris time (summer: UTC+2, winter: UTC+1); the harness workflow's zone is UTC.
		expect(long.date).toBe('2025-06-20 09:05:00');
		expect(results).toEqual([
			{ name: '2025-07-01 17:30 · LakeTours · Evening cruise tonight at 19:00', value: String(newest.id) },
			{ name: '2025-06-20 07:05 · Alpenblick · The lake cruise leaves at 10:00 from…', value: String(long.id) },
			{ name: '2025-04-10 16:40 · default sender · Your code is 4711', value: String(noSender.id) },
			{ name: '2025-03-02 08:15 · LakeTours · Spring cruise timetable', value: String(oldest.id) },
		]);
	});

	test('the search box is smsup.ch\'s text filter: only the campaigns whose text contains it', async () => {
		const { oldest, newest } = seedCampaigns();
		const { results } = await listSearch(node({}), 'searchCampaigns', ' CRUISE ');
		expect(sim.recorded(/^GET \/campaigns$/).map((call) => call.query)).toEqual([{ start: '0', length: '200', sort: '-date', text: 'CRUISE' }]);
		// "The lake cruise…" matches too: the simulator, like smsup.ch, ignores case.
		expect(results.map((result) => result.value)).toEqual([String(newest.id), String(sim.campaigns[2].id), String(oldest.id)]);
	});

	test('no campaigns: an empty list; a bad token: smsup.ch\'s meaning, as the editor shows it', async () => {
		expect(await listSearch(node({}), 'searchCampaigns')).toEqual({ results: [] });
		await expect(listSearch(node({}, { credentials: { smsUpApi: { apiToken: 'WRONG-TOKEN', baseUrl } } }), 'searchCampaigns')).rejects.toThrow(
			'smsup.ch: authentication error: check the API token (and its allowed IPs) (status -1)',
		);
	});
});

describe('Sender picker (searchSenders)', () => {
	test('the account\'s sender ID first, then the other senders of recent campaigns, most recently used first, each once', async () => {
		seedCampaigns();
		sim.addCampaign({ sender: 'SmsUpDemo', text: 'Sent with the account sender', date: DateTime.fromISO('2025-05-05T10:00:00Z') });
		const { results } = await listSearch(node({}), 'searchSenders');

		expect(sim.recorded(/^GET \/account$/)).toHaveLength(1);
		expect(sim.recorded(/^GET \/account$/)[0].headers).toMatchObject({ accept: 'application/json', authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}` });
		expect(sim.recorded(/^GET \/campaigns$/).map((call) => call.query)).toEqual([{ start: '0', length: '500', sort: '-date' }]);
		expect(results).toEqual([
			{ name: 'SmsUpDemo (account sender ID)', value: 'SmsUpDemo' },
			{ name: 'LakeTours (last used 2025-07-01)', value: 'LakeTours' },
			{ name: 'Alpenblick (last used 2025-06-20)', value: 'Alpenblick' },
		]);
	});

	test('the search matches the sender, ignoring case; an account without a sender ID lists the campaigns\' senders only', async () => {
		seedCampaigns();
		expect((await listSearch(node({}), 'searchSenders', 'lake')).results).toEqual([{ name: 'LakeTours (last used 2025-07-01)', value: 'LakeTours' }]);
		sim.sandbox.senderId = '';
		expect((await listSearch(node({}), 'searchSenders')).results.map((result) => result.value)).toEqual(['LakeTours', 'Alpenblick']);
		// smsup.ch has no sender filter: the search never reaches it.
		for (const call of sim.recorded(/^GET \/campaigns$/)) expect(call.query.text).toBeUndefined();
	});
});

describe('Campaign → Get with each kind of Campaign value', () => {
	test.each([
		['picked from the list', (id: string) => locator('list', id)],
		['By ID', (id: string) => locator('id', ` ${id} `)],
		['By ID from an expression', () => locator('id', '={{ $json.ticket }}')],
		['a plain string (workflows from before the picker)', (id: string) => id],
		['a plain expression', () => '={{ $json.ticket }}'],
		['a number', (id: string) => Number(id)],
	])('%s', async (_kind, value) => {
		const { long } = seedCampaigns();
		const id = String(long.id);
		const { outputs, error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: value(id) }), [{ ticket: id }]);
		expect(error).toBeUndefined();
		expect(sim.recorded().map((call) => `${call.method} ${call.path}`)).toEqual([`GET /campaign/${id}`]);
		expect(main(outputs).map((item) => item.json)).toEqual([expect.objectContaining({ id, sender: 'Alpenblick', text: long.text })]);
	});

	// n8n checks a resource locator before the node runs: the By ID mode's pattern, and a value
	// for a required field. These values come from the editor; expressions and plain strings reach the node's own check.
	test('a By ID value that is not digits stops the run at n8n\'s own check, before any call', async () => {
		const { error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: locator('id', '14672468x') }));
		expect(error?.message).toBe("The 'Node Under Test' node has issues:\n- A campaign ID is digits, such as 14672468");
		expect(sim.requests).toHaveLength(0);
	});

	test('an empty pick stops the run as a missing required field, before any call', async () => {
		const { error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: locator('list', '') }));
		expect(error?.message).toBe('The \'Node Under Test\' node has issues:\n- Parameter "Campaign" is required.');
		expect(sim.requests).toHaveLength(0);
	});

	test('an expression in By ID that gives no digits is refused by the node, under the field\'s name', async () => {
		const { error } = await runNode(node({ resource: 'campaign', operation: 'get', campaignId: locator('id', '={{ $json.ticket }}') }), [{ ticket: '14672468x' }]);
		expect(error?.message).toBe('"Campaign" "14672468x" is not a campaign ID (digits, such as 14672468)');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('SMS → Send / Get Price with the Sender inside Additional Fields', () => {
	const send = (sender: unknown, parameters: IDataObject = {}) =>
		node({ resource: 'sms', operation: 'send', to: '+41781234567', message: 'Boarding at quay 3', additionalFields: { reference: 'r-1', sender }, ...parameters });

	test('a sender picked from the list is what smsup.ch receives and what the item says it was sent from', async () => {
		seedCampaigns();
		const picked = (await listSearch(node({}), 'searchSenders', 'alpen')).results[0].value;
		sim.requests.length = 0;
		const { outputs, error } = await runNode(send(locator('list', picked)));
		expect(error).toBeUndefined();
		expect(sim.recorded(/^POST \/send$/).map(oneMessageCall)).toEqual([
			{ text: 'Boarding at quay 3', to: '41781234567', pushtype: 'alert', sender: 'Alpenblick', gsmsmsid: 'r-1' },
		]);
		expect(main(outputs)[0].json).toMatchObject({ from: 'Alpenblick', to: '+41781234567', status: 'queued', reference: 'r-1' });
		expect(sim.messages.map((row) => row.sender)).toEqual(['Alpenblick']);
	});

	test('a plain string sender (as in the examples) still works, in one call per item and as a campaign', async () => {
		await runNode(send('LakeTours'));
		await runNode(send('LakeTours', { to: '={{ $json.to }}', sendAsCampaign: true }), [{ to: '+41781234501' }, { to: '+41781234502' }]);
		expect(oneMessageCall(sim.recorded(/^POST \/send$/)[0]).sender).toBe('LakeTours');
		const [, campaign] = sim.recorded(/^POST \/send$/);
		expect((campaign.body as { sms: { message: IDataObject } }).sms.message.sender).toBe('LakeTours');
		expect(sim.campaigns.map((entry) => [entry.sender, entry.total])).toEqual([
			['LakeTours', 1],
			['LakeTours', 2],
		]);
	});

	test('the Sender mode takes a typed sender ID or phone number (sent as digits); an expression works there too', async () => {
		await runNode(send(locator('value', '+41 78 000 11 22')));
		await runNode(send(locator('value', '={{ $json.brand }}')), [{ brand: 'Seeblick' }]);
		expect(sim.recorded(/^POST \/send$/).map((call) => oneMessageCall(call).sender)).toEqual(['41780001122', 'Seeblick']);
	});

	test('an empty pick leaves the sender out (smsup.ch\'s default sender)', async () => {
		await runNode(send(locator('list', '')));
		expect(oneMessageCall(sim.recorded(/^POST \/send$/)[0])).not.toHaveProperty('sender');
	});

	test('a typed sender smsup.ch would refuse is refused before any call, under the field\'s name', async () => {
		const { error } = await runNode(send(locator('value', 'MyVeryLongShopName')));
		expect(error?.message).toBe('"From" "MyVeryLongShopName" is not a valid sender: use up to 11 letters or digits, or a phone number');
		expect(sim.requests).toHaveLength(0);
	});

	test('Get Price takes the picked sender too (POST /send/simulate), and nothing is sent', async () => {
		const { outputs, error } = await runNode(send(locator('list', 'SmsUpDemo'), { operation: 'getPrice' }));
		expect(error).toBeUndefined();
		expect(sim.recorded(/^POST \/send\/simulate$/).map(oneMessageCall)).toEqual([
			{ text: 'Boarding at quay 3', to: '41781234567', pushtype: 'alert', sender: 'SmsUpDemo' },
		]);
		expect(main(outputs)[0].json).toMatchObject({ to: '+41781234567', cost: 1, currency: 'credits' });
		expect(sim.campaigns).toHaveLength(0);
	});
});
