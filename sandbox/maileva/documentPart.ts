/**
 * The `document` part of a Maileva document upload (multipart `document` + `metadata`), as every Maileva sending API
 * of the sandbox reads it (registered_mail in ./server.ts, the electronic APIs in ./electronic.ts): the file, not
 * empty, within the API's limit for all documents of the sending, and the metadata part's raw JSON text.
 */
import type { IncomingMessage } from 'node:http';

export interface DocumentPart {
	data: Buffer;
	fileName: string;
	type: string;
	/** The `metadata` part as sent (JSON text), or undefined when absent. */
	metadata: string | undefined;
}

/** `fail(code, message)` builds the calling API's own 400 error. */
export async function readDocumentPart(
	req: IncomingMessage,
	body: Buffer,
	limit: { storedBytes: number; maxBytes: number; label: string },
	expected: string,
	fail: (code: string, message: string) => Error,
): Promise<DocumentPart> {
	const form = await new Request('http://sandbox.local/', {
		method: 'POST',
		headers: { 'content-type': String(req.headers['content-type'] ?? '') },
		body,
	})
		.formData()
		.catch(() => {
			throw fail('BAD_REQUEST', `The body must be multipart/form-data with ${expected}`);
		});
	const file = form.get('document');
	if (!file || typeof file === 'string') throw fail('BAD_REQUEST', 'document: a file is required');
	const data = Buffer.from(await file.arrayBuffer());
	if (data.length === 0) throw fail('BAD_REQUEST', 'document: the file is empty');
	if (data.length + limit.storedBytes > limit.maxBytes)
		throw fail('DOCUMENT_TOO_LARGE', `The documents exceed ${limit.label}`);
	const raw = form.get('metadata');
	const metadata = typeof raw === 'string' ? raw || undefined : raw ? await raw.text() : undefined;
	return { data, fileName: file.name, type: file.type, metadata };
}
