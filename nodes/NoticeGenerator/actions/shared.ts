/** Parameter readers shared by the Notice Generator operations: JSON lists, dates, and errors naming UI fields. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { inputError } from '../../shared/validate';

/** A JSON parameter (an expression may already give an object): parsed, or an error naming the field. */
export function jsonParameter(ctx: IExecuteFunctions, itemIndex: number, name: string, label: string, fix: string): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value);
	} catch {
		throw inputError(ctx.getNode(), itemIndex, label, 'is not valid JSON', fix);
	}
}

/** An optional date parameter: empty → undefined; a date/time → its YYYY-MM-DD; else an error naming the field. */
export function dateParameter(ctx: IExecuteFunctions, itemIndex: number, name: string, label: string): string | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
	if (!text) return undefined;
	const day = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(text)?.[1];
	if (!day) throw inputError(ctx.getNode(), itemIndex, label, `must be a date YYYY-MM-DD, not "${text}"`, 'Enter the date as 2026-02-20, or map a date field.');
	return day;
}

export const INVOICES_HINT =
	'A list such as [{"number": "F-2025-118", "issueDate": "2025-12-01", "dueDate": "2025-12-31", "amount": 1234.5, "payments": [{"date": "2026-01-10", "amount": 200}]}] (amounts in euros incl. VAT).';
