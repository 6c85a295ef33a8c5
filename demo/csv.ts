/**
 * CSV the demo writes for people to open in a spreadsheet: RFC 4180 quoting, and cells that a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return) neutralised with a leading apostrophe, as
 * OWASP recommends against CSV injection.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): string {
	let text = value === undefined || value === null ? '' : String(value);
	if (FORMULA.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function safeCsv(columns: readonly string[], rows: Array<Record<string, unknown>>): string {
	return (
		[
			columns.map(safeCell).join(','),
			...rows.map((row) => columns.map((column) => safeCell(row[column])).join(',')),
		].join('\r\n') + '\r\n'
	);
}
