/**
 * Fault injection, set through the control API (`POST /_sandbox/faults`). A rule matches API requests by path prefix
 * and method, fires with a probability (seeded, so a run can be replayed) at most `count` times, and either answers
 * instead of AR24 (`phase: "before"`, nothing happens) or after AR24 did the work (`phase: "after"`: the letter
 * exists but the client sees a failure — the case that makes blind retries send twice).
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

	/** The rule that fires for this request in this phase, if any (consumes one firing). */
	pick(method: string, path: string, phase: 'before' | 'after'): FaultRule | undefined {
		for (const rule of this.rules) {
			if (rule.phase !== phase || !path.startsWith(rule.path)) continue;
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
