/**
 * Archive file names: `LRE_<Type>_<Recipient>_<YYYY-MM-DD>.pdf`, ASCII only, so they sort and survive any file system
 * or e-mail gateway (e.g. `LRE_AccuseReception_MartinSarl_2026-03-12.pdf`). A proof's name ends with the letter id
 * (`LRE_Rebond_MartinSarl_2026-03-12_100042.pdf`): two letters to one recipient on one day never share a name, and a
 * letter has one proof of each type.
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
		.map((w) =>
			w === w.toUpperCase() ? w.charAt(0) + w.slice(1).toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1),
		)
		.join('');
	return joined.slice(0, maxLength) || 'Inconnu';
}

/** `suffix` (e.g. a letter id) is appended after the date, ASCII letters, digits and dashes only. */
export function archiveFileName(
	typeWord: string,
	recipient: string,
	date: string,
	prefix = 'LRE',
	suffix = '',
): string {
	const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? 'undated';
	const tail = suffix.replace(/[^A-Za-z0-9-]+/g, '').slice(0, 40);
	return `${prefix}_${pascalAscii(typeWord)}_${pascalAscii(recipient)}_${day}${tail ? `_${tail}` : ''}.pdf`;
}

/** The recipient as archive names show it: the company, else first and last name (as corrected by AR24). */
export function recipientLabel(recipient: { company: string; firstName: string; lastName: string }): string {
	return recipient.company || `${recipient.firstName} ${recipient.lastName}`;
}

/** The archive name of one proof of one letter: `LRE_<Type>_<Recipient>_<YYYY-MM-DD>_<letterId>.pdf`. */
export function proofArchiveName(
	archiveWord: string,
	letter: { letterId: string; recipient: { company: string; firstName: string; lastName: string } },
	date: string,
): string {
	return archiveFileName(archiveWord, recipientLabel(letter.recipient), date, 'LRE', letter.letterId);
}
