/**
 * Fault injection, set through the control API (`POST /_sandbox/faults`). A rule matches API requests by path prefix
 * and method, fires with a probability (seeded, so a run can be replayed) at most `count` times, and either answers
 * instead of the provider (`phase: "before"`, nothing happens) or after it did the work (`phase: "after"`: the letter
 * exists but the client sees a failure — the case that makes blind retries send twice).
 *
 * The same rules apply to both sides of the sandbox: AR24 paths (`/api/...`) answer as AR24 would (sandbox/server.ts)
 * and Maileva paths (`/maileva/...`) as Maileva's gateway would (sandbox/maileva/server.ts). In a rule's path a `*`
 * stands for one whole path segment: `.../sendings/*` followed by `/submit` targets every submit of registered mail.
 */
export const FAULT_TYPES = ['5xx', 'timeout', 'malformed', 'rate_limit', 'maintenance'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface FaultRule {
	id: number;
	type: FaultType;
	path: string;
	method?: string;
	probability: number;
	/** Remaining firings; undefined = unlimited. */
	count?: number;
	phase: 'before' | 'after';
	/** 5xx: HTTP status (default 500). */
	status: number;
	/** timeout: how long to hold the connection before dropping it (default 120 s). */
	holdMs: number;
	/** rate_limit: Retry-After seconds (default 1). */
	retryAfter: number;
	fired: number;
}

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class Faults {
	private rules: FaultRule[] = [];
	private nextId = 1;
	private random: () => number;

	constructor(seed: number) {
		this.random = mulberry32(seed);
	}

	/** Validates and adds a rule from the control API's JSON. */
	add(input: Record<string, unknown>): FaultRule {
		const type = input.type as FaultType;
		if (!FAULT_TYPES.includes(type)) throw new Error(`type must be one of ${FAULT_TYPES.join(', ')}`);
		const probability = input.probability === undefined ? 1 : Number(input.probability);
		if (!(probability >= 0 && probability <= 1)) throw new Error('probability must be between 0 and 1');
		const phase = input.phase === 'after' ? 'after' : 'before';
		if (phase === 'after' && (type === 'rate_limit' || type === 'maintenance')) {
			throw new Error(`${type} can only happen before the request is processed`);
		}
		const rule: FaultRule = {
			id: this.nextId++,
			type,
			path: typeof input.path === 'string' ? input.path : '/api/',
			method: typeof input.method === 'string' ? input.method.toUpperCase() : undefined,
			probability,
			count: input.count === undefined ? undefined : Math.max(0, Number(input.count)),
			phase,
			status: Number(input.status ?? 500),
			holdMs: Number(input.holdMs ?? 120_000),
			retryAfter: Number(input.retryAfter ?? 1),
			fired: 0,
		};
		this.rules.push(rule);
		return rule;
	}

	list(): FaultRule[] {
		return this.rules;
	}

	clear(): void {
		this.rules = [];
	}

	/** Whether some rule could fire after the work for this path (so the answer must be held back until then). */
	hasAfter(path: string): boolean {
		return this.rules.some((rule) => rule.phase === 'after' && pathMatches(rule.path, path));
	}

	/** The rule that fires for this request in this phase, if any (consumes one firing). */
	pick(method: string, path: string, phase: 'before' | 'after'): FaultRule | undefined {
		for (const rule of this.rules) {
			if (rule.phase !== phase || !pathMatches(rule.path, path)) continue;
			if (rule.method && rule.method !== method) continue;
			if (rule.count !== undefined && rule.count <= 0) continue;
			if (this.random() >= rule.probability) continue;
			if (rule.count !== undefined) rule.count--;
			rule.fired++;
			return rule;
		}
		return undefined;
	}
}

/** A rule's path is a prefix of the request path; a `*` segment in it matches any one segment. */
export function pathMatches(rulePath: string, path: string): boolean {
	if (!rulePath.includes('*')) return path.startsWith(rulePath);
	const pattern = rulePath
		.split('*')
		.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
		.join('[^/]+');
	return new RegExp(`^${pattern}`).test(path);
}
