/** The AR24 account named in the credential (by id or email), read from AR24 and normalized. */
import type { IDataObject } from 'n8n-workflow';
import { ar24Boolean, ar24Flag, ar24Id } from '../../lib/ar24/values';
import type { Ar24User } from '../../lib/ar24/wire';
import { ar24Request, senderParam, type Ar24Context } from './transport';

export interface SenderInfo extends IDataObject {
	senderId: string;
	name: string;
	email: string;
	company: string;
	status: string;
	identityVerified: boolean;
	canPay: boolean;
	raw: IDataObject;
}

export function normalizeSender(user: Ar24User): SenderInfo {
	const name = user.name ?? [user.firstname, user.lastname].filter(Boolean).join(' ');
	return {
		senderId: ar24Id(user.id),
		name: String(name ?? ''),
		email: String(user.email ?? ''),
		company: String(user.company ?? ''),
		status: String(user.statut ?? ''),
		// A flag ("0"/"1", 0/1, true/false) or the date the identity was verified.
		identityVerified: ar24Boolean(user.is_identity_verified) ?? (typeof user.is_identity_verified === 'string' && user.is_identity_verified.trim() !== ''),
		canPay: ar24Flag(user.is_payment_possible ?? user.payment_active),
		raw: user as IDataObject,
	};
}

export async function getSender(this: Ar24Context, itemIndex?: number): Promise<SenderInfo> {
	const params = await senderParam.call(this, itemIndex);
	const user = (await ar24Request.call(this, { method: 'GET', path: '/user', params, itemIndex })) as Ar24User;
	return normalizeSender(user);
}
