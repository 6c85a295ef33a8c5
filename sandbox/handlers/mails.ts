/** `/api/mail` (send, read) and `/api/user/mail` (list), `ar24-api.md` §7. */
import { createHash, randomBytes } from 'node:crypto';
import { parisDate } from '../../lib/ar24/protocol';
import { AR24_STATUS } from '../../lib/ar24/wire';
import { SlugError, type Handler, type Sandbox } from '../context';
import { list, param, type Params, paging } from '../http';
import type { SandboxAttachment, SandboxMail, SandboxUser } from '../model';
import { outcomeFromAddress } from '../outcomes';
import { acceptsOtp, EMAIL_RE, requireUser, validOtpSession } from './users';

const FORBIDDEN_HTML = /<\s*(script|iframe|object|embed|form|style|link|meta)\b/i;

/** The letter as AR24 shows it (without the sandbox's private part). */
export function publicMail(mail: SandboxMail): Record<string, unknown> {
	const { sandbox: _private, ...shown } = mail;
	return shown;
}

function ownedMail(sandbox: Sandbox, id: string | undefined): SandboxMail {
	const mail = id && /^\d+$/.test(id) ? sandbox.store.get<SandboxMail>('mails', Number(id)) : undefined;
	if (!mail) throw new SlugError('missing_erm_id', 'No valid mail id');
	const sender = sandbox.store.get<SandboxUser>('users', Number(mail.id_sender));
	if (!sender?.api_access) throw new SlugError('user_unavailable', 'Resource not related to your API');
	return mail;
}

function checkEidas(sandbox: Sandbox, user: SandboxUser, params: Params): 'ok' | 'draft' {
	const otp = param(params, 'otp');
	const hash = param(params, 'auth_otp_hash');
	if (otp) {
		if (!acceptsOtp(sandbox, user, otp)) throw new SlugError('authentication_otp_invalid', 'OTP code is not valid');
		return 'ok';
	}
	if (hash) {
		if (!validOtpSession(sandbox, user, hash)) {
			throw new SlugError(
				'authentication_otp_hash_invalid',
				'auth_otp_hash is missing or incorrect (1h authentication)',
			);
		}
		return 'ok';
	}
	if (sandbox.options.eidasWithoutOtp === 'draft') return 'draft';
	throw new SlugError('authentication_missing', 'Invalid eidas identification (ssl or otp)');
}

