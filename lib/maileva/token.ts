/**
 * Maileva's OAuth2 password grant on its Keycloak (`providers.md` §2.1.2): `grant_type=password` with client id,
 * client secret, username and password, form-encoded. Maileva does not implement client credentials. The answer is
 * read here, once, for the credential and the tests; no secret ever goes into an error.
 */
export interface MailevaLogin {
	clientId: string;
	clientSecret: string;
	username: string;
	password: string;
}

export interface MailevaToken {
	accessToken: string;
	/** Epoch ms after which the token must not be used (the answer's `expires_in`, minus a safety margin). */
	expiresAt: number;
	refreshToken: string;
}

/** Seconds taken off `expires_in`, so a token is never used in its last moments. */
export const EXPIRY_MARGIN_SECONDS = 30;

/** The form body of the token request. */
export function passwordGrantForm(login: MailevaLogin): string {
	return new URLSearchParams({
		grant_type: 'password',
		client_id: login.clientId,
		client_secret: login.clientSecret,
		username: login.username,
		password: login.password,
	}).toString();
}

/** Which login field is empty, if any (checked before any call). */
export function missingLoginField(login: MailevaLogin): string | undefined {
	const labels: Record<keyof MailevaLogin, string> = {
		clientId: 'Client ID',
		clientSecret: 'Client Secret',
		username: 'Username',
		password: 'Password',
	};
	for (const key of Object.keys(labels) as Array<keyof MailevaLogin>) if (!login[key].trim()) return labels[key];
	return undefined;
}

/** Reads Keycloak's answer; throws an error that says what to fix, without any secret. */
export function readTokenAnswer(status: number, body: unknown, now = Date.now()): MailevaToken {
	const json = (typeof body === 'string' ? safeJson(body) : body) as Record<string, unknown> | undefined;
	if (status === 200 && json && typeof json.access_token === 'string' && json.access_token) {
		const seconds = Number(json.expires_in);
		const lifetime =
			Number.isFinite(seconds) && seconds > 0 ? Math.max(seconds - EXPIRY_MARGIN_SECONDS, Math.min(seconds, 5)) : 60;
		return {
			accessToken: json.access_token,
			expiresAt: now + lifetime * 1000,
			refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : '',
		};
	}
	const code = json && typeof json.error === 'string' ? json.error : '';
	if (code === 'invalid_grant')
		throw new Error(
			'Maileva refused the username or password (invalid_grant): check them in the Maileva API credential',
		);
	if (code === 'invalid_client' || code === 'unauthorized_client') {
		throw new Error(
			`Maileva refused the client (${code}): check the Client ID and Client Secret, and that Maileva enabled the password grant for this client (it requires a qualification)`,
		);
	}
	if (code === 'unsupported_grant_type')
		throw new Error('Maileva does not accept this grant type: the credential must use the password grant');
	throw new Error(
		`Maileva's token endpoint answered HTTP ${status}${code ? ` (${code})` : ''}: check the environment or Token URL of the Maileva API credential`,
	);
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
