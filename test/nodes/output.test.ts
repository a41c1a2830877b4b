/**
 * The Output choice (nodes/shared/output.ts), for every provider's history and send, in n8n's
 * own execution against the simulators: Simplified (the default) holds the ten fields the
 * README's "Output" section names, each with the value All Fields gives it; All Fields holds
 * the whole message model; Raw holds the provider's own object.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import type { SimulatorServer } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { SmsUpSimulator } from '../simulators/smsup';
import { gatewayCredentials } from '../support/gateway-credentials';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

/** Written out from the README, not read from the code. */
const SIMPLIFIED = ['id', 'from', 'to', 'body', 'status', 'sentAt', 'price', 'currency', 'reference', 'error'];
const MODEL = ['provider', 'id', 'direction', 'from', 'to', 'body', 'status', 'providerStatus', 'sentAt', 'segments', 'price', 'currency', 'country', 'subject', 'mediaUrl', 'reference', 'error'];

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();

/** One provider's credential, on its simulator (support/gateway-credentials.ts). */
const credentialsFor = (type: string) => ({ [type]: gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, smsUp: smsUp.baseUrl, apico: apico.baseUrl })[type] });
const SMSUP_END = DateTime.utc().startOf('minute');

interface Case {
	provider: string;
	sim: SimulatorServer;
	seed: () => void;
	history: (output?: string) => NodeUnderTest;
	send: (output?: string) => NodeUnderTest;
	/** A key only the provider's own history object has. */
	rawKey: string;
	/** A key only the provider's own send answer has. */
	rawSendKey: string;
	to: string;
}

const withOutput = (parameters: IDataObject, output?: string): IDataObject => (output ? { ...parameters, output } : parameters);

const cases: Case[] = [
	{
		provider: 'ClickSend',
		sim: clickSend,
		seed: () => clickSend.seedHistory(5),
		history: (output) => ({
			type: 'clickSend',
			parameters: withOutput({ resource: 'sms', operation: 'getHistory', limit: 5 }, output),
			credentials: credentialsFor('clickSendApi'),
		}),
		send: (output) => ({
			type: 'clickSend',
			parameters: withOutput({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hello' }, output),
			credentials: credentialsFor('clickSendApi'),
		}),
		rawKey: 'message_id',
		rawSendKey: 'message_id',
		to: '+61411111111',
	},
	{
		provider: 'Routee',
		sim: routee,
		seed: () => routee.seedHistory(5, 1, { spanDays: 1 }),
		history: (output) => ({
			type: 'routee',
			parameters: withOutput({ resource: 'sms', operation: 'getHistory', limit: 5 }, output),
			credentials: credentialsFor('routeeApi'),
		}),
		send: (output) => ({
			type: 'routee',
			parameters: withOutput({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hello', from: 'Routee' }, output),
			credentials: credentialsFor('routeeApi'),
		}),
		rawKey: 'messageId',
		rawSendKey: 'trackingId',
		to: '+306900000001',
	},
	{
		provider: 'smsup.ch',
		sim: smsUp,
		seed: () => smsUp.seedHistory(5, { end: SMSUP_END }),
		history: (output) => ({
			type: 'smsUp',
			parameters: withOutput({ resource: 'sms', operation: 'getHistory', limit: 5, dateFrom: SMSUP_END.minus({ days: 3 }).toISO(), dateTo: SMSUP_END.toISO() }, output),
			credentials: credentialsFor('smsUpApi'),
		}),
		send: (output) => ({
			type: 'smsUp',
			parameters: withOutput({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Hello' }, output),
			credentials: credentialsFor('smsUpApi'),
		}),
		rawKey: 'message_id',
		rawSendKey: 'recipient',
		to: '+41781234567',
	},
	{
		provider: 'Apico',
		sim: apico,
		seed: () => apico.seedHistory(5, { end: Date.UTC(2026, 2, 1, 12, 0, 0) }),
		history: (output) => ({
			type: 'apico',
			parameters: withOutput({ resource: 'message', operation: 'getHistory', limit: 5 }, output),
			credentials: credentialsFor('apicoApi'),
		}),
		send: (output) => ({
			type: 'apico',
			parameters: withOutput({ resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: 'Hello' }, output),
			credentials: credentialsFor('apicoApi'),
		}),
		rawKey: 'message_sid',
		rawSendKey: 'uri',
		to: '+447860041756',
	},
];

beforeAll(async () => {
	await Promise.all(cases.map(async ({ sim }) => await sim.start()));
});
afterAll(async () => {
	await Promise.all(cases.map(async ({ sim }) => await sim.stop()));
});

const jsonOf = (outputs: INodeExecutionData[][]): IDataObject[] => (outputs[0] ?? []).map((item) => item.json);
const pick = (json: IDataObject, keys: string[]) => Object.fromEntries(keys.map((key) => [key, json[key]]));

describe.each(cases)('$provider Output', ({ sim, seed, history, send, rawKey, rawSendKey, to }) => {
	beforeEach(() => {
		sim.reset();
		seed();
	});

	test('Get History: Simplified by default (10 fields, the values All Fields has), All Fields is the model, Raw the provider\'s own', async () => {
		const simplified = await runNode(history());
		const full = await runNode(history('full'));
		const raw = await runNode(history('raw'));
		for (const run of [simplified, full, raw]) expect(run.error).toBeUndefined();
		const fullItems = jsonOf(full.outputs);
		expect(fullItems.length).toBeGreaterThan(0);
		expect(fullItems.map((json) => Object.keys(json).sort())).toEqual(fullItems.map(() => [...MODEL].sort()));
		expect(jsonOf(simplified.outputs).map((json) => Object.keys(json))).toEqual(fullItems.map(() => SIMPLIFIED));
		expect(jsonOf(simplified.outputs)).toEqual(fullItems.map((json) => pick(json, SIMPLIFIED)));
		const rawItems = jsonOf(raw.outputs);
		expect(rawItems).toHaveLength(fullItems.length);
		for (const json of rawItems) expect(Object.keys(json)).toContain(rawKey);
	});

	test('Send: Simplified by default is 10 fields of the sent message; Raw is the provider\'s answer', async () => {
		const simplified = await runNode(send(), [{ to }]);
		expect(simplified.error).toBeUndefined();
		const [item] = jsonOf(simplified.outputs);
		expect(Object.keys(item)).toEqual(SIMPLIFIED);
		expect(item).toMatchObject({ to, body: 'Hello' });
		const raw = await runNode(send('raw'), [{ to }]);
		expect(raw.error).toBeUndefined();
		expect(Object.keys(jsonOf(raw.outputs)[0])).toContain(rawSendKey);
	});
});
