/**
 * The sandbox's file downloads under `/get/…`, as AR24 serves them (`ar24-api.md` §7.5): proofs
 * `/get/proof/{dp|ev|ar|rf|ng|bc}-{id}?token=`, the letter content as a PDF `/get/content/{id}?token=`, all of a
 * letter's documents in one ZIP `/get/zip/{id}?token=`, and attachments `/get/att/{sha1}` (the letters'
 * `attachments_details[].download_url`). `token` is the letter's per-file token.
 *
 * To serve: `server.ts` calls `handleDownload(sandbox, res, path, query)` for paths under `/get/`.
 */
import type { ServerResponse } from 'node:http';
import PDFDocument from 'pdfkit';
import type { Sandbox } from './context';
import { reply } from './http';
import type { SandboxAttachment, SandboxMail } from './model';

const PROOF_CODES = ['dp', 'ev', 'ar', 'rf', 'ng', 'bc'] as const;

/** The letter's content as a one-page PDF (rendered once, kept, so its hash is stable). */
export async function contentPdf(sandbox: Sandbox, mail: SandboxMail): Promise<Buffer> {
	const file = `proofs/content-${mail.id}.pdf`;
	const kept = sandbox.store.readBlob(file);
	if (kept) return kept;
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		info: { Title: `Letter ${mail.id}`, Author: 'lre-sandbox', CreationDate: new Date(mail.sandbox.createdAt) },
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	doc.fontSize(8).fillColor('#a00').text('AR24-COMPATIBLE SANDBOX — TEST DOCUMENT', { align: 'center' });
	doc
		.moveDown()
		.fillColor('#000')
		.fontSize(11)
		.font('Helvetica')
		.text(mail.sandbox.content.replace(/[^\t\n\r\x20-\x7e\u00a0-\u00ff]/g, '?') || '(no text: see the attachments)');
	doc.end();
	const pdf = await done;
	sandbox.store.writeBlob(file, pdf);
	return pdf;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of `files`, stored (no compression): enough for PDFs, no dependency. */
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const file of files) {
		const name = Buffer.from(file.name, 'utf8');
		const crc = crc32(file.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(file.data.length, 18);
		local.writeUInt32LE(file.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(file.data.length, 20);
		central.writeUInt32LE(file.data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, file.data);
		centrals.push(central, name);
		offset += local.length + name.length + file.data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

export async function handleDownload(
	sandbox: Sandbox,
	res: ServerResponse,
	path: string,
	query: URLSearchParams,
): Promise<void> {
	const { store } = sandbox;
	const att = /^\/get\/att\/([0-9a-f]{40})$/.exec(path);
	if (att) {
		const attachment = store
			.all<SandboxAttachment>('attachments')
			.find((a) => a.hash_sha1 === att[1] && a.id_mail !== undefined);
		const data = attachment ? store.readBlob(`attachments/${attachment.id}.bin`) : undefined;
		if (!attachment || !data) return reply(res, 404, 'Not found', 'text/plain');
		return reply(res, 200, data, 'application/pdf', {
			'content-disposition': `attachment; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`,
		});
	}
	const m = /^\/get\/(?:proof\/(dp|ev|ar|rf|ng|bc)-|(content|zip)\/)(\d+)$/.exec(path);
	const mail = m ? store.get<SandboxMail>('mails', Number(m[3])) : undefined;
	if (!m || !mail || query.get('token') !== mail.sandbox.fileToken) return reply(res, 404, 'Not found', 'text/plain');
	if (m[1]) {
		const stored = mail.sandbox.proofs[m[1] as (typeof PROOF_CODES)[number]];
		const pdf = stored ? store.readBlob(stored.file) : undefined;
		if (!pdf) return reply(res, 404, 'This proof does not exist (yet)', 'text/plain');
		return reply(res, 200, pdf, 'application/pdf', {
			'content-disposition': `attachment; filename="proof-${m[1]}-${mail.id}.pdf"`,
		});
	}
	const content = await contentPdf(sandbox, mail);
	if (m[2] === 'content')
		return reply(res, 200, content, 'application/pdf', {
			'content-disposition': `attachment; filename="content-${mail.id}.pdf"`,
		});
	const files = [{ name: `content-${mail.id}.pdf`, data: content }];
	for (const code of PROOF_CODES) {
		const stored = mail.sandbox.proofs[code];
		const pdf = stored ? store.readBlob(stored.file) : undefined;
		if (pdf) files.push({ name: `proof-${code}-${mail.id}.pdf`, data: pdf });
	}
	return reply(res, 200, zip(files), 'application/zip', {
		'content-disposition': `attachment; filename="letter-${mail.id}.zip"`,
	});
}
