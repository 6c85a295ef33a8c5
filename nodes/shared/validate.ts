/** Local input checks that name the item and the field, before any call to the provider. */
import { NodeOperationError, type INode } from 'n8n-workflow';

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z0-9-]{2,}$/;

export function isEmail(value: string): boolean {
	return EMAIL_RE.test(value) && value.length <= 254;
}

export function inputError(node: INode, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${field}" ${problem}`, { itemIndex, description: fix });
}

/** A required text parameter, trimmed; throws when empty or not text. */
export function requiredText(node: INode, itemIndex: number, field: string, value: unknown, fix: string): string {
	if (typeof value !== 'string' && typeof value !== 'number') throw inputError(node, itemIndex, field, 'must be text', fix);
	const text = String(value).trim();
	if (!text) throw inputError(node, itemIndex, field, 'is empty', fix);
	return text;
}

/** A required e-mail address parameter, trimmed and checked. */
export function requiredEmail(node: INode, itemIndex: number, field: string, value: unknown, fix: string): string {
	const email = requiredText(node, itemIndex, field, value, fix);
	if (!isEmail(email)) throw inputError(node, itemIndex, field, `is not a valid e-mail address: "${email}"`, fix);
	return email;
}
