// The one place that knows ClickSend's base URL, auth and envelope
// ({http_code, response_code, response_msg, data}, provider-notes §1.2).
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

import { credentialUrl, ProviderClient, type ProviderCall, TIMEOUT_MS } from '../shared/client';
import { ApiClient, baseUrlOf, bodyBuffer, n8nExchange, n8nPlainExchange, type ApiRequest, type HttpExchange, type ProviderError } from '../shared/http';

export const CLICKSEND_CREDENTIAL_TYPE = 'clickSendApi';
export const CLICKSEND_DEFAULT_BASE_URL = 'https://rest.clicksend.com';
export const CLICKSEND_PROVIDER = 'clicksend';
/** "up to 1000 messages" per send call (provider-docs 001, provider-notes §1.3). */
export const CLICKSEND_MAX_MESSAGES_PER_CALL = 1000;

export interface ClickSendEnvelope<T> {
	http_code: number;
	response_code: string;
	response_msg: string;
	data: T;
}

/** ClickSend's error envelope: the message, the code word and any per-field reasons in `data`. */
export function describeClickSendError(_statusCode: number, body: unknown): ProviderError | undefined {
	// A download (an export's /files/ link) reads its answer as text: an envelope may be in it.
	if (typeof body === 'string' && /^\s*\{/.test(body)) {
		const parsed = parseEnvelopeText(body);
		if (parsed) body = parsed;
	}
	if (!body || typeof body !== 'object') {
		return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 200) } : undefined;
	}
	const envelope = body as Partial<ClickSendEnvelope<unknown>> & { details?: Array<{ field?: string; reason?: string }> };
	if (!envelope.response_msg && !envelope.response_code) return undefined;
	const fieldReasons: string[] = [];
	if (envelope.data && typeof envelope.data === 'object' && !Array.isArray(envelope.data)) {
		for (const [field, reason] of Object.entries(envelope.data as IDataObject)) {
			if (typeof reason === 'string') fieldReasons.push(`${field}: ${reason}`);
		}
	}
	for (const detail of envelope.details ?? []) {
		if (detail.reason) fieldReasons.push(`${detail.field ?? 'field'}: ${detail.reason}`);
	}
	return {
		message: envelope.response_msg ?? envelope.response_code ?? 'Request failed',
		code: envelope.response_code,
		details: fieldReasons.length ? fieldReasons.join('; ') : undefined,
	};
}

function parseEnvelopeText(text: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

export interface ClickSendCall extends ProviderCall {
	body?: IDataObject;
}

export class ClickSendClient extends ProviderClient {
	constructor(
		api: ApiClient,
		baseUrl: string,
		/** Reaches the URLs ClickSend hands out (exports, media) without the credentials. */
		private readonly plainApi?: ApiClient,
	) {
		super(api, baseUrl);
	}

	/**
	 * Whether a link is on the credential's own API origin (scheme, host and port of the Base
	 * URL, exactly): the MMS export's `https://rest.clicksend.com/files/<UUID>?filename=…`
	 * (doc 001). Any other host (the SMS export's presigned storage link, notes §1.7) is not.
	 */
	isApiOrigin(url: string): boolean {
		if (!URL.canParse(url) || !URL.canParse(this.baseUrl)) return false;
		const link = new URL(url);
		// A user name or password in the link would make its own Basic auth: never with the key.
		if (link.username !== '' || link.password !== '') return false;
		return link.origin === new URL(this.baseUrl).origin;
	}

	/**
	 * Downloads a file ClickSend links to. With `credentials: 'apiOrigin'` (exports) the API key
	 * goes with the request only when the link is on the API origin (isApiOrigin), as ClickSend
	 * requires there, and a redirect to another origin drops it (NO_CREDENTIALS_ACROSS_ORIGINS);
	 * with `'never'` (a user's media link) it never does.
	 */
	async download(
		url: string,
		itemIndex?: number,
		checkBody?: ApiRequest['checkBody'],
		options: { credentials?: 'apiOrigin' | 'never' } = {},
	): Promise<{ content: Buffer; contentType?: string }> {
		const withKey = (options.credentials ?? 'apiOrigin') === 'apiOrigin' && this.isApiOrigin(url);
		const api = withKey ? this.api : (this.plainApi ?? this.api);
		const response = await api.request<unknown>({
			checkBody,
			method: 'GET',
			url,
			kind: 'read',
			itemIndex,
			expectJson: false,
			requireBody: true,
			encoding: 'arraybuffer',
			// A whole export file: as long as a send may take.
			timeout: TIMEOUT_MS.send,
		});
		const content = bodyBuffer(response.body);
		const contentType = response.headers['content-type'];
		return { content, contentType: typeof contentType === 'string' ? contentType : undefined };
	}

	/** Performs a call and returns the envelope's `data`. */
	async call<T>(call: ClickSendCall): Promise<T> {
		const response = await this.request<ClickSendEnvelope<T>>(call);
		return response.body.data;
	}
}

/** A client bound to any exchange (n8n's in nodes; axios in tests and benchmarks). */
export function createClickSendClient(
	exchange: HttpExchange,
	node: INode,
	baseUrl: string,
	secrets: string[] = [],
	retry?: ConstructorParameters<typeof ApiClient>[0]['retry'],
	plainExchange?: HttpExchange,
): ClickSendClient {
	const config = { node, providerName: 'ClickSend', describeError: describeClickSendError, secrets, retry };
	const api = new ApiClient({ ...config, exchange });
	const plainApi = plainExchange ? new ApiClient({ ...config, exchange: plainExchange }) : undefined;
	return new ClickSendClient(api, normalizeBaseUrl(baseUrl), plainApi);
}

/** The credential's Base URL without a trailing `/v3` (paths here start with it). */
export function normalizeBaseUrl(baseUrl: unknown): string {
	return baseUrlOf(baseUrl, CLICKSEND_DEFAULT_BASE_URL, /\/+$|\/v3\/*$/g);
}

/** The client a node uses: n8n's authenticated requests, the credential's base URL. */
export async function clickSendClientFor(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions,
): Promise<ClickSendClient> {
	const credentials = await context.getCredentials<{ username?: string; apiKey?: string; baseUrl?: string }>(
		CLICKSEND_CREDENTIAL_TYPE,
	);
	// The pair too: Basic auth carries it base64-encoded, and `scrubSecrets` knows that form.
	const secrets = [credentials.apiKey ?? '', `${credentials.username ?? ''}:${credentials.apiKey ?? ''}`];
	const baseUrl = credentialUrl(context.getNode(), 'ClickSend', () => normalizeBaseUrl(credentials.baseUrl));
	return createClickSendClient(
		n8nExchange(context, CLICKSEND_CREDENTIAL_TYPE),
		context.getNode(),
		baseUrl,
		secrets,
		undefined,
		n8nPlainExchange(context),
	);
}
