import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { urlNotices } from '../nodes/shared/urlNotices';

export class SmsUpApi implements ICredentialType {
	name = 'smsUpApi';

	displayName = 'smsup.ch API';

	icon: Icon = {
		light: 'file:../nodes/SmsUp/smsup.svg',
		dark: 'file:../nodes/SmsUp/smsup.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateways/n8n-nodes-sms-gateways#smsupch-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API token created on the smsup.ch platform (Settings → API tokens)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.smsup.ch',
			description: 'Change only for a sandbox; paths such as /send are added to it',
		},
		...urlNotices('baseUrl', 'Base URL'),
	];

	// smsup.ch answers XML unless the request asks for JSON (provider-notes §3.1), so the header
	// travels with the token: every request made with this credential gets JSON back.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
				Accept: 'application/json',
			},
		},
	};

	// smsup.ch reports a bad token in the body (`status: -1`), possibly with HTTP 200; a 401 is
	// caught too. n8n checks each rule type on its own path, hence the two kinds in one list.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			// n8n would otherwise re-attach the credential to a redirect to another host.
			sendCredentialsOnCrossOriginRedirect: false,
			url: '/credits',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: -1,
					message: 'smsup.ch rejected the API token (status -1, authentication error). Check the token and its allowed IPs.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'smsup.ch rejected the API token (401). Check the token and its allowed IPs.',
				},
			},
		] as unknown as ICredentialTestRequest['rules'],
	};
}
