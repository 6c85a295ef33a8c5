/**
 * The AR24 wire crypto, for both sides: the n8n transport signs requests and decrypts answers with it, the sandbox
 * verifies signatures and encrypts answers with it, and the tests forge requests with it. One module, so a fixture
 * cannot drift from the real check. Spec: shared research `ar24-api.md` §3 (reproduces AR24's official vectors).
 *
 *   key_sig   = ASCII of hex(sha256(privateKey))[0:32]
 *   key_resp  = ASCII of hex(sha256(date + privateKey))[0:32]
 *   iv        = ASCII of hex(sha256(hex(sha256(privateKey))))[0:16]
 *   signature = base64(AES-256-CBC(key_sig, iv, date))          (request header `signature`)
 *   body      = base64(AES-256-CBC(key_resp, iv, json))         (every SUCCESS answer)
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

const PARIS = 'Europe/Paris';
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const ivOf = (privateKey: string): Buffer => Buffer.from(hex(hex(privateKey)).slice(0, 16), 'utf8');
const signKeyOf = (privateKey: string): Buffer => Buffer.from(hex(privateKey).slice(0, 32), 'utf8');
const bodyKeyOf = (date: string, privateKey: string): Buffer =>
	Buffer.from(hex(date + privateKey).slice(0, 32), 'utf8');

const parisFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: PARIS,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

/** `YYYY-MM-DD HH:mm:ss` on the Europe/Paris wall clock: the `date` every AR24 request carries. */
export function parisDate(at: Date = new Date()): string {
	const p: Record<string, string> = {};
	for (const part of parisFormat.formatToParts(at)) p[part.type] = part.value;
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Whether `text` has the exact shape AR24 expects for `date`. */
export function isAr24Date(text: string): boolean {
	return DATE_RE.test(text);
}

/**
 * The instant a Paris wall-clock `YYYY-MM-DD HH:mm:ss` stands for (epoch ms), or `undefined` when the text is not
 * such a date. In the autumn overlap hour the earlier instant is taken.
 */
export function parseParisDate(text: string): number | undefined {
	const m = DATE_RE.exec(text);
	if (!m) return undefined;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi, s);
	if (new Date(wall).getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
	let instant = wall;
	for (let i = 0; i < 3; i++) {
		const shown = parseUtcWall(parisDate(new Date(instant)));
		instant += wall - shown;
	}
	return instant;
}

function parseUtcWall(text: string): number {
	const [y, mo, d, h, mi, s] = (DATE_RE.exec(text) as RegExpExecArray).slice(1).map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s);
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
	return Buffer.concat([decipher.update(Buffer.from(body.trim(), 'base64')), decipher.final()]).toString(
		'utf8',
	);
}

/** `2026-03-10 15:00:00` (Paris) → `2026-03-10T15:00:00+01:00`; null for empty or unreadable values. */
export function parisToIso(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const instant = parseParisDate(value.trim());
	if (instant === undefined) return null;
	const wall = Date.UTC(
		...(value
			.trim()
			.split(/[- :]/)
			.map(Number)
			.map((n, i) => (i === 1 ? n - 1 : n)) as [number, number, number, number, number, number]),
	);
	const offsetMinutes = Math.round((wall - instant) / 60_000);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return `${value.trim().replace(' ', 'T')}${offset}`;
}
