/**
 * Routee under every standard fault, for each operation (see framework.ts for the rules), plus
 * what only a token-based provider has: a 401 on the API, a token that expired between
 * executions or expires mid-run, a token endpoint that fails, and revoked application
 * credentials (the token endpoint refuses).
 */
import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator, type RouteeTrackingEntry } from '../simulators/routee';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';
import { comparable, describeFaultMatrix, expectFaultHandled, recordOutcomes, standardFaults, type FaultMatrix, type FaultOperation, type FaultOutcome, type NamedFault } from './framework';

const SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';
const DAY_MS = 24 * 60 * 60 * 1000;
const sim = new RouteeSimulator();
/** A fixed range for the export, so its output names the same dates on every run. */
const T0 = Date.now();
const exportRange = { dateFrom: new Date(T0 - 6.5 * DAY_MS).toISOString(), dateTo: new Date(T0).toISOString() };
const CAMPAIGN = 'c0ffee00-0000-4000-8000-000000000001';
/** Seeded once: every run reads the same history (ids and dates fixed). */
let seeded: RouteeTrackingEntry[] = [];
/** A token the credential keeps from an earlier execution (set by a token fault). */
let keptToken: string | undefined;

const node = (parameters: Record<string, unknown>, credentialOverrides: IDataObject = {}): NodeUnderTest => ({
	type: 'routee',
	parameters: parameters as NodeUnderTest['parameters'],
	credentials: {
		routeeApi: {
			applicationId: 'sandbox-app',
			applicationSecret: SECRET,
			tokenUrl: `${sim.baseUrl}/oauth/token`,
			baseUrl: sim.baseUrl,
			...(keptToken ? { accessToken: keptToken } : {}),
			...credentialOverrides,
		},
	},
});
const recipients = () => [0, 1, 2].map((index) => ({ to: `+3069000000${index}`, text: `Your code is 10${index}` }));
const send = { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee' };
/** A harmless fault taken by the first matching call, so the real one hits the second (a later page). */
const onLaterPage = (match: RegExp) => () => sim.inject({ match, fault: { type: 'delay', ms: 0 }, times: 1 });

const TRACKING = /^POST \/sms\/tracking$/;
const operations: FaultOperation[] = [
	{ name: 'SMS Send', kind: 'send', match: /^POST \/sms$/, items: recipients, node: () => node(send) },
	{ name: 'SMS Send as Campaign', kind: 'send', match: /^POST \/sms\/campaign$/, items: recipients, node: () => node({ ...send, sendAsCampaign: true }) },
	{ name: 'SMS Get Price', kind: 'read', match: /^POST \/sms\/analyze$/, items: recipients, node: () => node({ ...send, operation: 'getPrice' }) },
	{ name: 'SMS Get History (Return All)', kind: 'read', match: TRACKING, items: () => [{}], node: () => node({ resource: 'sms', operation: 'getHistory', returnAll: true }) },
	{
		name: 'SMS Get History (Return All), fault on page 2',
		kind: 'read',
		match: TRACKING,
		items: () => [{}],
		prepare: onLaterPage(TRACKING),
		node: () => node({ resource: 'sms', operation: 'getHistory', returnAll: true, mergeParts: false }),
	},
	{
		name: 'SMS Get Message',
		kind: 'read',
		match: /^GET \/sms\/tracking\/single\//,
		// Message 1 of the seed is one of its multipart messages.
		items: () => [0, 1, 2].map((index) => ({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` })),
		node: () => node({ resource: 'sms', operation: 'getMessage', messageId: '={{ $json.id }}' }),
	},
	{
		name: 'SMS Get Campaign Messages (Return All)',
		kind: 'read',
		match: /^GET \/sms\/tracking\/campaign\//,
		items: () => [{}],
		// One page at a time: "token expires mid-run" gives a token 2 s on a clock that moves 1.5 s a
		// call, so pages of 20 in flight together would each outlive the token renewed for another.
		node: () => node({ resource: 'sms', operation: 'getCampaignMessages', campaignTrackingId: CAMPAIGN, returnAll: true, pagingOptions: { parallelRequests: 1 } }),
	},
	{
		name: 'SMS Export History',
		kind: 'read',
		match: TRACKING,
		items: () => [{}],
		node: () => node({ resource: 'sms', operation: 'exportHistory', ...exportRange }),
	},
	{
		name: 'SMS Export History, fault on page 2',
		kind: 'read',
		match: TRACKING,
		items: () => [{}],
		prepare: onLaterPage(TRACKING),
		node: () => node({ resource: 'sms', operation: 'exportHistory', rows: 'part', format: 'json', ...exportRange }),
	},
	{ name: 'Account Get Balance', kind: 'read', match: /^GET \/accounts\/me\/balance$/, items: () => [{}], node: () => node({ resource: 'account', operation: 'getBalance' }) },
];

const routeeError = { code: '500000000', developerMessage: 'Internal server error.' };
const faults: NamedFault[] = [
	...standardFaults(routeeError).map((fault) =>
		fault.name === 'truncated page'
			? { ...fault, fault: { type: 'malformed' as const, raw: '{"content":[{"applicationName":"n8n sandbox","smsId":"5e5e5e5e-0000-4000-8000-0000000' } }
			: fault,
	),
	// Routee answers an expired token with 401: n8n renews the token and repeats the call once.
	// A 401 refused the call before processing it: n8n renews the token and repeats it once, sends too.
	{ name: '401 (token refused once)', fault: { type: 'status', status: 401, body: { code: '401000000', developerMessage: 'The access token has expired.' } }, readsRecover: true, sendRepeats: 1 },
	{
		name: '401 after the token was renewed too',
		fault: { type: 'status', status: 401, body: { code: '401000000', developerMessage: 'Not authenticated.' } },
		times: 2,
		readsRecover: false,
		refusal: true,
		sendRepeats: 1,
	},
];

const matrix: FaultMatrix<RouteeSimulator> = {
	provider: 'Routee',
	sim: () => sim,
	operations,
	faults,
	accepted: () => sim.acceptedByRecipient,
	reset: () => {
		sim.resetAll({ keepHistory: true });
		sim.tracking = [...seeded];
		sim.applications.get('sandbox-app')!.secret = SECRET;
		keptToken = undefined;
	},
};

const outcomes: FaultOutcome[] = [];
beforeAll(async () => {
	await sim.start();
	// Inside the 7-day window and clear of its edge, so the same messages are read every time.
	sim.seedHistory(3000, 5, { spanDays: 6 });
	seeded = [...sim.tracking];
});
afterAll(async () => {
	recordOutcomes('faults-routee', outcomes);
	await sim.stop();
});

describeFaultMatrix(matrix, outcomes, {
	checkBaseline: (operation) => {
		if (/History/.test(operation.name) && !/Export/.test(operation.name)) expect(sim.recorded(TRACKING).length).toBeGreaterThan(1);
	},
	// Faults that clear after one or two calls are judged with Continue On Fail too.
	once: (fault) => Boolean(fault.times && fault.times > 2),
	perOperation: (operation, baseline) => {
		/**
		 * A token fault the framework cannot inject as one bad answer: `arrange` sets the simulator
		 * up, then the operation must give exactly its fault-free result (reads) or send each
		 * recipient exactly once (sends), with the token renewed on the way.
		 */
		const tokenCase = (name: string, arrange: () => void) =>
			test(name, async () => {
				for (const continueOnFail of [false, true]) {
					matrix.reset();
					operation.prepare?.();
					sim.clearFaults();
					arrange();
					const items = operation.items();
					const run = await runNode({ ...operation.node(), continueOnFail }, items);
					const output = run.outputs[0] ?? [];
					const calls = sim.recorded(operation.match).length;
					expect(run.error).toBeUndefined();
					expect(sim.unauthenticatedRequests).toBeGreaterThan(0);
					expect(sim.tokensIssued).toBeGreaterThan(0);
					let duplicates = 0;
					if (operation.kind === 'send') {
						for (const count of sim.acceptedByRecipient.values()) duplicates += Math.max(0, count - 1);
						expect([...sim.acceptedByRecipient.keys()].sort()).toEqual(items.map((item) => item.to).sort());
						expect(output.every((item) => typeof item.json.error !== 'string')).toBe(true);
						expect(output.map((item) => item.pairedItem)).toEqual(items.map((_item, index) => ({ item: index })));
					} else {
						expect(comparable(output)).toBe(comparable(baseline()));
					}
					expect(duplicates).toBe(0);
					const renewed = `${sim.tokensIssued} token${sim.tokensIssued === 1 ? '' : 's'} issued, ${sim.unauthenticatedRequests} call${sim.unauthenticatedRequests === 1 ? '' : 's'} refused and repeated`;
					outcomes.push({
						provider: 'Routee',
						operation: operation.name,
						fault: `${name}${continueOnFail ? ' (Continue On Fail)' : ''}`,
						outcome: operation.kind === 'send' ? `sent once (${sim.acceptedTotal} accepted; ${renewed})` : `recovered: complete result (${renewed})`,
						ok: true,
						duplicates,
						lost: 0,
						calls,
					});
				}
			});

		tokenCase('token expired since an earlier execution', () => {
			keptToken = sim.issueTokenFor();
			sim.tokens.get(keptToken)!.expiresAt = sim.now() - 1;
		});

		tokenCase('token expires mid-run', () => {
			// The clock moves 1.5 s per API call and a token lives 2 s, so every second call finds
			// its token expired; the kept token expires before the first call.
			sim.freezeClock();
			sim.tokenLifetimeSeconds = 2;
			sim.clockStepPerApiRequestMs = 1500;
			keptToken = sim.issueTokenFor();
			sim.tokens.get(keptToken)!.expiresAt = sim.now() + 1000;
		});
	},
});

describe('the token endpoint', () => {
	const TOKEN = /^POST \/oauth\/token$/;
	const viaToken = (operation: FaultOperation): FaultOperation => ({ ...operation, name: `${operation.name} (token endpoint)`, match: TOKEN, sendMatch: operation.match, faultBeforeRequest: true });
	const tokenOperations = operations.filter((operation) => operation.name === 'SMS Send' || operation.name === 'Account Get Balance').map(viaToken);
	// A 200 from the token endpoint without a token is not retried: the credential reports that no
	// token came back (a clear failure; the API call was never made).
	const tokenFaults = standardFaults({ error: 'server_error', error_description: 'The token service is unavailable.' })
		.filter((fault) => !/truncated/.test(fault.name))
		.map((fault) => (fault.fault.type === 'malformed' ? { ...fault, readsRecover: false } : fault));

	describe.each(tokenOperations.map((operation) => [operation.name, operation] as const))('%s', (_, operation) => {
		test.each(tokenFaults.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
			await expectFaultHandled(matrix, outcomes, operation, fault, [], { once: Boolean(fault.times), label: 'token endpoint: ' });
		});
	});

	test('revoked application credentials: every operation fails with the token endpoint\'s reason, nothing sent', async () => {
		for (const operation of operations) {
			for (const continueOnFail of [false, true]) {
				matrix.reset();
				operation.prepare?.();
				sim.clearFaults();
				sim.applications.get('sandbox-app')!.secret = 'DUMMY-ROTATED-SECRET-0002';
				const items = operation.items();
				const run = await runNode({ ...operation.node(), continueOnFail }, items);
				const output = run.outputs[0] ?? [];
				const message = run.error?.message ?? String(output[0]?.json.error);
				expect(message).toBe('Routee: Routee did not issue an access token: Bad credentials');
				if (continueOnFail) {
					expect(output).toHaveLength(items.length);
					expect(output.map((item) => item.pairedItem)).toEqual(items.map((_item, index) => ({ item: index })));
				}
				expect(sim.recorded(operation.match)).toHaveLength(0);
				expect(sim.acceptedTotal).toBe(0);
				outcomes.push({
					provider: 'Routee',
					operation: operation.name,
					fault: `application secret revoked (token endpoint refuses)${continueOnFail ? ' (Continue On Fail)' : ''}`,
					outcome: continueOnFail ? `error items: ${message}` : `failed clearly: ${message}`,
					ok: true,
					duplicates: 0,
					lost: 0,
					calls: sim.requests.length,
				});
			}
		}
	});

	test('a kept token revoked and the secret rotated: the renewal is refused, nothing sent, no retry loop', async () => {
		for (const operation of operations) {
			matrix.reset();
			operation.prepare?.();
			sim.clearFaults();
			keptToken = sim.issueTokenFor();
			sim.tokens.delete(keptToken);
			sim.applications.get('sandbox-app')!.secret = 'DUMMY-ROTATED-SECRET-0002';
			const run = await runNode(operation.node(), operation.items());
			expect(run.error?.message).toBe('Routee: Routee did not issue an access token: Bad credentials');
			// The refused call, and no other: n8n renews once and stops.
			expect(sim.recorded(operation.match)).toHaveLength(1);
			expect(sim.acceptedTotal).toBe(0);
			outcomes.push({
				provider: 'Routee',
				operation: operation.name,
				fault: 'kept token revoked, secret rotated',
				outcome: `failed clearly: ${run.error!.message}`,
				ok: true,
				duplicates: 0,
				lost: 0,
				calls: sim.requests.length,
			});
		}
	});
});

describe('history read while new messages arrive between pages', () => {
	const arriving = async (parameters: Record<string, unknown>, label: string, insideRange = false) => {
		matrix.reset();
		const before = new Set(seeded.map((entry) => entry.smsId));
		let added = 0;
		sim.afterAnswer = (request) => {
			if (TRACKING.test(`${request.method} ${request.path}`) && added < 30) {
				for (let index = 0; index < 10; index++) {
					sim.addInbound({ body: `Arrived ${added + index}`, from: `+30691${String(added + index).padStart(7, '0')}`, ...(insideRange ? { date: new Date(Date.now() - 60_000).toISOString() } : {}) });
				}
				added += 10;
			}
		};
		const run = await runNode(node({ resource: 'sms', operation: 'getHistory', returnAll: true, mergeParts: false, output: 'raw', ...parameters }), [{}]);
		expect(run.error).toBeUndefined();
		const entries = (run.outputs[0] ?? []).map((item) => item.json as unknown as RouteeTrackingEntry);
		const ids = entries.map((entry) => entry.smsId);
		const duplicates = ids.length - new Set(ids).size;
		const read = new Set(ids);
		const lost = [...before].filter((id) => !read.has(id)).length;
		outcomes.push({
			provider: 'Routee',
			operation: 'SMS Get History (Return All)',
			fault: `messages arriving while paging (${label})`,
			outcome: `${ids.length} parts, ${duplicates} read twice, ${lost} missing (${added} arrived during the read)`,
			ok: duplicates === 0 && lost === 0,
			duplicates,
			lost,
			calls: sim.recorded(TRACKING).length,
		});
		expect(sim.recorded(TRACKING).length).toBeGreaterThan(1);
		expect(added).toBeGreaterThan(0);
		expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
	};

	test('Routee\'s default order (oldest first): every part exactly once', async () => await arriving({}, 'default order'));
	test('newest first: every part exactly once, even as arrivals push parts to later pages', async () =>
		await arriving({ sort: 'status.date,desc' }, 'newest first'));
	test('newest first, arrivals dated inside the range: every part exactly once', async () =>
		await arriving({ sort: 'status.date,desc' }, 'newest first, dated inside the range', true));
	test('oldest first, arrivals dated inside the range: every part exactly once', async () =>
		await arriving({}, 'oldest first, dated inside the range', true));
});