export const sendMail: Handler = (sandbox, { params }) => {
	const user = requireUser(sandbox, param(params, 'id_user'));
	if (!user.confirmed) throw new SlugError('user_account_not_confirmed', 'The sender must confirm their e-mail first');
	if (!user.cgu) throw new SlugError('user_eula_not_accepted', 'The sender has not accepted the terms of use');
	if (!user.is_payment_possible) throw new SlugError('user_no_payment', 'The sender has no payment method');
	const toEmail = (param(params, 'to_email') ?? '').trim();
	if (!toEmail) throw new SlugError('missing_email', 'No recipient e-mail');
	if (!EMAIL_RE.test(toEmail)) throw new SlugError('invalid_recipient', 'Recipient e-mail is not valid');
	if (/\.invalid$/i.test(toEmail)) throw new SlugError('invalid_email', 'The recipient e-mail domain does not exist');
	if (toEmail.toLowerCase() === user.email.toLowerCase()) {
		throw new SlugError('same_sender_recipients_emails', 'Recipient e-mail is the sender e-mail');
	}
	const content = param(params, 'content') ?? '';
	if (content.length > sandbox.options.contentLimit)
		throw new SlugError('content_exceeds_limit', 'Content is too long');
	if (FORBIDDEN_HTML.test(content)) throw new SlugError('forbidden_html', 'Content contains forbidden HTML');
	const attachmentIds = list(params, 'attachment');
	if (!content.trim() && attachmentIds.length === 0) {
		throw new SlugError('error_no_content_no_attachment', 'No content and no attachment');
	}
	const attachments: SandboxAttachment[] = attachmentIds.map((id) => {
		const attachment = /^\d+$/.test(id) ? sandbox.store.get<SandboxAttachment>('attachments', Number(id)) : undefined;
		if (!attachment) throw new SlugError('attachment_not_exists', `Attachment ${id} does not exist`);
		if (attachment.id_user !== user.id || attachment.id_mail !== undefined) {
			throw new SlugError('attachment_unavailable', `Attachment ${id} cannot be used`);
		}
		return attachment;
	});
	const eidas = param(params, 'eidas') === '1';
	const draft = eidas && checkEidas(sandbox, user, params) === 'draft';
	const destStatut = param(params, 'dest_statut') === 'particulier' ? 'particulier' : 'professionnel';

	const now = sandbox.clock.now();
	const id = sandbox.store.nextId('mails');
	const fileToken = randomBytes(8).toString('hex');
	const base = sandbox.url();
	const toFirstname = param(params, 'to_firstname') ?? '';
	const toLastname = param(params, 'to_lastname') ?? '';
	const toCompany = param(params, 'to_company') ?? '';
	const mail: SandboxMail = {
		id,
		type: 'lre',
		status: draft ? AR24_STATUS.toValidate : AR24_STATUS.waiting,
		// AR24 shows the sender as "Lastname Firstname" (`ar24-api.md` §7.4: "Dupont Marie").
		from_name: [user.lastname, user.firstname].filter(Boolean).join(' ') || user.name,
		from_email: user.email,
		address1: user.address1,
		address2: '',
		city: user.city,
		zipcode: user.zipcode,
		to_name: [toCompany, toFirstname, toLastname].filter(Boolean).join(' '),
		to_firstname: toFirstname,
		to_lastname: toLastname,
		to_company: toCompany,
		to_email: toEmail,
		dest_statut: destStatut,
		id_sender: user.id,
		id_creator: user.id,
		price_ht: eidas ? 3.49 : 2.49,
		payment_slug: param(params, 'payment_slug') ?? null,
		ref_dossier: param(params, 'ref_dossier') ?? '',
		ref_client: param(params, 'ref_client') ?? '',
		ref_facturation: param(params, 'ref_facturation') ?? '',
		custom_name_sender: param(params, 'custom_name_sender') ?? '',
		date: parisDate(new Date(now)),
		full_hash_sha256: createHash('sha256').update(content, 'utf8').digest('hex').toUpperCase(),
		send_fail: false,
		is_eidas: eidas,
		proof_ev_url: null,
		ts_ev_date: null,
		proof_ar_url: null,
		view_date: null,
		proof_rf_url: null,
		refused_date: null,
		proof_ng_url: null,
		negligence_date: null,
		proof_bc_url: null,
		bounced_date: null,
		pdf_content: `${base}/get/content/${id}?token=${fileToken}`,
		// Served by sandbox/downloads.ts (GET /get/zip/<id>).
		zip: `${base}/get/zip/${id}?token=${fileToken}`,
		attachments: attachments.map((a) => a.id),
		attachments_details: attachments.map((a) => ({
			id: a.id,
			name: a.filename,
			hash_sha1: a.hash_sha1,
			file_size: a.filesize,
			human_file_size: `${(a.filesize / 1024).toFixed(1)} Kb`,
			download_url: `${base}/get/att/${a.hash_sha1}`,
		})),
		sandbox: {
			fileToken,
			webhook: param(params, 'webhook') || undefined,
			content,
			createdAt: now,
			outcome: 'hold',
			planned: [],
			log: [{ state: 'deposit', at: parisDate(new Date(now)) }],
			proofs: {},
			draft,
		},
	};
	const { outcome, delayMs } = outcomeFromAddress(toEmail, sandbox.options.defaultOutcome);
	sandbox.lifecycle.plan(mail, outcome, delayMs);
	for (const attachment of attachments) sandbox.store.put('attachments', { ...attachment, id_mail: id });
	sandbox.store.put('mails', mail);
	return publicMail(mail);
};

export const getMail: Handler = (sandbox, { params }) => publicMail(ownedMail(sandbox, param(params, 'id')));

/**
 * Letters of one sender, newest first. `max` (default 50, at most 1000) / `start` / `sort` and the `mail[]` id filter
 * mirror what public clients send; AR24's own pagination of this route is UNCONFIRMED (`ar24-api.md` §7.3).
 */
export const listMails: Handler = (sandbox, { params }) => {
	const user = requireUser(sandbox, param(params, 'id_user'));
	const ids = new Set(list(params, 'mail').map(Number));
	const ignore = sandbox.options.paging === 'ignore';
	const { max, start } = ignore ? { max: 50, start: 0 } : paging(params);
	const asc = !ignore && (param(params, 'sort') ?? 'DESC').toUpperCase() === 'ASC';
	return sandbox.store
		.all<SandboxMail>('mails')
		.filter((m) => Number(m.id_sender) === user.id && (ids.size === 0 || ids.has(m.id)))
		.sort((a, b) => (asc ? a.id - b.id : b.id - a.id))
		.slice(start, start + max)
		.map(publicMail);
};
