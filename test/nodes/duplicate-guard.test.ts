/**
 * "Skip Recipients Already Sent": the same workflow run twice (two executions, as a re-run of a
 * failed execution or a workflow started twice would be) with the option on sends each
 * recipient once, counted by the provider's simulator; the second run's items say they were
 * skipped and carry the first run's message ID. Each provider on its per-item path and, where
 * it has one, its batch path; then what the guard must refuse rather than send unchecked.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import type { SimulatorServer } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const GUARD = { skipAlreadySent: true };
const main = (outputs: INodeExecutionData[][]) => outputs[0] ?? [];

function serve<S extends SimulatorServer>(sim: S, clear: () => void = () => undefined): () => string {
	let baseUrl = '';
	beforeAll(async () => (baseUrl = await sim.start()));
	afterAll(async () => await sim.stop());
	beforeEach(() => {
		sim.reset();
		clear();
	});
	return () => baseUrl;
}

/** The second run's items: each skipped, paired to its input, naming the first run's message. */
function expectSkipped(second: INodeExecutionData[], firstIds: unknown[], to: string[]): void {
	expect(second.map((item) => [item.json.skipped, item.json.to, item.json.earlierMessageId, item.pairedItem])).toEqual(
		firstIds.map((id, index) => [true, to[index], id, { item: index }]),
	);
	for (const item of second) expect(String(item.json.message)).toMatch(/^Skipped: already sent to \+\d+ through .+ within the last 24 hours \(message .+\)$/);
}

describe('ClickSend: Skip Recipients Already Sent', () => {
	const sim = new ClickSendSimulator();
	const baseUrl = serve(sim, () => {
		sim.acceptedCount.clear();
		sim.accounts.get('sandbox')!.balance = 100_000;
	});
	const to = ['+61411222301', '+61411222302', '+61411222303'];
	const input = to.map((number, index) => ({ to: number, text: `Your table is ready (${index})` }));
	const node = (parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest => ({
		type: 'clickSend',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', options: GUARD, ...parameters },
		credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: baseUrl() } },
		...overrides,
	});
	const sentTo = () => sim.recorded(/^POST \/v3\/sms\/send$/).map((call) => (call.body as { messages: IDataObject[] }).messages.map((message) => message.to));

	test('run twice: each recipient once; the second run reads the history once and sends nothing', async () => {
		const first = main((await runNode(node(), input)).outputs);
		const secondRun = await runNode(node(), input);
		expect(secondRun.error).toBeUndefined();

		expect(sentTo()).toEqual([to]);
		expect(to.map((number) => sim.acceptedCount.get(`${number}|undefined`) ?? sim.acceptedCount.get(`${number}|`) ?? 0)).toEqual([1, 1, 1]);
		expect(sim.recorded(/^GET \/v3\/sms\/history$/)).toHaveLength(2);
		expect(first.map((item) => item.json.status)).toEqual(['queued', 'queued', 'queued']);
		expectSkipped(main(secondRun.outputs), first.map((item) => item.json.id), to);
	});

	test('only the items not sent before go out: another text, or another reference, is sent', async () => {
		await runNode(node({ additionalFields: { reference: 'R-1' } }), input);
		const changed = [input[0], { ...input[1], text: 'Your table is ready, now' }, input[2]];
		const second = await runNode(node({ additionalFields: { reference: '={{ $itemIndex === 2 ? "R-2" : "R-1" }}' } }), changed);

		expect(sentTo()).toEqual([to, [to[1], to[2]]]);
		expect(main(second.outputs).map((item) => item.json.skipped ?? false)).toEqual([true, false, false]);
	});

	test('a contact list cannot be checked: the item fails naming the option, nothing is sent', async () => {
		const { error } = await runNode(node({ recipientType: 'list', listId: { __rl: true, mode: 'id', value: '428' } }), [{ text: 'Hello' }]);
		expect(error?.message).toBe('"Skip Recipients Already Sent" cannot be checked for this item: its recipients (a contact list) are not known before sending. Send to phone numbers, or turn the option off');
		expect(sentTo()).toEqual([]);
	});

	test('the history cannot be read: the node fails before anything is sent', async () => {
		sim.inject({ match: /^GET \/v3\/sms\/history$/, fault: { type: 'status', status: 403, body: { http_code: 403, response_code: 'FORBIDDEN', response_msg: 'Forbidden', data: null } } });
		const { error } = await runNode(node(), input);
		expect(error?.description).toMatch(/^Nothing was sent: "Skip Recipients Already Sent" could not read ClickSend's history\./);
		expect(sentTo()).toEqual([]);
	});

	test('without the option a second run sends again (the guard is what stops it)', async () => {
		await runNode(node({ options: {} }), input);
		await runNode(node({ options: {} }), input);
		expect(sentTo()).toEqual([to, to]);
	});
});

