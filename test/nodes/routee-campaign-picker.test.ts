/**
 * The Routee campaign picker and the fields that use it, through n8n's engine against the
 * Routee simulator. Routee has no call that lists campaigns, so the picker reads the campaign
 * messages of the last 7 days from tracking (`POST /sms/tracking`, `campaign=true`, newest
 * first) and lists each campaign once; each test asserts the requests Routee received and
 * what the node listed or emitted.
 */
import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator, type RouteeTrackingEntry } from '../simulators/routee';
import { listSearch, runNode, type NodeUnderTest } from '../support/n8n-harness';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

function node(parameters: IDataObject): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
	};
}

const trackingCalls = () => sim.recorded(/^POST \/sms\/tracking$/);
const campaignCalls = () => sim.recorded(/^GET \/sms\/tracking\/campaign\//);
const search = async (filter?: string, paginationToken?: string) =>
	await listSearch(node({ operation: 'getCampaignMessages' }), 'searchCampaigns', filter, paginationToken);
/** How the picker names a campaign: its name and its newest message's date (the harness runs in UTC). */
const listed = (name: string, trackingId: string, date: string) => ({ name: `${name} (${date.slice(0, 16).replace('T', ' ')})`, value: trackingId, description: trackingId });

interface Campaign {
	trackingId: string;
	campaignName: string | null;
}
const SPRING: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-000000000001', campaignName: 'Spring sale' };
const REMINDERS: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-000000000002', campaignName: 'Reminders' };
const UNNAMED: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-000000000003', campaignName: null };
const OLD: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-000000000004', campaignName: 'Old promo' };

let messageCount = 0;
/** Puts one message (all its parts) into Routee's tracking, as Routee tracks campaign and single sends. */
function track(campaign: Campaign | null, ago: number, options: { parts?: number; direction?: 'Inbound' | 'Outbound' } = {}): RouteeTrackingEntry[] {
	const parts = options.parts ?? 1;
	const index = ++messageCount;
	const date = new Date(Date.now() - ago).toISOString();
	const entries = Array.from({ length: parts }, (_, part): RouteeTrackingEntry => ({
		applicationName: 'Sandbox app',
		campaignName: campaign?.campaignName ?? null,
		campaignTrackingId: campaign?.trackingId ?? null,
		country: 'GR',
		smsId: `5e5e5e5e-0000-4000-8000-${String(index * 10 + part).padStart(12, '0')}`,
		messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		groups: [],
		body: `Message ${index}`,
		operator: 'Cosmote',
		originatingService: options.direction === 'Inbound' ? 'Inbound' : 'Sms',
		to: `+30690${String(index).padStart(7, '0')}`,
		from: 'Routee',
		latency: null,
		parts,
		part: part + 1,
		price: 0.025,
		label: null,
		status: { date, status: 'Delivered', reason: null },
		direction: options.direction ?? 'Outbound',
	}));
	sim.tracking.push(...entries);
	sim.touchTracking();
	return entries;
}

describe('campaign picker (listSearch searchCampaigns)', () => {
	test('lists each campaign with messages in the last 7 days once, newest first, with its name and latest date', async () => {
		// Spring sale: many messages over three days, some in several parts; its newest 90 minutes ago.
		const [springNewest] = track(SPRING, 90 * MINUTE_MS, { parts: 3 });
		for (let index = 1; index < 40; index++) track(SPRING, 90 * MINUTE_MS + index * 100 * MINUTE_MS, { parts: index % 4 === 0 ? 3 : 1 });
		const [reminder] = track(REMINDERS, 30 * MINUTE_MS, { parts: 2 });
		track(REMINDERS, 2 * DAY_MS);
		const [unnamed] = track(UNNAMED, 2 * DAY_MS + MINUTE_MS);
		// Only older than Routee's 7 days: not listed.
		track(OLD, 8 * DAY_MS);
		// Not campaign messages: a single send and an inbound message, both newer than every campaign.
		track(null, MINUTE_MS);
		track(null, 2 * MINUTE_MS, { direction: 'Inbound' });
		// A campaign sent now through the node: 3 recipients, a message of 2 parts each.
		const sent = await runNode(
			node({ operation: 'send', to: '={{ $json.to }}', message: 'Doors open at 9! '.repeat(12), from: 'Routee', sendAsCampaign: true, campaignFields: { campaignName: 'Opening day' } }),
			[{ to: '+306900000101' }, { to: '+306900000102' }, { to: '+306900000103' }],
		);
		expect(sent.error).toBeUndefined();
		const [opening] = [...sim.campaigns.values()];
		const openingEntries = sim.tracking.filter((entry) => entry.campaignTrackingId === opening.trackingId);
		expect(openingEntries).toHaveLength(6);

		const started = Date.now();
		const { results, paginationToken } = await search();

		const [call] = trackingCalls();
		expect(trackingCalls()).toHaveLength(1);
		expect(call.query).toEqual({ dateStart: call.query.dateStart, dateEnd: call.query.dateEnd, campaign: 'true', sort: 'status.date,desc', page: '0', size: '2000' });
		// The whole window Routee keeps: 7 days back (a minute inside, so Routee's own check passes) up to now.
		expect(Date.parse(call.query.dateStart)).toBeGreaterThanOrEqual(started - 7 * DAY_MS + 59_000);
		expect(Date.parse(call.query.dateStart)).toBeLessThanOrEqual(Date.now() - 7 * DAY_MS + 61_000);
		expect(Date.parse(call.query.dateEnd)).toBeGreaterThanOrEqual(started - 1000);
		expect(call.rawBody).toBe('');
		expect(call.headers.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);

		// Routee answered with 70 campaign parts (60 of Spring sale's 40 messages, 3 of Reminders, 1 unnamed, 6 of Opening day): 4 campaigns.
		expect(results).toEqual([
			listed('Opening day', opening.trackingId, openingEntries[0].status.date),
			listed('Reminders', REMINDERS.trackingId, reminder.status.date),
			listed('Spring sale', SPRING.trackingId, springNewest.status.date),
			listed('Unnamed campaign', UNNAMED.trackingId, unnamed.status.date),
		]);
		// Everything fitted on one page: nothing more to load.
		expect(paginationToken).toBeUndefined();
	});

	test('the search matches names in any case, and tracking IDs; the filter is applied here, Routee gets the same request', async () => {
		track(SPRING, 10 * MINUTE_MS);
		track(SPRING, 20 * MINUTE_MS, { parts: 2 });
		track(REMINDERS, 15 * MINUTE_MS);
		track(UNNAMED, 25 * MINUTE_MS);

		expect((await search('SALE')).results.map((item) => item.value)).toEqual([SPRING.trackingId]);
		expect((await search('remind')).results.map((item) => item.name)).toEqual([expect.stringMatching(/^Reminders \(/)]);
		expect((await search('000000000003')).results.map((item) => item.value)).toEqual([UNNAMED.trackingId]);
		expect((await search('campaign')).results.map((item) => item.value)).toEqual([]);
		expect((await search('no such campaign')).results).toEqual([]);

		expect(trackingCalls()).toHaveLength(5);
		for (const call of trackingCalls()) {
			expect(call.query).toMatchObject({ campaign: 'true', sort: 'status.date,desc', page: '0', size: '2000' });
			expect(call.rawBody).toBe('');
		}
	});

	test('a campaign with more messages than a page: the list goes on with the token the editor sends back, each campaign once', async () => {
		const BIG: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-0000000000b1', campaignName: 'Big send' };
		const SMALL: Campaign = { trackingId: 'c0ffee00-0000-4000-8000-0000000000a1', campaignName: 'Small send' };
		// 2,100 Big send messages in the last 35 minutes, one older than Small send.
		for (let index = 0; index < 2100; index++) track(BIG, 1000 + index * 1000);
		const [small] = track(SMALL, DAY_MS);
		track(BIG, 2 * DAY_MS);

		const first = await search();
		expect(first.results.map((item) => item.value)).toEqual([BIG.trackingId]);
		expect(first.paginationToken).toEqual(expect.any(String));
		expect(trackingCalls().map((call) => call.query.page)).toEqual(['0']);

		const second = await search(undefined, first.paginationToken);
		// Big send is on page 1 too: it is not listed again.
		expect(second.results).toEqual([listed('Small send', SMALL.trackingId, small.status.date)]);
		expect(second.paginationToken).toBeUndefined();
		expect(trackingCalls().map((call) => [call.query.page, call.query.size, call.query.sort])).toEqual([
			['0', '2000', 'status.date,desc'],
			['1', '2000', 'status.date,desc'],
		]);

		// A search whose first page matches nothing reads on, so the editor never shows an empty list with more behind it.
		sim.requests.length = 0;
		const searched = await search('small');
		expect(searched.results.map((item) => item.value)).toEqual([SMALL.trackingId]);
		expect(searched.paginationToken).toBeUndefined();
		expect(trackingCalls().map((call) => call.query.page)).toEqual(['0', '1']);

		// A token this picker did not make starts from the newest page.
		sim.requests.length = 0;
		expect((await search(undefined, 'not a token')).results.map((item) => item.value)).toEqual([BIG.trackingId]);
		expect(trackingCalls().map((call) => call.query.page)).toEqual(['0']);
	});

	test('no campaign messages in the last 7 days: an empty list', async () => {
		track(OLD, 8 * DAY_MS);
		track(null, MINUTE_MS);
		expect(await search()).toEqual({ results: [] });
		expect(trackingCalls()).toHaveLength(1);
	});
});

describe('Get Campaign Messages takes the picked campaign, an ID or plain text', () => {
	const messageIdsOf = (campaign: Campaign) => [
		...new Set(
			sim.tracking
				.filter((entry) => entry.campaignTrackingId === campaign.trackingId)
				.sort((a, b) => a.status.date.localeCompare(b.status.date) || a.messageId.localeCompare(b.messageId))
				.map((entry) => entry.messageId),
		),
	];
	beforeEach(() => {
		for (let index = 0; index < 5; index++) track(SPRING, (index + 1) * 10 * MINUTE_MS, { parts: index === 2 ? 2 : 1 });
		track(REMINDERS, 5 * MINUTE_MS);
	});

	test('the value picked from the list, By ID (with an expression) and plain text all read that campaign', async () => {
		const { results } = await search('spring');
		const picked = { __rl: true, mode: 'list', value: results[0].value, cachedResultName: results[0].name };
		const fromList = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: picked, returnAll: true }));
		const byId = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'id', value: ` ${SPRING.trackingId} ` }, returnAll: true }));
		const byExpression = await runNode(
			node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'id', value: '={{ $json.campaign }}' }, returnAll: true }),
			[{ campaign: SPRING.trackingId }, { campaign: REMINDERS.trackingId }],
		);
		const plain = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: SPRING.trackingId, returnAll: true }));

		for (const run of [fromList, byId, plain]) {
			expect(run.error).toBeUndefined();
			expect(run.outputs[0].map((item) => item.json.id)).toEqual(messageIdsOf(SPRING));
		}
		expect(messageIdsOf(SPRING)).toHaveLength(5);
		expect(byExpression.outputs[0].map((item) => [item.pairedItem, item.json.id])).toEqual([
			...messageIdsOf(SPRING).map((id) => [{ item: 0 }, id]),
			...messageIdsOf(REMINDERS).map((id) => [{ item: 1 }, id]),
		]);
		expect(campaignCalls().map((call) => call.path)).toEqual([
			...Array(2).fill(`/sms/tracking/campaign/${SPRING.trackingId}`),
			`/sms/tracking/campaign/${SPRING.trackingId}`,
			`/sms/tracking/campaign/${REMINDERS.trackingId}`,
			`/sms/tracking/campaign/${SPRING.trackingId}`,
		]);
	});

	test('By ID refuses what is not a tracking ID before asking Routee; an empty pick is refused too', async () => {
		// Typed in: n8n's own check of the field (the mode's validation) stops the workflow.
		const typed = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'id', value: 'Spring sale' }, returnAll: true }));
		expect(typed.error?.message).toMatch(/^The 'Node Under Test' node has issues:\n- A campaign tracking ID is a UUID, such as c0ffee00-0000-4000-8000-000000000001/);
		// From an expression, which n8n does not check: the node does, per item.
		const resolved = await runNode(
			node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'id', value: '={{ $json.campaign }}' }, returnAll: true }),
			[{ campaign: 'Spring sale' }],
		);
		expect(resolved.error?.message).toBe(
			'"Campaign Tracking ID" "Spring sale" is not a campaign tracking ID: Routee gives a UUID such as c0ffee00-0000-4000-8000-000000000001',
		);
		const empty = await runNode(node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'list', value: '' }, returnAll: true }));
		expect(empty.error?.message).toBe('The \'Node Under Test\' node has issues:\n- Parameter "Campaign Tracking ID" is required.');
		const emptyExpression = await runNode(
			node({ operation: 'getCampaignMessages', campaignTrackingId: { __rl: true, mode: 'list', value: '={{ $json.campaign }}' }, returnAll: true }),
			[{ campaign: ' ' }],
		);
		expect(emptyExpression.error?.message).toBe('"Campaign Tracking ID" is empty');
		expect(sim.recorded(/^(GET|POST) \/sms/)).toEqual([]);
	});
});

