/**
 * n8n's own memory of the letters this workflow sent (its database, through the de-duplication helpers behind
 * "Remove Duplicates"): the safety net under the ledger. Record writes each reference actually sent, and the day;
 * Plan never plans a reference found there, so a lost or stale ledger cannot make it plan one letter twice.
 *
 * The helpers only "check and record", so a look-up records what it asks about and then forgets what was new.
 * Entries are hashed: the day is kept as a second entry `<reference>@<YYYY-MM-DD>` and found by asking day by day.
 */
import { NodeOperationError, type ICheckProcessedOptions, type IExecuteFunctions } from 'n8n-workflow';
import { addDays } from '../../../lib/time';
import { canonicalId } from '../../../lib/dunning/reference';

const OPTIONS: ICheckProcessedOptions = { mode: 'entries', maxEntries: 100_000 };
const SCOPE = 'workflow';
/** How far back the day of a remembered letter is looked for when planning (a sequence lasts weeks, not years). */
const LOOK_BACK_DAYS = 200;
/** …and when forgetting (everything the memory can hold: n8n keeps entries until removed). */
const FORGET_LOOK_BACK_DAYS = 1100;

function helpers(ctx: IExecuteFunctions) {
	const { checkProcessedAndRecord, removeProcessed } = ctx.helpers;
	if (typeof checkProcessedAndRecord !== 'function' || typeof removeProcessed !== 'function') {
		throw new NodeOperationError(
			ctx.getNode(),
			"This n8n does not offer its memory of processed items (n8n's de-duplication helpers)",
			{
				description:
					'Update n8n, or turn off "Check Memory of Sent Letters" under Options — then only the ledger (and LRE Send\'s look-up by reference) protects against sending a letter twice.',
			},
		);
	}
	return { checkProcessedAndRecord, removeProcessed };
}

/** Asks which keys are remembered, without leaving the others recorded. */
async function lookUp(ctx: IExecuteFunctions, keys: string[]): Promise<Set<string>> {
	if (!keys.length) return new Set();
	const { checkProcessedAndRecord, removeProcessed } = helpers(ctx);
	const answer = await checkProcessedAndRecord.call(ctx.helpers, keys, SCOPE, OPTIONS);
	if (answer.new.length) await removeProcessed.call(ctx.helpers, answer.new, SCOPE, OPTIONS);
	return new Set(answer.processed.map(String));
}

/** For each reference n8n remembers as sent: the day it was sent ('' when not found within the look-back). */
export async function rememberedLetters(
	ctx: IExecuteFunctions,
	references: string[],
	asOf: string,
	lookBackDays = LOOK_BACK_DAYS,
): Promise<Map<string, string>> {
	const keys = [...new Set(references.filter(Boolean).map(canonicalId))];
	const found = await lookUp(ctx, keys);
	const days = Array.from({ length: lookBackDays + 1 }, (_, i) => addDays(asOf, -i));
	const dayKeys = [...found].flatMap((key) => days.map((day) => `${key}@${day}`));
	const foundDays = await lookUp(ctx, dayKeys);
	const result = new Map<string, string>();
	for (const key of found) result.set(key, days.find((day) => foundDays.has(`${key}@${day}`)) ?? '');
	return result;
}

/** Records that a letter was sent (its reference, and the business day). */
export async function rememberSent(ctx: IExecuteFunctions, reference: string, day: string): Promise<void> {
	const key = canonicalId(reference);
	await helpers(ctx).checkProcessedAndRecord.call(ctx.helpers, [key, `${key}@${day}`], SCOPE, OPTIONS);
}

/** Forgets the given references (and their days), or everything when none is given. */
export async function forget(ctx: IExecuteFunctions, references: string[], asOf: string): Promise<number> {
	const { removeProcessed } = helpers(ctx);
	if (!references.length) {
		const { clearAllProcessedItems } = ctx.helpers;
		await clearAllProcessedItems.call(ctx.helpers, SCOPE, OPTIONS);
		return -1;
	}
	const remembered = await rememberedLetters(ctx, references, asOf, FORGET_LOOK_BACK_DAYS);
	const keys = [...remembered.entries()].flatMap(([key, day]) => (day ? [key, `${key}@${day}`] : [key]));
	if (keys.length) await removeProcessed.call(ctx.helpers, keys, SCOPE, OPTIONS);
	return remembered.size;
}
