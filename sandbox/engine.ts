/**
 * The letter lifecycle on the sandbox clock: deposit → sent → accepted | refused | negligence | bounced. Each event
 * fills AR24's date and proof-URL fields, renders and stores the proof, logs the event and queues the webhook.
 */
import { createHash } from 'node:crypto';
import { parisDate, parseParisDate } from '../lib/ar24/protocol';
import { AR24_STATUS } from '../lib/ar24/wire';
import { FINAL_STATES, type LetterState } from '../lib/letter/lifecycle';
import type { SandboxClock } from './clock';
import type { Outcome, PlannedEvent, SandboxAttachment, SandboxMail, SandboxUser } from './model';
import { DEFAULT_DELAY_MS } from './outcomes';
import { renderProof, type ProofCode } from './proofs';
import type { Store } from './store';
import type { WebhookQueue } from './webhooks';

const EVENT_FIELDS: Record<
	Exclude<LetterState, 'pending' | 'failed'>,
	{ code: ProofCode; date: string; url: string; status: string }
> = {
	sent: { code: 'ev', date: 'ts_ev_date', url: 'proof_ev_url', status: AR24_STATUS.sent },
	accepted: { code: 'ar', date: 'view_date', url: 'proof_ar_url', status: AR24_STATUS.accepted },
	refused: { code: 'rf', date: 'refused_date', url: 'proof_rf_url', status: AR24_STATUS.refused },
	negligence: { code: 'ng', date: 'negligence_date', url: 'proof_ng_url', status: AR24_STATUS.negligence },
	bounced: { code: 'bc', date: 'bounced_date', url: 'proof_bc_url', status: AR24_STATUS.bounced },
};

const OUTCOME_STATE: Record<Outcome, PlannedEvent['state'] | undefined> = {
	accept: 'accepted',
	refuse: 'refused',
	negligence: 'negligence',
	bounce: 'bounced',
	fail: 'failed',
	hold: undefined,
};

/** Midnight (Paris) ending the 15 days that start the day after the first presentation (CPCE R53-3). */
export function negligenceDeadline(sentAt: number): number {
	const day = parisDate(new Date(sentAt)).slice(0, 10);
	const [y, m, d] = day.split('-').map(Number);
	const end = new Date(Date.UTC(y, m - 1, d + 16)).toISOString().slice(0, 10);
	return parseParisDate(`${end} 00:00:00`) as number;
}

/** The final event of a letter presented at `sentAt`: negligence keeps its legal deadline, others wait `delayMs`. */
export function finalEvent(outcome: Outcome, sentAt: number, delayMs: number): PlannedEvent | undefined {
	const state = OUTCOME_STATE[outcome];
	if (!state) return undefined;
	return { state, at: state === 'negligence' ? negligenceDeadline(sentAt) : sentAt + delayMs };
}

export class Lifecycle {
	private running: Promise<void> | undefined;

	constructor(
		private readonly store: Store,
		private readonly clock: SandboxClock,
		private readonly webhooks: WebhookQueue,
		private readonly publicUrl: () => string,
	) {}

	proofUrl(mail: SandboxMail, code: ProofCode): string {
		return `${this.publicUrl()}/get/proof/${code}-${mail.id}?token=${mail.sandbox.fileToken}`;
	}

	/** A negligence final event keeps its legal deadline; others wait `delayMs` after the presentation. */
	plan(mail: SandboxMail, outcome: Outcome, delayMs = DEFAULT_DELAY_MS[outcome]): void {
		const sentAt = mail.ts_ev_date ? (parseParisDate(mail.ts_ev_date) as number) : mail.sandbox.createdAt;
		if (outcome === 'fail' && !mail.ts_ev_date) {
			// AR24 could not send it: no presentation, no proof.
			mail.sandbox.outcome = outcome;
			mail.sandbox.planned = [{ state: 'failed', at: mail.sandbox.createdAt + delayMs }];
			return;
		}
		const planned: PlannedEvent[] = mail.ts_ev_date ? [] : [{ state: 'sent', at: mail.sandbox.createdAt }];
		const last = finalEvent(outcome, sentAt, delayMs);
		if (last) planned.push(last);
		mail.sandbox.outcome = outcome;
		mail.sandbox.planned = planned;
	}

