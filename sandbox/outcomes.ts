/**
 * Which outcome a sandbox letter gets, from its recipient address (documented in the README):
 *
 *   name+accept@…        accepted (default delay 2h)          name+refuse@…      refused (default 1d)
 *   name+negligence@…    not claimed → negligence after the    name+bounce@…      bounced (default 5m)
 *   name+ignore@…        legal 15 days                        name+hold@…        stays sent until the control API
 *   name+fail@…          AR24 could not send it: send_fail (default 1m after the deposit, no proof)
 *
 * A delay may follow the tag: `+accept-3d`, `+refuse-90m`, `+bounce-10s`. Without a tag the sandbox's default
 * outcome applies (`--default-outcome`, accept). The control API can override any letter afterwards.
 */
import { parseDuration } from './clock';
import type { Outcome } from './model';

const TAGS: Record<string, Outcome> = {
	accept: 'accept',
	refuse: 'refuse',
	negligence: 'negligence',
	ignore: 'negligence',
	bounce: 'bounce',
	fail: 'fail',
	hold: 'hold',
};

export const DEFAULT_DELAY_MS: Record<Outcome, number> = {
	accept: 2 * 3_600_000,
	refuse: 86_400_000,
	negligence: 0,
	bounce: 5 * 60_000,
	fail: 60_000,
	hold: 0,
};

export const OUTCOMES = Object.keys(DEFAULT_DELAY_MS) as Outcome[];

export function outcomeFromAddress(email: string, fallback: Outcome): { outcome: Outcome; delayMs: number } {
	const local = email.split('@')[0] ?? '';
	const tag = /\+([a-z]+)(?:-(\d+(?:\.\d+)?[smhd]?))?$/i.exec(local);
	const outcome = tag ? TAGS[tag[1].toLowerCase()] : undefined;
	if (!tag || !outcome) return { outcome: fallback, delayMs: DEFAULT_DELAY_MS[fallback] };
	const delayMs = tag[2] ? parseDuration(tag[2]) : undefined;
	return { outcome, delayMs: delayMs ?? DEFAULT_DELAY_MS[outcome] };
}
