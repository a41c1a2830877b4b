// The polling triggers' one skeleton: the cursor in the workflow's static data (so it survives
// restarts and works in queue mode, where each poll may run on another worker), the sample of a
// test run, and what a poll emits. The cursor remembers a time watermark, the keys already
// emitted inside an overlap window, and each message's last known status, so that:
// - the first poll records what exists and emits nothing (no replay of old history);
// - each message (or id + status pair) is emitted once, even when polls overlap or pages shift;
// - a message that arrives during a poll, or with a timestamp a little in the past, is still
//   caught by the next poll (every poll reads back over the overlap window).
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { NormalizedMessage } from './message';
import { readOutput, shapeOutput, type OutputShape } from './output';

/** A polling trigger's cursor, as kept in the workflow's static data. */
export interface PollCursor {
	/** Unix seconds: the newest message time seen so far. */
	watermark?: number;
	/** Emitted keys with the message time they belong to, pruned once older than the window. */
	seen: Record<string, number>;
	/** Last known status per message id (status events only). */
	statuses: Record<string, string>;
}

export interface PolledMessage {
	/** Stable identity of the message at the provider. */
	id: string;
	/** Unix seconds of the event (message time, or status time when the provider gives one). */
	time: number;
	/** The provider's status (status events only). */
	status?: string;
}

export interface PollOutcome<T> {
	/** Messages to emit, oldest first, with the status they had before (status events). */
	emit: Array<{ message: T; previousStatus: string | null }>;
	cursor: PollCursor;
	/** True when this was the first poll: the cursor was set up and nothing was emitted. */
	initialized: boolean;
}

/** How far back every poll reads again, to catch late or out-of-order messages. */
export const DEFAULT_OVERLAP_SECONDS = 600;
/** Bounds the cursor's size in static data. */
const MAX_TRACKED = 20_000;

export function readCursor(staticData: IDataObject): PollCursor | undefined {
	const cursor = staticData.cursor as PollCursor | undefined;
	if (!cursor || typeof cursor !== 'object') return undefined;
	return { watermark: cursor.watermark, seen: { ...(cursor.seen ?? {}) }, statuses: { ...(cursor.statuses ?? {}) } };
}

export function writeCursor(staticData: IDataObject, cursor: PollCursor): void {
	staticData.cursor = cursor as unknown as IDataObject;
}

/** The time to ask the provider for messages from: the watermark minus the overlap window. */
export function pollFrom(cursor: PollCursor | undefined, overlapSeconds = DEFAULT_OVERLAP_SECONDS): number | undefined {
	return cursor?.watermark === undefined ? undefined : cursor.watermark - overlapSeconds;
}

/**
 * Decides what a poll emits. `event` 'new' emits each message id once; 'status' emits each
 * (id, status) pair once, with the previous status, and only for the statuses wanted.
 */
export function decide<T>(
	previous: PollCursor | undefined,
	fetched: T[],
	describe: (message: T) => PolledMessage,
	options: { event: 'new' | 'status'; statuses?: string[]; overlapSeconds?: number },
): PollOutcome<T> {
	const overlap = options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
	const cursor: PollCursor = previous
		? { watermark: previous.watermark, seen: { ...previous.seen }, statuses: { ...previous.statuses } }
		: { seen: {}, statuses: {} };
	// A new-message poll never emits what is older than the cursor still remembers: its key may
	// have been forgotten, and a source that always lists its newest N would offer it again.
	const horizon = options.event === 'new' && previous?.watermark !== undefined ? previous.watermark - 2 * overlap : undefined;
	const described = fetched
		.map((message) => ({ message, info: describe(message) }))
		.filter(({ info }) => horizon === undefined || info.time >= horizon);
	described.sort((a, b) => a.info.time - b.info.time);
	const emit: PollOutcome<T>['emit'] = [];
	for (const { message, info } of described) {
		const key = options.event === 'new' ? info.id : `${info.id}|${info.status ?? ''}`;
		if (key in cursor.seen) continue;
		cursor.seen[key] = info.time;
		const previousStatus = cursor.statuses[info.id] ?? null;
		if (info.status !== undefined) cursor.statuses[info.id] = info.status;
		if (!previous) continue;
		if (options.event === 'status') {
			if (previousStatus === info.status) continue;
			if (options.statuses?.length && !options.statuses.includes(info.status ?? '')) continue;
		}
		emit.push({ message, previousStatus });
	}
	const newest = described.length ? described[described.length - 1].info.time : undefined;
	if (newest !== undefined && (cursor.watermark === undefined || newest > cursor.watermark)) cursor.watermark = newest;
	prune(cursor, overlap);
	return { emit, cursor, initialized: !previous };
}

