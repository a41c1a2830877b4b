/**
 * The message ID resource locators (descriptions.ts `messageLocator`): each provider's picker
 * lists the messages it should (ClickSend: only those still scheduled), searched as the
 * editor searches, and the operation takes a picked value, a By ID value and the plain
 * string of an older workflow alike, asking the provider for that message.
 */
import type { IDataObject } from 'n8n-workflow';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { gatewayCredentials } from '../support/gateway-credentials';
import { listSearch, runNode, type NodeUnderTest } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const apico = new ApicoSimulator();

/** One provider's credential, on its simulator (support/gateway-credentials.ts). */
const credentialsFor = (type: string) => ({ [type]: gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, apico: apico.baseUrl, smsUp: 'http://127.0.0.1:1' })[type] });

beforeAll(async () => {
	await Promise.all([clickSend.start(), routee.start(), apico.start()]);
});
afterAll(async () => {
	await Promise.all([clickSend.stop(), routee.stop(), apico.stop()]);
});

const clickSendNode = (parameters: IDataObject): NodeUnderTest => ({
	type: 'clickSend',
	parameters,
	credentials: credentialsFor('clickSendApi'),
});
const routeeNode = (parameters: IDataObject): NodeUnderTest => ({
	type: 'routee',
	parameters,
	credentials: credentialsFor('routeeApi'),
});
const apicoNode = (parameters: IDataObject): NodeUnderTest => ({
	type: 'apico',
	parameters,
	credentials: credentialsFor('apicoApi'),
});

async function sentIds(node: NodeUnderTest, items: IDataObject[]): Promise<string[]> {
	const { outputs, error } = await runNode(node, items);
	expect(error).toBeUndefined();
	return outputs[0].map((item) => String(item.json.id));
}

const locator = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('ClickSend Cancel Scheduled: Message ID', () => {
	beforeEach(() => clickSend.reset());

	test('the list holds the scheduled messages only, searchable by number; a picked one is cancelled', async () => {
		const inOneDay = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
		const scheduled = await sentIds(
			clickSendNode({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Later', additionalFields: { schedule: inOneDay } }),
			[{ to: '+61491570156' }, { to: '+61491570157' }, { to: '+61491570159' }],
		);
		const now = await sentIds(clickSendNode({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Now' }), [{ to: '+61491570158' }]);

		const all = await listSearch(clickSendNode({ resource: 'sms', operation: 'cancelScheduled' }), 'searchScheduledMessages');
		expect(all.results.map((entry) => entry.value).sort()).toEqual([...scheduled].sort());
		expect(all.results.map((entry) => entry.value)).not.toContain(now[0]);
		const searched = await listSearch(clickSendNode({ resource: 'sms', operation: 'cancelScheduled' }), 'searchScheduledMessages', '570157');
		expect(searched.results.map((entry) => entry.value)).toEqual([scheduled[1]]);
		expect(searched.results[0].name).toMatch(/^to \+61491570157 · \d{4}-\d\d-\d\d \d\d:\d\d · “Later”$/);

		for (const value of [locator('list', scheduled[0]), locator('id', scheduled[1]), scheduled[2]]) {
			const { error } = await runNode(clickSendNode({ resource: 'sms', operation: 'cancelScheduled', cancelScope: 'one', messageId: value }));
			expect(error).toBeUndefined();
		}
		expect(clickSend.recorded(/^PUT /).map((request) => request.path)).toEqual([`/v3/sms/${scheduled[0]}/cancel`, `/v3/sms/${scheduled[1]}/cancel`, `/v3/sms/${scheduled[2]}/cancel`]);
	});
});

describe('Routee Get Message: Message ID', () => {
	beforeEach(() => routee.resetAll());

	test('the list holds the recent messages, searchable by text; a picked or typed ID is read', async () => {
		const ids = await sentIds(routeeNode({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee' }), [
			{ to: '+306900000001', text: 'First hello' },
			{ to: '+306900000002', text: 'Second hello' },
		]);
		const all = await listSearch(routeeNode({ resource: 'sms', operation: 'getMessage' }), 'searchMessages');
		expect(all.results.map((entry) => entry.value).sort()).toEqual([...ids].sort());
		const searched = await listSearch(routeeNode({ resource: 'sms', operation: 'getMessage' }), 'searchMessages', 'second');
		expect(searched.results.map((entry) => entry.value)).toEqual([ids[1]]);

		for (const value of [locator('list', ids[0]), locator('id', ids[1]), ids[1]]) {
			const { outputs, error } = await runNode(routeeNode({ resource: 'sms', operation: 'getMessage', messageId: value }));
			expect(error).toBeUndefined();
			expect(outputs[0].map((item) => item.json.id)).toEqual([typeof value === 'string' ? value : value.value]);
		}
	});
});

describe('Apico Get: Message SID', () => {
	beforeEach(() => apico.reset());

	test('the list holds the newest messages, searchable by number; a picked or typed SID is read', async () => {
		const sids = await sentIds(apicoNode({ resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: 'Hello' }), [
			{ to: '+447860041756' },
			{ to: '+447860041757' },
		]);
		const all = await listSearch(apicoNode({ resource: 'message', operation: 'get' }), 'searchMessages');
		expect(all.results.map((entry) => entry.value).sort()).toEqual([...sids].sort());
		const searched = await listSearch(apicoNode({ resource: 'message', operation: 'get' }), 'searchMessages', '041757');
		expect(searched.results.map((entry) => entry.value)).toEqual([sids[1]]);

		for (const value of [locator('list', sids[0]), locator('id', sids[1]), sids[0]]) {
			const { outputs, error } = await runNode(apicoNode({ resource: 'message', operation: 'get', messageSid: value }));
			expect(error).toBeUndefined();
			expect(outputs[0].map((item) => item.json.id)).toEqual([typeof value === 'string' ? value : value.value]);
		}
	});
});
