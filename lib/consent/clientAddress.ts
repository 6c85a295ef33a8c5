/**
 * Where a consent answer came from, as evidence can honestly say it: the address of the TCP peer (the socket), or —
 * only when that peer is a proxy the user declared trusted — the address that proxy says it received the request
 * from (`X-Forwarded-For`, read from the right, the way n8n's own proxy-hops setting and Express's "trust proxy" do).
 * A client cannot choose what is recorded: with no trusted proxy, headers are never read.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/;

/** 4, 6 or 0 (not an address), like node:net's isIP (kept dependency-free for n8n Cloud). */
export function isIP(text: string): 4 | 6 | 0 {
	if (IPV4.test(text)) return 4;
	if (!IPV6.test(text)) return 0;
	const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	const head = embedded ? embedded[1] : text;
	const v4 = embedded?.[2];
	if (v4 !== undefined && !IPV4.test(v4)) return 0;
	const groups = (v4 === undefined ? head : `${head}0:0`).split('::');
	if (groups.length > 2) return 0;
	const parts = groups.flatMap((g) => (g === '' ? [] : g.split(':')));
	if (parts.some((p) => !/^[0-9a-f]{1,4}$/.test(p))) return 0;
	return (groups.length === 2 ? parts.length < 8 : parts.length === 8) ? 6 : 0;
}

export interface ClientAddress {
	/** The address recorded as the person's. */
	ip: string;
	/** `socket`: the TCP peer itself; `x-forwarded-for`: given by a trusted proxy. */
	ipSource: 'socket' | 'x-forwarded-for';
	/** The TCP peer (the proxy, when ipSource is x-forwarded-for). */
	socketAddress: string;
	/** The trusted proxies the answer passed through, nearest last. */
	via: string[];
}

/** `::ffff:203.0.113.7` → `203.0.113.7`; lower case; no brackets or zone. */
export function normalizeIp(value: string): string {
	const text = value
		.trim()
		.replace(/^\[|\]$/g, '')
		.replace(/%.*$/, '')
		.toLowerCase();
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
	return mapped ? mapped[1] : text;
}

function ipv4ToInt(ip: string): number {
	return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** One trusted-proxy entry: an IP address, or an IPv4 range in CIDR notation (`10.0.0.0/8`). */
export function parseTrustedProxies(text: string): { entries: string[]; invalid: string[] } {
	const entries: string[] = [];
	const invalid: string[] = [];
	for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
		const [address, bits] = raw.split('/');
		const ip = normalizeIp(address);
		const ok = bits === undefined ? isIP(ip) !== 0 : isIP(ip) === 4 && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
		(ok ? entries : invalid).push(bits === undefined ? ip : `${ip}/${bits}`);
	}
	return { entries, invalid };
}

export function isTrusted(ip: string, trusted: string[]): boolean {
	const address = normalizeIp(ip);
	return trusted.some((entry) => {
		const [base, bits] = entry.split('/');
		if (bits === undefined) return base === address;
		if (isIP(address) !== 4) return false;
		const size = Number(bits);
		const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
		return (ipv4ToInt(address) & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
	});
}

/**
 * The client address of a request that arrived from `socketAddress` with these `X-Forwarded-For` header values.
 * Walks the chain from the socket towards the client while each hop is trusted; the first untrusted hop (or the
 * last one given) is the client. A malformed entry stops the walk at the hop that gave it.
 */
export function clientAddress(
	socketAddress: string,
	forwardedFor: string | string[] | undefined,
	trusted: string[],
): ClientAddress {
	const socket = normalizeIp(socketAddress);
	const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
		.split(',')
		.map((entry) => normalizeIp(entry))
		.filter(Boolean);
	let ip = socket;
	const via: string[] = [];
	while (isTrusted(ip, trusted) && chain.length > 0) {
		const next = chain.pop() as string;
		if (isIP(next) === 0) break;
		via.unshift(ip);
		ip = next;
	}
	return { ip, ipSource: via.length ? 'x-forwarded-for' : 'socket', socketAddress: socket, via };
}
