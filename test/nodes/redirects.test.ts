/**
 * Issue 16, "no key ever leaves for another host": the provider's host answers every API call
 * with a redirect to another origin (another port of 127.0.0.1). Each node's send and history
 * read run through n8n's own engine; the other host must never see a credential, and a send
 * must never be POSTed there again.
 */
import type { IDataObject } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { type RecordedRequest, type SimResponse, SimulatorServer } from '../simulators/framework';
import { type NodeUnderTest, runNode } from '../support/n8n-harness';

const CLICKSEND_KEY = 'DUMMY-CS-KEY-7d1e0c55aa31';
const SMSUP_TOKEN = 'DUMMY-SMSUP-TOKEN-4b9f2e81cc07';
const ROUTEE_SECRET = 'DUMMY-ROUTEE-SECRET-91af3d20b6e4';
const ROUTEE_TOKEN = 'DUMMY-ROUTEE-BEARER-5c8e1f7a2d93';
const APICO_TOKEN = 'DUMMY-APICO-TOKEN-e2a7b4c90f16';
const TEXT = 'Redirect canary 3141';

/** A host that answers whatever reaches it: the place a redirect points at. */
class OtherHost extends SimulatorServer {
	protected notFound(): SimResponse {
		return { status: 401, body: { error: 'who are you' } };
	}
}

/** The provider's host: every API call gets `status` with a Location on the other host. */
class RedirectingHost extends SimulatorServer {
	status = 307;
	target = '';
	/** Routee's token request is answered normally unless this is set. */
	redirectToken = false;

	protected notFound(request: RecordedRequest): SimResponse {
		if (request.path === '/oauth/token' && !this.redirectToken) {
			return { status: 200, body: { access_token: ROUTEE_TOKEN, token_type: 'bearer', expires_in: 3600 } };
		}
		return { status: this.status, headers: { location: `${this.target}${request.path}${request.rawQuery}` }, body: { moved: true } };
	}
}

const provider = new RedirectingHost('provider');
const other = new OtherHost('other host');

beforeAll(async () => {
	await other.start();
	await provider.start();
	provider.target = other.baseUrl;
});
afterAll(async () => {
	await provider.stop();
	await other.stop();
});
beforeEach(() => {
	provider.reset();
	other.reset();
	provider.redirectToken = false;
});

/** Every form a credential could take in what the other host received. */
function leaks(request: RecordedRequest, secrets: string[]): string[] {
	const found: string[] = [];
	if (request.headers.authorization !== undefined) found.push(`Authorization: ${request.headers.authorization}`);
	if (request.headers.cookie !== undefined) found.push('Cookie');
	const seen = `${request.path}${request.rawQuery} ${request.rawBody} ${JSON.stringify(request.headers)}`;
	for (const secret of secrets) {
		for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
			if (seen.includes(form)) found.push(form);
		}
	}
	return found;
}

interface Provider {
	name: string;
	secrets: string[];
	send: NodeUnderTest;
	history: NodeUnderTest;
}

const clickSendCredentials = () => ({ clickSendApi: { username: 'sandbox', apiKey: CLICKSEND_KEY, baseUrl: provider.baseUrl } });
const smsUpCredentials = () => ({ smsUpApi: { apiToken: SMSUP_TOKEN, baseUrl: provider.baseUrl } });
const routeeCredentials = () => ({
	routeeApi: { applicationId: 'app-redirect', applicationSecret: ROUTEE_SECRET, tokenUrl: `${provider.baseUrl}/oauth/token`, baseUrl: provider.baseUrl },
});
const apicoCredentials = () => ({ apicoApi: { accountSid: 'AC-redirect', authToken: APICO_TOKEN, baseUrl: `${provider.baseUrl}/v2` } });

const sendParameters: IDataObject = { resource: 'sms', operation: 'send', to: '+61411111111', message: TEXT };

