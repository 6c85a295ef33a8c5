/** `/api/user`, `/api/user/list`, `/api/user/auth_otp` (`ar24-api.md` §5). */
import { randomBytes } from 'node:crypto';
import { parisDate } from '../../lib/ar24/protocol';
import { SlugError, type Handler, type Sandbox } from '../context';
import { param, paging } from '../http';
import type { SandboxUser } from '../model';
import { verifyTotp } from '../../lib/otp/totp';

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const OTP_SESSION_MS = 3_600_000;

/** The user as AR24 shows it: without the sandbox's private fields. */
export function publicUser(user: SandboxUser): Record<string, unknown> {
	const { api_access: _access, otp_key: _key, otp_sessions: _sessions, ...shown } = user;
	return shown;
}

/**
 * The user as the AR24 API (`/api/user…`) answers it: its `id` a JSON string, as AR24's PHP clients read it (one
 * broke on a number, like it did on `file_id`). The control API (`/_sandbox/users`) keeps the sandbox's numbers.
 */
export function apiUser(user: SandboxUser): Record<string, unknown> {
	return { ...publicUser(user), id: String(user.id) };
}

/** The sender a request names by `id_user`, linked to the token — or the AR24 error for it. */
export function requireUser(sandbox: Sandbox, idUser: string | undefined, missingSlug = 'user_not_exist'): SandboxUser {
	if (!idUser) throw new SlugError(missingSlug, 'No user id given');
	const user = sandbox.store.get<SandboxUser>('users', Number(idUser));
	if (!user) throw new SlugError('user_not_exist', 'There is not a user with this id on AR24');
	if (!user.api_access) {
		throw new SlugError('user_unavailable', 'You tried to access a resource that is not related to your API');
	}
	return user;
}

export function seedUser(sandbox: Sandbox, fields: Partial<SandboxUser> & { email: string }): SandboxUser {
	const firstname = fields.firstname ?? 'Marie';
	const lastname = fields.lastname ?? 'Dupont';
	return sandbox.store.put<SandboxUser>('users', {
		id: fields.id ?? sandbox.store.nextId('users'),
		firstname,
		lastname,
		name: `${firstname} ${lastname}`,
		email: fields.email,
		statut: fields.statut ?? 'professionnel',
		company: fields.company ?? 'ACME Industries SAS',
		company_siret: fields.company_siret ?? '73282932000074',
		address1: fields.address1 ?? '12 rue de la Paix',
		zipcode: fields.zipcode ?? '75002',
		city: fields.city ?? 'Paris',
		country: fields.country ?? 'FR',
		confirmed: fields.confirmed ?? true,
		cgu: fields.cgu ?? true,
		payment_active: fields.payment_active ?? true,
		is_payment_possible: fields.is_payment_possible ?? true,
		is_identity_verified: fields.is_identity_verified ?? parisDate(new Date(sandbox.clock.now())),
		creation: parisDate(new Date(sandbox.clock.now())),
		api_access: fields.api_access ?? true,
		otp_key: fields.otp_key ?? sandbox.options.otpKey,
		otp_sessions: {},
	});
}

export const getUser: Handler = (sandbox, { params }) => {
	const idUser = param(params, 'id_user');
	const email = param(params, 'email')?.toLowerCase();
	if (!idUser && !email) throw new SlugError('user_not_exist', 'Give id_user or email');
	const user = idUser
		? sandbox.store.get<SandboxUser>('users', Number(idUser))
		: sandbox.store.all<SandboxUser>('users').find((u) => u.email.toLowerCase() === email);
	if (!user) throw new SlugError('user_not_exist', 'There is not a user with this address on AR24');
	if (!user.api_access) {
		throw new SlugError('user_unavailable', 'You tried to access a resource that is not related to your API');
	}
	return apiUser(user);
};

export const listUsers: Handler = (sandbox, { params }) => {
	const { max, start } = paging(params);
	const desc = (param(params, 'sort') ?? 'ASC').toUpperCase() === 'DESC';
	const users = sandbox.store
		.all<SandboxUser>('users')
		.filter((u) => u.api_access)
		.sort((a, b) => (desc ? b.id - a.id : a.id - b.id));
	return { users: users.slice(start, start + max).map(apiUser), total: users.length };
};

export const createUser: Handler = (sandbox, { params }) => {
	for (const field of ['firstname', 'lastname', 'email', 'address1', 'city', 'zipcode', 'country']) {
		if (!param(params, field))
			throw new SlugError(field === 'address1' ? 'missing_address' : `missing_${field}`, `Missing ${field}`);
	}
	const email = param(params, 'email') as string;
	if (!EMAIL_RE.test(email)) throw new SlugError('email_wrong_format', 'Wrong e-mail format');
	if (sandbox.store.all<SandboxUser>('users').some((u) => u.email.toLowerCase() === email.toLowerCase())) {
		throw new SlugError('user_already_exist', 'A user with the same email address already exists');
	}
	const statut = param(params, 'statut') === 'particulier' ? 'particulier' : 'professionnel';
	if (statut === 'professionnel' && param(params, 'country') === 'FR' && !param(params, 'company_siret')) {
		throw new SlugError('missing_company_siret', 'A SIRET is required for a French professional');
	}
	return apiUser(
		seedUser(sandbox, {
			email,
			statut,
			firstname: param(params, 'firstname'),
			lastname: param(params, 'lastname'),
			company: param(params, 'company') ?? '',
			company_siret: param(params, 'company_siret') ?? '',
			address1: param(params, 'address1'),
			zipcode: param(params, 'zipcode'),
			city: param(params, 'city'),
			country: param(params, 'country'),
			is_identity_verified: undefined,
		}),
	);
};

export const authOtp: Handler = (sandbox, { params }) => {
	const user = requireUser(sandbox, param(params, 'id_user'), 'missing_user_id');
	const otp = param(params, 'otp');
	if (!otp) throw new SlugError('missing_otp', 'No OTP code given');
	if (!acceptsOtp(sandbox, user, otp)) throw new SlugError('authentication_otp_invalid', 'OTP code is not valid');
	const hash = randomBytes(20).toString('hex');
	const expires = sandbox.clock.now() + OTP_SESSION_MS;
	user.otp_sessions = { ...pruneSessions(sandbox, user), [hash]: expires };
	sandbox.store.put('users', user);
	return { hash, expiration_date: parisDate(new Date(expires)) };
};

export function acceptsOtp(sandbox: Sandbox, user: SandboxUser, otp: string): boolean {
	return (
		(sandbox.options.staticOtp !== undefined && otp === sandbox.options.staticOtp) || verifyTotp(user.otp_key, otp)
	);
}

function pruneSessions(sandbox: Sandbox, user: SandboxUser): Record<string, number> {
	const now = sandbox.clock.now();
	return Object.fromEntries(Object.entries(user.otp_sessions).filter(([, expires]) => expires > now));
}

export function validOtpSession(sandbox: Sandbox, user: SandboxUser, hash: string): boolean {
	const expires = user.otp_sessions[hash];
	return expires !== undefined && expires > sandbox.clock.now();
}

export { EMAIL_RE };
