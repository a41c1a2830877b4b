/**
 * What the benchmarks need to know about each provider: its simulator (seeded with N
 * messages), the node's parameters for Return All history, export and a bulk send, the page
 * size it reads with, and the baseline "one call per item" send through the provider client.
 * A provider is benchmarked once it is listed in BENCH_PROVIDERS.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { normalizeApicoMessage, type ApicoMessage } from '../nodes/Apico/message';
import { APICO_MAX_PAGE_SIZE, createApicoClient } from '../nodes/Apico/transport';
import { normalizeClickSendMessage, type ClickSendMessage } from '../nodes/ClickSend/message';
import { createClickSendClient } from '../nodes/ClickSend/transport';
import { ROUTEE_PAGES } from '../nodes/Routee/actions/history';
import { normalizeRouteeTracking, type RouteeTrackingEntry } from '../nodes/Routee/message';
import { createRouteeClient } from '../nodes/Routee/transport';
import { RouteeSimulator } from '../test/simulators/routee';
import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../test/simulators/apico';
import { normalizeSmsUpMessage, type SmsUpMessage } from '../nodes/SmsUp/message';
import { createSmsUpClient } from '../nodes/SmsUp/transport';
import { ClickSendSimulator } from '../test/simulators/clicksend';
import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../test/simulators/smsup';
import type { SimulatorServer } from '../test/simulators/framework';
import { axiosExchange } from '../test/support/axios-exchange';

export interface BenchProvider<S extends SimulatorServer = SimulatorServer> {
	name: string;
	nodeType: string;
	credentialType: string;
	/** The largest page its history reads with (for the minimum possible calls). */
	pageSize: number;
	/** Whether the simulator serves history (and so the history and export scenarios run). */
	createSimulator(): S;
	/** The credential for the simulator at `baseUrl`; `sim` when it runs in this process. */
	credentials(baseUrl: string, sim?: S): ICredentialDataDecryptedObject;
	seedHistory(sim: S, count: number): void;
	historyParameters(parallelRequests: number): IDataObject;
	exportParameters(): IDataObject;
	/** Recipients' items for a bulk send and the node parameters that send them on the batch path. */
	sendItems(count: number): IDataObject[];
	sendParameters(): IDataObject;
	/**
	 * Recipients the batch path is measured on, when it is slow by nature (a provider with no
	 * batch endpoint sends one call per item either way); its time is scaled to the full count.
	 */
	sendBatchRecipients?: number;
	/** The baseline: one send call per recipient through the provider's own client. */
	sendOneByOne(sim: S, items: IDataObject[]): Promise<void>;
	/** Messages the simulator accepted (to check the benchmark really sent). */
	acceptedCount(sim: S): number;
	/**
	 * Per-message APIs: the node parameters of a Send that makes one call per item (several in
	 * flight), measured against the one-at-a-time baseline.
	 */
	parallelSendParameters?(): IDataObject;
	/** The recipient of every send call the simulator received, to count each recipient once. */
	sentRecipients(sim: S): string[];
	/** Raw history messages as the provider sends them, and its normalizer (node overhead). */
	rawHistory(sim: S, count: number): unknown[];
	normalize(raw: unknown): unknown;
}

const node = (name: string): INode => ({ id: 'bench', name, type: name, typeVersion: 1, position: [0, 0], parameters: {} });

