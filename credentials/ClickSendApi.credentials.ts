import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { urlNotices } from '../nodes/shared/urlNotices';

export class ClickSendApi implements ICredentialType {
	name = 'clickSendApi';

	displayName = 'ClickSend API';

	icon: Icon = {
		light: 'file:../nodes/ClickSend/clicksend.svg',
		dark: 'file:../nodes/ClickSend/clicksend.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateways/n8n-nodes-sms-gateways#clicksend-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The API username shown on the ClickSend dashboard under Developers → API Credentials',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the same page (not your dashboard password)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://rest.clicksend.com',
			description: 'Change only for a sandbox or a regional endpoint; paths such as /v3/sms/send are added to it',
		},
		...urlNotices('baseUrl', 'Base URL'),
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// The Base URL as the nodes read it (normalizeBaseUrl in nodes/ClickSend/transport.ts):
			// trimmed, empty meaning ClickSend's, and without a trailing `/v3` or `/`, since the paths
			// (here /v3/account) start with /v3.
			baseURL: '={{String($credentials.baseUrl || "").trim() ? String($credentials.baseUrl).trim().replace(/\\/+$|\\/v3\\/*$/g, "") : "https://rest.clicksend.com"}}',
			// n8n would otherwise re-attach the credential to a redirect to another host.
			sendCredentialsOnCrossOriginRedirect: false,
			url: '/v3/account',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'ClickSend rejected the API username or API key (401 UNAUTHORIZED). Use the API username and key from Developers → API Credentials, not the dashboard password.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'ClickSend refused access (403): the account is not activated or has been suspended.',
				},
			},
		],
	};
}
