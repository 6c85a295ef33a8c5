/** `/api/attachment` (upload, list by letter) and `/api/user/attachment` (`ar24-api.md` §6). */
import { createHash } from 'node:crypto';
import { parisDate } from '../../lib/ar24/protocol';
import { SlugError, type Handler } from '../context';
import { param, paging } from '../http';
import type { SandboxAttachment, SandboxMail } from '../model';
import { requireUser } from './users';

function publicAttachment(a: SandboxAttachment): Record<string, unknown> {
	return {
		id_api_attachment: a.id,
		hash: a.hash_sha1,
		filesize: a.filesize,
		filename: a.filename,
		id_user: a.id_user,
		upload_date: a.upload_date,
	};
}

export const uploadAttachment: Handler = async (sandbox, { params, files }) => {
	const user = requireUser(sandbox, param(params, 'id_user'), 'missing_user_id');
	const file = files.file;
	if (!file) throw new SlugError('attachment_missing_file', 'The file parameter is not filled correctly');
	const filename = (param(params, 'file_name') ?? file.name ?? '').trim();
	if (!filename) throw new SlugError('attachment_empty_name', 'Cannot extract a file name');
	const data = Buffer.from(await file.arrayBuffer());
	if (data.length === 0 || data.length > sandbox.options.maxAttachmentBytes) {
		throw new SlugError('attachment_too_big', 'File is empty (0B) or too big');
	}
	const attachment: SandboxAttachment = {
		id: sandbox.store.nextId('attachments'),
		id_user: user.id,
		filename,
		filesize: data.length,
		hash_sha1: createHash('sha1').update(data).digest('hex'),
		hash_sha256: createHash('sha256').update(data).digest('hex'),
		upload_date: parisDate(new Date(sandbox.clock.now())),
	};
	sandbox.store.writeBlob(`attachments/${attachment.id}.bin`, data);
	sandbox.store.put('attachments', attachment);
	// AR24's clients read file_id as a string (a PHP client broke on a number).
	return { file_id: String(attachment.id), ...publicAttachment(attachment) };
};

/** The attachments of one letter, in the same shape as `/user/attachment`. */
export const listMailAttachments: Handler = (sandbox, { params }) => {
	const mail = sandbox.store.get<SandboxMail>('mails', Number(param(params, 'id')));
	if (!mail) throw new SlugError('missing_erm_id', 'No valid mail id');
	const attachments = (mail.attachments ?? [])
		.map((id) => sandbox.store.get<SandboxAttachment>('attachments', Number(id)))
		.filter((a): a is SandboxAttachment => a !== undefined);
	return { attachments: attachments.map(publicAttachment) };
};

export const listUserAttachments: Handler = (sandbox, { params }) => {
	const user = requireUser(sandbox, param(params, 'id_user'), 'missing_user_id');
	const { max, start } = paging(params);
	const mine = sandbox.store
		.all<SandboxAttachment>('attachments')
		.filter((a) => a.id_user === user.id)
		.sort((a, b) => b.id - a.id);
	return { attachments: mine.slice(start, start + max).map(publicAttachment) };
};
