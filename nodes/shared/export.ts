// Exports built from history: the file's fields read and checked, rows written page by page to
// a CSV or JSON file, the file handed back as n8n binary data.
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from './errors';
import { stringParameter } from './items';

export type ExportFormat = 'csv' | 'json';

export type ExportRow = Record<string, unknown>;

/** The file an export writes (the fields of exportFileFields in descriptions.ts). */
export interface ExportFile {
	format: ExportFormat;
	/** With the format's extension. */
	fileName: string;
	binaryPropertyName: string;
}

/** A CSV cell per RFC 4180: quoted when it holds a separator, quote or line break. */
function csvCell(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Why a downloaded file is not a whole CSV, or undefined when it is one: it must be text (UTF-8,
 * no control bytes), not an HTML page, have a header row, the same number of cells in every
 * row as in the header (RFC 4180 quoting), and end with a line break, as every row a CSV writer
 * writes does. A file cut short mid-row fails the last two; a page or bytes served in its place
 * fail the first ones. (A cut exactly at a row's end cannot be seen in the file.)
 */
export function csvFileProblem(content: Buffer, contentType?: string): string | undefined {
	return inspectCsv(content, contentType).problem;
}

/** What csvFileProblem finds, and the number of rows after the header. */
export function inspectCsv(content: Buffer, contentType?: string): { problem?: string; dataRows: number } {
	const fail = (problem: string) => ({ problem, dataRows: 0 });
	if (contentType && /\btext\/html\b/i.test(contentType)) return fail('an HTML page instead of the CSV file');
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(content);
	} catch {
		return fail('a file that is not text (not valid UTF-8), not a CSV file');
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (hasControlCharacter(text)) return fail('a file with binary bytes in it, not a CSV file');
	if (/^\s*</.test(text)) return fail('a page (it begins with "<"), not a CSV file');
	if (text === '') return fail('an empty file');
	let cells = 1;
	let header: number | undefined;
	let rows = 0;
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"') {
				if (text[index + 1] === '"') index++;
				else quoted = false;
			}
			continue;
		}
		if (char === '"') quoted = true;
		else if (char === ',') cells++;
		else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[index + 1] === '\n') index++;
			rows++;
			if (header === undefined) header = cells;
			else if (cells !== header) return fail(`a CSV file whose row ${rows} has ${cells} cells where the header has ${header}: the file is damaged or cut short`);
			cells = 1;
		}
	}
	if (quoted) return fail('a CSV file that ends inside a quoted cell: the file was cut short');
	if (!/[\r\n]$/.test(text)) {
		return fail(`a CSV file whose last row (row ${rows + 1}) does not end with a line break: the file was cut short`);
	}
	return { dataRows: Math.max(0, rows - 1) };
}

/**
 * The rows of a CSV file that inspectCsv found whole: the header's cells, and each data row's
 * cells (RFC 4180 quoting undone) with the row's own text, line break included, so rows can be
 * kept or left out without rewriting the ones kept.
 */
export function csvRows(content: Buffer): { header: string[]; headerText: string; rows: Array<{ cells: string[]; text: string }> } {
	// ignoreBOM keeps a byte-order mark in the text, so that the header written back keeps it.
	let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
	let bom = '';
	if (text.charCodeAt(0) === 0xfeff) {
		bom = text[0];
		text = text.slice(1);
	}
	const rows: Array<{ cells: string[]; text: string }> = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let start = 0;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char !== '"') cell += char;
			else if (text[index + 1] === '"') {
				cell += '"';
				index++;
			} else quoted = false;
			continue;
		}
		if (char === '"') quoted = true;
		else if (char === ',') {
			cells.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[index + 1] === '\n') index++;
			cells.push(cell);
			rows.push({ cells, text: text.slice(start, index + 1) });
			cells = [];
			cell = '';
			start = index + 1;
		} else cell += char;
	}
	const [header, ...data] = rows;
	return { header: header?.cells ?? [], headerText: bom + (header?.text ?? ''), rows: data };
}

