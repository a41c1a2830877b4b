/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The fault-injection matrix: every operation of a provider runs through n8n's engine against
 * its simulator with one fault injected on the operation's first call, and the outcome is
 * judged by the operation's kind:
 * - a read must give exactly the fault-free result (recovered), or fail with a clear error —
 *   never a partial result presented as complete;
 * - a send must reach the provider at most once per recipient; when it failed after the
 *   provider may have taken it, the error must say so; with Continue On Fail each input gets
 *   an error item paired to it.
 * Each outcome is recorded for docs/reliability.md (scripts/reliability-report.js).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Fault, FaultKind, SimulatorServer } from '../simulators/framework';
import { runNode, type NodeUnderTest, type WorkflowRunResult } from '../support/n8n-harness';

export interface FaultOperation {
	name: string;
	kind: 'read' | 'send';
	/** The calls the fault applies to (`METHOD /path`). */
	match: RegExp;
	node: () => NodeUnderTest;
	items: () => IDataObject[];
	/** Prepares the simulator before each run (seed history, schedule messages, …). */
	prepare?: () => void;
	/** Faults that mean nothing for this call, with why (reported as not applicable). */
	notApplicable?: Record<string, string>;
	/**
	 * The fault hits a request made before the operation's own (a credential's token request):
	 * the provider can only have the operation's request if it was accepted.
	 */
	faultBeforeRequest?: boolean;
}

export interface NamedFault {
	name: string;
	fault: FaultKind;
	/** How many matching calls it hits (default 1). */
	times?: number;
	/** Reads are expected to recover from it (else: fail clearly). */
	readsRecover: boolean;
	/**
	 * The provider refused the call outright (a 401, a data error): nothing was sent, so its
	 * items need not report an unknown fate even when other items went out.
	 */
	refusal?: boolean;
}

/** The faults real providers produce (issue: 429, 5xx, resets, bad bodies, HTML pages…). */
export function standardFaults(errorBody: unknown): NamedFault[] {
	return [
		{ name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: '1', body: errorBody }, readsRecover: true },
		{ name: '429 without Retry-After', fault: { type: 'status', status: 429, body: errorBody }, readsRecover: true },
		{ name: '500', fault: { type: 'status', status: 500, body: errorBody }, readsRecover: true },
		{ name: '502 with an HTML page', fault: { type: 'status', status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, readsRecover: true },
		{ name: '503', fault: { type: 'status', status: 503, body: errorBody }, readsRecover: true },
		{ name: 'reset before the request is read', fault: { type: 'dropBeforeRead' }, readsRecover: true },
		{ name: 'reset after the request is read', fault: { type: 'dropAfterRead' }, readsRecover: true },
		{ name: 'malformed JSON', fault: { type: 'malformed' }, readsRecover: true },
		{ name: 'truncated page', fault: { type: 'malformed', raw: '{"http_code":200,"response_code":"SUCCESS","data":{"total":5,"data":[{"message_id":"A"' }, readsRecover: true },
		{ name: 'empty body', fault: { type: 'malformed', raw: '' }, readsRecover: true },
		{ name: '5xx on every attempt', fault: { type: 'status', status: 503, body: errorBody }, times: 50, readsRecover: false },
	];
}

export interface FaultOutcome {
	provider: string;
	operation: string;
	fault: string;
	outcome: string;
	ok: boolean;
	duplicates: number;
	lost: number;
	calls: number;
}

export interface FaultMatrix<S extends SimulatorServer> {
	provider: string;
	sim: () => S;
	operations: FaultOperation[];
	faults: NamedFault[];
	/** Accepted sends per recipient (+ reference), to count duplicates. */
	accepted: () => Map<string, number>;
	reset: () => void;
}

