/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Binds the package's request layer to axios, for tests and benchmarks that drive a
 * provider client directly (outside n8n) against the simulators. It plays the part of
 * n8n's httpRequestWithAuthentication: applies the auth, resolves for every HTTP status,
 * rejects only when no response arrived.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import { Agent } from 'node:http';
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpExchange } from '../../nodes/shared/http';

export function axiosExchange(auth?: { username: string; password: string }, options: { maxSockets?: number } = {}): HttpExchange {
	const httpAgent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 });
	return async (request: IHttpRequestOptions) => {
		const config: AxiosRequestConfig = {
			method: request.method ?? 'GET',
			baseURL: request.baseURL,
			url: request.url,
			params: request.qs,
			data: request.body,
			headers: request.headers as AxiosRequestConfig['headers'],
			timeout: request.timeout,
			signal: request.abortSignal,
			auth: request.auth ?? auth,
			httpAgent,
			validateStatus: () => true,
			// Parse JSON like n8n does: leave the text as-is when it is not JSON.
			responseType: 'text',
			transformResponse: (data: string) => data,
		};
		const response = await axios.request<string>(config);
		let body: unknown = response.data;
		if (request.json !== false && typeof body === 'string' && body !== '') {
			try {
				body = JSON.parse(body);
			} catch {
				// Malformed: the request layer reports it.
			}
		}
		return { statusCode: response.status, headers: response.headers as Record<string, unknown>, body };
	};
}
