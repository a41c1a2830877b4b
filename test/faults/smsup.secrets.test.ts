/**
 * Secrets never leak from the smsup.ch node: every operation runs with a distinctive API token —
 * fine, under faults raised by the HTTP layer, with the token wrong (status −1 in an HTTP 200, or
 * a 401), and against an smsup.ch that echoes the token back in its errors (JSON and XML) — and
 * neither the token nor any Authorization header may appear in an output item, an error
 * (message, description, context, cause, stack) or a log line.
 */
import { DateTime } from 'luxon';

import type { Fault } from '../simulators/framework';
import { SmsUpSimulator, toXml } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { recordOutcomes } from './framework';
import { AUTHORIZATION_WITH_VALUE, binaryFiles, captureLogs, leaksIn, leftBehind } from './secrets';

const sim = new SmsUpSimulator();
const TOKEN = 'DUMMY-S3CR3T-SMSUP-TOKEN-2A7C95';
const WRONG_TOKEN = 'DUMMY-S3CR3T-WRONG-SMSUP-TOKEN-D40E';
const forbidden = [TOKEN, WRONG_TOKEN];
const END = DateTime.utc().startOf('minute');
const range = { dateFrom: END.minus({ days: 1 }).toISO(), dateTo: END.toISO() };

const send = { resource: 'sms', operation: 'send', to: '+41781000001', message: 'Hi' };
const operations: Array<{ name: string; parameters: Record<string, unknown>; match: RegExp }> = [
	{ name: 'SMS Send', parameters: send, match: /^POST \/send$/ },
	{ name: 'SMS Send as Campaign', parameters: { output: 'full', ...send, sendAsCampaign: true }, match: /^POST \/send$/ },
	{ name: 'SMS Get Price', parameters: { output: 'full', ...send, operation: 'getPrice' }, match: /^POST \/send\/simulate$/ },
	{ name: 'SMS Get Price as Campaign', parameters: { output: 'full', ...send, operation: 'getPrice', sendAsCampaign: true }, match: /^POST \/send\/simulate$/ },
	{ name: 'SMS Get History', parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true, ...range }, match: /^GET \/messages$/ },
	{ name: 'SMS Export History', parameters: { output: 'full', resource: 'sms', operation: 'exportHistory', ...range }, match: /^GET \/messages$/ },
	{ name: 'Campaign Get', parameters: { output: 'full', resource: 'campaign', operation: 'get', campaignId: '={{ $json.id }}' }, match: /^GET \/campaign\/\d+$/ },
	{ name: 'Campaign Get Many', parameters: { output: 'full', resource: 'campaign', operation: 'getMany', returnAll: true }, match: /^GET \/campaigns$/ },
	{ name: 'Account Get Credits', parameters: { output: 'full', resource: 'account', operation: 'getCredits' }, match: /^GET \/credits$/ },
];

const records: Array<{ provider: string; operation: string; runs: number; leaks: number }> = [];
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
	await sim.start();
	logs = captureLogs();
});
afterAll(async () => {
	logs.restore();
	recordOutcomes('secrets-smsup', records);
	await sim.stop();
});

test.each(operations.map((operation) => [operation.name, operation] as const))('%s leaks no credential', async (_, operation) => {
	let runs = 0;
	let leaks = 0;
	const echo = { status: -1, message: 'Authentication error', details: `Token ${TOKEN} is not allowed from this IP (Authorization: Bearer ${TOKEN})` };
	const at = (fault: Fault['fault'], times = 1): Fault => ({ match: operation.match, fault, times });
	const variants: Array<{ label: string; token?: string; fault?: Fault; httpStatusForErrors?: boolean; continueOnFail: boolean }> = [
		{ label: 'fine', continueOnFail: false },
		{ label: '500', fault: at({ type: 'status', status: 500, body: { status: -99, message: 'Unknown error' } }), continueOnFail: false },
		{ label: 'reset after read', fault: at({ type: 'dropAfterRead' }), continueOnFail: true },
		{ label: 'reset before read', fault: at({ type: 'dropBeforeRead' }), continueOnFail: false },
		{ label: 'malformed', fault: at({ type: 'malformed' }), continueOnFail: false },
		{ label: 'wrong token (status −1 in an HTTP 200)', token: WRONG_TOKEN, continueOnFail: false },
		{ label: 'wrong token (HTTP 401), Continue On Fail', token: WRONG_TOKEN, httpStatusForErrors: true, continueOnFail: true },
		// An smsup.ch that echoes what it was given: the node must scrub it.
		{ label: 'echo in an HTTP 200', fault: at({ type: 'status', status: 200, body: echo }), continueOnFail: true },
		{ label: 'echo in an HTTP 401', fault: at({ type: 'status', status: 401, body: echo }), continueOnFail: false },
		{ label: 'echo in XML', fault: at({ type: 'status', status: 403, raw: toXml(echo) }), continueOnFail: true },
		// Once per operation kind: an HTTP-layer error that survives every retry.
		...(operation.name === 'Account Get Credits' || operation.name === 'SMS Send' ? [{ label: 'reset on every attempt', fault: at({ type: 'dropAfterRead' }, 10), continueOnFail: false }] : []),
	];
	for (const variant of variants) {
		sim.resetState(10_000);
		sim.accounts.delete(TOKEN);
		sim.addAccount({ token: TOKEN, credits: 10_000, clientId: sim.sandbox.clientId });
		sim.seedHistory(30, { end: END });
		sim.httpStatusForErrors = variant.httpStatusForErrors === true;
		if (variant.fault) sim.inject(variant.fault);
		logs.clear();
		const nodeUnderTest: NodeUnderTest = {
			type: 'smsUp',
			parameters: operation.parameters as NodeUnderTest['parameters'],
			credentials: { smsUpApi: { apiToken: variant.token ?? TOKEN, baseUrl: sim.baseUrl } },
			continueOnFail: variant.continueOnFail,
		};
		const result = await runNode(nodeUnderTest, [{ id: String(sim.campaigns[0].id) }]);
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
	records.push({ provider: 'smsup.ch', operation: operation.name, runs, leaks });
});
