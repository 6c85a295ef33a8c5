/**
 * RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as AR24's OTP keys use: LRE Send computes the sender's code from the
 * credential's OTP key (opt-in), the sandbox checks codes, the tests act as the sender.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
	let bits = '';
	for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
		const value = BASE32.indexOf(char);
		if (value < 0) throw new Error('OTP key is not base32');
		bits += value.toString(2).padStart(5, '0');
	}
	const bytes: number[] = [];
	for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
	return Buffer.from(bytes);
}

export function totp(key: string, atMs: number = Date.now()): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
	const hmac = createHmac('sha1', base32Decode(key)).update(counter).digest();
	const offset = hmac[hmac.length - 1] & 0x0f;
	const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
	return String(code).padStart(6, '0');
}

/** Accepts the current code and its neighbours (±30 s of clock skew). */
export function verifyTotp(key: string, code: string, atMs: number = Date.now()): boolean {
	const given = Buffer.from(code.trim());
	return [-30_000, 0, 30_000].some((skew) => {
		const expected = Buffer.from(totp(key, atMs + skew));
		return expected.length === given.length && timingSafeEqual(expected, given);
	});
}
