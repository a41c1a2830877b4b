/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
import { AdaptivePace } from '../../nodes/shared/pace';
import { collectAll, pageSizeStyle, paginate } from '../../nodes/shared/paginate';

test('a 429 halves the requests in flight, down to one; calm recovers one at a time up to the request', () => {
	const pace = new AdaptivePace();
	expect(pace.allowed(8)).toBe(8);
	pace.throttled();
	expect(pace.allowed(8)).toBe(4);
	pace.throttled();
	pace.throttled();
	pace.throttled();
	expect(pace.allowed(8)).toBe(1);
	pace.succeeded();
	expect(pace.allowed(8)).toBe(1);
	pace.succeeded();
	expect(pace.allowed(8)).toBe(2);
	for (let index = 0; index < 100; index++) pace.succeeded();
	expect(pace.allowed(8)).toBe(8);
	expect(pace.allowed(3)).toBe(3);
	pace.throttled();
	expect(pace.allowed(3)).toBe(1);
});

test('paging follows the pace: after a throttle the window shrinks, and every page still arrives once, in order', async () => {
	const pace = new AdaptivePace();
	let inFlight = 0;
	const inFlightAtStart: number[] = [];
	const pages = paginate<number>({
		style: pageSizeStyle(10),
		concurrency: 8,
		pace,
		fetchPage: async ({ page }) => {
			inFlight++;
			inFlightAtStart[page] = inFlight;
			await new Promise((resolve) => setTimeout(resolve, 5 + ((page * 7) % 11)));
			if (page === 3) pace.throttled(); // the provider pushed back on page 3
			inFlight--;
			return { items: Array.from({ length: page === 29 ? 4 : 10 }, (_, index) => page * 10 + index), total: 294 };
		},
	});
	const items = await collectAll(pages);
	expect(items).toEqual(Array.from({ length: 294 }, (_, index) => index));
	expect(Math.max(...inFlightAtStart.slice(1, 9))).toBe(8);
	// Once throttled to 4, the window never refills past 4 until the pace recovers.
	expect(Math.max(...inFlightAtStart.slice(12, 16))).toBeLessThanOrEqual(4);
});
