/**
 * sandbox/downloads.ts over HTTP: a small server that routes /get/ to handleDownload, on a real sandbox's data
 * (server.ts routes /get/ to its own handler until it is wired to this module).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleDownload, zip } from '../../../sandbox/downloads';
import type { RunningSandbox } from '../../../sandbox/server';
import { call, control, sandbox } from '../../helpers/sandbox';

let sbx: RunningSandbox;
let server: Server;
let base: string;

beforeAll(async () => {
	sbx = await sandbox();
	server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		void handleDownload(sbx, res, url.pathname, url.searchParams);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await sbx.close();
});

const local = (url: string) => url.replace(sbx.url(), base);

it('serves pdf_content as application/pdf, the zip with every document, and attachments_details[].download_url', async () => {
	const pdf = Buffer.from('%PDF-1.4\n% attachment\n');
	const upload = await call(
		sbx.url(),
		'POST',
		'/attachment',
		{ id_user: 1 },
		{ files: [{ field: 'file', data: pdf, name: 'facture.pdf' }] },
	);
	const fileId = (upload.json.result as { file_id: string }).file_id;
	const sent = await call(sbx.url(), 'POST', '/mail', {
		id_user: 1,
		to_email: 'z+hold@martin.example',
		to_company: 'M',
		content: 'Mise en demeure',
		attachment: [fileId],
	});
	const mail = sent.json.result as {
		id: number;
		pdf_content: string;
		zip: string;
		attachments_details: Array<{ download_url: string }>;
	};
	await control(sbx.url(), 'POST', '/tick');

	const content = await fetch(local(mail.pdf_content));
	expect(content.status).toBe(200);
	expect(content.headers.get('content-type')).toBe('application/pdf');
	const contentBytes = Buffer.from(await content.arrayBuffer());
	expect(contentBytes.subarray(0, 5).toString()).toBe('%PDF-');

	expect(mail.zip).toMatch(new RegExp(`/get/zip/${mail.id}\\?token=`));
	const archive = await fetch(local(mail.zip));
	expect(archive.headers.get('content-type')).toBe('application/zip');
	const bytes = Buffer.from(await archive.arrayBuffer());
	expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
	expect(bytes.includes(Buffer.from(`content-${mail.id}.pdf`))).toBe(true);
	expect(bytes.includes(Buffer.from(`proof-ev-${mail.id}.pdf`))).toBe(true);
	expect(bytes.includes(contentBytes)).toBe(true);

	const attachment = await fetch(local(mail.attachments_details[0].download_url));
	expect(attachment.status).toBe(200);
	expect(
		createHash('sha256')
			.update(Buffer.from(await attachment.arrayBuffer()))
			.digest('hex'),
	).toBe(createHash('sha256').update(pdf).digest('hex'));

	expect((await fetch(local(mail.zip).replace(/token=\w+/, 'token=wrong'))).status).toBe(404);
});

it('writes a ZIP whose entries a reader can find (stored, CRC-32 set)', () => {
	const data = Buffer.from('hello');
	const archive = zip([{ name: 'a.txt', data }]);
	// CRC-32 of "hello" is 0x3610a686.
	expect(archive.readUInt32LE(14)).toBe(0x3610a686);
	expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
	expect(archive.readUInt16LE(archive.length - 12)).toBe(1);
});
