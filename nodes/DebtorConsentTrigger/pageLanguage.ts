/**
 * The language of the page that answers a consent link, read from the link's token without checking its signature:
 * it only chooses the language of a refusal page (Record Response checks the token). French unless the token says
 * English, as Create Invite's default.
 */
export function pageLanguage(token: unknown): 'fr' | 'en' {
	if (typeof token !== 'string') return 'fr';
	const body = token.trim().split('.')[0] ?? '';
	if (body.length === 0 || body.length > 4000 || !/^[A-Za-z0-9_-]+$/.test(body)) return 'fr';
	try {
		const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { lang?: unknown };
		return payload?.lang === 'en' ? 'en' : 'fr';
	} catch {
		return 'fr';
	}
}
