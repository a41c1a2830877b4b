import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Bad input found by a pure helper. It names the field; the node adds the item and turns it
 * into a NodeOperationError, so helpers stay free of n8n's execution context.
 */
export class InputError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'InputError';
	}
}

/**
 * The error users see for bad input, in the shape of n8n's own nodes: the message says what is
 * wrong with which field; the item (n8n's 0-based index) is the error's itemIndex and opens
 * its description, which says what to do.
 */
export function inputErrorForItem(node: INode, error: InputError, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `"${error.field}" ${error.problem}`, {
		itemIndex,
		description: `Item ${itemIndex}: nothing was sent to the provider. Fix the "${error.field}" field or the expression that fills it.`,
	});
}

const SECRET_HEADER = /^(authorization|proxy-authorization|x-api-key|cookie|set-cookie)$/i;
const SECRET_KEY = /password|api[-_]?key|secret|token/i;

/**
 * The forms a secret takes in text that a provider, a proxy or a library wrote: as it is,
 * URL-encoded (with %20 or + for spaces, either hex case), base64 (standard and URL-safe, with
 * and without padding: how `user:secret` travels in Basic auth), JSON-escaped, HTML-escaped.
 * Matching is case-insensitive, which covers the lower- and upper-cased forms.
 */
export function secretForms(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	const base64Url = base64.replace(/\+/g, '-').replace(/\//g, '_');
	const json = JSON.stringify(secret).slice(1, -1);
	const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
	const forms = [
		secret,
		encoded,
		encoded.replace(/%20/g, '+'),
		// Form encoding (URLSearchParams) also escapes ! ' ( ) ~, which encodeURIComponent keeps.
		new URLSearchParams({ s: secret }).toString().slice(2),
		encodeURIComponent(encoded),
		base64,
		base64.replace(/=+$/, ''),
		base64Url,
		base64Url.replace(/=+$/, ''),
		json,
		// PHP escapes "/" in JSON, Go escapes < > & as \u003c \u003e \u0026.
		json.replace(/\//g, '\\/'),
		json.replace(/[<>&]/g, (character) => `\\u00${character.charCodeAt(0).toString(16)}`),
		html,
	];
	// Longest first, so that a form containing another is taken out whole.
	return [...new Set(forms)].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes credentials from a value before it can reach an error, a log or the output:
 * auth headers, `auth` blocks, any literal secret given in every form it can take
 * (`secretForms`; pass `user:secret` too for Basic auth), and any `Basic`/`Bearer` token.
 */
export function scrubSecrets<T>(value: T, secrets: string[] = []): T {
	const forms = [...new Set(secrets.filter((secret) => secret.length >= 4).flatMap(secretForms))].sort((a, b) => b.length - a.length);
	const literal = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : undefined;
	// Objects on the path being visited: meeting one again is a cycle. An object merely
	// referenced twice (not its own ancestor) is scrubbed at both places.
	const ancestors = new WeakSet<object>();
	const visit = (input: unknown): unknown => {
		if (typeof input === 'string') {
			let output = input;
			if (literal) output = output.replace(literal, '***');
			// Auth schemes are case-insensitive; a plain lower-case word after them is prose
			// ("basic authentication"), not a token. The space may come URL- or HTML-encoded.
			output = output.replace(
				/\b(basic|bearer)((?:\s|%20|\+|&nbsp;|&#32;|&#x20;)+)([A-Za-z0-9+/=._~%-]{6,})/gi,
				(match, scheme: string, space: string, token: string) => (/^[a-z]+$/.test(token) ? match : `${scheme}${space}***`),
			);
			return output;
		}
		if (input === null || typeof input !== 'object') return input;
		if (ancestors.has(input)) return undefined;
		ancestors.add(input);
		try {
			if (Array.isArray(input)) return input.map((entry) => visit(entry));
			const output: Record<string, unknown> = {};
			for (const [entryKey, entryValue] of Object.entries(input)) {
				if (SECRET_HEADER.test(entryKey) || entryKey === 'auth' || SECRET_KEY.test(entryKey)) {
					output[entryKey] = '***';
				} else {
					output[entryKey] = visit(entryValue);
				}
			}
			return output;
		} finally {
			ancestors.delete(input);
		}
	};
	return visit(value) as T;
}