const mainItems = (run: WorkflowRunResult): INodeExecutionData[] => run.outputs[0] ?? [];
const inputOf = (item: INodeExecutionData): number | undefined => {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'object' && paired !== null ? paired.item : undefined;
};
/** Every input has either one error item paired to it or exactly its items of the clean run. */
function eachInputWhole(inputs: number, output: INodeExecutionData[], clean: INodeExecutionData[]): boolean {
	const of = (list: INodeExecutionData[], index: number) => list.filter((item) => inputOf(item) === index);
	if (output.some((item) => inputOf(item) === undefined)) return false;
	return Array.from({ length: inputs }, (_, index) => index).every((index) => {
		const got = of(output, index);
		if (got.length === 1 && typeof got[0].json.error === 'string') return true;
		return comparable(got) === comparable(of(clean, index));
	});
}
/** Items without what differs from run to run (send times, download URLs). */
export const comparable = (items: INodeExecutionData[]) =>
	JSON.stringify(items.map((item) => item.json), (key, value: unknown) => (key === 'url' || key === 'sentAt' ? undefined : value));

/** Runs one operation under one fault and judges it; returns the outcome for the report. */
export async function judge<S extends SimulatorServer>(
	matrix: FaultMatrix<S>,
	sim: S,
	operation: FaultOperation,
	fault: NamedFault,
	baseline: INodeExecutionData[],
	continueOnFail: boolean,
): Promise<FaultOutcome> {
	const reason = operation.notApplicable?.[fault.name];
	if (reason) return { provider: matrix.provider, operation: operation.name, fault: fault.name, calls: 0, duplicates: 0, lost: 0, ok: true, outcome: `not applicable: ${reason}` };
	matrix.reset();
	operation.prepare?.();
	sim.inject({ match: operation.match, fault: fault.fault, times: fault.times ?? 1 } as Fault);
	const items = operation.items();
	const run = await runNode({ ...operation.node(), continueOnFail }, items);
	const calls = sim.recorded(operation.match).length;
	const base = { provider: matrix.provider, operation: operation.name, fault: fault.name, calls, duplicates: 0, lost: 0 };
	const output = mainItems(run);

	if (operation.kind === 'read') {
		// Reads change nothing, so the same read without the fault is the complete result.
		sim.clearFaults();
		const clean = mainItems(await runNode(operation.node(), items));
		if (!run.error && comparable(output) === comparable(clean)) return { ...base, ok: true, outcome: 'recovered: complete result' };
		baseline = clean;
		const failedItems = output.filter((item) => typeof item.json.error === 'string');
		if (run.error && !fault.readsRecover) return { ...base, ok: true, outcome: `failed clearly: ${run.error.message}` };
		if (continueOnFail && !fault.readsRecover && failedItems.length === items.length) return { ...base, ok: true, outcome: `error items: ${String(failedItems[0].json.error)}` };
		// One failed call among several inputs: its input gets an error item, every other input
		// exactly its fault-free result.
		if (continueOnFail && !fault.readsRecover && failedItems.length > 0 && eachInputWhole(items.length, output, clean)) {
			return { ...base, ok: true, outcome: `error items: ${failedItems.length} of ${items.length} inputs, the others complete (${String(failedItems[0].json.error)})` };
		}
		const lost = Math.max(0, baseline.length - output.length);
		return { ...base, ok: false, lost, outcome: run.error ? `failed: ${run.error.message}` : `INCOMPLETE: ${output.length} of ${baseline.length} items` };
	}

	let duplicates = 0;
	for (const count of matrix.accepted().values()) if (count > 1) duplicates += count - 1;
	const sent = [...matrix.accepted().values()].reduce((sum, count) => sum + count, 0);
	const fateUnknown = (text: string | null | undefined) => /may have been sent/.test(text ?? '');
	if (duplicates) return { ...base, duplicates, ok: false, outcome: `SENT TWICE: ${duplicates} duplicates` };
	if (!run.error && output.length === items.length && output.every((item) => typeof item.json.error !== 'string')) {
		return { ...base, ok: sent === items.length || operation.name.includes('cancel'), outcome: `sent once (${sent} accepted)` };
	}
	if (run.error) {
		const reported = fateUnknown(run.error.description) || fateUnknown(run.error.message);
		const providerHadIt = sent > 0 || (!operation.faultBeforeRequest && (fault.fault.type === 'dropAfterRead' || fault.fault.type === 'malformed'));
		return {
			...base,
			ok: reported || !providerHadIt,
			outcome: reported ? `not retried; error says it may have been sent (${sent} accepted)` : `failed clearly: ${run.error.message} (${sent} accepted)`,
		};
	}
	const errorItems = output.filter((item) => typeof item.json.error === 'string');
	const paired = errorItems.every((item) => typeof (item.pairedItem as { item?: number } | undefined)?.item === 'number');
	// Before the request (a token that could not be had), a failed item was certainly not
	// sent: the failed items and the accepted ones must then make up all the items.
	const failedBeforeSending = operation.faultBeforeRequest === true && errorItems.length + sent === items.length;
	const reported = failedBeforeSending || errorItems.every((item) => fateUnknown(JSON.stringify(item.json.details ?? '')) || sent === 0 || fault.refusal === true);
	return {
		...base,
		ok: paired && reported && output.length === items.length,
		outcome: `error items (${errorItems.length}, paired: ${paired}, fate reported: ${reported}; ${sent} accepted)`,
	};
}