export const clickSend: BenchProvider<ClickSendSimulator> = {
	name: 'ClickSend',
	nodeType: 'clickSend',
	credentialType: 'clickSendApi',
	pageSize: 100,
	createSimulator: () => {
		const sim = new ClickSendSimulator();
		sim.accounts.get('sandbox')!.balance = 1e9;
		return sim;
	},
	credentials: (baseUrl) => ({ username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl }),
	seedHistory: (sim, count) => sim.seedHistory(count),
	historyParameters: (parallelRequests) => ({ resource: 'sms', operation: 'getHistory', returnAll: true, pagingOptions: { parallelRequests } }),
	exportParameters: () => ({ resource: 'sms', operation: 'exportHistory', fileName: 'history.csv', downloadFile: true }),
	sendItems: (count) => Array.from({ length: count }, (_, index) => ({ to: `+6142${String(index).padStart(7, '0')}` })),
	sendParameters: () => ({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Benchmark' }),
	sendOneByOne: async (sim, items) => {
		const client = createClickSendClient(axiosExchange({ username: 'sandbox', password: 'DUMMY-SANDBOX-API-KEY-0001' }), node('ClickSend'), sim.baseUrl);
		for (const { to } of items) {
			await client.call({ method: 'POST', path: '/v3/sms/send', kind: 'send', body: { messages: [{ to, body: 'Benchmark', source: 'n8n' }] } });
		}
	},
	acceptedCount: (sim) => sim.acceptedTotal,
	rawHistory: (sim, count) => {
		sim.seedHistory(count);
		return sim.history.slice(-count);
	},
	sentRecipients: (sim) =>
		sim.requests
			.filter((request) => request.method === 'POST' && request.path === '/v3/sms/send')
			.flatMap((request) => ((request.body as { messages?: Array<{ to?: string }> }).messages ?? []).map((message) => String(message.to))),
	normalize: (raw) => normalizeClickSendMessage(raw as ClickSendMessage),
};

/**
 * Apico has no batch send endpoint (its documents show one message per `POST …/messages`), so
 * its "batch path" is the node's Send: one call per item, like the baseline.
 */
export const apico: BenchProvider<ApicoSimulator> = {
	name: 'Apico',
	// Apico has no batch endpoint: its batch path is one call per item, measured on 1,000.
	sendBatchRecipients: 1000,
	nodeType: 'apico',
	credentialType: 'apicoApi',
	pageSize: APICO_MAX_PAGE_SIZE,
	createSimulator: () => new ApicoSimulator(),
	credentials: (baseUrl) => ({ accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: `${baseUrl}/v2` }),
	seedHistory: (sim, count) => sim.seedHistory(count),
	historyParameters: (parallelRequests) => ({ resource: 'message', operation: 'getHistory', returnAll: true, pagingOptions: { parallelRequests } }),
	exportParameters: () => ({ resource: 'message', operation: 'exportHistory', fileName: 'history.csv' }),
	sendItems: (count) => Array.from({ length: count }, (_, index) => ({ to: `+4477009${String(index).padStart(5, '0')}` })),
	sendParameters: () => ({ resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: 'Benchmark' }),
	sendOneByOne: async (sim, items) => {
		const client = createApicoClient(axiosExchange({ username: APICO_SANDBOX_SID, password: APICO_SANDBOX_TOKEN }), node('Apico'), `${sim.baseUrl}/v2`, APICO_SANDBOX_SID);
		for (const { to } of items) {
			await client.call({ method: 'POST', path: '/messages', kind: 'send', body: { from: '447860041755', to: String(to).replace(/^\+/, ''), text: 'Benchmark' } });
		}
	},
	acceptedCount: (sim) => sim.acceptedTotal,
	parallelSendParameters: () => ({ resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: 'Benchmark' }),
	sentRecipients: (sim) => sim.sendCalls().map((request) => String((request.body as { to?: string }).to)),
	rawHistory: (sim, count) => {
		sim.seedHistory(count);
		return sim.history.slice(-count);
	},
	normalize: (raw) => normalizeApicoMessage(raw as ApicoMessage),
};

/** smsup.ch history needs both dates: a span wide enough for any seeded history. */
const SMSUP_SPAN = { dateFrom: '2000-01-01T00:00:00Z', dateTo: '2100-01-01T00:00:00Z' };

export const smsUp: BenchProvider<SmsUpSimulator> = {
	name: 'SmsUp',
	nodeType: 'smsUp',
	credentialType: 'smsUpApi',
	pageSize: 1000,
	createSimulator: () => {
		const sim = new SmsUpSimulator();
		sim.sandbox.unlimited = true;
		return sim;
	},
	credentials: (baseUrl) => ({ apiToken: SMSUP_SANDBOX_TOKEN, baseUrl }),
	seedHistory: (sim, count) => sim.seedHistory(count),
	historyParameters: (parallelRequests) => ({ resource: 'sms', operation: 'getHistory', returnAll: true, ...SMSUP_SPAN, pagingOptions: { parallelRequests } }),
	exportParameters: () => ({ resource: 'sms', operation: 'exportHistory', returnAll: true, ...SMSUP_SPAN, fileName: 'history' }),
	sendItems: (count) => Array.from({ length: count }, (_, index) => ({ to: `+4178${String(index).padStart(7, '0')}` })),
	// The node's bulk path: POST /send campaigns of up to 1,000 recipients.
	sendParameters: () => ({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Benchmark', sendAsCampaign: true }),
	sendOneByOne: async (sim, items) => {
		const exchange = axiosExchange();
		const client = createSmsUpClient(
			(request) => exchange({ ...request, headers: { ...request.headers, Authorization: `Bearer ${SMSUP_SANDBOX_TOKEN}` } }),
			node('smsup.ch'),
			sim.baseUrl,
		);
		for (const [index, { to }] of items.entries()) {
			const qs = { text: 'Benchmark', to: String(to).slice(1), pushtype: 'alert', gsmsmsid: `bench-${index}` };
			await client.call({ method: 'GET', path: '/send', kind: 'send', qs });
		}
	},
	acceptedCount: (sim) => sim.acceptedTotal,
	sentRecipients: (sim) =>
		sim.requests
			.filter((request) => request.path === '/send')
			.flatMap((request) =>
				request.method === 'GET'
					? [String(request.query.to)]
					: ((request.body as { sms?: { recipients?: { gsm?: Array<{ value?: string }> } } }).sms?.recipients?.gsm ?? []).map((entry) => String(entry.value)),
			),
	rawHistory: (sim, count) => {
		sim.seedHistory(count);
		return sim.messages.slice(-count);
	},
	normalize: (raw) => normalizeSmsUpMessage(raw as SmsUpMessage),
};

const ROUTEE_SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';

/**
 * Routee: history and export read tracking in pages of 2,000 entries. Routee tracks one entry
 * per SMS part, so the history is seeded with one-part messages inside the 7-day window (one
 * entry = one message; multipart messages would add pages, not items). The credential carries a
 * token issued before the run, as n8n keeps it between executions, so the calls counted are the
 * API's. The batch path is Send as Campaign: 1,000 recipients per `POST /sms/campaign`.
 */
export const routee: BenchProvider<RouteeSimulator> = {
	name: 'Routee',
	nodeType: 'routee',
	credentialType: 'routeeApi',
	pageSize: ROUTEE_PAGES.maxPageSize,
	createSimulator: () => new RouteeSimulator(),
	credentials: (baseUrl, sim) => ({
		applicationId: 'sandbox-app',
		applicationSecret: ROUTEE_SECRET,
		tokenUrl: `${baseUrl}/oauth/token`,
		baseUrl,
		// A token issued up front keeps the token request out of the counted calls; a simulator in
		// another process issues it on the first call instead (one more call).
		...(sim ? { accessToken: sim.issueTokenFor('sandbox-app') } : {}),
	}),
	seedHistory: (sim, count) => sim.seedHistory(count, 5, { spanDays: 6.5, multipart: false }),
	historyParameters: (parallelRequests) => ({ resource: 'sms', operation: 'getHistory', returnAll: true, pagingOptions: { parallelRequests } }),
	exportParameters: () => ({ resource: 'sms', operation: 'exportHistory', fileName: 'history' }),
	sendItems: (count) => Array.from({ length: count }, (_, index) => ({ to: `+30697${String(index).padStart(7, '0')}` })),
	sendParameters: () => ({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Benchmark', from: 'Routee', sendAsCampaign: true }),
	sendOneByOne: async (sim, items) => {
		const token = sim.issueTokenFor('sandbox-app');
		const exchange = axiosExchange();
		const client = createRouteeClient((request) => exchange({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } }), node('Routee'), sim.baseUrl);
		for (const { to } of items) {
			await client.call({ method: 'POST', path: '/sms', kind: 'send', body: { body: 'Benchmark', to: String(to), from: 'Routee' } });
		}
	},
	acceptedCount: (sim) => sim.acceptedTotal,
	parallelSendParameters: () => ({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: 'Benchmark', from: 'Routee' }),
	// Single sends (`to` a number) and campaigns (`to` a list), so both send paths are counted.
	sentRecipients: (sim) =>
		sim.requests
			.filter((request) => request.method === 'POST' && (request.path === '/sms' || request.path === '/sms/campaign'))
			.flatMap((request) => {
				const to = (request.body as { to?: string | string[] }).to;
				return Array.isArray(to) ? to.map(String) : [String(to)];
			}),
	rawHistory: (sim, count) => {
		sim.seedHistory(count, 5, { spanDays: 6.5 });
		return sim.tracking.slice(-count);
	},
	normalize: (raw) => normalizeRouteeTracking(raw as RouteeTrackingEntry),
};

/** Each provider's definition, typed loosely only here, where they are gathered. */
const provider = <S extends SimulatorServer>(definition: BenchProvider<S>) => definition as unknown as BenchProvider;

export const BENCH_PROVIDERS: BenchProvider[] = [provider(clickSend), provider(apico), provider(smsUp), provider(routee)];
