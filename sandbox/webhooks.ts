/**
 * Webhook deliveries with AR24's policy (`ar24-api.md` §10): POST to the letter's `webhook` URL, only HTTP 200
 * counts as delivered, otherwise a new attempt every 15 minutes (sandbox clock), at most 48 attempts, with the
 * per-attempt timeouts AR24 publishes (2.5 s for attempts 1–9 … 11 s for 40–48). Deliveries are persisted.
 */
import { parisDate } from '../lib/ar24/protocol';
import type { LetterState } from '../lib/letter/lifecycle';
import type { SandboxClock } from './clock';
import type { WebhookDelivery } from './model';
import type { Store } from './store';

export const WEBHOOK_RETRY_MS = 15 * 60_000;
export const WEBHOOK_MAX_ATTEMPTS = 48;
const MAX_PARALLEL = 8;

/** AR24's timeout for attempt `n` (1-based), in ms. */
export function attemptTimeoutMs(attempt: number): number {
	if (attempt <= 9) return 2_500;
	if (attempt <= 19) return 4_500;
	if (attempt <= 29) return 6_500;
	if (attempt <= 39) return 8_500;
	return 11_000;
}

export type WebhookFormat = 'form' | 'json';

export class WebhookQueue {
	/** Attempts under way, by delivery id (started by the background tick or by a control call). */
	private readonly inFlight = new Map<number, Promise<void>>();

	constructor(
		private readonly store: Store,
		private readonly clock: SandboxClock,
		private readonly format: WebhookFormat,
		private readonly log: (line: string) => void,
	) {}

	enqueue(idMail: number, url: string, state: LetterState, payload: Record<string, string>): WebhookDelivery {
		const delivery: WebhookDelivery = {
			id: this.store.nextId('webhooks'),
			id_mail: idMail,
			url,
			payload,
			state,
			attempts: 0,
			nextAt: this.clock.now(),
			status: 'pending',
			history: [],
		};
		return this.store.put('webhooks', delivery);
	}

	/**
	 * Starts every due attempt (bounded parallelism); resolves when those attempts, and those already under way, have
	 * ended — so a control call that moved the clock answers after the deliveries it made due, even when the background
	 * tick had started one of them a moment before.
	 */
	async deliverDue(): Promise<void> {
		const now = this.clock.now();
		const due = this.store
			.all<WebhookDelivery>('webhooks')
			.filter((d) => d.status === 'pending' && d.nextAt <= now && !this.inFlight.has(d.id))
			.sort((a, b) => a.id - b.id)
			.slice(0, Math.max(0, MAX_PARALLEL - this.inFlight.size));
		await Promise.all(due.map((delivery) => this.attempt(delivery)));
		await Promise.all([...this.inFlight.values()]);
	}

	/** Control API: send a delivered event again (AR24 may deliver an event more than once). */
	replay(delivery: WebhookDelivery, times: number): WebhookDelivery[] {
		return Array.from({ length: times }, () =>
			this.enqueue(delivery.id_mail, delivery.url, delivery.state, delivery.payload),
		);
	}

	private attempt(delivery: WebhookDelivery): Promise<void> {
		const running = this.send(delivery).finally(() => this.inFlight.delete(delivery.id));
		this.inFlight.set(delivery.id, running);
		return running;
	}

	private async send(delivery: WebhookDelivery): Promise<void> {
		const attempt = delivery.attempts + 1;
		let ok = false;
		let detail: string;
		try {
			const body =
				this.format === 'json' ? JSON.stringify(delivery.payload) : new URLSearchParams(delivery.payload).toString();
			const response = await fetch(delivery.url, {
				method: 'POST',
				headers: {
					'content-type': this.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
					'user-agent': 'lre-sandbox-webhook/1',
				},
				body,
				signal: AbortSignal.timeout(attemptTimeoutMs(attempt)),
			});
			await response.arrayBuffer().catch(() => undefined);
			ok = response.status === 200;
			detail = `HTTP ${response.status}`;
		} catch (error) {
			detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		}
		delivery.attempts = attempt;
		delivery.history.push({ at: parisDate(new Date(this.clock.now())), ok, detail });
		if (ok) {
			delivery.status = 'delivered';
		} else if (attempt >= WEBHOOK_MAX_ATTEMPTS) {
			delivery.status = 'failed';
			delivery.lastError = detail;
		} else {
			delivery.lastError = detail;
			delivery.nextAt = this.clock.now() + WEBHOOK_RETRY_MS;
		}
		this.log(`webhook #${delivery.id} letter ${delivery.id_mail} ${delivery.state} attempt ${attempt}: ${detail}`);
		this.store.put('webhooks', delivery);
	}
}
