/** Local input checks that name the item and the field, before any call to the provider. */
import { NodeOperationError, type INode } from 'n8n-workflow';
import { hasUnsafeCharacters } from '../../lib/text';

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z0-9-]{2,}$/;

export function isEmail(value: string): boolean {
	return EMAIL_RE.test(value) && value.length <= 254;
}

export function inputError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}: "${field}" ${problem}`, { itemIndex, description: fix });
}

/** An optional text parameter, trimmed; throws when not text, too long, or holding control/bidi characters. */
export function optionalText(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	fix: string,
	maxLength = 1000,
): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string' && typeof value !== 'number')
		throw inputError(
			node,
			itemIndex,
			field,
			`must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
			fix,
		);
	const text = String(value).trim();
	if (text.length > maxLength)
		throw inputError(node, itemIndex, field, `is longer than ${maxLength} characters (${text.length})`, fix);
	if (hasUnsafeCharacters(text))
		throw inputError(
			node,
			itemIndex,
			field,
			'contains control or bidirectional-override characters',
			`${fix} Remove invisible characters (they can disguise a name).`,
		);
	return text;
}

/** A required text parameter, trimmed; throws when empty, not text, too long or holding control/bidi characters. */
export function requiredText(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	fix: string,
	maxLength = 1000,
): string {
	const text = optionalText(node, itemIndex, field, value, fix, maxLength);
	if (!text) throw inputError(node, itemIndex, field, 'is empty', fix);
	return text;
}

/** A required email address parameter, trimmed and checked. */
export function requiredEmail(node: INode, itemIndex: number, field: string, value: unknown, fix: string): string {
	const email = requiredText(node, itemIndex, field, value, fix);
	if (!isEmail(email)) throw inputError(node, itemIndex, field, `is not a valid email address: "${email}"`, fix);
	return email;
}
