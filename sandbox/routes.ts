/** The AR24 API surface the sandbox serves (under `/api`, trailing slash optional), msw-style: method + path → handler. */
import type { Handler } from './context';
import { listMailAttachments, listUserAttachments, uploadAttachment } from './handlers/attachments';
import { getMail, listMails, sendMail } from './handlers/mails';
import { authOtp, createUser, getUser, listUsers } from './handlers/users';

export const API_ROUTES: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; handler: Handler }> = [
	{ method: 'GET', path: '/user', handler: getUser },
	{ method: 'POST', path: '/user', handler: createUser },
	{ method: 'GET', path: '/user/list', handler: listUsers },
	{ method: 'POST', path: '/user/auth_otp', handler: authOtp },
	{ method: 'POST', path: '/attachment', handler: uploadAttachment },
	{ method: 'GET', path: '/attachment', handler: listMailAttachments },
	{ method: 'GET', path: '/user/attachment', handler: listUserAttachments },
	{ method: 'POST', path: '/mail', handler: sendMail },
	{ method: 'GET', path: '/mail', handler: getMail },
	{ method: 'GET', path: '/user/mail', handler: listMails },
];

export function findRoute(method: string, apiPath: string): Handler | undefined {
	const path = apiPath.length > 1 ? apiPath.replace(/\/+$/, '') : apiPath;
	return API_ROUTES.find((route) => route.method === method && route.path === path)?.handler;
}