	/** Applies every planned event that is due on the sandbox clock. Never runs twice at once. */
	tick(): Promise<void> {
		if (!this.running) {
			this.running = this.advance().finally(() => {
				this.running = undefined;
			});
		}
		return this.running;
	}

	private async advance(): Promise<void> {
		const now = this.clock.now();
		for (const mail of this.store.all<SandboxMail>('mails')) {
			if (mail.sandbox.draft) continue;
			while (mail.sandbox.planned.length > 0 && mail.sandbox.planned[0].at <= now) {
				const event = mail.sandbox.planned.shift() as PlannedEvent;
				await this.apply(mail, event);
			}
		}
		this.store.meta.clockOffsetMs = this.clock.offsetMs();
		this.store.saveMeta();
	}

	/** AR24 could not send the letter: `send_fail` set, no proof; the webhook reports it (its `new_state` is UNCONFIRMED). */
	private fail(mail: SandboxMail, event: PlannedEvent): void {
		const date = parisDate(new Date(event.at));
		mail.send_fail = true;
		mail.status = AR24_STATUS.failed;
		mail.sandbox.planned = [];
		mail.sandbox.log.push({ state: 'failed', at: date });
		this.store.put('mails', mail);
		if (mail.sandbox.webhook) {
			this.webhooks.enqueue(mail.id, mail.sandbox.webhook, 'failed', {
				id_mail: String(mail.id),
				new_state: AR24_STATUS.failed,
			});
		}
	}

	private async apply(mail: SandboxMail, event: PlannedEvent): Promise<void> {
		if (event.state === 'failed') return this.fail(mail, event);
		const fields = EVENT_FIELDS[event.state];
		const date = parisDate(new Date(event.at));
		const record = mail as unknown as Record<string, unknown>;
		record[fields.date] = date;
		record[fields.url] = this.proofUrl(mail, fields.code);
		mail.status = fields.status;
		mail.sandbox.log.push({ state: event.state, at: date });
		const sender = this.store.get<SandboxUser>('users', Number(mail.id_sender)) as SandboxUser;
		const attachments = (mail.attachments ?? [])
			.map((id) => this.store.get<SandboxAttachment>('attachments', Number(id)))
			.filter((a): a is SandboxAttachment => a !== undefined);
		const pdf = await renderProof({ code: fields.code, mail, sender, attachments, eventDate: date, eventAt: event.at });
		const file = `proofs/${fields.code}-${mail.id}.pdf`;
		this.store.writeBlob(file, pdf);
		mail.sandbox.proofs[fields.code] = {
			file,
			sha256: createHash('sha256').update(pdf).digest('hex'),
			size: pdf.length,
		};
		this.store.put('mails', mail);
		if (mail.sandbox.webhook) {
			const payload: Record<string, string> = {
				id_mail: String(mail.id),
				new_state: fields.status,
				proof_url: this.proofUrl(mail, fields.code),
			};
			for (const key of ['ts_ev_date', 'view_date', 'refused_date', 'negligence_date', 'bounced_date']) {
				if (typeof record[key] === 'string') payload[key] = record[key] as string;
			}
			this.webhooks.enqueue(mail.id, mail.sandbox.webhook, event.state, payload);
		}
	}

	/** Control API: give a letter another outcome, `inMs` from now (sandbox clock). */
	override(mail: SandboxMail, outcome: Outcome, inMs: number): void {
		const current = mail.sandbox.log.at(-1)?.state;
		if (current && (FINAL_STATES as readonly string[]).includes(current)) {
			throw new Error(`letter ${mail.id} is already ${current}`);
		}
		const now = this.clock.now();
		const planned = mail.sandbox.planned.filter((event) => event.state === 'sent');
		const state = OUTCOME_STATE[outcome];
		if (state) planned.push({ state, at: now + inMs });
		mail.sandbox.outcome = outcome;
		mail.sandbox.planned = planned;
		this.store.put('mails', mail);
	}
}
