// The one place that knows Routee's base URL, auth and error shape (provider-notes §2): a
// Bearer token from the credential's client-credentials flow, JSON bodies, and errors as
// `{code, developerMessage}` with a 9-digit code.
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INode, IPollFunctions } from 'n8n-workflow';

import { credentialUrl, ProviderClient, type ProviderCall } from '../shared/client';
import { ApiClient, baseUrlOf, n8nExchange, type HttpExchange, type ProviderError, type RetryPolicy } from '../shared/http';

export const ROUTEE_CREDENTIAL_TYPE = 'routeeApi';
export const ROUTEE_DEFAULT_BASE_URL = 'https://connect.routee.net';
export const ROUTEE_DEFAULT_TOKEN_URL = 'https://auth.routee.net/oauth/token';
export const ROUTEE_PROVIDER = 'routee';

/** The modules a Routee error code names in its middle three digits (notes §2.5). */
const ROUTEE_MODULES: Record<string, string> = {
	'000': 'generic',
	'001': 'account',
	'002': 'contact',
	'003': 'user',
	'004': 'localization',
	'005': 'SMS',
	'007': 'report',
	'009': 'campaign',
	'010': 'application',
	'011': 'two-step verification',
	'012': 'contact import',
	'013': 'voice',
	'014': 'lookup',
	'016': 'number validation',
	'017': 'exceptions',
	'018': 'price',
	'019': 'Viber',
	'020': 'Viber sender info',
	'021': 'numbers',
};

/** Spells out a 9-digit code: HTTP status, module and error number (notes §2.5). */
export function explainRouteeCode(code: string): string | undefined {
	const match = /^(\d{3})(\d{3})(\d{3})$/.exec(code);
	if (!match) return undefined;
	const [, http, module, error] = match;
	const moduleName = ROUTEE_MODULES[module] ? ` (${ROUTEE_MODULES[module]})` : '';
	return `Routee code ${code} = HTTP ${http}, module ${module}${moduleName}, error ${error}.`;
}

/**
 * Routee's error body `{code, developerMessage}` (with per-field `properties` when it sends
 * them), and the token endpoint's OAuth error `{error, error_description}`.
 */
export function describeRouteeError(statusCode: number, body: unknown, answer: { beforeRequest: boolean } = { beforeRequest: false }): ProviderError | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return undefined;
		try {
			return describeRouteeError(statusCode, JSON.parse(text) as unknown, answer);
		} catch {
			return { message: text.slice(0, 200) };
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const error = body as { code?: unknown; developerMessage?: unknown; properties?: unknown; error?: unknown; error_description?: unknown };
	if (error.developerMessage !== undefined || error.code !== undefined) {
		const code = error.code === undefined ? undefined : String(error.code);
		const details = [code ? explainRouteeCode(code) : undefined];
		if (error.properties && typeof error.properties === 'object') {
			const fields = Object.entries(error.properties as IDataObject).map(([field, reason]) => `${field}: ${String(reason)}`);
			if (fields.length) details.push(fields.join('; '));
		}
		if (statusCode === 401) {
			details.push('The access token was renewed once and still refused: check the Application ID and Secret.');
		}
		if (statusCode === 403) {
			details.push('Refused again with a renewed access token: the application may lack the permission (scope) for this call.');
		}
		return {
			message: typeof error.developerMessage === 'string' && error.developerMessage ? error.developerMessage : `Request failed (code ${code})`,
			code,
			details: details.filter(Boolean).join(' ') || undefined,
		};
	}
	if (typeof error.error === 'string') {
		const reason = typeof error.error_description === 'string' && error.error_description ? error.error_description : error.error;
		// The OAuth shape from the API itself (a gateway in front of it): no claim about the token or what was sent.
		if (!answer.beforeRequest) return { message: `${reason} (HTTP ${statusCode})` };
		return {
			message: `Routee did not issue an access token: ${reason}`,
			code: error.error,
			details:
				statusCode >= 500
					? `The token endpoint failed (HTTP ${statusCode}), so nothing was sent to Routee's API: try again later.`
					: 'The token endpoint refused the application credentials: check the Application ID, Application Secret and Token URL.',
		};
	}
	return undefined;
}

export interface RouteeCall extends ProviderCall {
	/** JSON, or text already serialized. */
	body?: IDataObject | IDataObject[] | string;
}

export class RouteeClient extends ProviderClient {
	async call<T>(call: RouteeCall): Promise<T> {
		const response = await this.request<T>(call, {
			headers: { Accept: 'application/json', ...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
		});
		return response.body;
	}
}

/** The credential's API Base URL, http(s) only (the token goes wherever it points). */
export function normalizeBaseUrl(baseUrl: unknown): string {
	return baseUrlOf(baseUrl, ROUTEE_DEFAULT_BASE_URL);
}

/** A client bound to any exchange (n8n's in nodes; axios in tests). */
export function createRouteeClient(
	exchange: HttpExchange,
	node: INode,
	baseUrl: string,
	secrets: string[] = [],
	retry?: Partial<RetryPolicy>,
): RouteeClient {
	const api = new ApiClient({ node, providerName: 'Routee', exchange, describeError: describeRouteeError, secrets, retry });
	return new RouteeClient(api, normalizeBaseUrl(baseUrl));
}

/**
 * The client a node uses: n8n's authenticated requests with the credential's token. HTTP
 * errors are left for n8n to see, so a 401 or 403 renews the token and repeats the call once.
 */
export async function routeeClientFor(context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions): Promise<RouteeClient> {
	const credentials = await context.getCredentials<{ applicationId?: string; applicationSecret?: string; accessToken?: string; baseUrl?: string; tokenUrl?: string }>(
		ROUTEE_CREDENTIAL_TYPE,
	);
	// app:secret too: the token request carries it base64-encoded, and `scrubSecrets` knows that form.
	const secrets = [
		credentials.applicationSecret ?? '',
		`${credentials.applicationId ?? ''}:${credentials.applicationSecret ?? ''}`,
		credentials.accessToken ?? '',
	];
	const checkedUrl = (value: unknown, defaultUrl: string, field: string): string =>
		credentialUrl(context.getNode(), 'Routee', () => baseUrlOf(value, defaultUrl), field);
	const baseUrl = checkedUrl(credentials.baseUrl, ROUTEE_DEFAULT_BASE_URL, 'API Base URL');
	// Checked before the first request: the application secret is posted to it.
	checkedUrl(credentials.tokenUrl, ROUTEE_DEFAULT_TOKEN_URL, 'Token URL');
	// n8n fetches (and renews) the access token inside the request, so the token a failed call
	// used is not among the secrets yet: it joins them before the error is built, in case Routee
	// echoed it back.
	const rememberToken = async () => {
		try {
			const { accessToken } = await context.getCredentials<{ accessToken?: string }>(ROUTEE_CREDENTIAL_TYPE);
			if (typeof accessToken === 'string' && accessToken && !secrets.includes(accessToken)) secrets.push(accessToken);
		} catch {
			// The secrets known so far still apply.
		}
	};
	// provider-notes §2.1: Routee answers an expired or revoked token with 401 or 403.
	const exchange = n8nExchange(context, ROUTEE_CREDENTIAL_TYPE, { renewTokenOn: [401, 403] });
	const exchangeRememberingToken: HttpExchange = async (options) => {
		let failed = true;
		try {
			const response = await exchange(options);
			failed = response.statusCode >= 300 || response.body === null || typeof response.body !== 'object';
			return response;
		} finally {
			if (failed) await rememberToken();
		}
	};
	return createRouteeClient(exchangeRememberingToken, context.getNode(), baseUrl, secrets);
}
