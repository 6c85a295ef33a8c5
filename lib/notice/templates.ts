/**
 * Built-in letter texts (French and English) for the three steps of amicable recovery. Content per the shared
 * research dunning-domain.md §1.2 (reminders) and §1.3 (mise en demeure checklist). Identities, addresses, the invoice
 * table, totals and the signature are laid out by the renderer from the data; these are the words around them.
 */
import type { Language, NoticeKind } from './model';

/** When a paragraph applies; without one it always does. */
export type Condition = 'b2b' | 'b2c' | 'previousReminders' | 'noPreviousReminders' | 'instalments';
export type Paragraph = string | { text: string; when: Condition };

export interface LetterTemplate {
	subject: string;
	salutation: string;
	/** Paragraphs before the invoice table. */
	before: Paragraph[];
	/** Paragraphs after it. */
	after: Paragraph[];
	closing: string;
}

const fr = {
	salutation: 'Madame, Monsieur,',
	closing: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
	b2bPenalties:
		'Conformément à l’article L441-10 du Code de commerce, tout retard de paiement entraîne de plein droit des pénalités de retard au taux annuel de {{taux_penalites}}, soit {{montant_penalites}} à ce jour, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5), soit {{indemnite_forfaitaire}}.',
	pay: 'Nous vous remercions de bien vouloir régler la somme de {{total_reclame}} au plus tard le {{date_limite_paiement}}, {{moyens_paiement}}, en rappelant la référence {{reference}}.',
	instalments: '{{echeancier}}',
	ignore: 'Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte de la présente.',
};

const en = {
	salutation: 'Dear Sir or Madam,',
	closing: 'Yours faithfully,',
	b2bPenalties:
		'Under Article L441-10 of the French Commercial Code, any late payment automatically bears late-payment interest at the annual rate of {{taux_penalites}}, i.e. {{montant_penalites}} to date, plus a fixed recovery indemnity of €40 per invoice (Article D441-5), i.e. {{indemnite_forfaitaire}}.',
	pay: 'Please pay {{total_reclame}} by {{date_limite_paiement}} at the latest, {{moyens_paiement}}, quoting reference {{reference}}.',
	instalments: '{{echeancier}}',
	ignore: 'If you have paid in the meantime, please disregard this letter.',
};

