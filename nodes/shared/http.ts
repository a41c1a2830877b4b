import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { InputError, scrubSecrets } from './errors';
import { AdaptivePace } from './pace';

/** What came back from one HTTP exchange, whatever its status. */
export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
	/**
	 * The answer came from a step before the request (a credential's token request), so the
	 * request itself was never sent: a send that failed there is safe to repeat.
	 */
	beforeRequest?: boolean;
}

/**
 * An error and the errors it wraps, outermost first (n8n's NodeApiError → axios error →
 * `cause` …), each once: the one walk the readers below share.
 */
function* errorChain(error: unknown): Generator<Record<string, unknown>> {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		yield current as Record<string, unknown>;
		current = (current as { cause?: unknown }).cause;
	}
}

const BEFORE_REQUEST = 'smsGatewaysFailedBeforeRequest';

/**
 * Marks an error thrown before the request went out (a credential's `preAuthentication`
 * failing to get a token). n8n wraps it in its own errors; the mark travels on the original.
 */
export function markFailedBeforeRequest<E>(error: E): E {
	if (error && typeof error === 'object') Object.defineProperty(error, BEFORE_REQUEST, { value: true });
	return error;
}

/** Whether an error (or an error it wraps) was marked by `markFailedBeforeRequest`. */
export function failedBeforeRequest(error: unknown): boolean {
	for (const link of errorChain(error)) if (link[BEFORE_REQUEST] === true) return true;
	return false;
}

/**
 * Performs one HTTP exchange with the provider's credentials applied. It resolves for every
 * HTTP status and rejects only when no response arrived. Nodes bind it to n8n's
 * `httpRequestWithAuthentication`; tests and benchmarks bind it to axios.
 */
export type HttpExchange = (options: IHttpRequestOptions) => Promise<HttpResponse>;

type ContextWithAuthRequests = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface N8nExchangeOptions {
	/**
	 * For credentials with an expirable token (`preAuthentication`): the statuses on which n8n
	 * renews the token and repeats the request once (n8n's own default is 401 only). n8n does so
	 * only when the request throws, so HTTP errors are left to throw and their answers are handed
	 * back like any other (`httpResponseFromError`). Such an answer means the provider did not
	 * take the request, so the repeat is safe even for sends.
	 */
	renewTokenOn?: number[];
}

/**
 * n8n re-attaches the credential's Authorization header and `auth` to a redirect to another
 * origin unless told not to (its default is true, for old nodes): the key would go to
 * whichever host the provider, or anyone who can answer for it, points at. Set once, on every
 * request `ApiClient` makes: every exchange is called only from there.
 */
export const NO_CREDENTIALS_ACROSS_ORIGINS = { sendCredentialsOnCrossOriginRedirect: false } as const;

/** Binds the exchange to n8n's own client, which applies the credential and honours proxies. */
export function n8nExchange(
	context: ContextWithAuthRequests,
	credentialType: string,
	exchangeOptions: N8nExchangeOptions = {},
): HttpExchange {
	const renewTokenOn = exchangeOptions.renewTokenOn ?? [];
	const renews = renewTokenOn.length > 0;
	return async (options) => {
		type FullResponse = { statusCode: number; headers?: Record<string, unknown>; body: unknown };
		const outcome = await (
			context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				{ ...options, returnFullResponse: true, ignoreHttpStatusErrors: !renews },
				renews ? { preAuthenticationRetryStatusCode: renewTokenOn } : undefined,
			) as Promise<FullResponse>
		).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in outcome) {
			// The request layer wraps this error itself (network codes, "may have been sent").
			const answer = renews ? httpResponseFromError(outcome.error) : undefined;
			if (answer) return answer;
			throw outcome.error;
		}
		const { response } = outcome;
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

/**
 * The HTTP answer inside a request error (n8n's NodeApiError → axios error → `response`), or
 * undefined when no answer arrived (connection errors stay errors).
 */
export function httpResponseFromError(error: unknown): HttpResponse | undefined {
	for (const link of errorChain(error)) {
		const response = link.response as { status?: unknown; headers?: unknown; data?: unknown } | undefined;
		if (response && typeof response === 'object' && typeof response.status === 'number') {
			const headers = response.headers && typeof response.headers === 'object' ? { ...(response.headers as Record<string, unknown>) } : {};
			return { statusCode: response.status, headers, body: response.data, ...(failedBeforeRequest(error) ? { beforeRequest: true } : {}) };
		}
	}
	return undefined;
}

/**
 * An exchange without credentials, for URLs the provider hands out (presigned downloads,
 * media): sending the API key there would leak it to another host.
 */
