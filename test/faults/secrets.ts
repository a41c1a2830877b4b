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

/** The text a run left behind, logs included. */
export function leftBehind(result: WorkflowRunResult, logs: string[]): string {
	return everything({ outputs: result.outputs, error: result.error, runError: result.run?.data?.resultData?.error }) + logs.join('\n');
}

/** How many of the secrets appear in the text (each counted once). */
export function leaksIn(text: string, secrets: string[]): string[] {
	return secrets.filter((secret) => secret.length >= 4 && text.includes(secret));
}

/** An Authorization header with a value still in it (a scrubbed "Bearer ***" is fine). */
export const AUTHORIZATION_WITH_VALUE = /authorization\W{0,4}(basic|bearer)\s+(?!\*\*\*)\S/i;
