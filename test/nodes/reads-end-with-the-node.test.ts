/**
 * A paged read that fails ends every page it has in flight: no request of it reaches the
 * provider once the node has finished. Pages are read several at a time (paginate.ts); when
 * one is refused, the others were still retrying their 503s, and went on calling the provider
 * for seconds after n8n had reported the error (seen as an extra call in the next run's count).
 * Each provider's page call must hand the read's signal on, or its pages retry on.
 */
import { sleep } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { ApicoSimulator, APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import type { SimulatorServer } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();
const SMSUP_END = DateTime.utc().startOf('minute');

interface Case {
	provider: string;
	sim: SimulatorServer;
	/** The paged list's `METHOD /path`. */
	list: RegExp;
	/** Seeds more than three pages of history. */
	seed: () => void;
	node: () => NodeUnderTest;
}

const cases: Case[] = [
	{
		provider: 'ClickSend',
		sim: clickSend,
		list: /^GET \/v3\/sms\/history$/,
		seed: () => clickSend.seedHistory(450),
		node: () => ({
			type: 'clickSend',
			parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true },
			credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: clickSend.baseUrl } },
		}),
	},
	{
		provider: 'Routee',
		sim: routee,
		list: /^POST \/sms\/tracking$/,
		seed: () => routee.seedHistory(7000, 5, { spanDays: 6 }),
		node: () => ({
			type: 'routee',
			parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true },
			credentials: {
				routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${routee.baseUrl}/oauth/token`, baseUrl: routee.baseUrl },
			},
		}),
	},
	{
		provider: 'smsup.ch',
		sim: smsUp,
		list: /^GET \/messages$/,
		seed: () => smsUp.seedHistory(3500, { end: SMSUP_END }),
		node: () => ({
			type: 'smsUp',
			parameters: { output: 'full', resource: 'sms', operation: 'getHistory', returnAll: true, dateFrom: SMSUP_END.minus({ days: 3 }).toISO(), dateTo: SMSUP_END.toISO() },
			credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: smsUp.baseUrl } },
		}),
	},
	{
		provider: 'Apico',
		sim: apico,
		list: /^GET \/v2\/accounts\/[^/]+\/messages$/,
		seed: () => apico.seedHistory(230, { end: Date.UTC(2026, 2, 1, 12, 0, 0) }),
		node: () => ({
			type: 'apico',
			parameters: { output: 'full', resource: 'message', operation: 'getHistory', returnAll: true },
			credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${apico.baseUrl}/v2` } },
		}),
	},
];

beforeAll(async () => {
	await Promise.all(cases.map(async ({ sim }) => await sim.start()));
});
afterAll(async () => {
	await Promise.all(cases.map(async ({ sim }) => await sim.stop()));
});

describe.each(cases)('$provider Get History (Return All)', ({ sim, list, seed, node }) => {
	it('leaves no page calling the provider once one page is refused', async () => {
		sim.reset();
		seed();
		// After the first page (which tells the total): one later page refused outright (not
		// retried), the pages in flight with it answered 503 (retried) for as long as they ask.
		sim.inject({ match: list, after: 1, times: 1, fault: { type: 'status', status: 400, body: { error: 'refused' } } });
		const unavailable = { type: 'status', status: 503, body: { error: 'unavailable' } } as const;
		sim.inject({ match: list, after: 1, times: 1000, fault: unavailable });

		const run = await runNode(node());
		expect(run.error?.message).toMatch(/refused|400|Bad Request/i);
		const callsWhenDone = sim.recorded(list).length;
		// Longer than the retry waits that follow a 503 (0.5 s, 1 s, 2 s: nodes/shared/http.ts).
		await sleep(4000);
		expect(sim.recorded(list).length).toBe(callsWhenDone);
		// No page was asked for again after the refusal ended the read: the 503s were not retried.
		const pagesAsked = sim.recorded(list).map((request) => request.rawQuery);
		expect(new Set(pagesAsked).size).toBe(pagesAsked.length);
		// The case tested something: other pages were in flight and met the 503.
		expect(sim.firedCount(unavailable, list)).toBeGreaterThanOrEqual(1);
	}, 60_000);
});
