/**
 * Routee SMS → Get Price (POST /sms/analyze) and Account → Get Balance, run through n8n's
 * engine against the Routee simulator.
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

function node(parameters: IDataObject, overrides: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'routee',
		parameters: { output: 'full', ...parameters },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
		...overrides,
	};
}

const priceNode = (parameters: IDataObject = {}, overrides: Partial<NodeUnderTest> = {}) =>
	node({ resource: 'sms', operation: 'getPrice', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...parameters }, overrides);
const analyzeCalls = () => sim.recorded(/^POST \/sms\/analyze$/);

describe('Get Price (POST /sms/analyze)', () => {
	test('each item gets characters, parts, encoding, cost per part and the total; nothing is sent', async () => {
		const long = 'Your parcel is on its way. '.repeat(7); // 189 GSM characters: 2 parts
		const input = [
			{ to: '+306900000001', text: 'Hello from Athens' },
			{ to: '+491510000002', text: long },
			{ to: '+306900000003', text: 'Καλημέρα σας' },
			{ to: '+441234567890', text: 'Hi 😀' },
		];
		const { outputs, error } = await runNode(priceNode(), input);

		expect(error).toBeUndefined();
		expect(analyzeCalls().map((call) => call.body)).toEqual(input.map(({ to, text }) => ({ from: 'Routee', body: text, to })));
		expect(sim.recorded(/^POST \/sms$/)).toHaveLength(0);
		expect(sim.acceptedTotal).toBe(0);

		const items = outputs[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toEqual({
			provider: 'routee',
			to: '+306900000001',
			from: 'Routee',
			body: 'Hello from Athens',
			characters: 17,
			parts: 1,
			unicode: false,
			unsupportedGsmCharacters: [],
			transcodedMessage: null,
			transcodedParts: null,
			costPerPart: 0.025,
			total: 0.025,
		});
		expect(items[1].json).toMatchObject({ characters: 189, parts: 2, unicode: false, costPerPart: 0.075, total: 0.15 });
		// Most Greek letters are not GSM: Routee offers a transcoded text in GSM capitals.
		expect(items[2].json).toMatchObject({
			unicode: true,
			unsupportedGsmCharacters: ['Κ', 'α', 'λ', 'η', 'μ', 'έ', 'ρ', 'σ', 'ς'],
			transcodedMessage: 'KAΛHMEPA ΣAΣ',
			transcodedParts: 1,
			parts: 1,
			costPerPart: 0.025,
			total: 0.025,
		});
		expect(items[3].json).toMatchObject({ unicode: true, unsupportedGsmCharacters: ['😀'], transcodedMessage: null, costPerPart: 0.035 });
	});

	test('Simplify off emits Routee\'s analysis as it came', async () => {
		const { outputs } = await runNode(priceNode({ output: 'raw' }), [{ to: '+306900000001', text: 'Hi' }]);
		expect(outputs[0][0].json).toEqual({
			bodyAnalysis: { characters: 2, parts: 1, transcode: null, unicode: false, unsupportedGSMCharacters: [] },
			cost: 0.025,
		});
	});

	test('a bad number fails its item before its call; with Continue On Fail the others are priced', async () => {
		const { outputs } = await runNode(priceNode({}, { continueOnFail: true }), [
			{ to: '+306900000001', text: 'Hi' },
			{ to: 'call me', text: 'Hi' },
		]);
		expect(outputs[0][1].json.error).toMatch(/^"To" "call me" is not a valid phone number/);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][0].json.total).toBe(0.025);
		expect(analyzeCalls()).toHaveLength(1);
	});

	test('a read is retried after a 503 and succeeds', async () => {
		sim.inject({ fault: { type: 'status', status: 503, retryAfter: '0', body: { code: '503000000', developerMessage: 'Try again' } }, match: /^POST \/sms\/analyze$/ });
		const { outputs, error } = await runNode(priceNode(), [{ to: '+306900000001', text: 'Hi' }]);
		expect(error).toBeUndefined();
		expect(analyzeCalls()).toHaveLength(2);
		expect(outputs[0][0].json.total).toBe(0.025);
	});
});

describe('Account → Get Balance (GET /accounts/me/balance)', () => {
	test('returns the balance and currency code', async () => {
		const { outputs, error } = await runNode(node({ resource: 'account', operation: 'getBalance' }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([{ json: { provider: 'routee', balance: 250.5, currency: 'EUR' }, pairedItem: { item: 0 } }]);
		const [call] = sim.recorded(/^GET \/accounts\/me\/balance$/);
		expect(call.headers.authorization).toBe(`Bearer ${[...sim.tokens.keys()][0]}`);
	});

	test('Simplify off gives Routee\'s answer', async () => {
		const { outputs } = await runNode(node({ resource: 'account', operation: 'getBalance', output: 'raw' }));
		expect(outputs[0][0].json).toEqual({ balance: 250.5, currency: { code: 'EUR', name: 'Euro', sign: '€' } });
	});
});
