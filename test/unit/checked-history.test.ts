import { csvRows } from '../../nodes/shared/export';
import { checkedPages, readCheckedHistory, type RecordCheck } from '../../nodes/shared/history';
import { pageLimitStyle } from '../../nodes/shared/paginate';

interface Row {
	id: string;
	to: string;
	status: string;
}

describe('csvRows', () => {
	test('quoted cells with commas, quotes and line breaks; CRLF rows; a BOM kept on the header', () => {
		const text = '\ufeffmessage_id,body,status\r\nA,"Hi, there",Completed\r\nB,"two\nlines ""quoted""",Failed\r\n';
		const { header, headerText, rows } = csvRows(Buffer.from(text, 'utf8'));
		expect(header).toEqual(['message_id', 'body', 'status']);
		expect(headerText).toBe('\ufeffmessage_id,body,status\r\n');
		expect(rows.map((row) => row.cells)).toEqual([
			['A', 'Hi, there', 'Completed'],
			['B', 'two\nlines "quoted"', 'Failed'],
		]);
		expect(rows.map((row) => row.text)).toEqual(['A,"Hi, there",Completed\r\n', 'B,"two\nlines ""quoted""",Failed\r\n']);
		// The rows' own texts put back together are the file.
		expect(headerText + rows.map((row) => row.text).join('')).toBe(text);
	});

	test('empty cells and LF rows', () => {
		const { rows } = csvRows(Buffer.from('a,b,c\n,,x\n1,,\n', 'utf8'));
		expect(rows.map((row) => row.cells)).toEqual([
			['', '', 'x'],
			['1', '', ''],
		]);
	});
});

describe('checkedPages and readCheckedHistory', () => {
	const to: RecordCheck<Row> = { label: 'To', test: (row) => row.to === '+61411000001' };
	const completed: RecordCheck<Row> = { label: 'Status', test: (row) => row.status === 'Completed' };
	const rows: Row[] = Array.from({ length: 45 }, (_, index) => ({
		id: `m${index + 1}`,
		to: index % 10 === 3 ? '+61411000001' : '+61411000099',
		status: index % 20 === 3 ? 'Failed' : 'Completed',
	}));

	test('keeps only records passing every check; tells once how many the sent filter excludes', async () => {
		const notices: string[] = [];
		const pages = [rows.slice(0, 20), rows.slice(20, 40), rows.slice(40)];
		const kept: Row[] = [];
		for await (const page of checkedPages(pages, { checks: [to, completed], sent: to, providerName: 'ClickSend', noun: 'message', onIgnoredFilter: (notice) => notices.push(notice) })) kept.push(...page);
		// m4, m14, m24, m34, m44 are to +61411000001; m4, m24 and m44 failed.
		expect(kept.map((row) => row.id)).toEqual(['m14', 'm34']);
		expect(notices).toEqual(['ClickSend did not apply the To filter it was sent: it returned 40 messages that do not match, which the node left out']);
	});

	test('no notice when the provider applied the filter it was sent', async () => {
		const notices: string[] = [];
		const honoured = rows.filter((row) => row.to === '+61411000001');
		const kept: Row[] = [];
		for await (const page of checkedPages([honoured], { checks: [to, completed], sent: to, providerName: 'ClickSend', noun: 'message', onIgnoredFilter: (notice) => notices.push(notice) })) kept.push(...page);
		expect(kept.map((row) => row.id)).toEqual(['m14', 'm34']);
		expect(notices).toEqual([]);
	});

	test('Limit counts kept records: with a Limit, pages are read one at a time until it is met', async () => {
		const asked: Array<Record<string, number>> = [];
		const source = {
			providerName: 'ClickSend',
			style: pageLimitStyle(15, 15),
			idOf: (row: Row) => row.id,
			fetchPage: async (params: Record<string, number>) => {
				asked.push(params);
				const start = (params.page - 1) * params.limit;
				return { items: rows.slice(start, start + params.limit), total: rows.length };
			},
		};
		const kept = await readCheckedHistory(source, { checks: [to, completed], sent: to, providerName: 'ClickSend', noun: 'message' }, { limit: 1 });
		expect(kept.map((row) => row.id)).toEqual(['m14']);
		expect(asked).toEqual([
			{ page: 1, limit: 15 },
		]);
		asked.length = 0;
		const two = await readCheckedHistory(source, { checks: [to, completed], sent: to, providerName: 'ClickSend', noun: 'message' }, { limit: 2 });
		expect(two.map((row) => row.id)).toEqual(['m14', 'm34']);
		expect(asked).toEqual([
			{ page: 1, limit: 15 },
			{ page: 2, limit: 15 },
			{ page: 3, limit: 15 },
		]);
	});
});
