/**
 * Secrets never leak from the Apico node: every operation runs with a distinctive auth token —
 * fine, under faults raised by the HTTP layer, with the token wrong, and against an Apico that
 * echoes the token (and the Basic header built from it) back in its errors, as JSON, inside an
 * HTTP 200, or as plain text — and neither the token, the Basic header, nor any Authorization
 * header may appear in an output item, an error (message, description, context, cause, stack) or
 * a log line.
 */
import type { Fault } from '../simulators/framework';
import { ApicoSimulator } from '../simulators/apico';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { recordOutcomes } from './framework';
import { AUTHORIZATION_WITH_VALUE, binaryFiles, captureLogs, leaksIn, leftBehind } from './secrets';

const sim = new ApicoSimulator();
const SID = 'acc-leaky-7d21';
const TOKEN = 'DUMMY-S3CR3T-APICO-AUTH-TOKEN-5E93B0';
const WRONG_TOKEN = 'DUMMY-S3CR3T-WRONG-APICO-TOKEN-0A4C';
const basic = (token: string) => Buffer.from(`${SID}:${token}`).toString('base64');
const forbidden = [TOKEN, WRONG_TOKEN, basic(TOKEN), basic(WRONG_TOKEN)];
const SEED_END = Date.UTC(2026, 2, 1, 12, 0, 0);
const LIST = /^GET \/v2\/accounts\/[^/]+\/messages$/;

const operations: Array<{ name: string; parameters: Record<string, unknown>; match: RegExp }> = [
	{ name: 'Message Send', parameters: { output: 'full', resource: 'message', operation: 'send', from: '+447860041755', to: '+447700900001', message: 'Hi' }, match: /^POST \/v2\/accounts\/[^/]+\/messages$/ },
	{ name: 'Message Get', parameters: { output: 'full', resource: 'message', operation: 'get', messageSid: '={{ $json.sid }}' }, match: LIST },
	{ name: 'Message Get History', parameters: { output: 'full', resource: 'message', operation: 'getHistory', returnAll: true }, match: LIST },
	{ name: 'Message Export History', parameters: { output: 'full', resource: 'message', operation: 'exportHistory' }, match: LIST },
];

const records: Array<{ provider: string; operation: string; runs: number; leaks: number }> = [];
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
	await sim.start();
	sim.addAccount({ accountSid: SID, authToken: TOKEN, name: 'Leaky', numbers: ['447860041755'] });
	logs = captureLogs();
});
afterAll(async () => {
	logs.restore();
	recordOutcomes('secrets-apico', records);
	await sim.stop();
});

test.each(operations.map((operation) => [operation.name, operation] as const))('%s leaks no credential', async (_, operation) => {
	let runs = 0;
	let leaks = 0;
	const echo = { status_code: 400, status_message: `BAD REQUEST: token ${TOKEN} is not valid for ${SID} (Authorization: Basic ${basic(TOKEN)})` };
	const at = (fault: Fault['fault'], times = 1): Fault => ({ match: operation.match, fault, times });
	const variants: Array<{ label: string; token?: string; fault?: Fault; continueOnFail: boolean }> = [
		{ label: 'fine', continueOnFail: false },
		{ label: '500', fault: at({ type: 'status', status: 500, body: { status_code: 500, status_message: 'INTERNAL SERVER ERROR' } }), continueOnFail: false },
		{ label: 'reset after read', fault: at({ type: 'dropAfterRead' }), continueOnFail: true },
		{ label: 'reset before read', fault: at({ type: 'dropBeforeRead' }), continueOnFail: false },
		{ label: 'malformed', fault: at({ type: 'malformed' }), continueOnFail: false },
		{ label: 'wrong token', token: WRONG_TOKEN, continueOnFail: false },
		{ label: 'wrong token, Continue On Fail', token: WRONG_TOKEN, continueOnFail: true },
		// An Apico that echoes what it was given: the node must scrub it.
		{ label: 'echo in a 400', fault: at({ type: 'status', status: 400, body: echo }), continueOnFail: true },
		{ label: 'echo inside an HTTP 200', fault: at({ type: 'status', status: 200, body: echo }), continueOnFail: false },
		{ label: 'echo as plain text', fault: at({ type: 'status', status: 403, raw: `Forbidden: ${SID}:${TOKEN} (Authorization: Basic ${basic(TOKEN)})` }), continueOnFail: true },
		// Once per operation kind: an HTTP-layer error that survives every retry.
		...(operation.name === 'Message Get History' || operation.name === 'Message Send' ? [{ label: 'reset on every attempt', fault: at({ type: 'dropAfterRead' }, 10), continueOnFail: false }] : []),
	];
	for (const variant of variants) {
		sim.reset();
		sim.history.length = 0;
		sim.acceptedCount.clear();
		sim.seedHistory(30, { end: SEED_END, accountSid: SID });
		if (variant.fault) sim.inject(variant.fault);
		logs.clear();
		const nodeUnderTest: NodeUnderTest = {
			type: 'apico',
			parameters: operation.parameters as NodeUnderTest['parameters'],
			credentials: { apicoApi: { accountSid: SID, authToken: variant.token ?? TOKEN, baseUrl: `${sim.baseUrl}/v2` } },
			continueOnFail: variant.continueOnFail,
		};
		const result = await runNode(nodeUnderTest, [{ sid: sim.history[0].message_sid }]);
		runs++;
		const text = leftBehind(result, logs.lines);
		// An export's file is really there on a fine run, so its content was really searched.
		if (/Export/.test(operation.name) && variant.label === 'fine') expect(binaryFiles(result).map((file) => file.length > 0)).toEqual([true]);
		if (variant.fault?.fault.type !== 'dropBeforeRead') expect(sim.requests.length).toBeGreaterThan(0); // the credential was really used
		if (/echo|wrong|every attempt/.test(variant.label)) {
			expect({ variant: variant.label, failed: Boolean(result.error) || text.includes('"error"') }).toEqual({ variant: variant.label, failed: true });
		}
		const leaked = leaksIn(text, forbidden);
		leaks += leaked.length;
		expect({ variant: variant.label, leaked }).toEqual({ variant: variant.label, leaked: [] });
		expect({ variant: variant.label, authorization: AUTHORIZATION_WITH_VALUE.test(text) }).toEqual({ variant: variant.label, authorization: false });
	}
	records.push({ provider: 'Apico', operation: operation.name, runs, leaks });
});
