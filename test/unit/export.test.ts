import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { csvColumns, csvFileProblem, exportFileName, pagesToBinary } from '../../nodes/shared/export';
import { parseCsv } from '../support/csv';

/** The CSV pagesToBinary writes for rows that come as one page. */
async function csvOf(rows: Array<Record<string, unknown>>, columns?: string[]): Promise<string> {
	const context = {
		helpers: {
			prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
				data: buffer.toString('base64'),
				mimeType: mimeType ?? '',
				fileName,
			}),
		},
	} as unknown as IExecuteFunctions;
	async function* onePage(): AsyncGenerator<Array<Record<string, unknown>>> {
		yield rows;
	}
	const { binary } = await pagesToBinary(context, onePage(), 'csv', 'rows', columns);
	return Buffer.from(binary.data, 'base64').toString('utf8');
}

describe('CSV cells and lines (one page)', () => {
	it('writes a header and one line per row, each ending with CRLF', async () => {
		expect(await csvOf([{ id: 1, to: '+61411111111' }, { id: 2, to: '+61422222222' }])).toBe(
			'id,to\r\n1,+61411111111\r\n2,+61422222222\r\n',
		);
	});

	it('quotes a cell holding a comma', async () => {
		expect(await csvOf([{ body: 'Hello, world' }])).toBe('body\r\n"Hello, world"\r\n');
	});

	it('quotes a cell holding a double quote and doubles the quote', async () => {
		expect(await csvOf([{ body: 'Say "hi"' }])).toBe('body\r\n"Say ""hi"""\r\n');
	});

	it('quotes a cell holding a line feed, a carriage return or CRLF, keeping the break', async () => {
		expect(await csvOf([{ a: 'line 1\nline 2', b: 'x\ry', c: 'p\r\nq' }])).toBe('a,b,c\r\n"line 1\nline 2","x\ry","p\r\nq"\r\n');
	});

	it('leaves spaces, semicolons and non-ASCII text unquoted', async () => {
		expect(await csvOf([{ body: ' Grüezi; ж 😀 ' }])).toBe('body\r\n Grüezi; ж 😀 \r\n');
	});

	it('writes null and undefined as empty cells and keeps 0 and false', async () => {
		expect(await csvOf([{ a: null, b: undefined, c: 0, d: false }])).toBe('a,b,c,d\r\n,,0,false\r\n');
	});

	it('writes objects and lists as quoted JSON', async () => {
		expect(await csvOf([{ meta: { k: 'v' }, list: [1, 2] }])).toBe('meta,list\r\n"{""k"":""v""}","[1,2]"\r\n');
	});

	it('orders columns by first appearance across all rows, leaving missing cells empty', async () => {
		expect(await csvOf([{ b: 1, a: 2 }, { c: 3, a: 4 }])).toBe('b,a,c\r\n1,2,\r\n,4,3\r\n');
	});

	it('uses the given columns, in their order, leaving out other keys', async () => {
		expect(await csvOf([{ id: 1, to: 'x', secret: 's' }], ['to', 'id', 'missing'])).toBe('to,id,missing\r\nx,1,\r\n');
	});

	it('writes only the header for no rows when columns are given', async () => {
		expect(await csvOf([], ['id', 'to'])).toBe('id,to\r\n');
	});

	it('quotes a header that needs it', async () => {
		expect(await csvOf([{ 'price, USD': 1 }])).toBe('"price, USD"\r\n1\r\n');
	});

	it('reads back to the same cells with an RFC 4180 reader', async () => {
		const rows = [
			{ id: '1', body: 'Plain' },
			{ id: '2', body: 'Commas, "quotes",\nand\r\nbreaks' },
			{ id: '3', body: '"' },
			{ id: '4', body: '' },
		];
		expect(parseCsv(await csvOf(rows), { strict: true })).toEqual([['id', 'body'], ...rows.map((row) => [row.id, row.body])]);
	});
});

describe('csvColumns', () => {
	it('prefers the given columns', () => {
		expect(csvColumns([{ a: 1 }], ['z'])).toEqual(['z']);
	});

	it('falls back to the keys of the rows when the given list is empty', () => {
		expect(csvColumns([{ a: 1 }, { b: 2, a: 3 }], [])).toEqual(['a', 'b']);
	});
});

