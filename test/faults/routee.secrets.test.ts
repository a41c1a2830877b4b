/**
 * Secrets never leak from the Routee node: every operation runs with a distinctive application
 * secret — fine, under faults raised by the HTTP layer, with the secret wrong, with a kept token,
 * and against a Routee that echoes the secret and the access token back in its errors (the API
 * and the token endpoint) — and neither the secret, the Basic header of the token request, any
 * access token the simulator issued, nor any Authorization header may appear in an output item,
 * an error (message, description, context, cause, stack) or a log line.
 */
import type { Fault } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { recordOutcomes } from './framework';
import { AUTHORIZATION_WITH_VALUE, binaryFiles, captureLogs, leaksIn, leftBehind } from './secrets';

const sim = new RouteeSimulator();
const APP = 'leaky-app-3c9e';
const SECRET = 'DUMMY-S3CR3T-ROUTEE-APP-SECRET-8B1D47';
const WRONG_SECRET = 'DUMMY-S3CR3T-WRONG-ROUTEE-SECRET-61F0';
const basic = (secret: string) => Buffer.from(`${APP}:${secret}`).toString('base64');
const TOKEN_PATH = /^POST \/oauth\/token$/;

const send = { resource: 'sms', operation: 'send', to: '+306900000001', message: 'Hi', from: 'Routee' };
const operations: Array<{ name: string; parameters: Record<string, unknown>; match: RegExp; kind: 'read' | 'send' }> = [
	{ name: 'SMS Send', parameters: send, match: /^POST \/sms$/, kind: 'send' },
	{ name: 'SMS Send as Campaign', parameters: { output: 'full', ...send, sendAsCampaign: true }, match: /^POST \/sms\/campaign$/, kind: 'send' },
	{ name: 'SMS Get Price', parameters: { output: 'full', ...send, operation: 'getPrice' }, match: /^POST \/sms\/analyze$/, kind: 'read' },
	{ name: 'SMS Get History', parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true }, match: /^POST \/sms\/tracking$/, kind: 'read' },
	{ name: 'SMS Get Message', parameters: { output: 'full', resource: 'sms', operation: 'getMessage', messageId: '00000000-0000-4000-8000-000000000001' }, match: /^GET \/sms\/tracking\/single\//, kind: 'read' },
	{
		name: 'SMS Get Campaign Messages',
		parameters: { output: 'full', resource: 'sms', operation: 'getCampaignMessages', campaignTrackingId: 'c0ffee00-0000-4000-8000-000000000001', returnAll: true },
		match: /^GET \/sms\/tracking\/campaign\//,
		kind: 'read',
	},
	{ name: 'SMS Export History', parameters: { output: 'full', resource: 'sms', operation: 'exportHistory' }, match: /^POST \/sms\/tracking$/, kind: 'read' },
	{ name: 'Account Get Balance', parameters: { output: 'full', resource: 'account', operation: 'getBalance' }, match: /^GET \/accounts\/me\/balance$/, kind: 'read' },
];

interface Variant {
	label: string;
	secret?: string;
	/** A token the credential keeps from an earlier execution. */
	keptToken?: boolean;
	fault?: Fault;
	continueOnFail: boolean;
	/** Sets the simulator up once it knows the token a run uses (faults that echo it). */
	arrange?: (match: RegExp) => void;
}

const records: Array<{ provider: string; operation: string; runs: number; leaks: number }> = [];
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
	await sim.start();
	sim.applications.set(APP, { id: APP, secret: SECRET, name: 'leaky', balance: 10, currency: { code: 'EUR', name: 'Euro', sign: '€' } });
	sim.seedHistory(200, 5, { spanDays: 6 });
	logs = captureLogs();
});
afterAll(async () => {
	logs.restore();
	recordOutcomes('secrets-routee', records);
	await sim.stop();
});

/** Once the token endpoint issued a token, the next API call fails with an error that echoes it and the secret. */
const echoIssuedToken = (match: RegExp) => {
	sim.afterAnswer = (request) => {
		if (!TOKEN_PATH.test(`${request.method} ${request.path}`)) return;
		const token = [...sim.tokens.keys()].pop();
		sim.inject({
			match,
			fault: {
				type: 'status',
				status: 400,
				body: { code: '400000000', developerMessage: `Token ${token} of ${APP} (secret ${SECRET}) refused; Authorization: Bearer ${token}`, properties: { accessToken: token } },
			},
		});
	};
};

