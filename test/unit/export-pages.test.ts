import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { pagesToBinary } from '../../nodes/shared/export';

/** Only the helper pagesToBinary calls; it keeps what it was given so the test can read the file. */
const context = {
	helpers: {
		prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
			data: data.toString('base64'),
			fileName,
			mimeType: mimeType ?? '',
		}),
	},
} as unknown as IExecuteFunctions;

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
	for (const page of pages) yield page;
}
const text = (binary: IBinaryData) => Buffer.from(binary.data, 'base64').toString('utf8');

test('CSV from pages equals the CSV of all rows at once, with the row count', async () => {
	const rows = Array.from({ length: 7 }, (_, index) => ({ id: `m${index}`, body: index === 3 ? 'has, comma' : `text ${index}`, price: index / 10 }));
	const { binary, rows: count } = await pagesToBinary(context, pagesOf(rows.slice(0, 3), [], rows.slice(3)), 'csv', 'history');
	expect(count).toBe(7);
	expect(binary.fileName).toBe('history.csv');
	expect(binary.mimeType).toBe('text/csv');
	expect(text(binary)).toBe(
		'id,body,price\r\nm0,text 0,0\r\nm1,text 1,0.1\r\nm2,text 2,0.2\r\nm3,"has, comma",0.3\r\nm4,text 4,0.4\r\nm5,text 5,0.5\r\nm6,text 6,0.6\r\n',
	);
});

test('JSON from pages is one array of every row', async () => {
	const { binary, rows } = await pagesToBinary(context, pagesOf([{ a: 1 }, { a: 2 }], [{ a: 3 }]), 'json', 'x.json');
	expect(rows).toBe(3);
	expect(JSON.parse(text(binary))).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
	expect(binary.mimeType).toBe('application/json');
});

test('no rows: a CSV with only the header given, an empty JSON array', async () => {
	expect(text((await pagesToBinary(context, pagesOf(), 'csv', 'e', ['id', 'to'])).binary)).toBe('id,to\r\n');
	expect(JSON.parse(text((await pagesToBinary(context, pagesOf(), 'json', 'e')).binary))).toEqual([]);
});
