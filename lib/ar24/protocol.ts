/**
 * The AR24 wire crypto, for both sides: the n8n transport signs requests and decrypts answers with it, the sandbox
 * verifies signatures and encrypts answers with it, and the tests forge requests with it. One module, so a fixture
 * cannot drift from the real check. Spec: AR24's API documentation (its official test vectors are in test/unit/lib/ar24/protocol.test.ts).
 *
 *   key_sig   = ASCII of hex(sha256(privateKey))[0:32]
 *   key_resp  = ASCII of hex(sha256(date + privateKey))[0:32]
 *   iv        = ASCII of hex(sha256(hex(sha256(privateKey))))[0:16]
 *   signature = base64(AES-256-CBC(key_sig, iv, date))          (request header `signature`)
 *   body      = base64(AES-256-CBC(key_resp, iv, json))         (every SUCCESS answer)
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { WALL_CLOCK_RE } from '../time';

/** The Paris wall clock every AR24 request is dated with (lib/time.ts), for the sandbox and the transport. */
export { parisDate, parisToIso, parseParisDate } from '../time';

const hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const ivOf = (privateKey: string): Buffer => Buffer.from(hex(hex(privateKey)).slice(0, 16), 'utf8');
const signKeyOf = (privateKey: string): Buffer => Buffer.from(hex(privateKey).slice(0, 32), 'utf8');
const bodyKeyOf = (date: string, privateKey: string): Buffer =>
	Buffer.from(hex(date + privateKey).slice(0, 32), 'utf8');

/** Whether `text` has the exact shape AR24 expects for `date`. */
export function isAr24Date(text: string): boolean {
	return WALL_CLOCK_RE.test(text);
}

/** The `signature` header for a request carrying `date`. */
export function sign(date: string, privateKey: string): string {
	const cipher = createCipheriv('aes-256-cbc', signKeyOf(privateKey), ivOf(privateKey));
	return Buffer.concat([cipher.update(date, 'utf8'), cipher.final()]).toString('base64');
}

/** Whether `signature` was made with `privateKey` for exactly this `date`. Never throws. */
export function verifySignature(signature: string, date: string, privateKey: string): boolean {
	const expected = Buffer.from(sign(date, privateKey), 'utf8');
	const actual = Buffer.from(signature.trim(), 'utf8');
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Encrypts a SUCCESS answer for the request that carried `date` (sandbox side). */
export function encryptBody(plaintext: string, date: string, privateKey: string): string {
	const cipher = createCipheriv('aes-256-cbc', bodyKeyOf(date, privateKey), ivOf(privateKey));
	return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts a SUCCESS answer with the `date` the request was sent with. Throws on a body that is not ours. */
export function decryptBody(body: string, date: string, privateKey: string): string {
	const decipher = createDecipheriv('aes-256-cbc', bodyKeyOf(date, privateKey), ivOf(privateKey));
	return Buffer.concat([decipher.update(Buffer.from(body.trim(), 'base64')), decipher.final()]).toString('utf8');
}
