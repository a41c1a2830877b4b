// Warnings a credential shows under its URL fields while they are being typed: the checks that
// also run before any request (`baseUrlOf`), said before the credential is even saved.
import type { INodeProperties } from 'n8n-workflow';

/** http:// (any case) to a host that is not this machine: the key would travel readable. */
export const PLAIN_HTTP_REMOTE = '^\\s*[hH][tT][tT][pP]://(?!(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])(:\\d+)?([/?#]|\\s*$))';
/** A user name or password before the host (`https://user:pass@host`). */
export const USER_INFO = '^\\s*[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*@';

/** Notices for the URL field `name` (shown as `label`), placed right after it in `properties`. */
export function urlNotices(name: string, label: string): INodeProperties[] {
	return [
		{
			displayName: `The ${label} starts with http:// and points at another machine: the credentials and every message would travel unencrypted and could be read or changed on the way. Use https://.`,
			name: `${name}PlainHttpNotice`,
			type: 'notice',
			default: '',
			displayOptions: { show: { [name]: [{ _cnd: { regex: PLAIN_HTTP_REMOTE } }] } },
		},
		{
			displayName: `The ${label} contains a user name or password (user:pass@). It is refused: the credentials belong in their own fields, never in a URL.`,
			name: `${name}UserInfoNotice`,
			type: 'notice',
			default: '',
			displayOptions: { show: { [name]: [{ _cnd: { regex: USER_INFO } }] } },
		},
	];
}
