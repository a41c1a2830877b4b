/** Splits a list into chunks of at most `size`, keeping order. */
export function chunk<T>(list: T[], size: number): T[][] {
	if (size < 1) throw new RangeError('chunk size must be at least 1');
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}
