/**
 * A small RFC 4180 reader for tests: quoted cells may hold commas, quotes and line breaks.
 * `strict` is for files this package writes: rows end with CRLF, the last one included.
 * Otherwise LF, CR or CRLF end a row, and the last row may lack one (files users make).
 */
export function parseCsv(text: string, options: { strict?: boolean } = {}): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				cell += '"';
				index++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			const crlf = char === '\r' && text[index + 1] === '\n';
			if (options.strict && !crlf) throw new Error(`CSV row ${rows.length + 1} does not end with CRLF`);
			if (crlf) index++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (cell !== '' || row.length) {
		if (options.strict) throw new Error('CSV does not end with CRLF');
		rows.push([...row, cell]);
	}
	return rows;
}

/**
 * The CSV the package should write for `rows`, built here apart from its encoder: RFC 4180
 * cells (quoted when they hold a comma, quote or line break; objects as JSON; null and
 * undefined empty), CRLF after every row, columns as given or every key in first-seen order.
 */
export function writeCsv(rows: Array<Record<string, unknown>>, columns?: string[]): string {
	const header = columns?.length ? columns : [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const cell = (value: unknown): string => {
		if (value === undefined || value === null) return '';
		const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
		return /[",\r\n]/.test(text) ? `"${text.split('"').join('""')}"` : text;
	};
	return [header, ...rows.map((row) => header.map((column) => row[column]))].map((line) => `${line.map(cell).join(',')}\r\n`).join('');
}
