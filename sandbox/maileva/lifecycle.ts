/**
 * The postal life of a sandbox registered letter (`registered_mail/v4`) on the sandbox clock, computed from its
 * submission instant and the outcome its address asks for (the same tags as the AR24 side, sandbox/outcomes.ts,
 * written anywhere in the address lines: `Jean Dupont +refuse`, `+ignore`, `+bounce-2h`, `+hold`, `+fail`):
 *
 *   submit           sending PENDING → ACCEPTED (+1 min) → PROCESSED (+10 min), recipient PROCESSED, LP01
 *   +1 h             LP05 deposit proof and content proof available
 *   +2 d (+delay)    first presentation: accept → LP15 delivered, then LP18 acknowledgement of receipt (+1 h)
 *                    refuse → LP15-refused, undelivered N05 ; ignore → LP09 absent avisé, then LP19 returned after
 *                    the 15-day instance (undelivered N03) ; bounce → LP20 incorrect address (undelivered N07)
 *   fail             recipient REJECTED at +1 min (no proof) ; hold: stays at LP05 (deposited, never presented)
 */
import { outcomeFromAddress } from '../outcomes';
import type { Outcome } from '../model';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The legal "instance" at the post office before a letter not claimed goes back to the sender. */
export const INSTANCE_MS = 15 * DAY;

export interface DeliveryStatus {
	date: string;
	code: string;
	label: string;
	category: 'DELIVERING' | 'FIRST_PRESENTATION' | 'DELIVERED' | 'UNDELIVERED';
	source: 'LA_POSTE';
}

export interface PostalState {
	sendingStatus: 'DRAFT' | 'PENDING' | 'ACCEPTED' | 'PROCESSED' | 'REJECTED';
	recipientStatus: 'DRAFT' | 'PENDING' | 'ACCEPTED' | 'PROCESSED' | 'REJECTED';
	statusDetail?: string;
	processedAt?: number;
	depositProofAt?: number;
	acknowledgementAt?: number;
	undelivered?: { at: number; reason: 'N02' | 'N03' | 'N05' | 'N07' };
	deliveries: DeliveryStatus[];
}

/** The outcome an address asks for: the first `+tag` in its lines. */
export function outcomeOfAddress(lines: string[], fallback: Outcome): { outcome: Outcome; delayMs: number } {
	for (const line of lines) {
		const tag = /\+[a-z]+(?:-\d+(?:\.\d+)?[smhd]?)?/i.exec(line);
		if (tag) return outcomeFromAddress(`x${tag[0]}@sandbox.invalid`, fallback);
	}
	return outcomeFromAddress('x@sandbox.invalid', fallback);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function postalState(
	submittedAt: number | undefined,
	lines: string[],
	now: number,
	fallback: Outcome = 'accept',
): PostalState {
	if (submittedAt === undefined) return { sendingStatus: 'DRAFT', recipientStatus: 'DRAFT', deliveries: [] };
	const { outcome, delayMs } = outcomeOfAddress(lines, fallback);
	if (now < submittedAt + MINUTE) return { sendingStatus: 'PENDING', recipientStatus: 'PENDING', deliveries: [] };
	if (outcome === 'fail')
		return {
			sendingStatus: 'PROCESSED',
			recipientStatus: 'REJECTED',
			statusDetail: 'Adresse non conforme (sandbox +fail)',
			deliveries: [],
		};
	if (now < submittedAt + 10 * MINUTE)
		return { sendingStatus: 'ACCEPTED', recipientStatus: 'ACCEPTED', deliveries: [] };
	const processedAt = submittedAt + 10 * MINUTE;
	const state: PostalState = { sendingStatus: 'PROCESSED', recipientStatus: 'PROCESSED', processedAt, deliveries: [] };
	const add = (at: number, code: string, label: string, category: DeliveryStatus['category']) => {
		if (at <= now) state.deliveries.push({ date: iso(at), code, label, category, source: 'LA_POSTE' });
	};
	add(processedAt, 'LP01', 'Pris en charge', 'DELIVERING');
	if (submittedAt + HOUR <= now) state.depositProofAt = submittedAt + HOUR;
	add(submittedAt + HOUR, 'LP05', 'Preuve de dépôt numérique disponible', 'DELIVERING');
	if (outcome === 'hold') return state;
	const presented = submittedAt + 2 * DAY + (outcome === 'negligence' ? 0 : delayMs);
	switch (outcome) {
		case 'accept':
			add(presented, 'LP15', 'Distribué', 'DELIVERED');
			add(presented + HOUR, 'LP18', 'Avis de réception numérique disponible', 'DELIVERED');
			if (presented + HOUR <= now) state.acknowledgementAt = presented + HOUR;
			break;
		case 'refuse':
			add(presented, 'LP15', 'Refusé par le destinataire', 'UNDELIVERED');
			if (presented <= now) state.undelivered = { at: presented, reason: 'N05' };
			break;
		case 'negligence':
			add(presented, 'LP09', 'Destinataire absent, avisé', 'FIRST_PRESENTATION');
			add(presented + INSTANCE_MS, 'LP19', "Retour à l'expéditeur : délai d'instance expiré", 'UNDELIVERED');
			if (presented + INSTANCE_MS <= now) state.undelivered = { at: presented + INSTANCE_MS, reason: 'N03' };
			break;
		case 'bounce':
			add(presented, 'LP20', 'Adresse incorrecte', 'UNDELIVERED');
			if (presented <= now) state.undelivered = { at: presented, reason: 'N07' };
			break;
	}
	return state;
}
