import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { urlNotices } from '../nodes/shared/urlNotices';

export class ApicoApi implements ICredentialType {
	name = 'apicoApi';

	displayName = 'Apico API';

	icon: Icon = {
		light: 'file:../nodes/Apico/apico.svg',
		dark: 'file:../nodes/Apico/apico.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateways/n8n-nodes-sms-gateways#apico-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			description: 'The account identifier from the Apico dashboard; it is also the user name of the API\'s Basic authentication',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The account\'s auth token (the password of the API\'s Basic authentication)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.apico.net/v2',
			description: 'Change only for a sandbox or another endpoint of the same API; include the version (/v2). Paths such as /accounts/{accountSID}/messages are added to it.',
		},
		...urlNotices('baseUrl', 'Base URL'),
	];

	// Basic accountSID:authToken, as Apico's history document shows (`curl -u {accountSID}:{authToken}`).
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.accountSid}}',
				password: '={{$credentials.authToken}}',
			},
		},
	};

	// Apico's one documented call (provider-docs 002), one message: GET /accounts/{accountSID}/messages.
	// (Get Account Info is documented only for the provider family.)
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			// n8n would otherwise re-attach the credential to a redirect to another host.
			sendCredentialsOnCrossOriginRedirect: false,
			url: '=/accounts/{{$credentials.accountSid}}/messages',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Apico rejected the Account SID or Auth Token (401). Copy both from the Apico dashboard.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Apico refused access to this account (403): the Auth Token does not belong to this Account SID, or the account is suspended.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Apico knows no account with this Account SID (404), or the Base URL lacks /v2.',
				},
			},
		],
	};
}