/**
 * Judges one operation under one fault without Continue On Fail and, unless `once`, with it;
 * records each outcome (its fault named with `label` in front) and expects it handled: nothing
 * sent twice, nothing lost.
 */
export async function expectFaultHandled<S extends SimulatorServer>(
	matrix: FaultMatrix<S>,
	outcomes: FaultOutcome[],
	operation: FaultOperation,
	fault: NamedFault,
	baseline: INodeExecutionData[],
	options: { once: boolean; label?: string },
): Promise<void> {
	for (const continueOnFail of options.once ? [false] : [false, true]) {
		const outcome = await judge(matrix, matrix.sim(), operation, fault, baseline, continueOnFail);
		outcomes.push({ ...outcome, fault: `${options.label ?? ''}${outcome.fault}${continueOnFail ? ' (Continue On Fail)' : ''}` });
		expect(outcome).toMatchObject({ ok: true, duplicates: 0, lost: 0 });
	}
}

/**
 * A provider's fault matrix as tests: for each operation, its fault-free run (a read must give
 * items) as the baseline, then one test per fault. A fault that never clears (`times`) costs
 * the whole retry budget, so by default it is judged once, without Continue On Fail.
 */
export function describeFaultMatrix<S extends SimulatorServer>(
	matrix: FaultMatrix<S>,
	outcomes: FaultOutcome[],
	options: {
		/** More checks of the baseline (e.g. that a history read spans several pages). */
		checkBaseline?: (operation: FaultOperation, baseline: INodeExecutionData[]) => void;
		/** Which faults are judged without Continue On Fail only. */
		once?: (fault: NamedFault) => boolean;
		/** More tests for each operation, given its baseline once it is known. */
		perOperation?: (operation: FaultOperation, baseline: () => INodeExecutionData[]) => void;
	} = {},
): void {
	const once = options.once ?? ((fault: NamedFault) => Boolean(fault.times));
	describe.each(matrix.operations.map((operation) => [operation.name, operation] as const))('%s', (_, operation) => {
		let baseline: INodeExecutionData[] = [];
		beforeAll(async () => {
			matrix.reset();
			operation.prepare?.();
			matrix.sim().clearFaults();
			const run = await runNode(operation.node(), operation.items());
			if (run.error) throw run.error;
			baseline = mainItems(run);
			if (operation.kind === 'read') expect(baseline.length).toBeGreaterThan(0);
			options.checkBaseline?.(operation, baseline);
		});

		test.each(matrix.faults.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
			await expectFaultHandled(matrix, outcomes, operation, fault, baseline, { once: once(fault) });
		});

		options.perOperation?.(operation, () => baseline);
	});
}

const REPORT_DIR = resolve(__dirname, '../../reliability');

/** Writes the outcomes where scripts/reliability-report.js reads them. */
export function recordOutcomes(name: string, outcomes: unknown[]): void {
	mkdirSync(REPORT_DIR, { recursive: true });
	writeFileSync(join(REPORT_DIR, `${name}.json`), JSON.stringify(outcomes, null, 1));
}