// Built lazily: the provider's port is known only once it listens.
const providers = (): Provider[] => [
	{
		name: 'ClickSend (Basic username:key)',
		secrets: [CLICKSEND_KEY, 'sandbox:' + CLICKSEND_KEY],
		send: { type: 'clickSend', parameters: sendParameters, credentials: clickSendCredentials() },
		history: { type: 'clickSend', parameters: { output: 'full', resource: 'sms', operation: 'getHistory', limit: 5 }, credentials: clickSendCredentials() },
	},
	{
		name: 'smsup.ch (Bearer token)',
		secrets: [SMSUP_TOKEN],
		send: { type: 'smsUp', parameters: sendParameters, credentials: smsUpCredentials() },
		history: {
			type: 'smsUp',
			parameters: { output: 'full', resource: 'sms', operation: 'getHistory', dateFrom: '2026-06-01T00:00:00Z', dateTo: '2026-07-01T12:00:00Z', limit: 5 },
			credentials: smsUpCredentials(),
		},
	},
	{
		name: 'Routee (Basic app:secret for the token, then Bearer)',
		secrets: [ROUTEE_SECRET, 'app-redirect:' + ROUTEE_SECRET, ROUTEE_TOKEN],
		send: { type: 'routee', parameters: { output: 'full', ...sendParameters, from: 'Routee' }, credentials: routeeCredentials() },
		history: { type: 'routee', parameters: { output: 'full', resource: 'sms', operation: 'getHistory', limit: 5 }, credentials: routeeCredentials() },
	},
	{
		name: 'Apico (Basic sid:token)',
		secrets: [APICO_TOKEN, 'AC-redirect:' + APICO_TOKEN],
		send: { type: 'apico', parameters: { output: 'full', resource: 'message', operation: 'send', from: '+447860041755', to: '+447700900001', message: TEXT }, credentials: apicoCredentials() },
		history: { type: 'apico', parameters: { output: 'full', resource: 'message', operation: 'getHistory', limit: 5 }, credentials: apicoCredentials() },
	},
];

const PROVIDER_NAMES = ['ClickSend (Basic username:key)', 'smsup.ch (Bearer token)', 'Routee (Basic app:secret for the token, then Bearer)', 'Apico (Basic sid:token)'];
const byName = (name: string): Provider => providers().find((entry) => entry.name === name)!;

describe.each(PROVIDER_NAMES)('%s: the provider redirects to another origin', (name) => {
	test.each([302, 307, 308])('a send answered %i is not followed: nothing reaches the other host', async (status) => {
		provider.status = status;
		const entry = byName(name);
		const { outputs, error } = await runNode(entry.send);

		// What the other host received: nothing at all (a send is never followed).
		expect(other.requests).toEqual([]);
		// The provider's host got the send once, with the credential (the one legitimate place).
		// (smsup.ch sends one message as a GET with the text in the query.)
		const sends = provider.recorded().filter((request) => request.path !== '/oauth/token');
		expect(sends).toHaveLength(1);
		expect(JSON.stringify([sends[0].body, sends[0].query])).toContain(TEXT);
		expect(leaks(sends[0], entry.secrets)).not.toEqual([]);
		// What the node emitted: a clear error naming the redirect, and no item.
		expect(outputs.flat()).toEqual([]);
		expect(error?.message).toMatch(new RegExp(`answered HTTP ${status}, a redirect to http://127\\.0\\.0\\.1:\\d+/\\S*, which was not followed$`));
		expect(error?.description).toContain('A send is never repeated at another address');
		for (const secret of entry.secrets) expect(`${error?.message} ${error?.description}`).not.toContain(secret);
	});

	test.each([302, 307])('a history read answered %i: the other host gets no credential', async (status) => {
		provider.status = status;
		const entry = byName(name);
		const { error } = await runNode(entry.history);

		expect(provider.recorded().filter((request) => request.path !== '/oauth/token').length).toBeGreaterThanOrEqual(1);
		// The read may be followed, but bare: the other host refuses it, and the node fails.
		expect(other.requests.length).toBeGreaterThanOrEqual(1);
		for (const request of other.requests) expect(leaks(request, entry.secrets)).toEqual([]);
		expect(error).toBeDefined();
		for (const secret of entry.secrets) expect(`${error?.message} ${error?.description}`).not.toContain(secret);
	});
});