describe('smsup.ch: Skip Recipients Already Sent', () => {
	const sim = new SmsUpSimulator();
	const baseUrl = serve(sim, () => sim.acceptedCount.clear());
	const to = ['+41781112201', '+41781112202', '+41781112203'];
	const node = (parameters: IDataObject = {}): NodeUnderTest => ({
		type: 'smsUp',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', options: GUARD, ...parameters },
		credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: baseUrl() } },
	});
	const perNumber = () =>
		to.map((number) => [...sim.acceptedCount].filter(([key]) => key.startsWith(`${number.slice(1)}|`)).reduce((sum, [, count]) => sum + count, 0));

	test('one call per item, run twice (no Reference: the node made one up each run): each recipient once', async () => {
		const input = to.map((number, index) => ({ to: number, text: `Code ${index}` }));
		await runNode(node(), input);
		const second = await runNode(node(), input);

		expect(perNumber()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/send$/)).toHaveLength(3);
		const query = sim.recorded(/^GET \/messages$/)[1].query;
		expect(query.type).toBe('messages-out');
		const firstIds = sim.messages.filter((row) => row.type === 'sms_mt').map((row) => String(row.message_id));
		expectSkipped(main(second.outputs), firstIds, to);
	});

	test('Send as Campaign, run twice: one campaign, each recipient once', async () => {
		const input = to.map((number) => ({ to: number, text: 'Doors open at 9' }));
		await runNode(node({ sendAsCampaign: true }), input);
		const second = await runNode(node({ sendAsCampaign: true }), input);

		expect(perNumber()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/send$/)).toHaveLength(1);
		expect(main(second.outputs).map((item) => item.json.skipped)).toEqual([true, true, true]);
	});
});

describe('Routee: Skip Recipients Already Sent', () => {
	const sim = new RouteeSimulator();
	serve(sim, () => sim.acceptedByRecipient.clear());
	const to = ['+306900011101', '+306900011102', '+306900011103'];
	const node = (parameters: IDataObject = {}): NodeUnderTest => ({
		type: 'routee',
		parameters: { output: 'full', resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', options: GUARD, ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
	});
	const accepted = () => to.map((number) => sim.acceptedByRecipient.get(number) ?? 0);

	test('one call per item, run twice: each recipient once; the read asks for outbound messages only', async () => {
		const input = to.map((number, index) => ({ to: number, text: `Your code is 77${index}` }));
		const first = main((await runNode(node(), input)).outputs);
		const second = await runNode(node(), input);

		expect(accepted()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(3);
		expect(sim.recorded(/^POST \/sms\/tracking$/)[1].body).toEqual({ fieldName: 'direction', searchTerm: 'Outbound' });
		expectSkipped(main(second.outputs), first.map((item) => item.json.id), to);
	});

	test('Send as Campaign, run twice: one campaign call, each recipient once', async () => {
		const input = to.map((number) => ({ to: number, text: 'Doors open at 9' }));
		await runNode(node({ sendAsCampaign: true, message: 'Doors open at 9', campaignFields: { campaignName: 'Doors' } }), input);
		const second = await runNode(node({ sendAsCampaign: true, message: 'Doors open at 9', campaignFields: { campaignName: 'Doors' } }), input);

		expect(accepted()).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/sms\/campaign$/)).toHaveLength(1);
		expect(main(second.outputs).map((item) => item.json.skipped)).toEqual([true, true, true]);
	});

	test('a window longer than Routee tracks (7 days) is refused before anything is sent', async () => {
		const { error } = await runNode(node({ options: { ...GUARD, alreadySentWithinHours: 169 } }), [{ to: to[0], text: 'Hi' }]);
		expect(error?.message).toBe('"Already Sent Within (Hours)" is 169; this provider\'s history reaches back at most 168 hours');
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(0);
	});
});

describe('Apico: Skip Recipients Already Sent', () => {
	const sim = new ApicoSimulator();
	const baseUrl = serve(sim, () => sim.acceptedCount.clear());
	const to = ['+447700900301', '+447700900302', '+447700900303'];
	const input = to.map((number, index) => ({ to: number, text: `Code ${index}` }));
	const node = (): NodeUnderTest => ({
		type: 'apico',
		parameters: { output: 'full', resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}', options: GUARD },
		credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl()}/v2` } },
	});

	test('run twice: each recipient once; the read asks for outbound messages', async () => {
		const first = main((await runNode(node(), input)).outputs);
		const second = await runNode(node(), input);

		expect(input.map((item) => sim.acceptedCount.get(`${item.to.slice(1)}|${item.text}`) ?? 0)).toEqual([1, 1, 1]);
		expect(sim.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/)).toHaveLength(3);
		expect(sim.recorded(/^GET \/v2\/accounts\/[^/]+\/messages$/).map((call) => call.query.direction)).toEqual(['outbound', 'outbound']);
		expectSkipped(main(second.outputs), first.map((item) => item.json.id), to);
	});

	test('a server that ignores the page asked for, with more history than one page: the node fails, nothing is sent', async () => {
		// 30 outbound messages, one a minute, all inside the window: more than one page of 20.
		for (let index = 0; index < 30; index++) sim.addOutbound({ to: `4477009004${String(index).padStart(2, '0')}`, text: `Old ${index}`, at: Date.now() - index * 60_000 });
		sim.ignoreOffset = true;
		const { error } = await runNode(node(), input);
		expect(error?.message).toMatch(/^Apico's history could not be read back to /);
		expect(sim.recorded(/^POST \/v2\/accounts\/[^/]+\/messages$/)).toHaveLength(0);
	});
});
