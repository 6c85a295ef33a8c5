/** Dates and amounts as a French or English letter prints them. */
import type { Language } from './model';

const MONEY: Record<Language, Intl.NumberFormat> = {
	// fr-FR: "1 234,50 €" with U+202F between thousands and U+00A0 before € (the embedded font has both).
	fr: new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }),
	en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

const PERCENT: Record<Language, Intl.NumberFormat> = {
	fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
	en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
};

const LONG_DATE: Record<Language, Intl.DateTimeFormat> = {
	fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
	en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

const SHORT_DATE: Record<Language, Intl.DateTimeFormat> = {
	fr: new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }),
	en: new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }),
};

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const money = (language: Language, amount: number) => MONEY[language].format(amount);
export const percent = (language: Language, value: number) => `${PERCENT[language].format(value)}${language === 'fr' ? '\u00a0%' : '%'}`;
export const longDate = (language: Language, iso: string) => LONG_DATE[language].format(asDate(iso));
export const shortDate = (language: Language, iso: string) => SHORT_DATE[language].format(asDate(iso));

export function addDays(iso: string, days: number): string {
	const d = asDate(iso);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** "a, b and c" / "a, b et c". */
export function listOf(language: Language, items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${language === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}

/** Today's date in France, YYYY-MM-DD (a letter is dated where it is written). */
export function todayInParis(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
