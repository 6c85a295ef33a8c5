/**
 * The sender's letters, newest first, page by page, from the provider's listing (AR24: `GET /user/mail`, the only
 * listing it offers; Maileva: its sendings list). Pages are read only as far as the caller iterates. Newest-first offset paging never skips a
 * letter when letters are added meanwhile (they push older ones down: at worst one is read twice, and it is yielded
 * once). A page made only of letters already read ends the listing, so an API that ignored `start` could not loop
 * forever.
 */
import type { LetterProvider } from '../../lib/provider/types';

export const PAGE_SIZE = 100;

/** The pages of any provider's listing. */
export async function* providerPages<Native>(
	provider: LetterProvider<Native>,
	senderId: string,
	pageSize = PAGE_SIZE,
): AsyncGenerator<Native[]> {
	const seen = new Set<string>();
	for (let start = 0; ;) {
		const letters = await provider.listLetters(senderId, { start, max: pageSize });
		const fresh = letters.filter((letter) => !seen.has(provider.identify(letter).letterId));
		for (const letter of fresh) seen.add(provider.identify(letter).letterId);
		if (fresh.length) yield fresh;
		if (letters.length < pageSize || fresh.length === 0) return;
		start += letters.length;
	}
}
