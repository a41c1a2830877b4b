/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * What the secrets tests share: everything a run left behind as one text (output items, the
 * error with its description, context, cause and stack, the run's own error), every log line
 * written meanwhile, and the check that no credential value or Authorization header is in it.
 */
import type { WorkflowRunResult } from '../support/n8n-harness';

/** Serializes a value deeply, errors included with the fields JSON.stringify would skip. */
export function everything(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (inner instanceof Error) {
			return { ...inner, message: inner.message, stack: inner.stack, description: (inner as { description?: unknown }).description, cause: (inner as { cause?: unknown }).cause };
		}
		if (inner && typeof inner === 'object') {
			if (seen.has(inner)) return undefined;
			seen.add(inner);
		}
		return inner;
	});
}

/** Captures console and process output from now until `restore` (log lines are where secrets leak too). */
export function captureLogs(): { lines: string[]; clear: () => void; restore: () => void } {
	const lines: string[] = [];
	const spies: jest.SpyInstance[] = [];
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))));
	}
	spies.push(jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)));
	spies.push(jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)));
	return {
		lines,
		clear: () => void (lines.length = 0),
		restore: () => {
			for (const spy of spies) spy.mockRestore();
		},
	};
}

/**
 * The content of every binary file the run output (an export's CSV or JSON), decoded: in the
 * items it is base64, where no secret would be seen as such.
 */
export function binaryFiles(result: WorkflowRunResult): string[] {
	return result.outputs.flat().flatMap((item) => Object.values(item.binary ?? {}).map((file) => Buffer.from(file.data, 'base64').toString('utf8')));
}

/** The text a run left behind, logs and the content of its binary files included. */
export function leftBehind(result: WorkflowRunResult, logs: string[]): string {
	return [everything({ outputs: result.outputs, error: result.error, runError: result.run?.data?.resultData?.error }), ...binaryFiles(result), ...logs].join('\n');
}

/** The forms a secret can take in a text: as it is, lower and upper case, URL-encoded. */
export function secretForms(secret: string): string[] {
	return [...new Set([secret, secret.toLowerCase(), secret.toUpperCase(), encodeURIComponent(secret)])];
}

/** Which of the secrets appear in the text, in any of their forms (each secret counted once). */
export function leaksIn(text: string, secrets: string[]): string[] {
	return secrets.filter((secret) => secret.length >= 4 && secretForms(secret).some((form) => text.includes(form)));
}

/** An Authorization header with a value still in it (a scrubbed "Bearer ***" is fine). */
export const AUTHORIZATION_WITH_VALUE = /authorization\W{0,4}(basic|bearer)\s+(?!\*\*\*)\S/i;