/** Forgets keys older than the overlap window behind the watermark (they can no longer come back). */
function prune(cursor: PollCursor, overlapSeconds: number): void {
	if (cursor.watermark === undefined) return;
	const horizon = cursor.watermark - 2 * overlapSeconds;
	for (const [key, time] of Object.entries(cursor.seen)) if (time < horizon) delete cursor.seen[key];
	const keys = Object.keys(cursor.seen);
	if (keys.length > MAX_TRACKED) {
		keys.sort((a, b) => cursor.seen[a] - cursor.seen[b]);
		for (const key of keys.slice(0, keys.length - MAX_TRACKED)) delete cursor.seen[key];
	}
	const ids = Object.keys(cursor.statuses);
	if (ids.length > MAX_TRACKED) for (const id of ids.slice(0, ids.length - MAX_TRACKED)) delete cursor.statuses[id];
}

export type PollEvent = 'inboundMessage' | 'statusChanged';

/** A message as a trigger read it: the provider's object, the normalized model, the poll's view. */
export interface PolledEntry<Raw extends object> {
	raw: Raw;
	normalized: NormalizedMessage;
	info: PolledMessage;
}

/** What a trigger's reads are for: the event, the statuses wanted (empty for all), the poll's time. */
export interface PollRead {
	event: PollEvent;
	statuses: string[];
	/** Unix seconds when the poll started. */
	now: number;
}

/** A provider's reads for pollMessages. */
export interface PollSource<Entry extends PolledEntry<object>> {
	/**
	 * A test run: messages to pick the newest matching one from. `previous` is the cursor, which
	 * a test run never changes, for a provider whose read starts there.
	 */
	sample(read: PollRead & { previous: PollCursor | undefined }): Promise<Entry[]>;
	/** A poll: the messages to judge against the cursor (`previous`, undefined on the first poll). */
	read(read: PollRead & { previous: PollCursor | undefined }): Promise<Entry[]>;
	/** A test run does not touch static data at all (not even to read the cursor). */
	sampleWithoutCursor?: boolean;
}

/**
 * A polling trigger's poll: in a test run, the most recent message that matches (so its fields
 * can be mapped), the cursor left alone; otherwise what `decide` emits, and the new cursor
 * saved. Request failures arrive as NodeApiError from the provider's transport.
 */
export async function pollMessages<Entry extends PolledEntry<object>>(
	context: IPollFunctions,
	source: PollSource<Entry>,
): Promise<INodeExecutionData[][] | null> {
	const event = context.getNodeParameter('event') as PollEvent;
	const statuses = event === 'statusChanged' ? (context.getNodeParameter('statuses', []) as string[]) : [];
	const shape = readOutput(context);
	const now = Math.floor(Date.now() / 1000);

	if (context.getMode() === 'manual') {
		const previous = source.sampleWithoutCursor ? undefined : readCursor(context.getWorkflowStaticData('node'));
		const candidates = await source.sample({ event, statuses, now, previous });
		const latest = candidates
			.filter((entry) => !statuses.length || statuses.includes(entry.normalized.status))
			.sort((a, b) => b.info.time - a.info.time)[0];
		return latest ? [[pollItem(latest, null, shape)]] : null;
	}

	const staticData = context.getWorkflowStaticData('node');
	const previous = readCursor(staticData);
	const fetched = await source.read({ event, statuses, now, previous });
	const outcome = decide(previous, fetched, (entry) => entry.info, { event: event === 'inboundMessage' ? 'new' : 'status', statuses });
	writeCursor(staticData, outcome.cursor);
	if (outcome.emit.length === 0) return null;
	return [outcome.emit.map(({ message, previousStatus }) => pollItem(message, previousStatus, shape))];
}

/** The item of one message: the model or the provider's object; status events add the previous status. */
function pollItem(entry: PolledEntry<object>, previousStatus: string | null, shape: OutputShape): INodeExecutionData {
	const json = shapeOutput(shape, () => entry.normalized, entry.raw);
	if (entry.info.status !== undefined) json.previousStatus = previousStatus;
	return { json };
}
