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

/** Intl formatting is slow; letters repeat the same few amounts and dates: memoized (bounded). */
function memo<K, V>(fn: (language: Language, key: K) => V): (language: Language, key: K) => V {
	const caches: Record<Language, Map<K, V>> = { fr: new Map(), en: new Map() };
	return (language, key) => {
		const cache = caches[language] ?? (caches[language] = new Map());
		let value = cache.get(key);
		if (value === undefined) {
			if (cache.size > 20_000) cache.clear();
			value = fn(language, key);
			cache.set(key, value);
		}
		return value;
	};
}

export const money = memo((language: Language, amount: number) =>
	MONEY[language].format(amount).replace(/ /g, '\u00a0'),
);
export const percent = (language: Language, value: number) =>
	`${PERCENT[language].format(value)}${language === 'fr' ? '\u00a0%' : '%'}`;
/** "1er juin 2026" (French ordinal for the first of the month), "1 June 2026"; the parts never split across lines. */
export const longDate = memo((language: Language, iso: string) =>
	nbsp(firstOfMonth(language, LONG_DATE[language].format(asDate(iso)))),
);
const firstOfMonth = (language: Language, text: string) => (language === 'fr' ? text.replace(/^1 /, '1er ') : text);
/** Spaces inside a unit that must stay on one line ("40 €", "20 février 2026") become U+00A0. */
export const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

const MONTH_YEAR: Record<Language, Intl.DateTimeFormat> = {
	fr: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
	en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/**
 * Several dates as one phrase, sorted, sharing month and year: "5 et 15 février 2026", "15 juin et 1er décembre 2025",
 * "15 décembre 2025 et 5 janvier 2026" (EN: "5 and 15 February 2026").
 */
export function dateList(language: Language, isos: string[]): string {
	const sorted = [...new Set(isos)].sort();
	const groups: Array<{ key: string; days: string[] }> = [];
	for (const iso of sorted) {
		const d = asDate(iso);
		const day = firstOfMonth(language, `${d.getUTCDate()} `).trim();
		const year = iso.slice(0, 4);
		const month = nbsp(MONTH_YEAR[language].format(d).replace(/ \d{4}$/, ''));
		const last = groups[groups.length - 1];
		if (last && last.key === `${year}-${month}`) last.days.push(day);
		else groups.push({ key: `${year}-${month}`, days: [day] });
	}
	const parts: string[] = [];
	groups.forEach((g, i) => {
		const [year, month] = [g.key.slice(0, 4), g.key.slice(5)];
		const sameYearNext = groups[i + 1]?.key.startsWith(`${year}-`);
		parts.push(`${listOf(language, g.days)}\u00a0${month}${sameYearNext ? '' : `\u00a0${year}`}`);
	});
	return listOf(language, parts);
}

/** "1 jour" / "3 jours", "1 day" / "3 days". */
export const days = (language: Language, count: number) =>
	`${count}\u00a0${language === 'fr' ? (count === 1 ? 'jour' : 'jours') : count === 1 ? 'day' : 'days'}`;
export const shortDate = memo((language: Language, iso: string) => SHORT_DATE[language].format(asDate(iso)));

/** "a, b and c" / "a, b et c". */
export function listOf(language: Language, items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${language === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}
