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

/** The error users see for bad input: it names the item (n8n's 0-based index) and the field. */
export function inputErrorForItem(node: INode, error: InputError, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${error.field}" ${error.problem}`, {
		itemIndex,
		description: `Nothing was sent to the provider for item ${itemIndex}. Fix the "${error.field}" field or the expression that fills it.`,
	});
}

const SECRET_HEADER = /^(authorization|proxy-authorization|x-api-key|cookie|set-cookie)$/i;
const SECRET_KEY = /password|api[-_]?key|secret|token/i;

/**
 * Removes credentials from a value before it can reach an error, a log or the output:
 * auth headers, `auth` blocks, and any literal secret strings given.
 */
export function scrubSecrets<T>(value: T, secrets: string[] = []): T {
	const literals = secrets.filter((secret) => secret.length >= 4);
	// Objects on the path being visited: meeting one again is a cycle. An object merely
	// referenced twice (not its own ancestor) is scrubbed at both places.
	const ancestors = new WeakSet<object>();
	const visit = (input: unknown): unknown => {
		if (typeof input === 'string') {
			let output = input;
			for (const secret of literals) output = output.split(secret).join('***');
			// Auth schemes are case-insensitive; a plain lower-case word after them is prose
			// ("basic authentication"), not a token.
			output = output.replace(/\b(basic|bearer)\s+([A-Za-z0-9+/=._~-]{6,})/gi, (match, scheme: string, token: string) =>
				/^[a-z]+$/.test(token) ? match : `${scheme} ***`,
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