export function n8nPlainExchange(context: ContextWithAuthRequests): HttpExchange {
	return async (options) => {
		const response = (await context.helpers.httpRequest({
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; headers?: Record<string, unknown>; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

/**
 * Reads are safe to repeat. Sends are repeated only when the provider certainly did not take
 * them (a 429, or a connection that was refused before anything was written).
 */
export type RequestKind = 'read' | 'send';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Never wait past this much time in total for one call, retries included. */
	maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalMs: 120_000,
};

/** The provider's own words for a failed call, taken from its error body by the transport. */
export interface ProviderError {
	message: string;
	code?: string;
	details?: string;
}

export interface ApiClientConfig {
	node: INode;
	/** Shown in error messages: "ClickSend: …". */
	providerName: string;
	exchange: HttpExchange;
	/** Reads the provider's error shape; `undefined` when the body says nothing useful. */
	/** `beforeRequest`: the answer came from the credential's token request, not the API (see HttpResponse). */
	describeError: (statusCode: number, body: unknown, answer: { beforeRequest: boolean }) => ProviderError | undefined;
	retry?: Partial<RetryPolicy>;
	/** Literal values to scrub from anything that reaches an error (API keys, tokens). */
	secrets?: string[];
}

export interface ApiRequest extends IHttpRequestOptions {
	kind: RequestKind;
	itemIndex?: number;
	/** Body expected as JSON (default true). A body that does not parse is a failure. */
	expectJson?: boolean;
	/** With `expectJson: false`: an empty body is a failure (retried for reads), not a result. */
	requireBody?: boolean;
	/**
	 * With `expectJson: false`: why the body is not what was asked for (a file cut short, a page
	 * in its place), or undefined when it is. A body it faults is a failure, retried for reads
	 * like a body that is not JSON.
	 */
	checkBody?: (body: Buffer, contentType: string | undefined) => string | undefined;
	/** Ends the call when its caller has stopped waiting (a read that is over): the attempt in flight is cancelled, none follows. */
	signal?: AbortSignal;
}

export interface ApiResponse<T> {
	statusCode: number;
	headers: Record<string, unknown>;
	body: T;
	/** Attempts it took, 1 when the first went through. */
	attempts: number;
}

/** `wait`, cut short when `signal` aborts. */
async function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await wait;
	if (signal.aborted) return;
	let onAbort = (): void => undefined;
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([wait, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** Connection errors that prove the request never reached the provider. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Connection errors after which the provider may or may not have the request. */
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);
const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

/** Digs the network error code out of n8n's wrapped errors (NodeApiError → axios error → cause). */
export function networkErrorCode(error: unknown): string | undefined {
	for (const { code, message } of errorChain(error)) {
		if (typeof code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(code)) return code;
		if (typeof message === 'string' && /socket hang up/i.test(message)) return 'ECONNRESET';
	}
	return undefined;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date); undefined if absent. */
export function retryAfterMs(headers: Record<string, unknown>, now = Date.now()): number | undefined {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
	const exponential = policy.baseDelayMs * 2 ** attempt;
	return Math.min(policy.maxDelayMs, exponential);
}

type Outcome<T> =
	| { ok: true; response: ApiResponse<T> }
	| { ok: false; retry: boolean; waitMs?: number; error: NodeApiError; throttled?: boolean };

/**
 * The one door to a provider: applies the retry policy for the request's kind, parses the
 * body, maps failures to NodeApiError with the provider's message, and keeps credentials out
 * of every error.
 */
export class ApiClient {
	readonly policy: RetryPolicy;
	/** Requests in flight that the provider tolerates, learnt from its 429s (used by paging). */
	readonly pace = new AdaptivePace();

	constructor(private readonly config: ApiClientConfig) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
	}

	get node(): INode {
		return this.config.node;
	}

	async request<T = unknown>(request: ApiRequest): Promise<ApiResponse<T>> {
		const started = Date.now();
		const { kind, itemIndex, expectJson = true, requireBody = false, checkBody, signal, ...options } = request;
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.attempt<T>({ ...options, ...(signal ? { abortSignal: signal } : {}) }, kind, expectJson, requireBody, itemIndex, attempt + 1, checkBody);
			if (outcome.ok) {
				this.pace.succeeded();
				return outcome.response;
			}
			if (outcome.throttled) this.pace.throttled();
			if (!outcome.retry || attempt >= this.policy.maxRetries || signal?.aborted) throw outcome.error;
			const waitMs = outcome.waitMs ?? backoffMs(attempt, this.policy);
			if (Date.now() - started + waitMs > this.policy.maxTotalMs) throw outcome.error;
			await untilAborted(sleep(waitMs), signal);
			if (signal?.aborted) throw outcome.error;
		}
	}

	private async attempt<T>(
		options: IHttpRequestOptions,
		kind: RequestKind,
		expectJson: boolean,
		requireBody: boolean,
		itemIndex: number | undefined,
		attempts: number,
		checkBody?: ApiRequest['checkBody'],
	): Promise<Outcome<T>> {
		let response: HttpResponse;
		try {
			response = await this.config.exchange({
				json: expectJson,
				...options,
				...NO_CREDENTIALS_ACROSS_ORIGINS,
				// A 307/308 makes the client re-send the body as it is to wherever the answer
				// points: a send is never followed, so its message goes to the provider or nowhere.
				...(kind === 'send' ? { disableFollowRedirect: true } : {}),
			});
		} catch (error) {
			const code = networkErrorCode(error);
			const beforeRequest = failedBeforeRequest(error);
			const notSent = beforeRequest || (code !== undefined && NOT_SENT_CODES.has(code));
			const transient = code !== undefined && (NOT_SENT_CODES.has(code) || TRANSIENT_CODES.has(code));
			const maybeSent = kind === 'send' && !notSent;
			return {
				ok: false,
				retry: transient && !maybeSent,
				error: this.error(
					{
						message: code
							? connectionProblem(code, this.config.providerName)
							: `Request to ${this.config.providerName} failed: ${this.plainMessage(error)}`,
						details: code ? `Network error code: ${code}.` : undefined,
					},
					undefined,
					itemIndex,
					maybeSent,
				),
			};
		}

		const { statusCode, headers } = response;
		if (statusCode === 429) {
			const retryAfter = retryAfterMs(headers);
			const tooLong = retryAfter !== undefined && retryAfter > this.policy.maxDelayMs * 2;
			return {
				ok: false,
				retry: !tooLong,
				throttled: true,
				waitMs: retryAfter,
				error: this.error(
					this.config.describeError(429, this.visible(response.body), { beforeRequest: response.beforeRequest === true }) ?? {
						message: `Too many requests to ${this.config.providerName}`,
					},
					429,
					itemIndex,
					false,
					retryAfter !== undefined
						? `The provider asked to wait ${Math.ceil(retryAfter / 1000)} s before trying again.`
						: undefined,
				),
			};
		}
		if (statusCode >= 300 && statusCode < 400) {
			// Only a send (never followed) or a redirect n8n gave up on gets here.
			const location = headerText(headers.location);
			// 302/303 are also how a server answers a POST it has processed (post/redirect/get).
			const maybeSent = kind === 'send' && !response.beforeRequest && (statusCode === 302 || statusCode === 303);
			return {
				ok: false,
				retry: false,
				error: this.error(
					{
						message: `${this.config.providerName} answered HTTP ${statusCode}, a redirect${location ? ` to ${location}` : ''}, which was not followed`,
						details: `${kind === 'send' ? 'A send is never repeated at another address, and credentials are never sent to another host.' : 'Credentials are never sent to another host.'} Check the Base URL in the credential (https://, the provider's current address).`,
					},
					statusCode,
					itemIndex,
					maybeSent,
				),
			};
		}
		if (statusCode >= 400) {
			// A failed token request means the send itself never left: safe to repeat.
			const maybeSent = kind === 'send' && statusCode >= 500 && !response.beforeRequest;
			return {
				ok: false,
				retry: (kind === 'read' || response.beforeRequest === true) && RETRYABLE_STATUS.has(statusCode),
				error: this.error(
					this.config.describeError(statusCode, this.visible(response.body), { beforeRequest: response.beforeRequest === true }) ?? {
						message: `${this.config.providerName} answered HTTP ${statusCode}`,
					},
					statusCode,
					itemIndex,
					maybeSent,
				),
			};
		}

		let body = response.body;
		if (expectJson) {
			const parsed = parseJsonBody(body);
			if (parsed === undefined) {
				return {
					ok: false,
					retry: kind === 'read',
					error: this.error(
						{
							message: `${this.config.providerName} returned a response that is not valid JSON`,
							details: describeBody(this.visible(body)),
						},
						statusCode,
						itemIndex,
						kind === 'send',
					),
				};
			}
			body = parsed;
		} else if (requireBody && isEmptyBody(body)) {
			// A file that should never be empty (an export has at least its header) came back empty.
			return {
				ok: false,
				retry: kind === 'read',
				error: this.error({ message: `${this.config.providerName} returned an empty file` }, statusCode, itemIndex, kind === 'send'),
			};
		} else if (checkBody) {
			const problem = checkBody(bodyBuffer(body), headerText(headers['content-type']));
			if (problem) {
				return {
					ok: false,
					retry: kind === 'read',
					error: this.error(
						{ message: `${this.config.providerName} returned ${problem}`, details: describeBody(this.visible(bodyBuffer(body))) },
						statusCode,
						itemIndex,
						kind === 'send',
					),
				};
			}
		}
		return { ok: true, response: { statusCode, headers, body: body as T, attempts } };
	}

	/** Builds the error users see, from clean data only: no request config, no headers. */
	error(
		problem: ProviderError,
		statusCode: number | undefined,
		itemIndex?: number,
		maybeSent = false,
		hint?: string,
	): NodeApiError {
		const secrets = this.config.secrets ?? [];
		const message = scrubSecrets(`${this.config.providerName}: ${problem.message}`, secrets);
		const description = scrubSecrets(
			[
				problem.code ? `Provider code: ${problem.code}.` : undefined,
				problem.details,
				hint,
				maybeSent
					? 'The provider may have accepted the request before the failure, so the message may have been sent. It was not sent again: check the message history before retrying.'
					: undefined,
			]
				.filter(Boolean)
				.join(' '),
			secrets,
		);
		const errorResponse: JsonObject = {
			message,
			// Not `code`: NodeApiError would swap the message for a generic one keyed on it.
			...(problem.code ? { providerCode: problem.code } : {}),
			...(statusCode ? { httpCode: String(statusCode) } : {}),
			maybeSent,
		};
		const error = new NodeApiError(this.config.node, errorResponse, {
			message,
			description: description || undefined,
			httpCode: statusCode ? String(statusCode) : undefined,
			itemIndex,
		});
		// NodeApiError swaps any message that merely contains a Node.js error code (such as
		// "MessageNotFound", which holds ENOTFOUND) for a generic network text: keep ours.
		error.message = message;
		return error;
	}

	/**
	 * A failed answer's body with the secrets already taken out: describing it may cut it short,
	 * and a secret cut in half would no longer be recognized by the scrubbing of the error.
	 */
	private visible(body: unknown): unknown {
		const secrets = this.config.secrets ?? [];
		if (Buffer.isBuffer(body)) return scrubSecrets(body.toString('utf8'), secrets);
		return scrubSecrets(body, secrets);
	}

	private plainMessage(error: unknown): string {
		const message = error instanceof Error ? error.message : String(error);
		return scrubSecrets(message, this.config.secrets ?? []);
	}
}

function headerText(value: unknown): string | undefined {
	const first = Array.isArray(value) ? (value[0] as unknown) : value;
	return typeof first === 'string' && first !== '' ? first : undefined;
}

/** A plain-words account of a connection failure (n8n rewrites messages that carry the raw code). */
function connectionProblem(code: string, providerName: string): string {
	if (NOT_SENT_CODES.has(code)) {
		return code === 'ECONNREFUSED'
			? `Could not connect to ${providerName}: the connection was refused`
			: `Could not reach ${providerName}: the host name could not be resolved or reached`;
	}
	if (/TIMEDOUT|ABORTED|TIMEOUT/.test(code)) return `No answer from ${providerName} within the time limit`;
	return `The connection closed before ${providerName} answered`;
}

/** Whether an error from `ApiClient` says the provider may have taken the request. */
export function mayHaveBeenSent(error: unknown): boolean {
	const response = (error as { errorResponse?: IDataObject } | undefined)?.errorResponse;
	return response?.maybeSent === true;
}

function parseJsonBody(body: unknown): unknown {
	if (body === undefined || body === null || body === '') return undefined;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
}

/** A body that is not JSON as bytes (n8n hands back a Buffer, an ArrayBuffer or a string). */
export function bodyBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(body === undefined || body === null ? '' : JSON.stringify(body), 'utf8');
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	if (Buffer.isBuffer(body)) return body.length === 0;
	if (body instanceof ArrayBuffer) return body.byteLength === 0;
	return false;
}

function describeBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'The body was empty.';
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
	const start = text.slice(0, 120).replace(/\s+/g, ' ');
	return `It began with: ${start}`;
}

/**
 * A credential's Base URL: the provider's default when empty, trailing slashes dropped, and
 * only http(s) — any other scheme would hand the credentials to something that is not an API.
 * A user name or password in it (`https://user:pass@host`) is refused: axios would turn it into
 * Basic auth of its own, and it would show wherever the URL is shown.
 */
export function baseUrlOf(value: unknown, defaultUrl: string, strip: RegExp = /\/+$/): string {
	const text = typeof value === 'string' && value.trim() ? value.trim() : defaultUrl;
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (url && /^https?:$/.test(url.protocol) && (url.username !== '' || url.password !== '')) {
		// The URL itself is not repeated: it holds the password.
		throw new InputError(
			'Base URL',
			`contains a user name or password ("user:password@" before ${url.host}): remove it; the credentials belong in their own fields`,
		);
	}
	if (!url || !/^https?:$/.test(url.protocol)) {
		throw new InputError('Base URL', `"${text}" is not an http:// or https:// address`);
	}
	return text.replace(strip, '');
}
