/**
 * AR24's request checks, in the order the research assumes (`ar24-api.md` §12.3): token → date → signature.
 * The slug for a present-but-wrong signature is not documented; the sandbox answers `invalid_signature`
 * (UNCONFIRMED).
 */
import { timingSafeEqual } from 'node:crypto';
import { isAr24Date, parseParisDate, verifySignature } from '../lib/ar24/protocol';
import { SlugError, type SandboxOptions } from './context';
import { param, type ParsedRequest } from './http';

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Returns the request's `date` (needed to encrypt the answer), or throws the AR24 error. */
export function authenticate(options: SandboxOptions, request: ParsedRequest, realNow: number): string {
	// AR24 reads a POST's token and date from its body: in the query string they count as missing.
	const post = request.method.toUpperCase() === 'POST';
	if (post && request.query.has('token'))
		throw new SlugError('token_missing', 'No token found in your request (a POST carries it in its body)');
	if (post && request.query.has('date'))
		throw new SlugError('empty_date', 'No date parameter found in your request (a POST carries it in its body)');
	const token = param(request.params, 'token');
	if (!token) throw new SlugError('token_missing', 'No token found in your request');
	if (!sameText(token, options.token)) throw new SlugError('token_invalid', 'Token is not valid');
	const date = param(request.params, 'date');
	if (!date) throw new SlugError('empty_date', 'No date parameter found in your request');
	const at = isAr24Date(date) ? parseParisDate(date) : undefined;
	if (at === undefined) throw new SlugError('invalid_date', 'Wrong date format (must be YYYY-MM-DD HH:mm:ss)');
	if (at < realNow - options.datePastSeconds * 1000) {
		throw new SlugError('expired_date', 'Given datetime is older than current datetime');
	}
	if (at > realNow + options.dateFutureSeconds * 1000) {
		throw new SlugError('date_in_future', 'Given datetime must be set between call submission and +10 minutes');
	}
	const signature = request.headers.signature;
	const signatureText = Array.isArray(signature) ? signature[0] : signature;
	if (!signatureText) throw new SlugError('empty_signature', 'No signature header found in your request');
	if (!verifySignature(signatureText, date, options.privateKey)) {
		throw new SlugError('invalid_signature', 'The signature does not match your private key and date');
	}
	return date;
}
