/**
 * Routee Export History written page by page (pagesToBinary): the file is byte for byte the
 * one the whole read at once gives, also when the parts of a message are far apart in
 * tracking, on different pages. The expected file is built here from the simulator's raw
 * tracking entries, by the rules the README states (one row per part, or per message with the
 * parts merged: SMS IDs listed in part order, price summed, the least advanced part's status),
 * not by the package's own code.
 */
import type { RouteeTrackingEntry as NodeTrackingEntry } from '../../nodes/Routee/message';
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

/** The export's columns, as the file has them (without `part` when a row is a message). */
const COLUMNS = [
	'messageId',
	'smsId',
	'part',
	'parts',
	'direction',
	'from',
	'to',
	'body',
	'status',
	'detailedStatus',
	'statusDescription',
	'statusDate',
	'receivedDate',
	'price',
	'country',
	'operator',
	'label',
	'campaignName',
	'campaignTrackingId',
	'applicationName',
	'originatingService',
	'latency',
];
/** Routee's ISO dates as the file writes them: whole seconds without `.000`. */
const fileDate = (date: string | undefined) => (date === undefined ? null : date.replace(/\.000Z$/, 'Z'));
/** How far a part got, least first: a message is only as far as its least advanced part. */
const ADVANCE: Record<string, number> = { failed: 0, undelivered: 1, queued: 2, sent: 3, delivered: 4 };

/** One row per tracking entry (part), or per message in the order its first part comes. */
function expectedCsv(entries: RouteeTrackingEntry[], perPart: boolean): string {
	const row = (entry: RouteeTrackingEntry, smsId: string, status: RouteeTrackingEntry['status'], price: number) => ({
		messageId: entry.messageId,
		smsId,
		part: entry.part,
		parts: entry.parts,
		direction: entry.direction,
		from: entry.from,
		to: entry.to,
		body: entry.body,
		status: status.status,
		detailedStatus: status.reason?.detailedStatus ?? null,
		statusDescription: status.reason?.description ?? null,
		statusDate: fileDate(status.date),
		receivedDate: fileDate(entry.receivedDate),
		price,
		country: entry.country,
		operator: entry.operator,
		label: entry.label,
		campaignName: entry.campaignName,
		campaignTrackingId: entry.campaignTrackingId,
		applicationName: entry.applicationName,
		originatingService: entry.originatingService,
		latency: entry.latency,
	});
	if (perPart) return writeCsv(entries.map((entry) => row(entry, entry.smsId, entry.status, entry.price)), COLUMNS);
	const messages = new Map<string, RouteeTrackingEntry[]>();
	for (const entry of entries) messages.set(entry.messageId, [...(messages.get(entry.messageId) ?? []), entry]);
	const rows = [...messages.values()].map((parts) => {
		const byPart = [...parts].sort((a, b) => a.part - b.part);
		let least = byPart[0];
		for (const part of byPart) if (ADVANCE[part.status.status.toLowerCase()] < ADVANCE[least.status.status.toLowerCase()]) least = part;
		const latestDate = byPart.map((part) => part.status.date).sort().pop()!;
		const price = Number(byPart.reduce((sum, part) => sum + part.price, 0).toFixed(6));
		return row(byPart[0], byPart.map((part) => part.smsId).join(' '), { ...least.status, date: latestDate }, price);
	});
	return writeCsv(rows, COLUMNS.filter((column) => column !== 'part'));
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
		parameters: { output: 'full', resource: 'sms', operation: 'exportHistory', rows },
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
