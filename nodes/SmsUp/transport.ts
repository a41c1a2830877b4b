// The one place that knows smsup.ch's base URL, auth, response format and error shape
// (provider-notes §3, provider-docs 004). smsup.ch is a white label of SMSFactor.
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

import { credentialUrl, ProviderClient, type ProviderCall } from '../shared/client';
import { ApiClient, baseUrlOf, n8nExchange, type HttpExchange, type ProviderError } from '../shared/http';

export const SMSUP_CREDENTIAL_TYPE = 'smsUpApi';
export const SMSUP_DEFAULT_BASE_URL = 'https://api.smsup.ch';
export const SMSUP_PROVIDER = 'smsup';
export const SMSUP_PROVIDER_NAME = 'smsup.ch';
/**
 * Recipients per `POST /send` campaign call. smsup.ch documents no cap (notes §3.2, unverified);
 * 1,000 matches its own page limit for history and campaigns, keeps one call's body near
 * 50 kB, and bounds what a single failed call (e.g. −3, not enough credits) takes down.
 */
export const SMSUP_CAMPAIGN_BATCH_SIZE = 1000;
/** smsup.ch reads and writes wall-clock times in Paris time (`delay`, notes §3.2 and §5). */
export const SMSUP_ZONE = 'Europe/Paris';
export const SMSUP_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** Body `status` values (notes §3.1; SU-SDK ResponseStatus). */
export const SMSUP_STATUS = {
	ok: 1,
	authentication: -1,
	xml: -2,
	notEnoughCredits: -3,
	incorrectDelay: -4,
	notFound: -5,
	json: -6,
	data: -7,
	moderation: -8,
	unknown: -99,
} as const;

/** What each documented body status means, in words users can act on. */
export const SMSUP_STATUS_MEANINGS: Record<number, string> = {
	[SMSUP_STATUS.authentication]: 'authentication error: check the API token (and its allowed IPs)',
	[SMSUP_STATUS.xml]: 'XML error in the request',
	[SMSUP_STATUS.notEnoughCredits]: 'not enough credits',
	[SMSUP_STATUS.incorrectDelay]: 'incorrect date delay (the scheduled time)',
	[SMSUP_STATUS.notFound]: 'resource not found',
	[SMSUP_STATUS.json]: 'JSON error in the request',
	[SMSUP_STATUS.data]: 'data error (a field is missing or invalid)',
	[SMSUP_STATUS.moderation]: 'campaign under moderation',
	[SMSUP_STATUS.unknown]: 'unknown error',
};

/** Every smsup.ch answer: `status` 1 is success; anything else says what went wrong. */
export interface SmsUpResponse extends IDataObject {
	status: number;
	message?: string;
	details?: IDataObject | string;
}

/** The words for a body status; undefined for a body that carries none. */
export function describeSmsUpStatus(body: unknown): ProviderError | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { status, message, details } = body as Partial<SmsUpResponse>;
	const code = Number(status);
	if (status === undefined || status === null || !Number.isFinite(code)) return undefined;
	const meaning = SMSUP_STATUS_MEANINGS[code] ?? `status ${code}`;
	const said = typeof message === 'string' && message.trim() ? message.trim() : undefined;
	const detailText =
		details === undefined || details === null || details === ''
			? undefined
			: typeof details === 'string'
				? details
				: JSON.stringify(details);
	return {
		message: `${meaning} (status ${code})`,
		code: String(code),
		details: [said ? `smsup.ch said: "${said}".` : undefined, detailText ? `Details: ${detailText}` : undefined]
			.filter(Boolean)
			.join(' ') || undefined,
	};
}

/** Error shape of a failed HTTP exchange: the body status when there is one, else the text. */
export function describeSmsUpError(_statusCode: number, body: unknown): ProviderError | undefined {
	const described = describeSmsUpStatus(body);
	if (described) return described;
	if (typeof body === 'string' && body.trim()) return { message: body.trim().replace(/\s+/g, ' ').slice(0, 200) };
	return undefined;
}

export interface SmsUpCall extends ProviderCall {
	body?: IDataObject;
	/**
	 * Answer −8 (campaign under moderation) as a result rather than an error: the campaign
	 * exists and may still go out, so it must never be sent again (notes §3.1).
	 */
	acceptModeration?: boolean;
}

export class SmsUpClient extends ProviderClient {
	/** Performs a call; returns the body when its status is 1 (or −8 when accepted), throws otherwise. */
	async call<T extends SmsUpResponse = SmsUpResponse>(call: SmsUpCall): Promise<T> {
		// Accept: application/json, which the base sends: smsup.ch answers XML unless asked for JSON
		// (notes §3.1: "XML by default").
		const response = await this.request<T>(call);
		const body = response.body;
		const status = Number(body?.status);
		if (status === SMSUP_STATUS.ok) return body;
		if (status === SMSUP_STATUS.moderation && call.acceptModeration) return body;
		const problem = describeSmsUpStatus(body) ?? {
			message: 'answered without a status',
			details: 'Expected a JSON body with "status": 1.',
		};
		// A definite refusal: nothing went out. Only "unknown error" after a send leaves that open.
		const maybeSent = call.kind === 'send' && (status === SMSUP_STATUS.unknown || !Number.isFinite(status));
		throw this.api.error(problem, response.statusCode, call.itemIndex, maybeSent);
	}
}

/** A client bound to any exchange (n8n's in nodes; axios in tests and benchmarks). */
export function createSmsUpClient(
	exchange: HttpExchange,
	node: INode,
	baseUrl: string,
	secrets: string[] = [],
	retry?: ConstructorParameters<typeof ApiClient>[0]['retry'],
): SmsUpClient {
	const api = new ApiClient({
		node,
		providerName: SMSUP_PROVIDER_NAME,
		exchange,
		describeError: describeSmsUpError,
		secrets,
		retry,
	});
	return new SmsUpClient(api, normalizeBaseUrl(baseUrl));
}

/** The credential's Base URL, http(s) only (the API token goes wherever it points). */
export function normalizeBaseUrl(baseUrl: unknown): string {
	return baseUrlOf(baseUrl, SMSUP_DEFAULT_BASE_URL);
}

/** The client a node, a trigger or a picker uses: n8n's authenticated requests, the credential's base URL. */
export async function smsUpClientFor(
	context: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions,
): Promise<SmsUpClient> {
	const credentials = await context.getCredentials<{ apiToken?: string; baseUrl?: string }>(SMSUP_CREDENTIAL_TYPE);
	const baseUrl = credentialUrl(context.getNode(), SMSUP_PROVIDER_NAME, () => normalizeBaseUrl(credentials.baseUrl));
	return createSmsUpClient(
		n8nExchange(context, SMSUP_CREDENTIAL_TYPE),
		context.getNode(),
		baseUrl,
		[credentials.apiToken ?? ''],
	);
}