test.each(operations.map((operation) => [operation.name, operation] as const))('%s leaks no credential', async (_, operation) => {
	let runs = 0;
	let leaks = 0;
	const variants: Variant[] = [
		{ label: 'fine', continueOnFail: false },
		{ label: '500', fault: { match: operation.match, fault: { type: 'status', status: 500, body: { code: '500000000', developerMessage: 'Boom' } } }, continueOnFail: false },
		{ label: 'reset after read', fault: { match: operation.match, fault: { type: 'dropAfterRead' } }, continueOnFail: true },
		{ label: 'reset before read', fault: { match: operation.match, fault: { type: 'dropBeforeRead' } }, continueOnFail: false },
		{ label: 'malformed', fault: { match: operation.match, fault: { type: 'malformed' } }, continueOnFail: false },
		{ label: 'wrong secret', secret: WRONG_SECRET, continueOnFail: false },
		{ label: 'wrong secret, Continue On Fail', secret: WRONG_SECRET, continueOnFail: true },
		{ label: 'kept token refused twice', keptToken: true, fault: { match: operation.match, fault: { type: 'status', status: 401, body: { code: '401000000', developerMessage: 'Not authenticated.' } }, times: 2 }, continueOnFail: true },
		// A Routee that echoes what it was given: the node must scrub it.
		{ label: 'API echoes the fresh token and the secret', arrange: echoIssuedToken, continueOnFail: true },
		{ label: 'API echoes a kept token and the secret', keptToken: true, arrange: echoIssuedToken, continueOnFail: false },
		{
			label: 'token endpoint echoes the secret and its Basic header',
			fault: {
				match: TOKEN_PATH,
				fault: { type: 'status', status: 401, body: { error: 'invalid_client', error_description: `Client ${APP} with secret ${SECRET} (Authorization: Basic ${basic(SECRET)}) is locked` } },
				times: 2,
			},
			continueOnFail: true,
		},
		{ label: 'token endpoint answers garbage echoing the secret', fault: { match: TOKEN_PATH, fault: { type: 'malformed', raw: `<html>secret=${SECRET}</html>` } }, continueOnFail: false },
		// Once per operation kind: an HTTP-layer error that survives every retry.
		...(operation.name === 'Account Get Balance' || operation.name === 'SMS Send'
			? [{ label: 'reset on every attempt', fault: { match: operation.match, fault: { type: 'dropAfterRead' as const }, times: 10 }, continueOnFail: false }]
			: []),
	];
	for (const variant of variants) {
		sim.resetAll({ keepHistory: true });
		let kept: string | undefined;
		if (variant.keptToken) kept = sim.issueTokenFor(APP);
		if (variant.fault) sim.inject(variant.fault);
		if (variant.arrange) {
			variant.arrange(operation.match);
			if (kept) {
				sim.inject({
					match: operation.match,
					fault: { type: 'status', status: 400, body: { code: '400000000', developerMessage: `Token ${kept} of ${APP} (secret ${SECRET}) refused; Authorization: Bearer ${kept}` } },
				});
			}
		}
		logs.clear();
		const nodeUnderTest: NodeUnderTest = {
			type: 'routee',
			parameters: operation.parameters as NodeUnderTest['parameters'],
			credentials: {
				routeeApi: {
					applicationId: APP,
					applicationSecret: variant.secret ?? SECRET,
					tokenUrl: `${sim.baseUrl}/oauth/token`,
					baseUrl: sim.baseUrl,
					...(kept ? { accessToken: kept } : {}),
				},
			},
			continueOnFail: variant.continueOnFail,
		};
		const result = await runNode(nodeUnderTest, [{}]);
		runs++;
		const text = leftBehind(result, logs.lines);
		// An export's file is really there on a fine run, so its content was really searched.
		if (/Export/.test(operation.name) && variant.label === 'fine') expect(binaryFiles(result).map((file) => file.length > 0)).toEqual([true]);
		// The credential was really used: a token asked for, or the kept one sent.
		expect(sim.requests.length).toBeGreaterThan(0);
		// The variants meant to fail did, so their errors were really checked.
		if (/echo|wrong|twice|every attempt/.test(variant.label)) {
			expect({ variant: variant.label, failed: Boolean(result.error) || text.includes('"error"') }).toEqual({ variant: variant.label, failed: true });
		}
		const forbidden = [SECRET, WRONG_SECRET, basic(SECRET), basic(WRONG_SECRET), ...sim.tokens.keys(), ...(kept ? [kept] : [])];
		const leaked = leaksIn(text, forbidden);
		leaks += leaked.length;
		expect({ variant: variant.label, leaked }).toEqual({ variant: variant.label, leaked: [] });
		expect({ variant: variant.label, authorization: AUTHORIZATION_WITH_VALUE.test(text) }).toEqual({ variant: variant.label, authorization: false });
	}
	records.push({ provider: 'Routee', operation: operation.name, runs, leaks });
});
