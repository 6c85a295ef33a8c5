/**
 * The sandbox clock: real time, optionally running faster (`scale`), plus an offset moved by the control API.
 * Letter deadlines (acceptance delays, the 15-day negligence window, webhook retries every 15 minutes) run on it,
 * so a test can live through two weeks in a second. Request `date` checks use the real clock, as clients do.
 */
export class SandboxClock {
	private baseReal: number;
	private baseSandbox: number;

	constructor(
		readonly scale: number,
		offsetMs: number,
		private readonly realNow: () => number = Date.now,
	) {
		this.baseReal = realNow();
		this.baseSandbox = this.baseReal + offsetMs;
	}

	now(): number {
		return this.baseSandbox + (this.realNow() - this.baseReal) * this.scale;
	}

	advance(ms: number): void {
		this.baseSandbox += ms;
	}

	/** The offset to persist: sandbox minus real, now. */
	offsetMs(): number {
		return this.now() - this.realNow();
	}
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `90s`, `15m`, `2h`, `16d` → milliseconds; `undefined` for anything else. */
export function parseDuration(text: string | number): number | undefined {
	if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
	const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
	if (!m) return undefined;
	return Number(m[1]) * UNIT_MS[m[2] || 's'];
}
