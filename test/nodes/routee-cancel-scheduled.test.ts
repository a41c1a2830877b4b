/**
 * Routee SMS → Cancel Scheduled Campaign (`DELETE /sms/{trackingId}`), run through n8n's
 * engine against the Routee simulator: a campaign sent with a Scheduled Date is deleted, and
 * anything else is refused with Routee's error, never another campaign.
 */
import { RouteeSimulator } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: RouteeSimulator;

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

const credentials = () => ({
	routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
});

function cancelNode(overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'cancelScheduled', trackingId: '={{ $json.trackingId }}' },
		credentials: credentials(),
		...overrides,
	};
}

/** Sends one campaign through the node, scheduled an hour ahead unless `scheduled` is false. */
async function campaignThroughNode(text: string, scheduled = true): Promise<string> {
	const scheduledDate = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const { outputs, error } = await runNode(
		{
			type: 'routee',
			parameters: {
				output: 'full',
				resource: 'sms',
				operation: 'send',
				to: '={{ $json.to }}',
				message: text,
				from: 'Routee',
				sendAsCampaign: true,
				campaignFields: scheduled ? { scheduledDate } : {},
			},
			credentials: credentials(),
		},
		[{ to: '+306900000001' }, { to: '+306900000002' }],
	);
	expect(error).toBeUndefined();
	return outputs[0][0].json.id as string;
}

const deletes = () => sim.recorded(/^DELETE \/sms\//);

test('deletes the scheduled campaign Send as Campaign created, and says so paired to the item', async () => {
	const kept = await campaignThroughNode('Doors open at 9');
	const cancelled = await campaignThroughNode('Doors open at 10');
	sim.reset();

	const { outputs, error } = await runNode(cancelNode(), [{ trackingId: cancelled }]);

	expect(error).toBeUndefined();
	expect(deletes().map((request) => request.path)).toEqual([`/sms/${cancelled}`]);
	expect(deletes()[0].body).toBeUndefined();
	expect(sim.campaigns.get(cancelled)?.state).toBe('Deleted');
	expect(sim.campaigns.get(kept)?.state).toBe('Scheduled');
	expect(outputs[0]).toEqual([{ json: { trackingId: cancelled, cancelled: true }, pairedItem: { item: 0 } }]);
});

test('a campaign already sent, or one that does not exist, is Routee\'s error on its own item (Continue On Fail)', async () => {
	const sent = await campaignThroughNode('Now', false);
	const scheduled = await campaignThroughNode('Later');
	const unknown = '00000000-0000-4000-8000-000000000000';
	sim.reset();

	const { outputs, error } = await runNode(cancelNode({ continueOnFail: true }), [
		{ trackingId: sent },
		{ trackingId: unknown },
		{ trackingId: scheduled },
	]);

	expect(error).toBeUndefined();
	expect(deletes()).toHaveLength(3);
	const [already, missing, deleted] = outputs[0];
	expect(already.pairedItem).toEqual({ item: 0 });
	expect(String(already.json.error)).toMatch(/only a scheduled campaign can be deleted/);
	expect(missing.pairedItem).toEqual({ item: 1 });
	expect(String(missing.json.error)).toMatch(/Campaign not found/);
	expect(deleted.json).toEqual({ trackingId: scheduled, cancelled: true });
	expect(sim.campaigns.get(sent)?.state).not.toBe('Deleted');
});

test('a tracking ID that is not a UUID stops the node before any call, naming the item and the field', async () => {
	const scheduled = await campaignThroughNode('Later');
	sim.reset();

	const { outputs, error } = await runNode(cancelNode(), [{ trackingId: scheduled }, { trackingId: 'Doors open at 9' }]);

	expect(outputs).toEqual([]);
	expect(error?.message).toBe('"Campaign Tracking ID" "Doors open at 9" is not a Routee tracking ID (a UUID)');
	expect(sim.recorded()).toHaveLength(0);
	expect(sim.campaigns.get(scheduled)?.state).toBe('Scheduled');
});

test('a 500 is not repeated: the item fails saying the campaign may have been deleted', async () => {
	const scheduled = await campaignThroughNode('Later');
	sim.reset();
	sim.inject({ match: /^DELETE \/sms\//, fault: { type: 'status', status: 500 } });

	const { error } = await runNode(cancelNode(), [{ trackingId: scheduled }]);

	expect(deletes()).toHaveLength(1);
	expect(error?.message).toBe('Routee: injected fault (HTTP 500)');
	expect(error?.description).toMatch(/may have been sent/i);
});

test('the Campaign Tracking ID picked from the list or given By ID (the field is a resource locator) deletes that campaign', async () => {
	const picked = await campaignThroughNode('Doors open at 11');
	const typed = await campaignThroughNode('Doors open at 12');
	sim.reset();
	for (const [mode, value] of [['list', picked], ['id', typed]]) {
		const { error } = await runNode({ ...cancelNode(), parameters: { resource: 'sms', operation: 'cancelScheduled', trackingId: { __rl: true, mode, value } } });
		expect(error).toBeUndefined();
	}
	expect(deletes().map((request) => request.path)).toEqual([`/sms/${picked}`, `/sms/${typed}`]);
});
