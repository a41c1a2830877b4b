/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * A small HTTP server framework for provider simulators: routing, request recording,
 * latency, and one-shot fault injection (status codes with Retry-After, dropped connections
 * before or after the request is read, malformed bodies). It listens on 127.0.0.1 only, on
 * a port chosen at start.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The query string as it arrived, before decoding (e.g. `?q=from:%2B61…`). */
	rawQuery: string;
	headers: Record<string, string>;
	rawBody: string;
	body: unknown;
	at: number;
	/** Requests being answered when this one arrived, itself included. */
	inFlight: number;
}

export interface SimResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Sent as-is instead of JSON. */
	raw?: string | Buffer;
}

export type Handler = (request: RecordedRequest, params: Record<string, string>) => SimResponse | Promise<SimResponse>;

export type FaultKind =
	| { type: 'status'; status: number; retryAfter?: string; body?: unknown; raw?: string }
	/** Close the socket before reading the request: the provider never saw it. */
	| { type: 'dropBeforeRead' }
	/** Read and process the request (it takes effect), then close the socket without answering. */
	| { type: 'dropAfterRead' }
	/** Process the request (it takes effect), then answer with this status: the provider took it and still failed. */
	| { type: 'statusAfterProcessing'; status: number; body?: unknown }
	/** Process the request, then answer with `rewrite` of the real answer (an entry left out, fields changed). */
	| { type: 'rewrite'; rewrite: (answer: SimResponse) => SimResponse }
	/** Process the request, then answer 200 with a body that is not JSON. */
	| { type: 'malformed'; raw?: string }
	/** Wait this long before answering (per request). */
	| { type: 'delay'; ms: number };

export interface Fault {
	fault: FaultKind;
	/** Which requests it applies to: `METHOD /path` regex tested against e.g. `POST /v3/sms/send`. */
	match?: RegExp;
	/** How many matching requests it applies to (default 1). */
	times?: number;
	/** Matching requests that pass untouched before it applies (default 0): a fault in the middle of a run. */
	after?: number;
}

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

export class SimulatorServer {
	readonly requests: RecordedRequest[] = [];
	/** Added to every answer, to model network round trips. */
	latencyMs = 0;
	/** Requests being answered right now, and the most there have been at once. */
	inFlight = 0;
	maxInFlight = 0;
	/** Runs after a request's answer is computed and before it is sent: models events that happen during a call. */
	afterAnswer?: (request: RecordedRequest) => void;
	/**
	 * Every injected fault that took effect, in order: the fault (the object given to `inject`)
	 * and the request it hit (`METHOD /path`). A test can tell from it that its fault fired.
	 */
	readonly fired: Array<{ fault: FaultKind; key: string }> = [];
	private readonly routes: Route[] = [];
	private faults: Array<Required<Fault>> = [];
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	baseUrl = '';

	constructor(readonly name: string) {}

	route(method: string, path: string, handler: Handler): this {
		const keys: string[] = [];
		const pattern = new RegExp(
			'^' + path.replace(/:([A-Za-z_]+)/g, (_, key: string) => (keys.push(key), '([^/]+)')) + '/?$',
		);
		this.routes.push({ method, pattern, keys, handler });
		return this;
	}

	/** Queues a fault for the next matching request(s). */
	inject(fault: Fault): void {
		this.faults.push({ match: /.*/, times: 1, after: 0, ...fault });
	}

	clearFaults(): void {
		this.faults = [];
	}

	/** How many times `fault` (the object given to `inject`) took effect. */
	firedCount(fault: FaultKind, match?: RegExp): number {
		return this.fired.filter((entry) => entry.fault === fault && (!match || match.test(entry.key))).length;
	}

	/** Requests recorded for a `METHOD /path` pattern (all when omitted). */
	recorded(match?: RegExp): RecordedRequest[] {
		return match ? this.requests.filter((request) => match.test(`${request.method} ${request.path}`)) : this.requests;
	}

	reset(): void {
		this.requests.length = 0;
		this.fired.length = 0;
		this.clearFaults();
		this.latencyMs = 0;
		this.afterAnswer = undefined;
		this.maxInFlight = this.inFlight;
	}

	async start(port = 0): Promise<string> {
		this.server = createServer((request, response) => void this.handle(request, response));
		this.server.keepAliveTimeout = 5_000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		const address = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${address.port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private takeFault(key: string): FaultKind | undefined {
		// Every matching fault counts the request towards its `after`; the first one due applies.
		let index = -1;
		this.faults.forEach((fault, position) => {
			if (!fault.match.test(key)) return;
			if (fault.after > 0) fault.after--;
			else if (index === -1) index = position;
		});
		if (index === -1) return undefined;
		const fault = this.faults[index];
		fault.times--;
		if (fault.times <= 0) this.faults.splice(index, 1);
		this.fired.push({ fault: fault.fault, key });
		return fault.fault;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const key = `${request.method} ${url.pathname}`;
		const fault = this.takeFault(key);
		if (fault?.type === 'dropBeforeRead') {
			request.socket.destroy();
			return;
		}
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		response.on('close', () => this.inFlight--);
		const rawBody = await readBody(request);
		const recorded: RecordedRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			rawQuery: url.search,
			headers: Object.fromEntries(
				Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value ?? '']),
			),
			rawBody,
			body: parseBody(rawBody, request.headers['content-type']),
			at: Date.now(),
			inFlight: this.inFlight,
		};
		this.requests.push(recorded);

		const delay = this.latencyMs + (fault?.type === 'delay' ? fault.ms : 0);
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

		if (fault?.type === 'status') {
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
			response.writeHead(fault.status, headers);
			response.end(fault.raw ?? JSON.stringify(fault.body ?? { error: 'injected fault' }));
			return;
		}

		let answer: SimResponse;
		try {
			answer = await this.dispatch(recorded);
		} catch (error) {
			answer = { status: 500, body: { error: (error as Error).message } };
		}
		this.afterAnswer?.(recorded);
		if (fault?.type === 'dropAfterRead') {
			request.socket.destroy();
			return;
		}
		if (fault?.type === 'statusAfterProcessing') {
			response.writeHead(fault.status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(fault.body ?? { error: 'injected fault after processing' }));
			return;
		}
		if (fault?.type === 'rewrite') answer = fault.rewrite(answer);
		if (fault?.type === 'malformed') {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(fault.raw ?? '{"http_code":200,"data":{"messages":[{"to":');
			return;
		}
		response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
		response.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
	}

	private async dispatch(request: RecordedRequest): Promise<SimResponse> {
		for (const route of this.routes) {
			if (route.method !== request.method) continue;
			const match = route.pattern.exec(request.path);
			if (!match) continue;
			const params = Object.fromEntries(route.keys.map((key, index) => [key, decodeURIComponent(match[index + 1])]));
			return await route.handler(request, params);
		}
		return this.notFound(request);
	}

	/** Overridden by simulators to answer in the provider's own error shape. */
	protected notFound(request: RecordedRequest): SimResponse {
		return { status: 404, body: { error: `No route for ${request.method} ${request.path}` } };
	}
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (!raw) return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

/** Basic auth credentials from a request, or undefined. */
export function basicAuth(request: RecordedRequest): { username: string; password: string } | undefined {
	const header = request.headers.authorization ?? '';
	const match = /^Basic\s+(.+)$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A deterministic pseudo-random generator, so seeded history is the same every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
