import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { markFailedBeforeRequest } from '../nodes/shared/http';
import { urlNotices } from '../nodes/shared/urlNotices';

const DEFAULT_TOKEN_URL = 'https://auth.routee.net/oauth/token';

/**
 * Routee's OAuth2 client-credentials flow (provider-notes §2.1): the application ID and
 * secret buy a Bearer token at `POST /oauth/token`. n8n keeps the token in the hidden
 * expirable field, reuses it for every request and execution, and calls `preAuthentication`
 * again only when it is empty or a request got a 401 or 403 (Routee's answers to an expired
 * token; the nodes ask n8n for both, nodes/Routee/transport.ts).
 */
export class RouteeApi implements ICredentialType {
	name = 'routeeApi';

	displayName = 'Routee API';

	icon: Icon = {
		light: 'file:../nodes/Routee/routee.svg',
		dark: 'file:../nodes/Routee/routee.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateways/n8n-nodes-sms-gateways#routee-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of a Routee application (Routee dashboard → Applications)',
		},
		{
			displayName: 'Application Secret',
			name: 'applicationSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret of the same application',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: DEFAULT_TOKEN_URL,
			description: 'Where access tokens are issued; change only for a sandbox',
		},
		...urlNotices('tokenUrl', 'Token URL'),
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://connect.routee.net',
			description: 'Change only for a sandbox; paths such as /sms are added to it',
		},
		...urlNotices('baseUrl', 'API Base URL'),
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const applicationId = String(credentials.applicationId ?? '');
		const applicationSecret = String(credentials.applicationSecret ?? '');
		const tokenUrl = String(credentials.tokenUrl || DEFAULT_TOKEN_URL).trim();
		// Failures here happen before the API request is made: marked so that a send whose
		// token could not be had is reported as not sent (and may be tried again).
		const response = (await this.helpers
			.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: {
					Authorization: `Basic ${Buffer.from(`${applicationId}:${applicationSecret}`).toString('base64')}`,
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: 'grant_type=client_credentials',
				json: true,
				// The secret is in the header: a redirect is an error, never a second POST of it elsewhere.
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
			})
			.catch((error: unknown) => {
				throw markFailedBeforeRequest(error);
			})) as { access_token?: unknown };
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw markFailedBeforeRequest(new Error('Routee did not return an access token: check the Token URL'));
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			// n8n would otherwise re-attach the credential to a redirect to another host.
			sendCredentialsOnCrossOriginRedirect: false,
			url: '/accounts/me/balance',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Routee refused the application credentials (401): check the Application ID, Application Secret and Token URL.',
				},
			},
		],
	};
}
