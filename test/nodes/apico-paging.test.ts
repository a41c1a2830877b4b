/**
 * Issue 16: Apico's Get History with Return All against a server that ignores `offset` (it
 * serves and echoes offset 0, `next` always set), run as n8n runs it against the simulator:
 * the read ends with an error naming Apico and the items read, after a bounded number of calls.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

let sim: ApicoSimulator;
let baseUrl: string;

beforeAll(async () => {
	sim = new ApicoSimulator();
	baseUrl = await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.reset();
	sim.history.length = 0;
	// Far past every bound under test: an engine that loops makes the test fail, not hang.
	sim.afterAnswer = () => {
		if (sim.historyCalls().length >= 2000) sim.ignoreOffset = false;
	};
});

const historyNode = (extra: IDataObject = {}): NodeUnderTest => ({
	type: 'apico',
	parameters: { output: 'full', resource: 'message', operation: 'getHistory', returnAll: true, ...extra },
	credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl}/v2` } },
});

describe('Message → Get History, Return All, offset ignored by the server', () => {
	test('with `total` (100): the first page and the 4 it plans are read, then the error', async () => {
		sim.seedHistory(100);
		sim.ignoreOffset = true;
		const { outputs, error } = await runNode(historyNode());
		// The 4 planned pages were in flight when page 2 ended the read: let them land.
		await sleep(200);
		expect(sim.historyCalls()).toHaveLength(5);
		expect(outputs[0] ?? []).toHaveLength(0);
		expect(error?.message).toMatch(/^Apico answered offset 0 when asked for offset 20 \(page 2\): it ignores the paging parameter: stopped after \d requests and 20 distinct items read/);
	});

	test('without `total`, `next` always set (20 messages): 2 calls, then the error', async () => {
		sim.seedHistory(20);
		sim.ignoreOffset = true;
		sim.omitTotal = true;
		const { error } = await runNode(historyNode());
		expect(sim.historyCalls()).toHaveLength(2);
		expect(error?.message).toContain('stopped after 2 requests and 20 distinct items read');
	});
});