/** Whether the text holds a control character no CSV text has (any but tab, line feed and carriage return). */
function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
	}
	return false;
}

/** The columns: those given, else every key in first-seen order across all rows. */
export function csvColumns(rows: Array<Record<string, unknown>>, columns?: string[]): string[] {
	if (columns?.length) return columns;
	const seen = new Set<string>();
	for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
	return [...seen];
}

/** Adds the format's extension to a file name that lacks it. */
export function exportFileName(fileName: string, format: ExportFormat): string {
	const name = fileName.trim() || 'messages';
	return name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
}

/** Reads and checks an item's Format, File Name and Put Output File in Field. */
export function readExportFile(context: IExecuteFunctions, itemIndex: number, defaultFileName: string): ExportFile {
	const format = context.getNodeParameter('format', itemIndex, 'csv') as ExportFormat;
	if (format !== 'csv' && format !== 'json') throw new InputError('Format', `must be "csv" or "json", got "${String(format)}"`);
	const fileName = exportFileName(stringParameter(context.getNodeParameter('fileName', itemIndex, defaultFileName), 'File Name'), format);
	const binaryPropertyName = stringParameter(context.getNodeParameter('binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', {
		required: true,
	}).trim();
	return { format, fileName, binaryPropertyName };
}

/** Each page's rows, made by `toRow` page by page, so a page's records can go once written. */
export async function* rowPages<T>(pages: AsyncIterable<T[]>, toRow: (record: T) => ExportRow): AsyncGenerator<ExportRow[]> {
	for await (const page of pages) yield page.map(toRow);
}

/**
 * The output item of an export: the file in its binary field, and `provider`, `fileName`,
 * `format`, the number of `rows` and any `details` in its json.
 */
export async function exportItem(
	context: IExecuteFunctions,
	file: ExportFile,
	provider: string,
	pages: AsyncIterable<ExportRow[]>,
	options: { columns?: string[]; details?: IDataObject } = {},
): Promise<INodeExecutionData> {
	const { binary, rows } = await pagesToBinary(context, pages, file.format, file.fileName, options.columns);
	return {
		json: { provider, fileName: file.fileName, format: file.format, rows, ...options.details },
		binary: { [file.binaryPropertyName]: binary },
	};
}

/**
 * Writes pages of rows to a CSV or JSON file as they arrive, keeping only the encoded bytes:
 * each page's objects can be dropped as soon as it is written, so a 100,000-message export
 * holds the file (compact) rather than every message object. CSV columns are those given, or
 * the first page's keys.
 */
export async function pagesToBinary(
	context: IExecuteFunctions,
	pages: AsyncIterable<Array<Record<string, unknown>>>,
	format: ExportFormat,
	fileName: string,
	columns?: string[],
): Promise<{ binary: IBinaryData; rows: number }> {
	const chunks: Buffer[] = [];
	let header: string[] | undefined = columns?.length ? columns : undefined;
	let rows = 0;
	for await (const page of pages) {
		if (page.length === 0) continue;
		let text = '';
		if (format === 'csv') {
			if (!header) header = csvColumns(page);
			if (rows === 0) text += header.map(csvCell).join(',') + '\r\n';
			for (const row of page) text += header.map((column) => csvCell(row[column])).join(',') + '\r\n';
		} else {
			for (const row of page) text += (rows === 0 && text === '' ? '[\n' : ',\n') + JSON.stringify(row);
		}
		rows += page.length;
		chunks.push(Buffer.from(text, 'utf8'));
	}
	if (format === 'csv' && rows === 0) chunks.push(Buffer.from((header ?? []).map(csvCell).join(',') + '\r\n', 'utf8'));
	if (format === 'json') chunks.push(Buffer.from(rows === 0 ? '[]\n' : '\n]\n', 'utf8'));
	const mimeType = format === 'csv' ? 'text/csv' : 'application/json';
	const binary = await context.helpers.prepareBinaryData(Buffer.concat(chunks), exportFileName(fileName, format), mimeType);
	return { binary, rows };
}
