/**
 * The exact consent text shown to the debtor, per language, with a version and its SHA-256: the evidence record
 * names the version and hash, so what the person agreed to can be proven word for word later.
 */
import { createHash } from 'node:crypto';

export type ConsentLanguage = 'fr' | 'en';

export interface ConsentText {
	language: ConsentLanguage;
	version: string;
	title: string;
	body: string;
	acceptLabel: string;
	declineLabel: string;
	sha256: string;
}

const TEXTS: Record<
	ConsentLanguage,
	Omit<ConsentText, 'sha256' | 'body'> & { body: (sender: string, email: string) => string }
> = {
	fr: {
		language: 'fr',
		version: 'fr-2026-1',
		title: 'Consentement à la lettre recommandée électronique',
		body: (sender, email) =>
			`J'accepte de recevoir de ${sender}, à l'adresse électronique ${email}, des envois recommandés électroniques ` +
			`(lettres recommandées électroniques qualifiées au sens de l'article L100 du Code des postes et des communications ` +
			`électroniques et du règlement eIDAS), qui ont la même valeur qu'une lettre recommandée papier. ` +
			`Je suis informé(e) que je disposerai de quinze jours pour accepter ou refuser chaque lettre, et que je peux retirer ` +
			`ce consentement à tout moment en le signalant à ${sender}.`,
		acceptLabel: "J'accepte",
		declineLabel: 'Je refuse',
	},
	en: {
		language: 'en',
		version: 'en-2026-1',
		title: 'Consent to electronic registered letters',
		body: (sender, email) =>
			`I agree to receive from ${sender}, at the e-mail address ${email}, electronic registered deliveries ` +
			`(qualified electronic registered letters under article L100 of the French Postal and Electronic Communications ` +
			`Code and the eIDAS regulation), which have the same legal value as a paper registered letter. ` +
			`I understand that I will have fifteen days to accept or refuse each letter, and that I can withdraw this consent ` +
			`at any time by telling ${sender}.`,
		acceptLabel: 'I agree',
		declineLabel: 'I decline',
	},
};

export function consentText(language: ConsentLanguage, senderName: string, email: string): ConsentText {
	const text = TEXTS[language];
	const body = text.body(senderName, email);
	const sha256 = createHash('sha256').update(`${text.version}\n${text.title}\n${body}`, 'utf8').digest('hex');
	return { ...text, body, sha256 };
}
