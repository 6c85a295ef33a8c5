/**
 * The sender's letters, newest first, page by page, from `GET /user/mail` — the only listing AR24 offers. Pages
 * are read only as far as the caller iterates. Newest-first offset paging never skips a letter when letters are
 * added meanwhile (they push older ones down: at worst one is read twice, and it is yielded once). A page made only
 * of letters already read ends the listing, so an API that ignored `start` could not loop forever.
 */
import type { Ar24Mail } from '../../lib/ar24/wire';
import { ar24Request, type Ar24Context } from './transport';

export const PAGE_SIZE = 100;

export async function* letterPages(
	this: Ar24Context,
	senderId: string,
	itemIndex?: number,
	pageSize = PAGE_SIZE,
): AsyncGenerator<Ar24Mail[]> {
	const seen = new Set<string>();
	for (let start = 0; ; ) {
		const page = await ar24Request.call(this, {
			method: 'GET',
			path: '/user/mail',
			params: { id_user: senderId, max: pageSize, start, sort: 'DESC' },
			itemIndex,
		});
		const mails = Array.isArray(page) ? (page as Ar24Mail[]) : [];
		const fresh = mails.filter((mail) => !seen.has(String(mail.id)));
		for (const mail of fresh) seen.add(String(mail.id));
		if (fresh.length) yield fresh;
		if (mails.length < pageSize || fresh.length === 0) return;
		start += mails.length;
	}
}
