/** AR24 hosts (AR24's API documentation). The credential's test request repeats this choice as an n8n expression. */
export const AR24_BASE_URLS = {
	production: 'https://app.ar24.fr/api',
	sandbox: 'https://sandbox.ar24.fr/api',
} as const;

/** The API root for a credential's environment, without a trailing slash. */
export function ar24BaseUrl(environment: string, customUrl?: string): string {
	if (environment === 'custom') {
		const url = (customUrl ?? '').trim().replace(/\/+$/, '');
		if (!/^https?:\/\/[^\s/]+/i.test(url)) {
			throw new Error('The credential uses a custom URL, but its Base URL is not an http(s) address');
		}
		return url;
	}
	return environment === 'sandbox' ? AR24_BASE_URLS.sandbox : AR24_BASE_URLS.production;
}
