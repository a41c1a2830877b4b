/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Secrets never leak: every ClickSend operation runs with a distinctive API key — fine, under
 * faults raised by the HTTP layer, and with the key wrong — and neither the key, the Basic
 * header built from it, nor any Authorization header may appear in an output item, an exported
 * file, an error (message, description, context, cause, stack) or a log line.
 */
import { ClickSendSimulator } from '../simulators/clicksend';
import { runNodeWithItems, type NodeUnderTest } from '../support/n8n-harness';
import { recordOutcomes } from './framework';
import { AUTHORIZATION_WITH_VALUE, binaryFiles, leaksIn, leftBehind } from './secrets';

const sim = new ClickSendSimulator();
const USERNAME = 'leaky-user-5e1f';
const KEY = 'DUMMY-S3CR3T-CLICKSEND-KEY-7F9A2C';
const WRONG_KEY = 'DUMMY-S3CR3T-WRONG-KEY-44D0E1';
const forbidden = [KEY, WRONG_KEY, Buffer.from(`${USERNAME}:${KEY}`).toString('base64'), Buffer.from(`${USERNAME}:${WRONG_KEY}`).toString('base64')];

const operations: Array<{ name: string; parameters: Record<string, unknown>; match: RegExp }> = [
	{ name: 'SMS Send', parameters: { output: 'full', resource: 'sms', operation: 'send', to: '+61411000001', message: 'Hi' }, match: /sms\/send/ },
	{ name: 'SMS Get Price', parameters: { output: 'full', resource: 'sms', operation: 'getPrice', to: '+61411000001', message: 'Hi' }, match: /sms\/price/ },
	{ name: 'SMS Get History', parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true }, match: /sms\/history$/ },
	{ name: 'SMS Export History', parameters: { output: 'full', resource: 'sms', operation: 'exportHistory' }, match: /history\/export/ },
	{ name: 'SMS Cancel Scheduled', parameters: { output: 'full', resource: 'sms', operation: 'cancelScheduled', cancelScope: 'all' }, match: /cancel-all/ },
	{ name: 'SMS Get Inbound', parameters: { output: 'full', resource: 'sms', operation: 'getInbound' }, match: /inbound/ },
	{ name: 'SMS Get Delivery Receipts', parameters: { output: 'full', resource: 'sms', operation: 'getReceipts' }, match: /receipts/ },
	{ name: 'MMS Send', parameters: { output: 'full', resource: 'mms', operation: 'send', to: '+61411000001', subject: 'S', message: 'Hi', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif' }, match: /mms\/send/ },
	{ name: 'MMS Get Price', parameters: { output: 'full', resource: 'mms', operation: 'getPrice', to: '+61411000001', subject: 'S', message: 'Hi', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif' }, match: /mms\/price/ },
	{ name: 'MMS Get History', parameters: { output: 'full', resource: 'mms', operation: 'getHistory' }, match: /mms\/history$/ },
	{ name: 'MMS Export History', parameters: { output: 'full', resource: 'mms', operation: 'exportHistory' }, match: /mms\/history\/export/ },
	{ name: 'Account Get', parameters: { output: 'full', resource: 'account', operation: 'get' }, match: /account/ },
];

const records: Array<{ provider: string; operation: string; runs: number; leaks: number }> = [];
let logs: string[] = [];
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
	await sim.start();
	sim.addAccount({ username: USERNAME, apiKey: KEY, balance: 1e6 });
	sim.seedHistory(30, { username: USERNAME });
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))));
	}
	spies.push(jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (logs.push(String(chunk)), true)));
	spies.push(jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (logs.push(String(chunk)), true)));
});
afterAll(async () => {
	for (const spy of spies) spy.mockRestore();
	recordOutcomes('secrets-clicksend', records);
	await sim.stop();
});

test.each(operations.map((operation) => [operation.name, operation] as const))('%s leaks no credential', async (_, operation) => {
	let leaks = 0;
	let runs = 0;
	const variants: Array<{ key: string; fault?: Parameters<ClickSendSimulator['inject']>[0]['fault']; times?: number; continueOnFail: boolean }> = [
		{ key: KEY, continueOnFail: false },
		{ key: KEY, fault: { type: 'status', status: 500, body: { http_code: 500, response_code: 'INTERNAL_SERVER_ERROR', response_msg: 'Boom', data: null } }, continueOnFail: false },
		{ key: KEY, fault: { type: 'dropAfterRead' }, continueOnFail: true },
		{ key: KEY, fault: { type: 'dropBeforeRead' }, continueOnFail: false },
		{ key: KEY, fault: { type: 'malformed' }, continueOnFail: false },
		{ key: WRONG_KEY, continueOnFail: false },
		{ key: WRONG_KEY, continueOnFail: true },
		// A provider that echoes the credential back in its error: the node must scrub it.
		{ key: KEY, fault: { type: 'status', status: 400, body: { http_code: 400, response_code: 'BAD_REQUEST', response_msg: `Key ${KEY} rejected (Authorization: Basic ${forbidden[2]})`, data: { api_key: KEY } } }, continueOnFail: true },
		// Once per operation kind: an HTTP-layer error that survives every retry.
		...(operation.name === 'Account Get' || operation.name === 'SMS Send'
			? [{ key: KEY, fault: { type: 'dropAfterRead' as const }, times: 10, continueOnFail: false }]
			: []),
	];
	for (const variant of variants) {
		sim.reset();
		if (variant.fault) sim.inject({ match: operation.match, fault: variant.fault, times: variant.times ?? 1 });
		logs = [];
		const nodeUnderTest: NodeUnderTest = {
			type: 'clickSend',
			parameters: operation.parameters as NodeUnderTest['parameters'],
			credentials: { clickSendApi: { username: USERNAME, apiKey: variant.key, baseUrl: sim.baseUrl } },
			continueOnFail: variant.continueOnFail,
		};
		const result = await runNodeWithItems(nodeUnderTest, [{ json: {} }]);
		runs++;
		// Items, errors, logs and the content of any binary file (an export's CSV).
		const text = leftBehind(result, logs);
		if (variant.fault?.type !== 'dropBeforeRead') expect(sim.requests.length).toBeGreaterThan(0); // the credential was really used
		// An export's file is really there on a fine run, so its content was really searched.
		if (/Export/.test(operation.name) && variant === variants[0]) expect(binaryFiles(result).map((file) => file.length > 0)).toEqual([true]);
		const leaked = leaksIn(text, forbidden);
		leaks += leaked.length;
		expect({ variant: variants.indexOf(variant), leaked }).toEqual({ variant: variants.indexOf(variant), leaked: [] });
		// An Authorization header with a value still in it (a scrubbed "Basic ***" is fine).
		expect(AUTHORIZATION_WITH_VALUE.test(text)).toBe(false);
	}
	records.push({ provider: 'ClickSend', operation: operation.name, runs, leaks });
});
