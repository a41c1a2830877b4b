/**
 * The SMS Gateway node's four credentials, each on its provider's simulator (or all on one
 * base URL, where a test wants every provider's requests recorded in one place).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN } from '../simulators/apico';
import { SMSUP_SANDBOX_TOKEN } from '../simulators/smsup';

export const ROUTEE_SANDBOX_SECRET = 'DUMMY-SANDBOX-APP-SECRET-0001';

export interface GatewayBaseUrls {
	clickSend: string;
	routee: string;
	smsUp: string;
	apico: string;
}

export function gatewayCredentials(urls: GatewayBaseUrls, overrides: { routeeSecret?: string; apicoToken?: string } = {}): Record<string, ICredentialDataDecryptedObject> {
	return {
		clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: urls.clickSend },
		routeeApi: {
			applicationId: 'sandbox-app',
			applicationSecret: overrides.routeeSecret ?? ROUTEE_SANDBOX_SECRET,
			tokenUrl: `${urls.routee}/oauth/token`,
			baseUrl: urls.routee,
		},
		smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: urls.smsUp },
		apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: overrides.apicoToken ?? APICO_SANDBOX_TOKEN, baseUrl: `${urls.apico}/v2` },
	};
}
