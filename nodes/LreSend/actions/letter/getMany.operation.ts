import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LETTER_STATES } from '../../../../lib/letter/lifecycle';
import type { Letter } from '../../../../lib/letter/normalize';
import { canonicalReference } from '../../../../lib/letter/reference';
import { updateDisplayOptions } from '../../../shared/display';
import { providerPages } from '../../../shared/letterPages';
import { inputError } from '../../../shared/validate';
import type { RunState } from '../runState';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Case Reference',
				name: 'reference',
				type: 'string',
				default: '',
				description:
					'Only the letter(s) with this case reference (compared as LRE Send does: case, spaces and invisible characters do not count)',
			},
			{
				displayName: 'Sent After',
				name: 'after',
				type: 'dateTime',
				default: '',
				description: 'Only letters deposited at or after this moment',
			},
			{
				displayName: 'Sent Before',
				name: 'before',
				type: 'dateTime',
				default: '',
				description: 'Only letters deposited before this moment',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: LETTER_STATES.map((state) => ({ name: state.charAt(0).toUpperCase() + state.slice(1), value: state })),
				default: [],
				description: 'Only letters in one of these states',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['letter'], operation: ['getMany'] } }, properties);

function instant(value: unknown, itemIndex: number, field: string, context: IExecuteFunctions): number | undefined {
	if (value === undefined || value === '' || value === null) return undefined;
	const ms = Date.parse(String(value));
	if (Number.isNaN(ms))
		throw inputError(
			context.getNode(),
			itemIndex,
			field,
			`is not a date: "${String(value)}"`,
			'Use an ISO date such as 2026-03-01T00:00:00+01:00.',
		);
	return ms;
}

/** The sender's letters, newest first, filtered by reference, deposit date and state; one item per letter. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const after = instant(filters.after, itemIndex, 'Sent After', this);
	const before = instant(filters.before, itemIndex, 'Sent Before', this);
	const states = (filters.states as string[] | undefined) ?? [];
	const reference = canonicalReference(String(filters.reference ?? ''));
	const keep = (letter: Letter<unknown>) => {
		const deposited = letter.events.depositedAt ? Date.parse(letter.events.depositedAt) : undefined;
		if (reference && canonicalReference(letter.reference) !== reference) return false;
		if (states.length && !states.includes(letter.state)) return false;
		if (after !== undefined && (deposited === undefined || deposited < after)) return false;
		if (before !== undefined && (deposited === undefined || deposited >= before)) return false;
		return true;
	};
	const sender = await run.senderInfo(itemIndex);
	const provider = run.provider(itemIndex);
	const found: Letter<unknown>[] = [];
	for await (const page of providerPages(provider, sender.senderId)) {
		for (const listed of page) {
			if (found.length >= limit) break;
			// Maileva lists sendings without their recipient: read it, or the state and the proofs are unknown.
			const mail = provider.readFully ? await provider.readFully(listed) : listed;
			const letter = provider.normalize(mail);
			if (keep(letter) && found.length < limit) found.push(letter);
		}
		const oldest = provider.normalize(page[page.length - 1]).events.depositedAt;
		// Newest first: once a page ends before "Sent After", older pages cannot match.
		if (found.length >= limit || (after !== undefined && oldest !== null && Date.parse(oldest) < after)) break;
	}
	return found.map((letter) => ({ json: letter as unknown as IDataObject, pairedItem: { item: itemIndex } }));
}