describe('the Campaign Tracking ID filter of Get History and Export History takes the picker too', () => {
	test('a picked campaign goes to Routee as trackingId; only its messages come back', async () => {
		track(SPRING, 10 * MINUTE_MS);
		track(SPRING, 20 * MINUTE_MS, { parts: 2 });
		track(REMINDERS, 15 * MINUTE_MS);
		track(null, 5 * MINUTE_MS);

		const history = await runNode(
			node({ operation: 'getHistory', returnAll: true, output: 'raw', filters: { campaignTrackingId: { __rl: true, mode: 'list', value: SPRING.trackingId } } }),
		);
		expect(history.error).toBeUndefined();
		expect(trackingCalls()[0].query.trackingId).toBe(SPRING.trackingId);
		expect(history.outputs[0].map((item) => item.json.campaignTrackingId)).toEqual([SPRING.trackingId, SPRING.trackingId]);

		const exported = await runNode(
			node({ operation: 'exportHistory', format: 'json', filters: { campaignTrackingId: { __rl: true, mode: 'id', value: REMINDERS.trackingId } } }),
		);
		expect(exported.error).toBeUndefined();
		expect(trackingCalls()[1].query.trackingId).toBe(REMINDERS.trackingId);
		const rows = JSON.parse(Buffer.from(exported.outputs[0][0].binary!.data.data, 'base64').toString('utf8')) as IDataObject[];
		expect(rows.map((row) => [row.campaignName, row.campaignTrackingId])).toEqual([['Reminders', REMINDERS.trackingId]]);

		// An empty pick adds no filter; a By ID that is not a tracking ID is refused before the read.
		await runNode(node({ operation: 'getHistory', returnAll: true, filters: { campaignTrackingId: { __rl: true, mode: 'list', value: '' } } }));
		expect(trackingCalls()[2].query.trackingId).toBeUndefined();
		const bad = await runNode(node({ operation: 'getHistory', returnAll: true, filters: { campaignTrackingId: { __rl: true, mode: 'id', value: 'nope' } } }));
		expect(bad.error?.message).toMatch(/^"Campaign Tracking ID" "nope" is not a campaign tracking ID/);
		expect(trackingCalls()).toHaveLength(3);
	});
});
