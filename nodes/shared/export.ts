import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

export type ExportFormat = 'csv' | 'json';

/** A CSV cell per RFC 4180: quoted when it holds a separator, quote or line break. */
function csvCell(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The columns: those given, else every key in first-seen order across all rows. */
export function csvColumns(rows: Array<Record<string, unknown>>, columns?: string[]): string[] {
	if (columns?.length) return columns;
	const seen = new Set<string>();
	for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
	return [...seen];
}

export function rowsToCsv(rows: Array<Record<string, unknown>>, columns?: string[]): string {
	const header = csvColumns(rows, columns);
	const lines = [header.map(csvCell).join(',')];
	for (const row of rows) lines.push(header.map((column) => csvCell(row[column])).join(','));
	return lines.join('\r\n') + '\r\n';
}

/** Adds the format's extension to a file name that lacks it. */
export function exportFileName(fileName: string, format: ExportFormat): string {
	const name = fileName.trim() || 'messages';
	return name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
}

/** Writes rows to a CSV or JSON file held as n8n binary data (memory, filesystem or S3 mode alike). */
export async function rowsToBinary(
	context: IExecuteFunctions,
	rows: Array<Record<string, unknown>>,
	format: ExportFormat,
	fileName: string,
	columns?: string[],
): Promise<IBinaryData> {
	const content = format === 'csv' ? rowsToCsv(rows, columns) : JSON.stringify(rows, null, 2);
	const mimeType = format === 'csv' ? 'text/csv' : 'application/json';
	return await context.helpers.prepareBinaryData(
		Buffer.from(content, 'utf8'),
		exportFileName(fileName, format),
		mimeType,
	);
}
