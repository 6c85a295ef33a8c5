/**
 * A loopback npm registry for install tests: it publishes one local tarball (the packed package) under its own
 * name, as `npm publish` would, and forwards every other request (the package's dependencies, their tarballs) to
 * the public npm registry. n8n's Community Nodes install (`N8N_COMMUNITY_PACKAGES_REGISTRY`) and npm then fetch the
 * package exactly as they would from npmjs.org, without publishing it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';

const UPSTREAM = 'https://registry.npmjs.org';

export interface LocalRegistry {
	url: string;
	/** Paths asked for, in order (e.g. `/n8n-nodes-lre`, `/pdfkit`). */
	requests: string[];
	close(): Promise<void>;
}

/** The package.json inside a tarball. */
function manifestOf(tarball: string): Record<string, unknown> {
	return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<
		string,
		unknown
	>;
}

export async function startLocalRegistry(tarball: string): Promise<LocalRegistry> {
	const bytes = readFileSync(tarball);
	const manifest = manifestOf(tarball);
	const name = String(manifest.name);
	const version = String(manifest.version);
	const requests: string[] = [];
	let base = '';
	const tarballPath = `/${name}/-/${name}-${version}.tgz`;
	const versionDoc = () => ({
		...manifest,
		_id: `${name}@${version}`,
		dist: {
			tarball: `${base}${tarballPath}`,
			shasum: createHash('sha1').update(bytes).digest('hex'),
			integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
		},
	});
	const server: Server = createServer((req, res) => {
		const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
		requests.push(path);
		const json = (body: unknown) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (path === `/${name}`)
			return json({ _id: name, name, 'dist-tags': { latest: version }, versions: { [version]: versionDoc() } });
		if (path === `/${name}/${version}` || path === `/${name}/latest`) return json(versionDoc());
		if (path === tarballPath) {
			res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
			return res.end(bytes);
		}
		if (path.startsWith(`/${name}`)) {
			res.writeHead(404, { 'content-type': 'application/json' });
			return res.end('{"error":"not found"}');
		}
		// Everything else: the public registry, tarball URLs rewritten to come back through here.
		void fetch(`${UPSTREAM}${req.url ?? '/'}`, { headers: { accept: String(req.headers.accept ?? '*/*') } }).then(
			async (upstream) => {
				const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
				let body = Buffer.from(await upstream.arrayBuffer());
				if (type.includes('json')) body = Buffer.from(body.toString('utf8').replaceAll(UPSTREAM, base));
				res.writeHead(upstream.status, { 'content-type': type, 'content-length': body.length });
				res.end(body);
			},
			(error: unknown) => {
				res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`upstream: ${(error as Error).message}`);
			},
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: base,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
