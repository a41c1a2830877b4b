/**
 * Send times for tests: a send may be scheduled at most 366 days ahead and never in the past,
 * so fixed dates ("2036-…") would be refused, and any fixed date would one day be past. These
 * give the next occurrence of a calendar date, worked out with plain `Date`, not the code under
 * test.
 */
const pad = (value: number) => String(value).padStart(2, '0');

/** This year or the next: the first in which `month`/`day` is at least two days ahead of now. */
export function upcomingYear(month: number, day: number | ((year: number) => number)): number {
	const now = Date.now();
	const year = new Date(now).getUTCFullYear();
	const dayIn = (candidate: number) => (typeof day === 'number' ? day : day(candidate));
	return Date.UTC(year, month - 1, dayIn(year)) > now + 2 * 86_400_000 ? year : year + 1;
}

/** The day of the month of the last Sunday of `month` (1–12): Europe's clocks change then. */
export function lastSunday(year: number, month: number): number {
	const last = new Date(Date.UTC(year, month, 0));
	return last.getUTCDate() - last.getUTCDay();
}

/** `YYYY-MM-DD` */
export function ymd(year: number, month: number, day: number): string {
	return `${year}-${pad(month)}-${pad(day)}`;
}
