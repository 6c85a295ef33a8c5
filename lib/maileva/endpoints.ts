/**
 * Maileva hosts (shared research `providers.md` §2.1.1, from Maileva's published OpenAPI files): the Keycloak token
 * endpoint and the API gateway that serves `registered_mail/v4`, `electronic_qualified_registered_mail/v1`,
 * `secured_electronic_mail/v1`, … under one root. The credential's test request repeats this choice as an n8n
 * expression.
 */
export const MAILEVA_URLS = {
	production: {
		api: 'https://api.maileva.com',
		token: 'https://connexion.maileva.com/auth/realms/services/protocol/openid-connect/token',
	},
	sandbox: {
		api: 'https://api.sandbox.maileva.net',
		token: 'https://connexion.sandbox.maileva.net/auth/realms/services/protocol/openid-connect/token',
	},
} as const;

/** The path of the token endpoint under a Keycloak root (what a custom URL needs after its host). */
export const MAILEVA_OIDC_ENDPOINT = '/auth/realms/services/protocol/openid-connect/token';

const httpUrl = (text: string | undefined, what: string): string => {
	const url = (text ?? '').trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(url))
		throw new Error(`The Maileva credential uses a custom URL, but its ${what} is not an http(s) address`);
	return url;
};

/** The API root (no trailing slash) and the token URL for a credential's environment. */
export function mailevaUrls(
	environment: string,
	customApiUrl?: string,
	customTokenUrl?: string,
): { api: string; token: string } {
	if (environment === 'custom') {
		const api = httpUrl(customApiUrl, 'API URL');
		const token = customTokenUrl?.trim() ? httpUrl(customTokenUrl, 'Token URL') : `${api}${MAILEVA_OIDC_ENDPOINT}`;
		return { api, token };
	}
	return environment === 'sandbox' ? { ...MAILEVA_URLS.sandbox } : { ...MAILEVA_URLS.production };
}
