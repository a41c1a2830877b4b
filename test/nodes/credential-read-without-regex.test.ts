/**
 * n8n reads a credential's display conditions each time it decrypts it (the harness's
 * getDecrypted does what n8n's CredentialsHelper does), and runs a regex condition in a vm
 * with a 250 ms limit. On a busy worker that limit was hit: "Regular expression execution
 * timed out" failed Routee and smsup.ch calls before any request (seen in CI under load). The
 * credentials' URL notices now use prefix and substring conditions only, so a node runs even
 * when every regex would time out: here the regex engine fails each match, as a timeout does.
 */
import { resetSafeRegexEngine, setSafeRegexEngine } from 'n8n-workflow';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import type { SimulatorServer } from '../simulators/framework';
import { RouteeSimulator } from '../simulators/routee';
import { SmsUpSimulator } from '../simulators/smsup';
import { gatewayCredentials } from '../support/gateway-credentials';
import { runNode, type NodeUnderTest } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();

/** One provider's credential, on its simulator (support/gateway-credentials.ts). */
const credentialsFor = (type: string) => ({ [type]: gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, smsUp: smsUp.baseUrl, apico: apico.baseUrl })[type] });

const cases: Array<{ provider: string; sim: SimulatorServer; seed?: () => void; node: () => NodeUnderTest }> = [
	{
		provider: 'ClickSend',
		sim: clickSend,
		node: () => ({
			type: 'clickSend',
			parameters: { resource: 'account', operation: 'get' },
			credentials: credentialsFor('clickSendApi'),
		}),
	},
	{
		provider: 'Routee',
		sim: routee,
		node: () => ({
			type: 'routee',
			parameters: { resource: 'account', operation: 'getBalance' },
			credentials: credentialsFor('routeeApi'),
		}),
	},
	{
		provider: 'smsup.ch',
		sim: smsUp,
		node: () => ({ type: 'smsUp', parameters: { resource: 'account', operation: 'getCredits' }, credentials: credentialsFor('smsUpApi') }),
	},
	{
		provider: 'Apico',
		sim: apico,
		seed: () => apico.seedHistory(3),
		node: () => ({
			type: 'apico',
			parameters: { resource: 'message', operation: 'getHistory', limit: 1 },
			credentials: credentialsFor('apicoApi'),
		}),
	},
];

const timedOut = () => {
	throw new Error('Regular expression execution timed out');
};

beforeAll(async () => {
	await Promise.all(cases.map(async ({ sim }) => await sim.start()));
	setSafeRegexEngine({ exec: timedOut, test: timedOut, replace: timedOut, matchAll: timedOut, split: timedOut });
});
afterAll(async () => {
	resetSafeRegexEngine();
	await Promise.all(cases.map(async ({ sim }) => await sim.stop()));
});

test.each(cases)('$provider: the credential is read and the call made though every regex match times out', async ({ sim, seed, node }) => {
	sim.reset();
	seed?.();
	const run = await runNode(node());
	expect(run.error?.message).toBeUndefined();
	expect(run.outputs[0]).toHaveLength(1);
	expect(sim.requests.length).toBeGreaterThan(0);
});
