import type { NoticeInput } from '../../lib/notice/model';

/** A complete B2B formal notice (the worked example €1,234.50 due 2025-12-31, as of 2026-02-20 → €20.96 + €40, plus a second, part-paid invoice). */
export function noticeInput(overrides: Partial<NoticeInput> = {}): NoticeInput {
	return {
		kind: 'formalNotice',
		language: 'fr',
		creditor: {
			name: 'Atelier Lefèvre & Fils',
			legalForm: 'SARL',
			siren: '512345678',
			address: '12, rue de la République\n69002 Lyon',
			email: 'compta@atelier-lefevre.fr',
			phone: '04 72 00 00 00',
			signatoryName: 'Claire Lefèvre',
			signatoryTitle: 'Gérante',
		},
		debtor: {
			type: 'professional',
			name: 'Œuvre & Cie — Zoë',
			siren: '732829320',
			address: '45, avenue des Élysées\n06000 Nice',
			contactName: 'M. François Régnier',
		},
		reference: 'MED-2026-0042',
		place: 'Lyon',
		date: '2026-02-20',
		invoices: [{ number: 'F-2025-118', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 1234.5 }],
		previousReminders: [
			{ date: '2026-01-05', channel: 'e-mail' },
			{ date: '2026-01-15', channel: 'e-mail' },
		],
		payment: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', link: 'https://pay.example.fr/MED-2026-0042' },
		...overrides,
	};
}

/** pdftotext output and expectations compared with every run of spaces (incl. U+00A0, U+202F) as one space. */
export const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