describe('exportFileName', () => {
	it('adds the extension of the format', () => {
		expect(exportFileName('history', 'csv')).toBe('history.csv');
		expect(exportFileName('history', 'json')).toBe('history.json');
	});

	it('keeps a name that already has the extension, in any case', () => {
		expect(exportFileName('history.csv', 'csv')).toBe('history.csv');
		expect(exportFileName('History.CSV', 'csv')).toBe('History.CSV');
	});

	it('adds the extension when the name has another one', () => {
		expect(exportFileName('history.csv', 'json')).toBe('history.csv.json');
	});

	it('trims the name and uses "messages" for a blank one', () => {
		expect(exportFileName('  sms export  ', 'csv')).toBe('sms export.csv');
		expect(exportFileName('   ', 'json')).toBe('messages.json');
	});
});

describe('pagesToBinary with one page', () => {
	async function* onePage(rows: Array<Record<string, unknown>>): AsyncGenerator<Array<Record<string, unknown>>> {
		yield rows;
	}

	function fakeContext() {
		const calls: Array<{ content: string; fileName?: string; mimeType?: string }> = [];
		const context = {
			helpers: {
				prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
					calls.push({ content: buffer.toString('utf8'), fileName, mimeType });
					return { data: buffer.toString('base64'), mimeType: mimeType ?? '', fileName };
				},
			},
		} as unknown as IExecuteFunctions;
		return { context, calls };
	}

	it('writes CSV as text/csv under a .csv name', async () => {
		const { context, calls } = fakeContext();
		const { binary } = await pagesToBinary(context, onePage([{ id: 1, body: 'a,b' }]), 'csv', 'history');
		expect(calls).toEqual([{ content: 'id,body\r\n1,"a,b"\r\n', fileName: 'history.csv', mimeType: 'text/csv' }]);
		expect(binary.fileName).toBe('history.csv');
	});

	it('writes JSON as application/json under a .json name, keeping the values', async () => {
		const { context, calls } = fakeContext();
		const rows = [{ id: 1, body: 'ж 😀', price: null }];
		await pagesToBinary(context, onePage(rows), 'json', 'history.json');
		expect(calls[0].fileName).toBe('history.json');
		expect(calls[0].mimeType).toBe('application/json');
		expect(JSON.parse(calls[0].content)).toEqual(rows);
	});

	it('passes the chosen columns to the CSV', async () => {
		const { context, calls } = fakeContext();
		await pagesToBinary(context, onePage([{ id: 1, body: 'x' }]), 'csv', 'h', ['body']);
		expect(calls[0].content).toBe('body\r\nx\r\n');
	});
});

describe('csvFileProblem: a downloaded file is a whole CSV or says why not', () => {
	const file = (text: string) => Buffer.from(text, 'utf8');
	test.each([
		['LF rows', 'message_id,to,body\n1,+61411000000,Hi\n2,+61411000001,"Hi, there"\n'],
		['CRLF rows, a quoted line break and quote', 'a,b\r\n1,"two\r\nlines ""quoted"""\r\n'],
		['a header only', 'message_id\n'],
		['a byte order mark', '\ufeffa,b\n1,2\n'],
	])('%s: complete', (_name, text) => {
		expect(csvFileProblem(file(text))).toBeUndefined();
	});

	test.each([
		['cut mid-row (fewer cells, no line break)', 'a,b,c\n1,2,3\n4,5', 'a CSV file whose last row (row 3) does not end with a line break: the file was cut short'],
		['cut inside the last cell', 'a,b\n1,2\n3,Hel', 'a CSV file whose last row (row 3) does not end with a line break: the file was cut short'],
		['cut inside a quoted cell', 'a,b\n1,"Hello\n', 'a CSV file that ends inside a quoted cell: the file was cut short'],
		['a row with too few cells', 'a,b,c\n1,2\n', 'a CSV file whose row 2 has 2 cells where the header has 3: the file is damaged or cut short'],
		['an HTML page', '  <!DOCTYPE html><html><body>Maintenance</body></html>\n', 'a page (it begins with "<"), not a CSV file'],
		['empty', '', 'an empty file'],
	])('%s', (_name, text, problem) => {
		expect(csvFileProblem(file(text))).toBe(problem);
	});

	test('bytes that are not text, or text with binary bytes, or a page by its content type', () => {
		expect(csvFileProblem(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x0a]))).toBe('a file that is not text (not valid UTF-8), not a CSV file');
		expect(csvFileProblem(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x0a]))).toBe('a file with binary bytes in it, not a CSV file');
		expect(csvFileProblem(file('a,b\n1,2\n'), 'text/html; charset=utf-8')).toBe('an HTML page instead of the CSV file');
		expect(csvFileProblem(file('a,b\n1,2\n'), 'text/csv')).toBeUndefined();
	});
});
