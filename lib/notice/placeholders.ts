/**
 * Template placeholders: `{{nom_client}}` (French, as in the brief) or its English alias `{{client_name}}`.
 * Filling is all-or-nothing: an unknown placeholder or an empty value stops the letter with the full list.
 */
export const PLACEHOLDERS = {
	nom_client: 'client_name',
	client_adresse: 'client_address',
	client_siren: 'client_siren',
	creancier_raison_sociale: 'creditor_name',
	creancier_forme_juridique: 'creditor_legal_form',
	creancier_siren: 'creditor_siren',
	creancier_adresse: 'creditor_address',
	signataire: 'signatory',
	reference: 'reference',
	lieu: 'place',
	date_envoi: 'letter_date',
	numero_facture: 'invoice_number',
	date_facture: 'invoice_date',
	date_echeance: 'due_date',
	montant_ttc: 'amount_incl_vat',
	montant_restant_du: 'amount_outstanding',
	jours_retard: 'days_late',
	taux_penalites: 'penalty_rate',
	montant_penalites: 'penalty_amount',
	indemnite_forfaitaire: 'recovery_indemnity',
	total_reclame: 'total_claimed',
	delai_paiement_jours: 'payment_deadline_days',
	date_limite_paiement: 'payment_deadline_date',
	dates_relances_precedentes: 'previous_reminder_dates',
	moyens_paiement: 'payment_methods',
	iban: 'iban',
	bic: 'bic',
	lien_paiement: 'payment_link',
	echeancier: 'instalment_offer',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export type Values = Partial<Record<PlaceholderName, string>>;

const ALIAS_TO_NAME: Record<string, PlaceholderName> = Object.fromEntries(
	Object.entries(PLACEHOLDERS).flatMap(([fr, en]) => [
		[fr, fr],
		[en, fr],
	]),
) as Record<string, PlaceholderName>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export class TemplateError extends Error {
	constructor(
		readonly unknown: string[],
		readonly missing: string[],
	) {
		const parts: string[] = [];
		if (unknown.length)
			parts.push(`unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}`);
		if (missing.length) parts.push(`no value for ${missing.map((m) => `{{${m}}}`).join(', ')}`);
		super(
			`Template cannot be filled: ${parts.join('; ')}. Known placeholders: ${Object.keys(PLACEHOLDERS).join(', ')} (or their English aliases).`,
		);
		this.name = 'TemplateError';
	}
}

/** Names a text uses, split into known and unknown. */
export function placeholdersIn(text: string): { known: PlaceholderName[]; unknown: string[] } {
	const known = new Set<PlaceholderName>();
	const unknown = new Set<string>();
	for (const match of text.matchAll(TOKEN)) {
		const name = ALIAS_TO_NAME[match[1]];
		if (name) known.add(name);
		else unknown.add(match[1]);
	}
	return { known: [...known], unknown: [...unknown] };
}

/** Fills every text or throws one TemplateError listing all unknown placeholders and all missing values. */
export function fillAll(texts: string[], values: Values): string[] {
	const unknown = new Set<string>();
	const missing = new Set<string>();
	for (const text of texts) {
		const used = placeholdersIn(text);
		used.unknown.forEach((u) => unknown.add(u));
		for (const name of used.known) if (!values[name]?.trim()) missing.add(name);
	}
	// Placeholders that are not closed ("{{nom_client" or "nom_client}}") would print as is: refuse them too.
	for (const text of texts) {
		const rest = text.replace(TOKEN, '');
		if (rest.includes('{{') || rest.includes('}}'))
			unknown.add(rest.includes('{{') ? rest.slice(rest.indexOf('{{'), rest.indexOf('{{') + 30) : '}}');
	}
	if (unknown.size || missing.size) throw new TemplateError([...unknown], [...missing]);
	return texts.map((text) => text.replace(TOKEN, (_all, name: string) => values[ALIAS_TO_NAME[name]] as string));
}
