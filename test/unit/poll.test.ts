import { decide, pollFrom, readCursor, writeCursor, type PollCursor } from '../../nodes/shared/poll';

interface Message {
	id: string;
	time: number;
	status?: string;
}
const describeMessage = (message: Message) => message;

test('the first poll records what exists and emits nothing', () => {
	const outcome = decide(undefined, [{ id: 'a', time: 100 }, { id: 'b', time: 90 }], describeMessage, { event: 'new' });
	expect(outcome.emit).toEqual([]);
	expect(outcome.initialized).toBe(true);
	expect(outcome.cursor).toEqual({ watermark: 100, seen: { a: 100, b: 90 }, statuses: {} });
});

test('new messages are emitted once, oldest first, however often they are read again', () => {
	const first = decide(undefined, [{ id: 'a', time: 100 }], describeMessage, { event: 'new' });
	const second = decide(first.cursor, [{ id: 'c', time: 130 }, { id: 'a', time: 100 }, { id: 'b', time: 120 }], describeMessage, { event: 'new' });
	expect(second.emit.map(({ message }) => message.id)).toEqual(['b', 'c']);
	const third = decide(second.cursor, [{ id: 'b', time: 120 }, { id: 'c', time: 130 }], describeMessage, { event: 'new' });
	expect(third.emit).toEqual([]);
	expect(third.cursor.watermark).toBe(130);
});

test('a message older than the watermark but not seen yet is still emitted (late arrival)', () => {
	const first = decide(undefined, [{ id: 'a', time: 1000 }], describeMessage, { event: 'new' });
	const second = decide(first.cursor, [{ id: 'late', time: 990 }, { id: 'a', time: 1000 }], describeMessage, { event: 'new' });
	expect(second.emit.map(({ message }) => message.id)).toEqual(['late']);
	expect(pollFrom(second.cursor, 600)).toBe(400);
});

test('status events: each (id, status) once, with the previous status, filtered by the wanted statuses', () => {
	const options = { event: 'status' as const, statuses: ['delivered', 'failed'] };
	const first = decide(undefined, [{ id: 'm', time: 1, status: 'sent' }], describeMessage, options);
	expect(first.emit).toEqual([]);
	const second = decide(first.cursor, [{ id: 'm', time: 2, status: 'delivered' }, { id: 'n', time: 2, status: 'sent' }], describeMessage, options);
	expect(second.emit).toEqual([{ message: { id: 'm', time: 2, status: 'delivered' }, previousStatus: 'sent' }]);
	const third = decide(second.cursor, [{ id: 'm', time: 2, status: 'delivered' }, { id: 'n', time: 3, status: 'failed' }], describeMessage, options);
	expect(third.emit).toEqual([{ message: { id: 'n', time: 3, status: 'failed' }, previousStatus: 'sent' }]);
});

test('keys older than twice the window are forgotten, so the cursor stays small', () => {
	const first = decide(undefined, [{ id: 'old', time: 0 }], describeMessage, { event: 'new', overlapSeconds: 10 });
	const second = decide(first.cursor, [{ id: 'new', time: 100 }], describeMessage, { event: 'new', overlapSeconds: 10 });
	expect(Object.keys(second.cursor.seen)).toEqual(['new']);
});

test('the cursor round-trips through static data', () => {
	const staticData = {};
	const cursor: PollCursor = { watermark: 5, seen: { a: 5 }, statuses: { a: 'sent' } };
	writeCursor(staticData, cursor);
	expect(readCursor(JSON.parse(JSON.stringify(staticData)))).toEqual(cursor);
	expect(readCursor({})).toBeUndefined();
});

test('a new-message poll never offers again what is older than the cursor remembers (a source listing its newest N)', () => {
	const options = { event: 'new' as const, overlapSeconds: 10 };
	const old = [{ id: 'old', time: 0 }];
	const first = decide(undefined, old, describeMessage, options);
	const second = decide(first.cursor, [...old, { id: 'new', time: 100 }], describeMessage, options);
	expect(second.emit.map(({ message }) => message.id)).toEqual(['new']);
	expect(second.cursor.seen).not.toHaveProperty('old'); // forgotten…
	const third = decide(second.cursor, [...old, { id: 'new', time: 100 }], describeMessage, options);
	expect(third.emit).toEqual([]); // …yet not emitted again
});
