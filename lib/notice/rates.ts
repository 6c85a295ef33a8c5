/**
 * Dated rate tables for late-payment interest, each value with its source (its `source`
 * field). Keys are half-years: `2026-H1` = 1 January–30 June 2026. Never guessed: a half-year missing here must be
 * given by the caller (`rates` override), or the computation stops and says which rate is needed.
 */

export interface RateEntry {
	percent: number;
	source: string;
}

/** ECB main refinancing operations rate in force on 1 January (H1) / 1 July (H2). */
export const ECB_MRO: Readonly<Record<string, RateEntry>> = {
	'2024-H1': { percent: 4.5, source: 'ECB MRO 4.50 % in force 1 Jan 2024 (rtl.be, 2024-04-11)' },
	'2024-H2': {
		percent: 4.25,
		source:
			'ECB MRO 4.25 % from 12 Jun 2024 (decision of 6 Jun 2024; next change 18 Sep 2024), in force 1 Jul 2024 (adnkronos/laragione.eu, propisi.net, hawkinsight)',
	},
	'2025-H1': { percent: 3.15, source: 'ECB MRO 3.15 % after the December 2024 decision (fxstreet)' },
	'2025-H2': { percent: 2.15, source: 'ECB MRO 2.15 % since 11 Jun 2025 (seldon-finance, devizu)' },
	'2026-H1': { percent: 2.15, source: 'ECB MRO 2.15 %, held 18 Dec 2025 (boursorama) and 5 Feb 2026 (devizu)' },
};

/** Taux de l'intérêt légal, creditor = anyone but a private individual ("autres cas"). */
export const LEGAL_RATE_PROFESSIONAL_CREDITOR: Readonly<Record<string, RateEntry>> = {
	'2024-H1': { percent: 5.07, source: 'Taux légal H1 2024, autres cas (agenceobjectifpaiement, laclef)' },
	'2024-H2': { percent: 4.92, source: 'Taux légal H2 2024, autres cas (agenceobjectifpaiement, laclef)' },
	'2025-H1': { percent: 3.71, source: 'Taux légal H1 2025, autres cas (cna2c / Lefebvre Dalloz, laclef)' },
	'2025-H2': { percent: 2.76, source: 'Taux légal H2 2025, autres cas (arrêté 19-6-2025, JO 24-6-2025)' },
	'2026-H1': { percent: 2.62, source: 'Taux légal H1 2026, autres cas (arrêté 15-12-2025, JORF 26-12-2025)' },
};

/** Taux de l'intérêt légal, creditor = a private individual acting outside business. */
export const LEGAL_RATE_INDIVIDUAL_CREDITOR: Readonly<Record<string, RateEntry>> = {
	'2024-H1': { percent: 8.01, source: 'Taux légal H1 2024, particuliers (agenceobjectifpaiement, laclef)' },
	'2024-H2': { percent: 8.16, source: 'Taux légal H2 2024, particuliers (agenceobjectifpaiement, laclef)' },
	'2025-H1': { percent: 7.21, source: 'Taux légal H1 2025, particuliers (cna2c / Lefebvre Dalloz, laclef)' },
	'2025-H2': { percent: 6.65, source: 'Taux légal H2 2025, particuliers (arrêté 19-6-2025, JO 24-6-2025)' },
	'2026-H1': { percent: 6.67, source: 'Taux légal H1 2026, particuliers (arrêté 15-12-2025, JORF 26-12-2025)' },
};

export interface RateOverrides {
	/** ECB MRO by half-year, percent, e.g. `{ '2026-H2': 2.4 }`. */
	ecb?: Record<string, number>;
	legalProfessionalCreditor?: Record<string, number>;
	legalIndividualCreditor?: Record<string, number>;
}

export class MissingRateError extends Error {
	constructor(
		readonly table: keyof RateOverrides,
		readonly halfYear: string,
		/** Why the online source could not give it. */
		readonly online?: string,
	) {
		const what = table === 'ecb' ? 'ECB main refinancing rate' : "taux de l'intérêt légal";
		const hint =
			table === 'ecb'
				? ', or switch on the option "ECB Rates Online" (ECB Data Portal)'
				: ' (published by arrêté in the Journal officiel)';
		const tried = online ? ` (the ECB Data Portal was asked: ${online})` : '';
		super(
			`No ${what} is known for ${halfYear}${tried}: pass it as rates.${table}['${halfYear}'] (percent per year, option "Rate Overrides (JSON)")${tried ? '' : hint}`,
		);
		this.name = 'MissingRateError';
	}
}

const TABLES: Record<keyof RateOverrides, Readonly<Record<string, RateEntry>>> = {
	ecb: ECB_MRO,
	legalProfessionalCreditor: LEGAL_RATE_PROFESSIONAL_CREDITOR,
	legalIndividualCreditor: LEGAL_RATE_INDIVIDUAL_CREDITOR,
};

/** The rate of a half-year: an override first, then the table; throws MissingRateError otherwise. */
export function rateFor(table: keyof RateOverrides, halfYear: string, overrides: RateOverrides = {}): number {
	const given = overrides[table]?.[halfYear];
	if (typeof given === 'number' && Number.isFinite(given)) return given;
	const known = TABLES[table][halfYear];
	if (!known) throw new MissingRateError(table, halfYear);
	return known.percent;
}
