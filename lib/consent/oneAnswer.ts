/**
 * One answer per invitation, also when several answers for the same link arrive at once. The durable memory
 * (n8n's de-duplication store) is read, then written — two calls that interleave would both see "not used yet".
 * So, in this process, the calls for one memory run one after the other, and a token claimed here stays claimed
 * (even before its write is saved). Several n8n processes answering for the same workflow (queue mode with
 * several webhook processes) are not serialized by this: see the README.
 */
const queues = new Map<string, Promise<unknown>>();
const claimedHere = new Map<string, Set<string>>();

/** Runs `task` after every earlier task for the same `scope` in this process has finished. */
export async function serialized<T>(scope: string, task: () => Promise<T>): Promise<T> {
	const previous = queues.get(scope) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.catch(() => undefined);
	queues.set(scope, settled);
	void settled.then(() => {
		if (queues.get(scope) === settled) queues.delete(scope);
	});
	return await run;
}

/**
 * Claims `tokenId` in `scope`: true for the first claim, false for every later one. `recordDurably` records the id
 * in the durable memory and says whether it was new there; it runs for one claim at a time per scope.
 */
export async function claimOnce(
	scope: string,
	tokenId: string,
	recordDurably: () => Promise<boolean>,
): Promise<boolean> {
	return await serialized(scope, async () => {
		const here = claimedHere.get(scope) ?? new Set<string>();
		claimedHere.set(scope, here);
		if (here.has(tokenId)) return false;
		const isNew = await recordDurably();
		if (!isNew) return false;
		here.add(tokenId);
		return true;
	});
}
