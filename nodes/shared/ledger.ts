// What earlier tries of the same node run sent. n8n's Retry On Fail runs a node's whole
// `execute` again, with the same input, after it threw (or, with Continue On Fail, after its
// first output item carried an error): node_modules/n8n-core/dist/execution-engine/
// workflow-execute.js, the `for (let tryIndex = 0; …)` loop. Every try of one execution runs in
// that loop, in one process (a queue-mode worker runs the whole execution too), so a record kept
// in this module per execution, node and run index is seen by the next try: an item accepted by
// an earlier try keeps its result and is not sent again, and one that may have been sent stays
// "may have been sent" rather than going out a second time. Other executions (a re-run of a
// failed execution, a workflow started twice) are the duplicate guard's to catch.
import { randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** How an earlier try left an item that must not be sent again. */
export type EarlierFate =
	/** The provider took it: `output` is what that try emitted for the item. */
	| { fate: 'sent'; output: INodeExecutionData[]; acceptedMessages: number }
	/** The call may have gone out (timeout, reset, 5xx after the request left): `reason` says what happened. */
	| { fate: 'maybeSent'; reason: string };

interface RunRecord {
	expiresAt: number;
	items: Map<number, { fingerprint: string; earlier: EarlierFate }>;
}

/** n8n waits at most 5 s between at most 5 tries; an hour covers tries of slow, large sends too. */
const KEEP_MS = 60 * 60 * 1000;
/** Bounds memory on a busy instance: the oldest runs go first. */
const MAX_RUNS = 200;
const MAX_ITEMS = 200_000;

const runs = new Map<string, RunRecord>();
let itemsHeld = 0;

function prune(now: number): void {
	for (const [key, run] of runs) {
		if (run.expiresAt > now && runs.size <= MAX_RUNS && itemsHeld <= MAX_ITEMS) break;
		itemsHeld -= run.items.size;
		runs.delete(key);
	}
}

/** A short, stable digest of what an item was read into: a later try with other input is not matched. */
export function fingerprint(value: unknown): string {
	const text = JSON.stringify(value) ?? '';
	// FNV-1a, two lanes: a digest, not a secret (no crypto needed), 64 bits against chance collisions.
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ text.length;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		a = Math.imul(a ^ code, 0x01000193) >>> 0;
		b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
	}
	return `${a.toString(16)}.${b.toString(16)}.${text.length}`;
}

/** What names one node run (execution, node, run index); undefined when n8n gives no execution id. */
function runKey(context: IExecuteFunctions): string | undefined {
	const executionId = context.getExecutionId();
	if (!executionId) return undefined;
	const runIndex = context.getWorkflowDataProxy(0).$runIndex;
	return `${executionId}\u0000${context.getNode().name}\u0000${String(runIndex)}`;
}

/**
 * A short tag of the node run, the same on every try of it and different for any other run: a
 * reference made up from it is the same on a later try (so the item is matched in the ledger)
 * and new on a re-run of the execution.
 */
export function runTag(context: IExecuteFunctions): string {
	const key = runKey(context);
	return key ? fingerprint(key).split('.')[0].padStart(8, '0') : randomUUID().slice(0, 8);
}

/** One node run's record, shared by all its tries. */
export class RunLedger {
	private constructor(private readonly key: string) {}

	/** The ledger of the node run `context` executes; undefined when n8n gives no execution id. */
	static of(context: IExecuteFunctions): RunLedger | undefined {
		const key = runKey(context);
		return key === undefined ? undefined : new RunLedger(key);
	}

	/** What an earlier try left of item `itemIndex`, if it was read into the same message. */
	earlier(itemIndex: number, itemFingerprint: string): EarlierFate | undefined {
		prune(Date.now());
		const entry = runs.get(this.key)?.items.get(itemIndex);
		return entry && entry.fingerprint === itemFingerprint ? entry.earlier : undefined;
	}

	record(itemIndex: number, itemFingerprint: string, earlier: EarlierFate): void {
		const now = Date.now();
		let run = runs.get(this.key);
		if (run) runs.delete(this.key);
		else run = { expiresAt: 0, items: new Map() };
		run.expiresAt = now + KEEP_MS;
		// Re-inserted: the Map's order is the order runs were last written, oldest first.
		runs.set(this.key, run);
		if (!run.items.has(itemIndex)) itemsHeld++;
		run.items.set(itemIndex, { fingerprint: itemFingerprint, earlier });
		prune(now);
	}

	/** The run ended with nothing for n8n to retry: its record is not needed any more. */
	forget(): void {
		const run = runs.get(this.key);
		if (!run) return;
		itemsHeld -= run.items.size;
		runs.delete(this.key);
	}
}
