// The base of every provider's client: calls on the provider's base URL with the timeout of
// their kind, and the credential's URLs checked before anything is sent to them.
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from './errors';
import type { ApiClient, ApiResponse, RequestKind } from './http';

/** How long one attempt may take: a send carries up to a whole batch, a read one page. */
export const TIMEOUT_MS: Record<RequestKind, number> = { send: 120_000, read: 60_000 };

/** One call on a provider's API, by path below its base URL. */
export interface ProviderCall {
	method: IHttpRequestMethods;
	path: string;
	kind: RequestKind;
	qs?: IDataObject;
	body?: IHttpRequestOptions['body'];
	itemIndex?: number;
	/** False for answers whose body is not documented (nothing in it is read). */
	expectJson?: boolean;
	/** Ends the call once nobody waits for it (see ApiRequest.signal). */
	signal?: AbortSignal;
}

export abstract class ProviderClient {
	constructor(
		readonly api: ApiClient,
		protected readonly baseUrl: string,
	) {}

	/** Performs a call; `url` replaces the path when the provider nests it (an account's resources). */
	protected async request<T>(
		call: ProviderCall,
		options: { url?: string; headers?: Record<string, string> } = {},
	): Promise<ApiResponse<T>> {
		return await this.api.request<T>({
			method: call.method,
			baseURL: this.baseUrl,
			url: options.url ?? call.path,
			qs: call.qs,
			body: call.body,
			kind: call.kind,
			itemIndex: call.itemIndex,
			expectJson: call.expectJson,
			signal: call.signal,
			headers: options.headers ?? { Accept: 'application/json' },
			timeout: TIMEOUT_MS[call.kind],
		});
	}
}

/**
 * A URL read from a credential (`read` normalizes and checks it): one that is not an http(s)
 * address stops the node before any request, as "<Provider> credential: "<field>" <problem>".
 * `field` names it when the credential has several URLs.
 */
export function credentialUrl(node: INode, providerName: string, read: () => string, field?: string): string {
	try {
		return read();
	} catch (error) {
		const problem = error instanceof InputError ? error.problem : (error as Error).message;
		const subject = field ?? (error instanceof InputError ? error.field : undefined);
		throw new NodeOperationError(node, `${providerName} credential: ${subject === undefined ? problem : `"${subject}" ${problem}`}`);
	}
}
