/**
 * Archive file names: `LRE_<Type>_<Recipient>_<YYYY-MM-DD>.pdf`, ASCII only, so they sort and survive any file system
 * or e-mail gateway (e.g. `LRE_AccuseReception_MartinSarl_2026-03-12.pdf`).
 */
export function pascalAscii(text: string, maxLength = 40): string {
	const words = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/œ/g, 'oe')
		.replace(/Œ/g, 'Oe')
		.replace(/æ/g, 'ae')
		.replace(/Æ/g, 'Ae')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean);
	// "MARTIN SARL" → MartinSarl, "AccuseReception" stays, "dupont" → Dupont.
	const joined = words
		.map((w) => (w === w.toUpperCase() ? w.charAt(0) + w.slice(1).toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
		.join('');
	return joined.slice(0, maxLength) || 'Inconnu';
}

export function archiveFileName(typeWord: string, recipient: string, date: string, prefix = 'LRE'): string {
	const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? 'undated';
	return `${prefix}_${pascalAscii(typeWord)}_${pascalAscii(recipient)}_${day}.pdf`;
}
