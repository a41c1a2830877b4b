/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The fault-injection matrix: every operation of a provider runs through n8n's engine against
 * its simulator with one fault injected on the operation's first call, and the outcome is
 * judged by the operation's kind:
 * - the injected fault must have fired (the simulator records it), else the case tested nothing;
 * - a read must give exactly the fault-free result (recovered, one repeated call per fault), or
 *   fail with a clear error — never a partial result presented as complete;
 * - a send must reach the provider at most once per recipient, with exactly the calls and
 *   accepted messages the retry rule gives (worked out from the clean run's calls: a send is
 *   repeated only when the provider refused it before processing, a 429 or a renewed 401);
 *   when it failed after the provider took it or may have (a 5xx, a lost connection, a bad
 *   answer), the error must say it may have been sent, and a refusal must not; with Continue On
 *   Fail each input of a failed call gets an error item paired to it, every other input its result.
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
	/** The send calls, when the fault hits another request (`faultBeforeRequest`); default `match`. */
	sendMatch?: RegExp;
	/** Faults of this operation's own (a CSV download's truncated or garbage file), judged after the matrix's. */
	ownFaults?: NamedFault[];
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
	/**
	 * Sends: how many times the code repeats a send this fault refused before processing it (a
	 * 429 is retried, http.ts; a 401 is renewed once by n8n for a token credential). Unset: a
	 * send that met it is never repeated.
	 */
	sendRepeats?: number;
}

/** http.ts's DEFAULT_RETRY_POLICY: up to 4 retries after the first attempt (written out here, not imported). */
const MAX_RETRIES = 4;

/** Faults answered before the simulator processed the request: the provider never took it. */
export const beforeProcessing = (fault: FaultKind): boolean => fault.type === 'status' || fault.type === 'dropBeforeRead';