export const BUILT_IN: Record<Language, Record<NoticeKind, LetterTemplate>> = {
	fr: {
		firstReminder: {
			subject: 'Relance – facture(s) n° {{numero_facture}} – {{montant_restant_du}} restant dû',
			salutation: fr.salutation,
			before: [
				'Sauf erreur ou omission de notre part, nous n’avons pas reçu à ce jour le règlement de la (des) facture(s) ci-dessous, arrivée(s) à échéance le {{date_echeance}}. Le montant restant dû s’élève à {{montant_restant_du}}.',
			],
			after: [
				'Il s’agit probablement d’un simple oubli. Nous vous remercions de bien vouloir procéder au règlement au plus tard le {{date_limite_paiement}}, {{moyens_paiement}}, en rappelant la référence {{reference}}.',
				{ text: 'Nous vous rappelons qu’en application de l’article L441-10 du Code de commerce, tout retard de paiement entraîne de plein droit des pénalités de retard au taux annuel de {{taux_penalites}} et une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5).', when: 'b2b' },
				fr.ignore,
			],
			closing: fr.closing,
		},
		secondReminder: {
			subject: 'Deuxième relance – facture(s) n° {{numero_facture}} impayée(s) – {{total_reclame}}',
			salutation: fr.salutation,
			before: [
				'Malgré notre relance du {{dates_relances_precedentes}}, la (les) facture(s) ci-dessous, échue(s) depuis le {{date_echeance}} ({{jours_retard}} jours de retard), demeure(nt) impayée(s).',
			],
			after: [
				{ text: fr.b2bPenalties, when: 'b2b' },
				`${fr.pay.replace(' au plus tard', ' dans un délai de {{delai_paiement_jours}} jours, soit au plus tard')}`,
				'À défaut de règlement dans ce délai, nous vous adresserons une mise en demeure de payer, préalable à une action en justice.',
				{ text: fr.instalments, when: 'instalments' },
				fr.ignore,
			],
			closing: fr.closing,
		},
		formalNotice: {
			subject: 'MISE EN DEMEURE DE PAYER – facture(s) n° {{numero_facture}} – {{total_reclame}}',
			salutation: fr.salutation,
			before: [
				{ text: 'Malgré nos relances des {{dates_relances_precedentes}}, la (les) facture(s) ci-dessous, échue(s) depuis le {{date_echeance}}, demeure(nt) impayée(s).', when: 'previousReminders' },
				{ text: 'La (les) facture(s) ci-dessous, échue(s) depuis le {{date_echeance}}, demeure(nt) impayée(s).', when: 'noPreviousReminders' },
				'Par la présente, nous vous mettons en demeure de nous régler la somme de {{total_reclame}}, détaillée ci-dessous.',
			],
			after: [
				{ text: fr.b2bPenalties, when: 'b2b' },
				{ text: 'Conformément aux articles 1231-6 et 1344-1 du Code civil, les sommes dues porteront intérêts au taux légal à compter de la réception de la présente.', when: 'b2c' },
				'Nous vous demandons de régler la somme de {{total_reclame}} dans un délai de {{delai_paiement_jours}} jours, soit au plus tard le {{date_limite_paiement}}, {{moyens_paiement}}, en rappelant la référence {{reference}}.',
				'À défaut de paiement dans ce délai, nous saisirons sans autre avis la juridiction compétente, notamment par voie d’injonction de payer, afin d’obtenir le recouvrement de notre créance, majorée des intérêts, de l’indemnité et des frais de procédure.',
				{ text: fr.instalments, when: 'instalments' },
				'La présente lettre vaut mise en demeure au sens de l’article 1344 du Code civil.',
			],
			closing: fr.closing,
		},
	},
	en: {
		firstReminder: {
			subject: 'Reminder – invoice(s) no. {{numero_facture}} – {{montant_restant_du}} outstanding',
			salutation: en.salutation,
			before: [
				'Unless we are mistaken, we have not yet received payment of the invoice(s) below, which fell due on {{date_echeance}}. The amount outstanding is {{montant_restant_du}}.',
			],
			after: [
				'This is probably an oversight. Please pay by {{date_limite_paiement}} at the latest, {{moyens_paiement}}, quoting reference {{reference}}.',
				{ text: 'Under Article L441-10 of the French Commercial Code, any late payment automatically bears late-payment interest at the annual rate of {{taux_penalites}} and a fixed recovery indemnity of €40 per invoice (Article D441-5).', when: 'b2b' },
				en.ignore,
			],
			closing: en.closing,
		},
		secondReminder: {
			subject: 'Second reminder – unpaid invoice(s) no. {{numero_facture}} – {{total_claimed}}',
			salutation: en.salutation,
			before: [
				'Despite our reminder of {{dates_relances_precedentes}}, the invoice(s) below, due since {{date_echeance}} ({{jours_retard}} days late), remain unpaid.',
			],
			after: [
				{ text: en.b2bPenalties, when: 'b2b' },
				en.pay.replace(' by ', ' within {{delai_paiement_jours}} days, i.e. by '),
				'Failing payment within this period, we will send you a formal notice to pay, prior to legal action.',
				{ text: en.instalments, when: 'instalments' },
				en.ignore,
			],
			closing: en.closing,
		},
		formalNotice: {
			subject: 'FORMAL NOTICE TO PAY (mise en demeure) – invoice(s) no. {{numero_facture}} – {{total_reclame}}',
			salutation: en.salutation,
			before: [
				{ text: 'Despite our reminders of {{dates_relances_precedentes}}, the invoice(s) below, due since {{date_echeance}}, remain unpaid.', when: 'previousReminders' },
				{ text: 'The invoice(s) below, due since {{date_echeance}}, remain unpaid.', when: 'noPreviousReminders' },
				'We hereby give you formal notice to pay us the sum of {{total_reclame}}, detailed below.',
			],
			after: [
				{ text: en.b2bPenalties, when: 'b2b' },
				{ text: 'Under Articles 1231-6 and 1344-1 of the French Civil Code, the sums due bear interest at the legal rate from receipt of this letter.', when: 'b2c' },
				'Please pay {{total_reclame}} within {{delai_paiement_jours}} days, i.e. by {{date_limite_paiement}} at the latest, {{moyens_paiement}}, quoting reference {{reference}}.',
				'Failing payment within this period, we will bring the matter before the competent court without further notice, in particular by an order for payment procedure (injonction de payer), to recover our claim together with interest, the indemnity and legal costs.',
				{ text: en.instalments, when: 'instalments' },
				'This letter constitutes formal notice (mise en demeure) within the meaning of Article 1344 of the French Civil Code.',
			],
			closing: en.closing,
		},
	},
};

/** Words the checker looks for in a formal notice, whatever template wrote it. */
export const FORMAL_NOTICE_WORDING: Record<Language, RegExp> = {
	fr: /mise en demeure|mettons en demeure/i,
	en: /formal notice/i,
};
