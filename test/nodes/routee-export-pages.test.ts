/**
 * Routee Export History written page by page (pagesToBinary): the file is byte for byte the
 * one built from the whole read at once, also when the parts of a message are far apart in
 * tracking, on different pages.
 */
import { mergeParts, EXPORT_COLUMNS, exportRow, type RouteeTrackingEntry as NodeTrackingEntry } from '../../nodes/Routee/message';
import { mergedPages } from '../../nodes/Routee/actions/history';
import { RouteeSimulator, type RouteeTrackingEntry } from '../simulators/routee';
import { runNode } from '../support/n8n-harness';
import { writeCsv } from '../support/csv';

let sim: RouteeSimulator;
beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetAll());

const byDate = (a: RouteeTrackingEntry, b: RouteeTrackingEntry) =>
	a.status.date.localeCompare(b.status.date) || a.messageId.localeCompare(b.messageId) || a.part - b.part;

function expectedCsv(entries: RouteeTrackingEntry[], perPart: boolean): string {
	const columns = perPart ? EXPORT_COLUMNS : EXPORT_COLUMNS.filter((column) => column !== 'part');
	const source = perPart ? (entries as NodeTrackingEntry[]) : mergeParts(entries as NodeTrackingEntry[]);
	return writeCsv(
		source.map((entry) => {
			const row = exportRow(entry);
			return Object.fromEntries(columns.map((column) => [column, row[column]]));
		}),
		columns,
	);
}

test.each([
	['one row per message', 'message'],
	['one row per part', 'part'],
])('%s: the same file as one read at once, with a message\'s parts on different pages', async (_, rows) => {
	sim.seedHistory(4500, 11, { spanDays: 6 });
	// A three-part message whose last part got a newer status: it is tracked pages away from the others.
	const split = sim.tracking.find((entry) => entry.parts === 3 && entry.part === 1)!;
	await sim.changeStatus(split.messageId, 'Delivered', { part: 3, date: new Date(Date.now() - 60_000).toISOString() });
	const ordered = [...sim.tracking].sort(byDate);
	const positions = ordered.flatMap((entry, index) => (entry.messageId === split.messageId ? [index] : []));
	expect(Math.floor(positions[0] / 2000)).not.toBe(Math.floor(positions[2] / 2000));

	const { outputs, error } = await runNode({
		type: 'routee',
		parameters: { resource: 'sms', operation: 'exportHistory', rows },
		credentials: {
			routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
		},
	});

	expect(error).toBeUndefined();
	const calls = sim.recorded(/^POST \/sms\/tracking$/);
	expect(calls.map((call) => call.query.page)).toEqual(['0', '1', '2']);
	const text = Buffer.from(outputs[0][0].binary!.data.data, 'base64').toString('utf8');
	expect(text).toBe(expectedCsv(ordered, rows === 'part'));
	const messageRows = text.split('\r\n').filter((line) => line.startsWith(`${split.messageId},`));
	expect(messageRows).toHaveLength(rows === 'part' ? 3 : 1);
	expect(outputs[0][0].json.rows).toBe(rows === 'part' ? ordered.length : new Set(ordered.map((entry) => entry.messageId)).size);
});

test('mergedPages holds a message until all its parts appeared and keeps the order of first appearance', async () => {
	const part = (messageId: string, number: number, parts: number): NodeTrackingEntry => ({
		messageId,
		smsId: `${messageId}-${number}`,
		part: number,
		parts,
		body: messageId,
		price: 0.01,
		status: { date: `2026-01-01T00:00:0${number}Z`, status: 'Delivered' },
	});
	async function* pages() {
		yield [part('A', 1, 1), part('B', 2, 2), part('C', 1, 1)];
		yield [part('D', 1, 1)];
		yield [part('B', 1, 2), part('E', 1, 2)];
	}
	const seen: string[][] = [];
	for await (const page of mergedPages(pages())) seen.push(page.map((message) => `${message.messageId}:${message.smsIds.join('+')}`));
	// A first; B waits for its first part, and C, D wait behind it; E never completes and comes out at the end.
	expect(seen).toEqual([['A:A-1'], ['B:B-1+B-2', 'C:C-1', 'D:D-1'], ['E:E-1']]);
});