describe("Routee's token request redirected to another origin", () => {
	test.each([302, 307])('answered %i: the other host never sees app:secret, the send is not made', async (status) => {
		provider.status = status;
		provider.redirectToken = true;
		const entry = byName(PROVIDER_NAMES[2]);
		const { outputs, error } = await runNode(entry.send);

		expect(other.requests).toEqual([]);
		expect(provider.recorded().map((request) => `${request.method} ${request.path}`)).not.toContain('POST /sms');
		expect(outputs.flat()).toEqual([]);
		expect(error).toBeDefined();
		for (const secret of entry.secrets) expect(`${error?.message} ${error?.description}`).not.toContain(secret);
	});
});

describe('a Base URL with a user name or password is refused before any request', () => {
	test.each(PROVIDER_NAMES)('%s', async (name) => {
		const entry = byName(name);
		const [type, data] = Object.entries(entry.send.credentials!)[0];
		const withUserInfo = String(data.baseUrl).replace('http://', 'http://mallory:hunter2-pass@');
		const { outputs, error } = await runNode({ ...entry.send, credentials: { [type]: { ...data, baseUrl: withUserInfo } } });

		expect(provider.requests).toEqual([]);
		expect(other.requests).toEqual([]);
		expect(outputs.flat()).toEqual([]);
		const label = type === 'routeeApi' ? 'API Base URL' : 'Base URL';
		const providerName = { clickSendApi: 'ClickSend', smsUpApi: 'smsup.ch', routeeApi: 'Routee', apicoApi: 'Apico' }[type];
		expect(error?.message).toBe(
			`${providerName} credential: "${label}" contains a user name or password ("user:password@" before 127.0.0.1:${new URL(provider.baseUrl).port}): remove it; the credentials belong in their own fields`,
		);
		expect(`${error?.message} ${error?.description}`).not.toContain('hunter2');
	});
});

describe("ClickSend's export link on the API host redirected to another origin", () => {
	const clickSend = new ClickSendSimulator();
	beforeAll(async () => {
		await clickSend.start();
		clickSend.addAccount({ username: 'sandbox-redirect', apiKey: CLICKSEND_KEY });
	});
	afterAll(async () => await clickSend.stop());

	test.each([302, 307])('/files/ answered %i: the download went to the API host with the key, the other host gets none', async (status) => {
		clickSend.reset();
		clickSend.mmsHistory.length = 0;
		clickSend.seedMmsHistory(3);
		clickSend.inject({
			match: /^GET \/files\//,
			fault: { type: 'rewrite', rewrite: () => ({ status, headers: { location: `${other.baseUrl}/files/moved?filename=export.csv` }, body: { moved: true } }) },
		});
		const secrets = [CLICKSEND_KEY, 'sandbox-redirect:' + CLICKSEND_KEY];
		const { error } = await runNode({
			type: 'clickSend',
			parameters: { output: 'full', resource: 'mms', operation: 'exportHistory' },
			credentials: { clickSendApi: { username: 'sandbox-redirect', apiKey: CLICKSEND_KEY, baseUrl: clickSend.baseUrl } },
		});
		const downloads = clickSend.recorded(/^GET \/files\//);
		expect(downloads.length).toBeGreaterThanOrEqual(1);
		expect(downloads[0].headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-redirect:${CLICKSEND_KEY}`).toString('base64')}`);
		expect(other.requests.length).toBeGreaterThanOrEqual(1);
		for (const request of other.requests) expect(leaks(request, secrets)).toEqual([]);
		// The other host refuses the bare request: the node fails, and its error holds no key.
		expect(error).toBeDefined();
		for (const secret of secrets) expect(`${error?.message} ${error?.description}`).not.toContain(secret);
	});
});
