/**
 * The bad-input table: each row is an input n8n users really produce by mistake (an empty
 * field, an expression that yields null or an object, a number without its country code…),
 * the error it must produce, and the proof that nothing reached the provider.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorServer } from '../simulators/framework';
import { runNodeWithItems, type NodeUnderTest } from '../support/n8n-harness';
import { recordOutcomes } from '../faults/framework';

export interface BadInput {
	provider: string;
	operation: string;
	input: string;
	node: NodeUnderTest;
	items: INodeExecutionData[];
	/** The error's message; with `inItem`, also the item its itemIndex and description name. */
	error: RegExp | ItemError;
	/** Calls that may still happen (e.g. reading a list's size); by default none at all. */
	allowedCalls?: RegExp;
}

/** Bad input in one item: the message names the field, the item is the error's itemIndex and opens its description (n8n's shape). */
export interface ItemError {
	item: number;
	message: RegExp;
}
export const inItem = (item: number, message: RegExp): ItemError => ({ item, message });

export const jsonItems = (...items: IDataObject[]): INodeExecutionData[] => items.map((json) => ({ json }));

export interface BadInputRecord {
	provider: string;
	operation: string;
	input: string;
	error: string;
	callsToProvider: number;
}

/** Declares one test per row, and records every row for docs/reliability.md. */
export function badInputTable(name: string, sim: SimulatorServer, rows: () => BadInput[]): void {
	const records: BadInputRecord[] = [];
	beforeAll(async () => {
		await sim.start();
	});
	afterAll(async () => {
		recordOutcomes(`bad-input-${name}`, records);
		await sim.stop();
	});
	// Rows are built lazily: they need the simulator's URL.
	const placeholder = rows.length;
	void placeholder;
	test.each(Array.from({ length: rowCount(rows) }, (_, index) => [index]))('row %i', async (index) => {
		const row = rows()[index];
		sim.reset();
		const { error } = await runNodeWithItems(row.node, row.items);
		const reached = sim.requests.filter((request) => !row.allowedCalls || !row.allowedCalls.test(`${request.method} ${request.path}`));
		records.push({ provider: row.provider, operation: row.operation, input: row.input, error: error?.message ?? '(none)', callsToProvider: reached.length });
		const expected = row.error instanceof RegExp ? { message: row.error } : row.error;
		expect({ input: row.input, error: error?.message }).toEqual({ input: row.input, error: expect.stringMatching(expected.message) });
		if ('item' in expected) {
			const { itemIndex } = (error as { context?: { itemIndex?: number } }).context ?? {};
			const description = (error as { description?: string | null }).description;
			expect({ input: row.input, itemIndex, description }).toEqual({ input: row.input, itemIndex: expected.item, description: expect.stringMatching(new RegExp(`^Item ${expected.item}: `)) });
		}
		expect({ input: row.input, callsToProvider: reached.length }).toEqual({ input: row.input, callsToProvider: 0 });
	});
}

/** The number of rows, counted with a placeholder URL (rows only need the URL when they run). */
function rowCount(rows: () => BadInput[]): number {
	return rows().length;
}
