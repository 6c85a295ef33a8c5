/**
 * The control API (`/_sandbox/...`, JSON): what a test or the demo uses to steer the sandbox — clock, outcomes,
 * faults, webhook replays — and to look inside it (letters with their proof hashes, the request log).
 * Loopback only, like the whole sandbox; it holds no secret.
 */
import { parisDate } from '../lib/ar24/protocol';
import { stateOfAr24Mail } from '../lib/letter/lifecycle';
import { parseDuration } from './clock';
import type { Sandbox } from './context';
import type { Faults } from './faults';
import { publicMail } from './handlers/mails';
import { EMAIL_RE, seedUser, publicUser } from './handlers/users';
import type { Outcome, SandboxMail, WebhookDelivery } from './model';
import { OUTCOMES } from './outcomes';
import { deliverNotifications } from './maileva/notifications';

export interface RequestLogEntry {
	seq: number;
	at: string;
	method: string;
	path: string;
	/** `SUCCESS`, an AR24 slug, or the fault that answered. */
	outcome: string;
	/** Parameters without token, date or file contents. */
	params: Record<string, unknown>;
}

export class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function letterSummary(mail: SandboxMail) {
	return {
		id: mail.id,
		state: stateOfAr24Mail(mail),
		status: mail.status,
		to_email: mail.to_email,
		dest_statut: mail.dest_statut,
		is_eidas: mail.is_eidas,
		ref_dossier: mail.ref_dossier,
		ref_client: mail.ref_client,
		outcome: mail.sandbox.outcome,
		draft: Boolean(mail.sandbox.draft),
		webhook: mail.sandbox.webhook ?? null,
		planned: mail.sandbox.planned.map((event) => ({ state: event.state, at: parisDate(new Date(event.at)) })),
		proofs: mail.sandbox.proofs,
		log: mail.sandbox.log,
	};
}

export async function control(
	sandbox: Sandbox,
	faults: Faults,
	requests: RequestLogEntry[],
	method: string,
	path: string,
	body: Record<string, unknown>,
	query: URLSearchParams,
): Promise<unknown> {
	const { store, clock, lifecycle, webhooks } = sandbox;
	const settle = async () => {
		await lifecycle.tick();
		await webhooks.deliverDue();
		await deliverNotifications(sandbox);
	};
	const route = `${method} ${path.replace(/\/+$/, '')}`;
	let m: RegExpExecArray | null;

	if (route === 'GET /_sandbox/health') return { ok: true };
	if (route === 'GET /_sandbox/clock') {
		return { now: new Date(clock.now()).toISOString(), paris: parisDate(new Date(clock.now())), scale: clock.scale };
	}
	if (route === 'POST /_sandbox/clock') {
		const ms = parseDuration(body.advance as string | number);
		if (ms === undefined) throw new ControlError(400, 'advance must be a duration like 90, "15m", "2h" or "16d"');
		clock.advance(ms);
		await settle();
		return { now: new Date(clock.now()).toISOString(), paris: parisDate(new Date(clock.now())) };
	}
	if (route === 'POST /_sandbox/tick') {
		await settle();
		return { ok: true };
	}
	if (route === 'GET /_sandbox/letters') {
		const ref = query.get('ref_dossier');
		return store
			.all<SandboxMail>('mails')
			.filter((mail) => ref === null || mail.ref_dossier === ref)
			.sort((a, b) => a.id - b.id)
			.map(letterSummary);
	}
	if ((m = /^GET \/_sandbox\/letters\/(\d+)$/.exec(route))) {
		const mail = store.get<SandboxMail>('mails', Number(m[1]));
		if (!mail) throw new ControlError(404, `no letter ${m[1]}`);
		return { ...letterSummary(mail), mail: publicMail(mail) };
	}
	if ((m = /^POST \/_sandbox\/letters\/(\d+)\/outcome$/.exec(route))) {
		const mail = store.get<SandboxMail>('mails', Number(m[1]));
		if (!mail) throw new ControlError(404, `no letter ${m[1]}`);
		const outcome = body.outcome as Outcome;
		if (!OUTCOMES.includes(outcome)) throw new ControlError(400, `outcome must be one of ${OUTCOMES.join(', ')}`);
		const inMs = parseDuration((body.in as string | number | undefined) ?? 0);
		if (inMs === undefined) throw new ControlError(400, 'in must be a duration like "0s" or "2h"');
		try {
			lifecycle.override(mail, outcome, inMs);
		} catch (error) {
			throw new ControlError(409, (error as Error).message);
		}
		await settle();
		return letterSummary(store.get<SandboxMail>('mails', mail.id) as SandboxMail);
	}
	if (route === 'GET /_sandbox/faults') return faults.list();
	if (route === 'POST /_sandbox/faults') {
		try {
			return faults.add(body);
		} catch (error) {
			throw new ControlError(400, (error as Error).message);
		}
	}
	if (route === 'DELETE /_sandbox/faults') {
		faults.clear();
		return { ok: true };
	}
	if (route === 'GET /_sandbox/requests') {
		const since = Number(query.get('since') ?? 0);
		return requests.filter((entry) => entry.seq > since);
	}
	if (route === 'GET /_sandbox/webhooks') {
		return store.all<WebhookDelivery>('webhooks').sort((a, b) => a.id - b.id);
	}
	if ((m = /^POST \/_sandbox\/webhooks\/(\d+)\/replay$/.exec(route))) {
		const delivery = store.get<WebhookDelivery>('webhooks', Number(m[1]));
		if (!delivery) throw new ControlError(404, `no webhook delivery ${m[1]}`);
		const times = Math.min(Math.max(Number(body.times ?? 1) || 1, 1), 1000);
		const copies = webhooks.replay(delivery, times);
		await settle();
		return copies.map((copy) => copy.id);
	}
	if (route === 'GET /_sandbox/users') return store.all('users').map((user) => publicUser(user as never));
	if (route === 'POST /_sandbox/users') {
		if (typeof body.email !== 'string' || !EMAIL_RE.test(body.email))
			throw new ControlError(400, 'email is required (an e-mail address)');
		if (body.id !== undefined && !(Number.isSafeInteger(body.id) && (body.id as number) > 0)) {
			throw new ControlError(
				400,
				`id must be a positive whole number (JSON number), not ${JSON.stringify(body.id).slice(0, 40)}`,
			);
		}
		for (const [name, value] of Object.entries(body)) {
			if (value !== null && typeof value === 'object')
				throw new ControlError(400, `${name} must be a plain value, not an object or a list`);
		}
		return publicUser(seedUser(sandbox, body as never));
	}
	throw new ControlError(404, `unknown control route ${route}`);
}
