// Warnings a credential shows under its URL fields while they are being typed: the checks that
// also run before any request (`baseUrlOf`), said before the credential is even saved.
//
// Their conditions are prefix and substring tests, never regular expressions: n8n evaluates a
// credential's display conditions each time it decrypts the credential, and runs a regex
// condition in a vm with a 250 ms limit, so on a busy worker a regex here could fail the node
// ("Regular expression execution timed out") before any request.
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Plain http:// to this machine is fine (a local proxy or simulator): the key never leaves it. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Shown for http:// (either case) unless the host is this machine. */
export function plainHttpRemote(name: string): IDisplayOptions {
	return {
		show: { [name]: ['http://', 'HTTP://', 'Http://'].map((prefix) => ({ _cnd: { startsWith: prefix } })) },
		hide: {
			[name]: LOCAL_HOSTS.flatMap((host) => [{ _cnd: { eq: `http://${host}` } }, { _cnd: { startsWith: `http://${host}:` } }, { _cnd: { startsWith: `http://${host}/` } }]),
		},
	};
}

/** Shown when the URL has an "@", which is how a user name or password goes before the host. */
export function userInfo(name: string): IDisplayOptions {
	return { show: { [name]: [{ _cnd: { includes: '@' } }] } };
}

/** Notices for the URL field `name` (shown as `label`), placed right after it in `properties`. */
export function urlNotices(name: string, label: string): INodeProperties[] {
	return [
		{
			displayName: `The ${label} starts with http:// and points at another machine: the credentials and every message would travel unencrypted and could be read or changed on the way. Use https://.`,
			name: `${name}PlainHttpNotice`,
			type: 'notice',
			default: '',
			displayOptions: plainHttpRemote(name),
		},
		{
			displayName: `The ${label} contains "@". A user name or password before the host (user:pass@) is refused: the credentials belong in their own fields, never in a URL.`,
			name: `${name}UserInfoNotice`,
			type: 'notice',
			default: '',
			displayOptions: userInfo(name),
		},
	];
}
