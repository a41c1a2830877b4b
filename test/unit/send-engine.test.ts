/** The send engine's pure parts: packing messages into calls, calls in flight, item ranges. */
import { sleep } from 'n8n-workflow';

import type { SendGateway } from '../../nodes/shared/gateway';
import { describeItems, inFlight, planCalls } from '../../nodes/shared/send';

interface Message {
	text: string;
	recipients: number;
}

const gateway = (maxPerCall: number): SendGateway<Message> => ({
	providerName: 'Test',
	maxPerCall,
	read: () => ({ text: '', recipients: 1 }),
	describe: () => ({}),
	send: async () => ({ perMessage: [] }),
	groupKey: (message) => message.text,
	weight: (message) => message.recipients,
});
const prepared = (messages: Message[]) => messages.map((message, itemIndex) => ({ itemIndex, message }));
const itemsOf = (calls: Array<Array<{ itemIndex: number }>>) => calls.map((call) => call.map(({ itemIndex }) => itemIndex));

describe('planCalls', () => {
	test('one message per call for per-message APIs, in item order, whatever the group', () => {
		const messages = [{ text: 'a', recipients: 1 }, { text: 'b', recipients: 1 }, { text: 'a', recipients: 1 }];
		expect(itemsOf(planCalls(gateway(1), prepared(messages)))).toEqual([[0], [1], [2]]);
	});
	test('same group together, packed by weight up to the maximum, order kept inside a call', () => {
		const messages = [
			{ text: 'a', recipients: 400 },
			{ text: 'b', recipients: 1 },
			{ text: 'a', recipients: 500 },
			{ text: 'a', recipients: 200 },
			{ text: 'b', recipients: 1 },
		];
		expect(itemsOf(planCalls(gateway(1000), prepared(messages)))).toEqual([[0, 2], [3], [1, 4]]);
	});
	test('a message heavier than the maximum still gets a call of its own', () => {
		expect(itemsOf(planCalls(gateway(10), prepared([{ text: 'a', recipients: 30 }, { text: 'a', recipients: 1 }])))).toEqual([[0], [1]]);
	});
});

describe('inFlight', () => {
	test('never more than allowed at once, every call once, no new call after the stop', async () => {
		let active = 0;
		let most = 0;
		const started: number[] = [];
		let stop = false;
		await inFlight(
			Array.from({ length: 30 }, (_, index) => index),
			() => 4,
			() => stop,
			async (call) => {
				started.push(call);
				active++;
				most = Math.max(most, active);
				await sleep(5);
				if (call === 10) stop = true;
				active--;
			},
		);
		expect(most).toBe(4);
		expect(new Set(started).size).toBe(started.length);
		// Call 10 stopped the run: only the ones already started (up to 3 after it) ran.
		expect(Math.max(...started)).toBeLessThanOrEqual(13);
		expect(active).toBe(0);
	});
	test('follows a changing allowance (a 429 halving it)', async () => {
		let allowance = 6;
		let active = 0;
		const seen: number[] = [];
		await inFlight(
			Array.from({ length: 20 }, (_, index) => index),
			() => allowance,
			() => false,
			async (call) => {
				active++;
				seen.push(active);
				if (call === 5) allowance = 1;
				await sleep(2);
				active--;
			},
		);
		expect(seen.slice(-5)).toEqual([1, 1, 1, 1, 1]);
	});
});

describe('describeItems', () => {
	test.each([
		[[4], 8, 'item 4'],
		[[0, 1, 2, 5, 7, 8], 8, 'items 0–2, 5, 7–8'],
		[[3, 1, 2, 2], 8, 'items 1–3'],
		[[0, 2, 4, 6], 2, 'items 0, 2 and 2 more ranges'],
	])('%j (at most %i ranges) → %s', (indexes, max, expected) => {
		expect(describeItems(indexes, max)).toBe(expected);
	});
});
