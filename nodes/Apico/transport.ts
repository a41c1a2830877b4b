// The one place that knows Apico's base URL, auth and error shape. Apico's own document
// (provider-docs 002) covers only message history; the send and account endpoints follow the
// provider family's documented API (Apifonica, provider-notes §4), which Apico mirrors word for
// word, so they are unverified for Apico itself.
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INode, IPollFunctions } from 'n8n-workflow';

import { credentialUrl, ProviderClient, type ProviderCall } from '../shared/client';
import { ApiClient, baseUrlOf, n8nExchange, type HttpExchange, type ProviderError } from '../shared/http';
import { toNumberOrNull } from '../shared/message';

export const APICO_CREDENTIAL_TYPE = 'apicoApi';
export const APICO_DEFAULT_BASE_URL = 'https://api.apico.net/v2';
export const APICO_PROVIDER = 'apico';
export const APICO_PROVIDER_NAME = 'Apico';
/** "The default and maximum value is 20" (provider-docs 002, `limit`). */
export const APICO_MAX_PAGE_SIZE = 20;

/**
 * The family's status envelope: `{status_code: 201, status_message: "CREATED", uri}` on a send
 * (Apifonica's Send message, provider-notes §4.4); errors are read the same way (unverified).
 */
export interface ApicoStatusBody {
	status_code?: number | string;
	status_message?: string;
	uri?: string;
	[key: string]: unknown;
}

function statusBody(body: unknown): ApicoStatusBody | undefined {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as ApicoStatusBody) : undefined;
}

/**
 * Apico's words for a failed call: `status_message` and `status_code` where the body has them;
 * undefined otherwise, so the HTTP status speaks instead.
 */
export function describeApicoError(statusCode: number, body: unknown): ProviderError | undefined {
	const envelope = statusBody(body);
	if (envelope) {
		const message = typeof envelope.status_message === 'string' ? envelope.status_message.trim() : '';
		const code = toNumberOrNull(envelope.status_code);
		if (!message && code === null) return undefined;
		return {
			message: message || `status ${code}`,
			code: String(code ?? statusCode),
		};
	}
	if (typeof body === 'string' && body.trim() && !/^\s*</.test(body)) return { message: body.trim().replace(/\s+/g, ' ').slice(0, 200) };
	return undefined;
}

/** A refusal inside an HTTP 2xx: a body `status_code` of 400 or more is a failure, never a success. */
export function refusalInBody(body: unknown): { problem: ProviderError; statusCode: number } | undefined {
	const envelope = statusBody(body);
	const code = toNumberOrNull(envelope?.status_code);
	if (code === null || code < 400) return undefined;
	return { problem: describeApicoError(code, body) ?? { message: `status ${code}` }, statusCode: code };
}

/** The message SID at the end of a send answer's `uri` (`/v2/accounts/{accountSID}/messages/{messageSID}`). */
export function messageSidFromUri(uri: unknown): string | undefined {
	if (typeof uri !== 'string') return undefined;
	const match = /\/messages\/([^/?#]+)\/?(?:[?#].*)?$/.exec(uri.trim());
	if (!match) return undefined;
	// Read after the message was accepted: a malformed escape must not turn that into a failure.
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

export interface ApicoCall extends ProviderCall {
	/** Path below `/accounts/{accountSID}`, e.g. `/messages`. */
	path: string;
	body?: IDataObject;
}

export class ApicoClient extends ProviderClient {
	constructor(
		api: ApiClient,
		baseUrl: string,
		readonly accountSid: string,
	) {
		super(api, baseUrl);
	}

	/** Performs a call on the account's resources and returns the body; refusals become errors. */
	async call<T>(call: ApicoCall): Promise<T> {
		const response = await this.request<T>(call, { url: `/accounts/${encodeURIComponent(this.accountSid)}${call.path}` });
		const refusal = refusalInBody(response.body);
		if (refusal) {
			// A 4xx status in the body is a definite refusal; a 5xx one after a send leaves its fate open.
			const maybeSent = call.kind === 'send' && refusal.statusCode >= 500;
			throw this.api.error(refusal.problem, refusal.statusCode, call.itemIndex, maybeSent);
		}
		return response.body;
	}
}

/** A client bound to any exchange (n8n's in nodes; axios in tests and benchmarks). */
export function createApicoClient(
	exchange: HttpExchange,
	node: INode,
	baseUrl: string,
	accountSid: string,
	secrets: string[] = [],
	retry?: ConstructorParameters<typeof ApiClient>[0]['retry'],
): ApicoClient {
	const api = new ApiClient({ node, providerName: APICO_PROVIDER_NAME, exchange, describeError: describeApicoError, secrets, retry });
	return new ApicoClient(api, normalizeBaseUrl(baseUrl), accountSid.trim());
}

/** The credential's Base URL without trailing slashes, http(s) only; the version (/v2) is part of it. */
export function normalizeBaseUrl(baseUrl: unknown): string {
	return baseUrlOf(baseUrl, APICO_DEFAULT_BASE_URL);
}

/** The client a node uses: n8n's authenticated requests, the credential's base URL and account. */
export async function apicoClientFor(context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions): Promise<ApicoClient> {
	const credentials = await context.getCredentials<{ accountSid?: string; authToken?: string; baseUrl?: string }>(APICO_CREDENTIAL_TYPE);
	const baseUrl = credentialUrl(context.getNode(), APICO_PROVIDER_NAME, () => normalizeBaseUrl(credentials.baseUrl));
	return createApicoClient(
		n8nExchange(context, APICO_CREDENTIAL_TYPE),
		context.getNode(),
		baseUrl,
		String(credentials.accountSid ?? ''),
		// The pair too: Basic auth carries it base64-encoded, and `scrubSecrets` knows that form.
		[credentials.authToken ?? '', `${String(credentials.accountSid ?? '')}:${credentials.authToken ?? ''}`],
	);
}