/** The faults real providers produce (issue: 429, 5xx, resets, bad bodies, HTML pages…). */
export function standardFaults(errorBody: unknown): NamedFault[] {
	return [
		// A 429 refuses the call before processing it: a send may be repeated (http.ts).
		{ name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: '1', body: errorBody }, readsRecover: true, sendRepeats: MAX_RETRIES },
		{ name: '429 without Retry-After', fault: { type: 'status', status: 429, body: errorBody }, readsRecover: true, sendRepeats: MAX_RETRIES },
		{ name: '500', fault: { type: 'status', status: 500, body: errorBody }, readsRecover: true },
		{ name: '502 with an HTML page', fault: { type: 'status', status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, readsRecover: true },
		{ name: '503', fault: { type: 'status', status: 503, body: errorBody }, readsRecover: true },
		{ name: 'reset before the request is read', fault: { type: 'dropBeforeRead' }, readsRecover: true },
		// The provider processed the call (a send was accepted), then the connection dropped.
		{ name: 'reset after the request is read', fault: { type: 'dropAfterRead' }, readsRecover: true },
		// The provider processed the call (a send was accepted), then answered 500: a send must not be
		// repeated and must say it may have been sent; a read is repeated.
		{ name: '500 after the provider accepted', fault: { type: 'statusAfterProcessing', status: 500, body: errorBody }, readsRecover: true },
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
/**
 * Items without what differs from run to run (send times, download URLs), binary files
 * included by content: a file cut short or replaced is not the same result.
 */
export const comparable = (items: INodeExecutionData[]) =>
	JSON.stringify(
		items.map((item) => ({
			json: item.json,
			binary: Object.fromEntries(
				Object.entries(item.binary ?? {}).map(([field, file]) => [field, { fileName: file.fileName, mimeType: file.mimeType, data: file.data }]),
			),
		})),
		(key, value: unknown) => (key === 'url' || key === 'sentAt' ? undefined : value),
	);

/** A phone number's last 9 digits: how an item's recipient is found among the simulator's keys (`to|…`). */
const numberKey = (value: unknown) => String(value ?? '').split('|')[0].replace(/\D/g, '').slice(-9);

/**
 * What a run of `batches` send calls must cost when the fault hits the first `times` matching
 * attempts, worked out from the retry rule alone: an attempt the fault hits is repeated up to
 * `repeats` times, then its call fails; without Continue On Fail the first failed call stops
 * new ones.
 */
export function expectedSendCalls(batches: number, times: number, repeats: number, continueOnFail: boolean): { attempts: number; failed: number[]; faulted: number[] } {
	let remaining = times;
	let attempts = 0;
	const failed: number[] = [];
	/** Calls that met the fault at least once. */
	const faulted: number[] = [];
	for (let batch = 0; batch < batches; batch++) {
		for (let tries = 1; ; tries++) {
			attempts++;
			if (remaining <= 0) break;
			remaining--;
			if (!faulted.includes(batch)) faulted.push(batch);
			if (tries <= repeats) continue;
			failed.push(batch);
			break;
		}
		if (failed.length && !continueOnFail) break;
	}
	return { attempts, failed, faulted };
}

/** Runs one operation under one fault and judges it; returns the outcome for the report. */
export async function judge<S extends SimulatorServer>(
	matrix: FaultMatrix<S>,
	sim: S,
	operation: FaultOperation,
	fault: NamedFault,
	baseline: INodeExecutionData[],
	continueOnFail: boolean,
	baselineCalls?: number,
): Promise<FaultOutcome> {
	const reason = operation.notApplicable?.[fault.name];
	if (reason) return { provider: matrix.provider, operation: operation.name, fault: fault.name, calls: 0, duplicates: 0, lost: 0, ok: true, outcome: `not applicable: ${reason}` };
	const sendMatch = operation.sendMatch ?? operation.match;
	if (baselineCalls === undefined) {
		// The operation's calls without any fault (its batches), measured on a clean run.
		matrix.reset();
		operation.prepare?.();
		sim.clearFaults();
		await runNode(operation.node(), operation.items());
		baselineCalls = sim.recorded(sendMatch).length;
	}
	matrix.reset();
	operation.prepare?.();
	sim.inject({ match: operation.match, fault: fault.fault, times: fault.times ?? 1 } as Fault);
	const items = operation.items();
	const run = await runNode({ ...operation.node(), continueOnFail }, items);
	const fired = sim.firedCount(fault.fault, operation.match);
	// A connection dropped before the request was read leaves no record: it is counted from the fault.
	const dropped = fault.fault.type === 'dropBeforeRead' && !operation.faultBeforeRequest ? fired : 0;
	const calls = sim.recorded(sendMatch).length + dropped;
	const base = { provider: matrix.provider, operation: operation.name, fault: fault.name, calls, duplicates: 0, lost: 0 };
	const output = mainItems(run);
	// A case whose fault never took effect says nothing about the fault.
	if (fired === 0) return { ...base, ok: false, outcome: 'FAULT NEVER FIRED: the case tested nothing' };

	if (operation.kind === 'read') {
		// Reads change nothing, so the same read without the fault is the complete result.
		sim.clearFaults();
		const clean = mainItems(await runNode(operation.node(), items));
		if (!run.error && comparable(output) === comparable(clean)) {
			// Each time the fault hit, the one call it hit was repeated, and nothing else was.
			// (A fault before the request, on a token, repeats the token request, not the call.)
			const expected = baselineCalls + (operation.faultBeforeRequest ? 0 : fired);
			if (calls !== expected) return { ...base, ok: false, outcome: `recovered, but with ${calls} calls where ${baselineCalls} + ${fired} repeated were expected` };
			return { ...base, ok: true, outcome: `recovered: complete result (${fired} fault${fired === 1 ? '' : 's'}, ${calls} calls)` };
		}
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

	const acceptedCounts = [...matrix.accepted().entries()];
	let duplicates = 0;
	for (const [, count] of acceptedCounts) if (count > 1) duplicates += count - 1;
	const sent = acceptedCounts.reduce((sum, [, count]) => sum + count, 0);
	const fateUnknown = (text: string | null | undefined) => /may have been sent/.test(text ?? '');
	if (duplicates) return { ...base, duplicates, ok: false, outcome: `SENT TWICE: ${duplicates} duplicates` };
	const errorItems = output.filter((item) => typeof item.json.error === 'string');
	const paired = output.every((item) => inputOf(item) !== undefined);

	if (operation.faultBeforeRequest) {
		// The fault hit a request made before the sends (a token): every send that went out is
		// a new one, accepted once; an item that failed there was certainly not sent.
		const perCall = Math.ceil(items.length / baselineCalls);
		const expectedSent = Math.min(items.length, calls * perCall);
		const callsAgree = sent === expectedSent;
		if (!run.error && errorItems.length === 0 && output.length === items.length) {
			return { ...base, ok: sent === items.length && calls === baselineCalls, outcome: `sent once (${sent} accepted, ${calls} send calls)` };
		}
		const failedBeforeSending = run.error ? true : errorItems.length + sent === items.length;
		return {
			...base,
			ok: callsAgree && failedBeforeSending && paired,
			outcome: `${run.error ? `failed clearly: ${run.error.message}` : `error items (${errorItems.length}, paired: ${paired})`} (${sent} accepted, ${calls} send calls${callsAgree ? '' : `: ${expectedSent} accepted expected`})`,
		};
	}

	// What the run must have cost and sent, from the batches of the clean run and the retry rule.
	const sizes = Array.from({ length: baselineCalls }, (_, batch) =>
		Math.max(0, Math.min(Math.ceil(items.length / baselineCalls), items.length - batch * Math.ceil(items.length / baselineCalls))),
	);
	const processed = !beforeProcessing(fault.fault);
	const expected = expectedSendCalls(baselineCalls, fault.times ?? 1, processed ? 0 : fault.sendRepeats ?? 0, continueOnFail);
	const okBatches = Array.from({ length: baselineCalls }, (_, batch) => batch).filter(
		(batch) => !expected.failed.includes(batch) && (continueOnFail || expected.failed.length === 0 || batch < expected.failed[0]),
	);
	const failedSize = expected.failed.reduce((sum, batch) => sum + sizes[batch], 0);
	const expectedSent = okBatches.reduce((sum, batch) => sum + sizes[batch], 0) + (processed ? failedSize : 0);
	const problems: string[] = [];
	if (calls !== expected.attempts) problems.push(`${calls} send calls where ${expected.attempts} were expected`);
	if (sent !== expectedSent) problems.push(`${sent} accepted where ${expectedSent} were expected`);
	// A call the provider took, or may have taken (a 5xx, a connection lost), must be reported as
	// may have been sent; a refusal (429 after every retry, a data error) must not be.
	const refused = fault.refusal === true || (!processed && fault.fault.type === 'status' && fault.fault.status === 429);
	const maybe = !refused;

	if (!run.error && output.length === items.length && errorItems.length === 0) {
		const everyRecipientOnce = items.every((item) => acceptedCounts.filter(([key]) => numberKey(key) === numberKey(item.to)).reduce((sum, [, count]) => sum + count, 0) === 1);
		if (expected.failed.length) problems.push(`no failure reported although ${expected.failed.length} call${expected.failed.length === 1 ? '' : 's'} failed`);
		if (!everyRecipientOnce && !operation.name.includes('cancel')) problems.push('not every recipient was accepted exactly once');
		return { ...base, ok: problems.length === 0, outcome: `sent once (${sent} accepted, ${calls} calls)${problems.length ? `: ${problems.join('; ')}` : ''}` };
	}
	if (!expected.failed.length) problems.push('a failure although every call should have gone through');
	if (run.error) {
		const reported = fateUnknown(run.error.description) || fateUnknown(run.error.message);
		if (maybe && !reported) problems.push(`the error does not say the message may have been sent${processed ? ' although the provider accepted it' : ''}`);
		if (!maybe && reported && sent === 0) problems.push('the error says it may have been sent although the provider refused it');
		const verdict = reported ? `not retried; error says it may have been sent` : `failed clearly: ${run.error.message}`;
		return { ...base, ok: problems.length === 0, outcome: `${verdict} (${sent} accepted, ${calls} calls)${problems.length ? `: ${problems.join('; ')}` : ''}` };
	}
	// Continue On Fail: the items of the failed calls have an error item each, paired, that says
	// what became of them; every other item its result.
	const saysMaybe = errorItems.every((item) => fateUnknown(JSON.stringify(item.json.details ?? '')) || (item.json.details as IDataObject | undefined)?.maybeSent === true);
	if (!paired) problems.push('an output item not paired to its input');
	if (output.length !== items.length) problems.push(`${output.length} output items for ${items.length} inputs`);
	if (errorItems.length !== failedSize) problems.push(`${errorItems.length} error items where ${failedSize} were expected`);
	if (maybe && !saysMaybe) problems.push('an error item does not say the message may have been sent');
	return {
		...base,
		ok: problems.length === 0,
		outcome: `error items (${errorItems.length}, paired: ${paired}, fate reported: ${maybe ? saysMaybe : 'refused'}; ${sent} accepted, ${calls} calls)${problems.length ? `: ${problems.join('; ')}` : ''}`,
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
	options: { once: boolean; label?: string; baselineCalls?: number },
): Promise<void> {
	for (const continueOnFail of options.once ? [false] : [false, true]) {
		const outcome = await judge(matrix, matrix.sim(), operation, fault, baseline, continueOnFail, options.baselineCalls);
		outcomes.push({ ...outcome, fault: `${options.label ?? ''}${outcome.fault}${continueOnFail ? ' (Continue On Fail)' : ''}` });
		// The outcome's text shows only when the case failed, to say why.
		expect({ ok: outcome.ok, duplicates: outcome.duplicates, lost: outcome.lost, why: outcome.ok ? '' : outcome.outcome }).toEqual({ ok: true, duplicates: 0, lost: 0, why: '' });
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
		/** The calls the operation makes without a fault. */
		let baselineCalls = 0;
		beforeAll(async () => {
			matrix.reset();
			operation.prepare?.();
			matrix.sim().clearFaults();
			const run = await runNode(operation.node(), operation.items());
			if (run.error) throw run.error;
			baseline = mainItems(run);
			baselineCalls = matrix.sim().recorded(operation.sendMatch ?? operation.match).length;
			expect(baselineCalls).toBeGreaterThan(0);
			if (operation.kind === 'read') expect(baseline.length).toBeGreaterThan(0);
			options.checkBaseline?.(operation, baseline);
		});

		test.each([...matrix.faults, ...(operation.ownFaults ?? [])].map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
			await expectFaultHandled(matrix, outcomes, operation, fault, baseline, { once: once(fault), baselineCalls });
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
